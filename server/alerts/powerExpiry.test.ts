import { describe, expect, it } from 'vitest';
import type { OperationBundle } from '../../shared/domain';
import { Power } from '../../shared/powers';
import type { PositionReport } from '../../shared/protocol';
import { AlertsConfig } from '../config';
import { demoOperation } from '../demo/demoOperation';
import { AlertEngine } from './engine';

const T0 = Date.parse('2026-06-13T10:00:00Z');
const at = (h: number) => new Date(T0 + h * 3600_000).toISOString();
const settings = AlertsConfig.parse({ authorityWarningMin: 30 });

function withPowers(powers: Power[]): OperationBundle {
  const b = demoOperation(T0);
  return { ...b, operation: { ...b.operation, powers } };
}
const s60 = (o: Partial<Power> = {}) =>
  Power.parse({
    id: 'pw-1',
    type: 's60',
    authoriser: { name: 'Ada Hale', rank: 'superintendent', collar: '4410' },
    grounds: 'Knives.',
    startsAt: at(0),
    endsAt: at(4),
    authorisedAt: at(0),
    ...o,
  });

function powerAlerts(plan: OperationBundle, now: number, engine = new AlertEngine('op', settings)) {
  engine.setPlan(plan);
  return engine.evaluate(now, new Map<string, PositionReport>(), []).filter((a) => a.id.startsWith('authorityExpiring:power:'));
}

describe('power expiry alerts', () => {
  it('warn before an authorised power lapses, and raise a new alert when it has', () => {
    const e = new AlertEngine('op', settings);
    const plan = withPowers([s60()]);
    expect(powerAlerts(plan, T0 + 3 * 3600_000, e)).toEqual([]);

    const warned = powerAlerts(plan, T0 + 3.6 * 3600_000, e);
    expect(warned).toEqual([
      expect.objectContaining({
        id: 'authorityExpiring:power:pw-1',
        severity: 'high',
        message: expect.stringMatching(/^s\.60 authorised by Ada Hale expires at /),
      }),
    ]);

    const lapsed = powerAlerts(plan, T0 + 4 * 3600_000 + 1000, e);
    const expired = lapsed.find((a) => a.id === 'authorityExpiring:power:pw-1:expired');
    expect(expired?.message).toMatch(/expired at/);
    expect(lapsed.find((a) => a.id === 'authorityExpiring:power:pw-1')?.clearedAt).toBeDefined();
  });

  it('follows an extension, and ignores drafts and cancelled powers', () => {
    const extended = s60({
      extensions: [{ by: { name: 'Bo Chan', rank: 'superintendent', collar: '' }, at: at(3), recordedAt: at(3), newEndsAt: at(20), grounds: '' }],
    });
    expect(powerAlerts(withPowers([extended]), T0 + 3.8 * 3600_000)).toEqual([]);
    expect(powerAlerts(withPowers([extended]), T0 + 19.8 * 3600_000)).toHaveLength(1);

    const draft = s60({ authorisedAt: undefined });
    const cancelled = s60({
      id: 'pw-2',
      cancellation: { by: { name: 'Ada Hale', rank: 'superintendent', collar: '' }, at: at(1), recordedAt: at(1), reason: 'Threat passed' },
    });
    expect(powerAlerts(withPowers([draft, cancelled]), T0 + 3.8 * 3600_000)).toEqual([]);
  });
});
