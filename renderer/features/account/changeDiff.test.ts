import { describe, expect, it } from 'vitest';
import { describeChange, fieldLabel, shownValue, vertexCount } from './changeDiff';

const square = (dx = 0) => ({
  type: 'Polygon',
  coordinates: [
    [
      [-0.1 + dx, 51.5],
      [-0.09 + dx, 51.5],
      [-0.09 + dx, 51.51],
      [-0.1 + dx, 51.5],
    ],
  ],
});
const feature = (p: Record<string, unknown> = {}) => ({
  id: 'f1',
  name: 'Sector 1',
  notes: '',
  bronze: '',
  phaseIds: [],
  props: { cordonType: 'inner', accessPoints: [] },
  geometry: square(),
  updatedAt: '2026-06-13T10:00:00.000Z',
  ...p,
});

describe('a synced change told field by field', () => {
  it('lists each changed field before and after, leaving out bookkeeping stamps', () => {
    const d = describeChange(feature(), feature({ name: 'Sector North', bronze: 'North Bronze', updatedAt: '2026-06-13T11:00:00.000Z' }));
    expect(d.summary).toBe('2 fields changed');
    expect(d.fields).toEqual([
      { field: 'Name', before: 'Sector 1', after: 'Sector North' },
      { field: 'Bronze', before: '(empty)', after: 'North Bronze' },
    ]);
  });

  it('goes into a feature’s props rather than printing them as JSON', () => {
    const d = describeChange(feature(), feature({ props: { cordonType: 'outer', accessPoints: [] } }));
    expect(d.fields).toEqual([{ field: 'Cordon type', before: 'inner', after: 'outer' }]);
  });

  it('says a geometry moved or was reshaped, with its vertex count, never its coordinates', () => {
    const moved = describeChange(feature(), feature({ geometry: square(0.01) }));
    expect(moved.fields).toEqual([{ field: 'Geometry', before: 'Polygon, 4 vertices', after: 'moved: Polygon, 4 vertices' }]);
    const bigger = square();
    bigger.coordinates[0]!.splice(3, 0, [-0.1, 51.51]);
    const reshaped = describeChange(feature(), feature({ geometry: bigger }));
    expect(reshaped.fields).toEqual([{ field: 'Geometry', before: 'Polygon, 4 vertices', after: 'reshaped: Polygon, 5 vertices' }]);
    expect(JSON.stringify(reshaped)).not.toContain('51.5');
  });

  it('tells a created and a deleted row', () => {
    expect(describeChange(null, feature()).summary).toBe('created');
    expect(describeChange(null, feature()).fields).toContainEqual({ field: 'Name', before: '(empty)', after: 'Sector 1' });
    const gone = describeChange(feature(), null);
    expect(gone.summary).toBe('deleted');
    expect(gone.fields).toContainEqual({ field: 'Geometry', before: 'Polygon, 4 vertices', after: '(none)' });
  });

  it('names fields and values the way a planner reads them', () => {
    expect(fieldLabel('phaseIds')).toBe('Phase ids');
    expect(fieldLabel('props.cordonType')).toBe('Cordon type');
    expect(shownValue('x'.repeat(200))).toHaveLength(80);
    expect(shownValue([])).toBe('(none)');
    expect(vertexCount([1, 2])).toBe(1);
    expect(
      vertexCount([
        [
          [1, 2],
          [3, 4],
        ],
        [[5, 6]],
      ]),
    ).toBe(3);
  });
});
