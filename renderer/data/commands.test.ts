import { describe, expect, it } from 'vitest';
import { generateOperation } from '../../bench/fixtures/generateOperation';
import { buildPatch } from './commands';
import { emptyState, stateFromBundle } from './patches';
import { T0, point } from './testFixtures';

describe('commands are pure', () => {
  it('builds the same patch from the same state and context', () => {
    const bundle = generateOperation({ units: 5, features: 30, assignments: 20, seed: 3 });
    const state = stateFromBundle(bundle);
    const ctx = { operationId: bundle.operation.id, now: T0, newId: () => 'x' };
    const unit = bundle.units[0]!;
    const a = buildPatch('unit.delete', state, { ids: [unit.id] }, ctx);
    const b = buildPatch('unit.delete', state, { ids: [unit.id] }, ctx);
    expect(a).toEqual(b);
    expect(a.ok && a.value.changes.filter((c) => c.table === 'assignments').length).toBe(bundle.assignments.filter((x) => x.unitId === unit.id).length);
    expect(buildPatch('feature.add', emptyState(), { kind: 'post', geometry: point(0, 0) }, ctx)).toEqual({
      ok: false,
      error: 'This operation no longer exists.',
    });
  });
});
