import { describe, expect, it } from 'vitest';
import type { OperationBundle } from '../domain';
import { areaContains, buildAreaIndex, prepareArea, prepareRings, rectangle } from './areas';

const holed = prepareRings('h', [...rectangle([0, 0], [10, 10]), ...rectangle([4, 4], [6, 6])]);

describe('inside an area', () => {
  it('respects the outer ring and holes', () => {
    expect(areaContains(holed, 1, 1)).toBe(true);
    expect(areaContains(holed, 5, 5)).toBe(false);
    expect(areaContains(holed, 11, 5)).toBe(false);
  });
  it('counts a point on the boundary, of the outer ring or of a hole, as inside', () => {
    expect(areaContains(holed, 0, 5)).toBe(true);
    expect(areaContains(holed, 10, 10)).toBe(true);
    expect(areaContains(holed, 4, 5)).toBe(true);
    expect(areaContains(holed, 6, 6)).toBe(true);
  });
  it('counts every part of a multipolygon, and nothing between the parts', () => {
    const two = prepareArea('m', { type: 'MultiPolygon', coordinates: [rectangle([0, 0], [1, 1]), rectangle([5, 0], [6, 1])] });
    expect(two.bbox).toEqual([0, 0, 6, 1]);
    expect(areaContains(two, 0.5, 0.5)).toBe(true);
    expect(areaContains(two, 5.5, 0.5)).toBe(true);
    expect(areaContains(two, 3, 0.5)).toBe(false);
  });
});

describe('the prepared area index of a plan', () => {
  const plan = {
    features: [
      { id: 's2', kind: 'sector', name: 'South', props: { sectorCode: 'S2' }, geometry: { type: 'Polygon', coordinates: rectangle([0, -1], [1, 0]) } },
      { id: 's1', kind: 'sector', name: 'North', props: { sectorCode: 'S1' }, geometry: { type: 'Polygon', coordinates: rectangle([0, 0], [1, 1]) } },
      { id: 'c1', kind: 'cordon', name: 'Bank', props: { cordonType: 'inner' }, geometry: { type: 'Polygon', coordinates: rectangle([0.4, 0.4], [0.6, 0.6]) } },
      { id: 'a1', kind: 'authority', name: 'S60', props: {}, geometry: { type: 'Polygon', coordinates: rectangle([-5, -5], [5, 5]) } },
      { id: 'n1', kind: 'annotation', name: 'Note', props: {}, geometry: { type: 'Polygon', coordinates: rectangle([0, 0], [1, 1]) } },
      { id: 'p1', kind: 'post', name: 'Gate', props: {}, geometry: { type: 'Point', coordinates: [0.5, 0.5] } },
    ],
  } as unknown as OperationBundle;
  const ix = buildAreaIndex(plan);

  it('answers which sector, cordon and authority area a point is in', () => {
    expect(ix.at(0.5, 0.5).map((a) => a.id)).toEqual(['s1', 'c1', 'a1']);
    expect(ix.at(0.5, 0.5, 'sector').map((a) => a.label)).toEqual(['S1 North']);
    expect(ix.at(0.5, -0.5, 'cordon')).toEqual([]);
    expect(ix.contains('a1', 4, 4)).toBe(true);
    expect(ix.byId.get('c1')?.label).toBe('Inner cordon "Bank"');
  });
  it('leaves out annotations, points and unknown ids', () => {
    expect(ix.byId.has('n1')).toBe(false);
    expect(ix.byId.has('p1')).toBe(false);
    expect(ix.contains('nope', 0.5, 0.5)).toBe(false);
  });
  it('orders sectors by label, so "the sector a unit is in" is the same on every side', () => {
    expect(ix.ofKind('sector').map((a) => a.id)).toEqual(['s1', 's2']);
  });
});
