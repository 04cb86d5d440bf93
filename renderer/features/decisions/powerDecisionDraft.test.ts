import { describe, expect, it } from 'vitest';
import type { Power } from '../../../shared/powers';
import { powerDecisionDraft } from './powerDecisionDraft';

const event = (rank: 'inspector' | 'superintendent' | 'chiefSuperintendent', kind: 'authorise' | 'extend' | 'cancel' = 'authorise') => ({
  kind,
  operationId: 'op',
  power: {} as Power,
  officer: { name: 'Jones', rank, collar: '4471' },
  at: '2026-12-05T09:14:00.000Z',
  summary: 'CJPOA 1994 s.60: search for weapons in Sector A until 00:14',
  rationale: 'Two stabbings near the route last year; intelligence of knives being carried.',
});

describe('a power decision opens a decision-log draft', () => {
  it('for the authorising officer, at the time of the decision, with the power and grounds filled in', () => {
    const d = powerDecisionDraft(event('superintendent'));
    expect(d.logId).toBe('silver');
    expect(d.decidedAt).toBe('2026-12-05T09:14:00.000Z');
    expect(d.prefill?.decision).toBe('CJPOA 1994 s.60: search for weapons in Sector A until 00:14');
    expect(d.prefill?.powersAndPolicy).toContain('authorised by Superintendent Jones (4471)');
    expect(d.prefill?.rationale).toContain('Two stabbings');
  });

  it('goes to Gold from a chief superintendent up, and says when it is an extension', () => {
    expect(powerDecisionDraft(event('chiefSuperintendent', 'extend'))).toMatchObject({
      logId: 'gold',
      prefill: { powersAndPolicy: expect.stringContaining('extended by') },
    });
    expect(powerDecisionDraft(event('inspector', 'cancel')).logId).toBe('silver');
  });
});
