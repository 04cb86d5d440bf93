import { describe, expect, it } from 'vitest';
import { changedFields, diffHeadline, summariseDiff, type RowChange } from './versionDiff';

const feature = (id: string, name: string, p: Record<string, unknown> = {}) => ({
  id,
  name,
  kind: 'sector',
  geometry: { type: 'Point', coordinates: [0, 0] },
  updatedAt: 't1',
  ...p,
});
const unit = (id: string, callSign: string, p: Record<string, unknown> = {}) => ({ id, callSign, type: 'psu', strength: 23, ...p });

describe('summariseDiff', () => {
  it('sorts row changes into added, changed and removed per table, named as a planner knows them', () => {
    const changes: RowChange[] = [
      { table: 'features', key: 'f1', before: null, after: feature('f1', 'Sector 4') },
      {
        table: 'features',
        key: 'f2',
        before: feature('f2', 'Inner cordon'),
        after: feature('f2', 'Inner cordon', { geometry: { type: 'Point', coordinates: [1, 0] } }),
      },
      { table: 'features', key: 'f3', before: feature('f3', 'Old RVP'), after: null },
      { table: 'units', key: 'u1', before: unit('u1', 'CX21'), after: unit('u1', 'CX21', { strength: 18 }) },
      { table: 'assignments', key: 'a1', before: null, after: { id: 'a1', unitId: 'u1', target: { kind: 'sector', featureId: 'f1' } } },
    ];
    const d = summariseDiff(changes);
    expect(d.total).toBe(5);
    expect(d.sections.map((s) => s.title)).toEqual(['Features', 'Units', 'Assignments']);
    const [features, units, assignments] = d.sections;
    expect(features!.added.map((i) => i.label)).toEqual(['Sector 4']);
    expect(features!.changed).toEqual([{ key: 'f2', label: 'Inner cordon', fields: ['geometry'] }]);
    expect(features!.removed.map((i) => i.label)).toEqual(['Old RVP']);
    expect(units!.changed).toEqual([{ key: 'u1', label: 'CX21', fields: ['strength'] }]);
    // Assignments are named by the unit's call sign and the feature's name, found among the other changes.
    expect(assignments!.added.map((i) => i.label)).toEqual(['CX21 at Sector 4']);
    expect(diffHeadline(d)).toBe('Features: 1 added, 1 changed, 1 removed; Units: 1 changed; Assignments: 1 added');
  });

  it('takes names of unchanged rows from the caller, and falls back to the id', () => {
    const d = summariseDiff(
      [{ table: 'assignments', key: 'a1', before: null, after: { id: 'a1', unitId: 'u9', target: { kind: 'post', featureId: 'f9' } } }],
      new Map([['u9', 'CX29']]),
    );
    expect(d.sections[0]!.added[0]!.label).toBe('CX29 at f9');
  });

  it('does not count a row whose only difference is bookkeeping (updatedAt), and says so when nothing differs', () => {
    const d = summariseDiff([{ table: 'features', key: 'f1', before: feature('f1', 'A'), after: feature('f1', 'A', { updatedAt: 't2' }) }]);
    expect(d.total).toBe(0);
    expect(d.sections).toEqual([]);
    expect(diffHeadline(d)).toBe('No differences');
  });
});

describe('changedFields', () => {
  it('lists fields added, removed or changed, deeply compared', () => {
    expect(changedFields({ a: 1, b: { c: [1, 2] }, d: 'x' }, { a: 1, b: { c: [1, 3] }, e: true })).toEqual(['b', 'e', 'd']);
  });
});
