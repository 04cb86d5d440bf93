import { describe, expect, it } from 'vitest';
import type { PlanFeature } from '../../../shared/domain';
import {
  accessPointCollection,
  areaLabelCollection,
  checkpointCollection,
  isActiveInPhase,
  MAX_DIFF,
  pickTarget,
  planDiff,
  planFeatureCollection,
} from './planData';

const square = (x: number): PlanFeature['geometry'] => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, 51.5],
      [x + 0.01, 51.5],
      [x + 0.01, 51.51],
      [x, 51.51],
      [x, 51.5],
    ],
  ],
});
const feature = (id: string, over: Partial<PlanFeature> = {}): PlanFeature => ({
  id,
  operationId: 'op',
  kind: 'sector',
  name: `Sector ${id}`,
  notes: '',
  phaseIds: [],
  bronze: '',
  geometry: square(-0.13),
  props: { colour: '#123456', sectorCode: 'S1' },
  updatedAt: '2026-01-01T00:00:00Z',
  ...over,
});

describe('plan data for the map', () => {
  it('shows a feature in every phase when it names none, and only in its phases otherwise', () => {
    expect(isActiveInPhase({ phaseIds: [] }, 'p1')).toBe(true);
    expect(isActiveInPhase({ phaseIds: ['p2'] }, 'p1')).toBe(false);
    expect(isActiveInPhase({ phaseIds: ['p2'] }, null)).toBe(true);
    const fc = planFeatureCollection([feature('a'), feature('b', { phaseIds: ['p2'] })], 'p1');
    expect(fc.features.map((f) => f.properties.id)).toEqual(['a']);
  });

  it('carries the symbology onto each feature', () => {
    const [f] = planFeatureCollection([feature('a', { kind: 'cordon', props: { cordonType: 'sterile' } })], null).features;
    expect(f?.properties).toMatchObject({ key: 'cordon:sterile', dashed: true, kind: 'cordon' });
  });

  it('labels each area once, at its centroid', () => {
    const labels = areaLabelCollection([feature('a'), feature('p', { kind: 'post', geometry: { type: 'Point', coordinates: [-0.1, 51.5] } })], null);
    expect(labels.features).toHaveLength(1);
    expect(labels.features[0]?.properties?.label).toBe('S1 Sector a');
    const [lon, lat] = labels.features[0]!.geometry.coordinates;
    expect(lon).toBeCloseTo(-0.125, 3);
    expect(lat).toBeCloseTo(51.505, 3);
  });

  it('puts cordon access points on the map', () => {
    const c = feature('c', {
      kind: 'cordon',
      props: { cordonType: 'inner', accessPoints: [{ id: 'ap', name: 'North gate', position: [-0.12, 51.5], staffingRequired: 4 }] },
    });
    expect(accessPointCollection([c], null).features[0]?.properties).toMatchObject({ label: 'North gate', staffing: 4, accessPointId: 'ap' });
  });

  it('sends only what changed after an ordinary edit', () => {
    const a = feature('a');
    const b = feature('b');
    const before = new Map([a, b].map((f) => [f.id, f]));
    const renamed = { ...b, name: 'Renamed' };
    const added = feature('c');
    const diff = planDiff(before, [a, renamed, added], null);
    expect(diff?.remove).toEqual(['b']);
    expect(diff?.add.map((f) => f.properties.id)).toEqual(['b', 'c']);
    expect(planDiff(before, [a], null)).toEqual({ remove: ['b'], add: [] });
    expect(planDiff(before, [a, b], null)).toEqual({ remove: [], add: [] });
  });

  it('falls back to a full redraw when much changed', () => {
    const many = Array.from({ length: MAX_DIFF + 5 }, (_, i) => feature(`f${i}`));
    expect(planDiff(new Map(), many, null)).toBeNull();
  });

  it('picks what the planner aimed at: points over lines over areas, the smaller area over the larger', () => {
    const big = feature('big', {
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 51],
            [0.1, 51],
            [0.1, 51.1],
            [0, 51.1],
            [0, 51],
          ],
        ],
      },
    });
    const small = feature('small', {
      kind: 'cordon',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0.04, 51.04],
            [0.06, 51.04],
            [0.06, 51.06],
            [0.04, 51.06],
            [0.04, 51.04],
          ],
        ],
      },
    });
    const route = feature('route', {
      kind: 'route',
      geometry: {
        type: 'LineString',
        coordinates: [
          [0, 51],
          [0.1, 51.1],
        ],
      },
    });
    const post = feature('post', { kind: 'post', geometry: { type: 'Point', coordinates: [0.05, 51.05] } });
    const all = [big, small, route, post];
    expect(pickTarget(['big', 'small'], all)).toBe('small');
    expect(pickTarget(['small', 'big'], all)).toBe('small');
    expect(pickTarget(['big', 'route'], all)).toBe('route');
    expect(pickTarget(['route', 'post', 'big'], all)).toBe('post');
    expect(pickTarget([], all)).toBeNull();
  });
});

describe('route checkpoints on the map', () => {
  const line: PlanFeature['geometry'] = {
    type: 'LineString',
    coordinates: [
      [-0.13, 51.5],
      [-0.12, 51.5],
    ],
  };
  const checkpoints = [
    { id: 'cp1', name: 'CP1', distanceM: 0 },
    { id: 'cp2', name: 'Trafalgar Sq', distanceM: 300 },
  ];
  it('stands each checkpoint on its route, labelled with its name and, once the route has a start time, its ETA', () => {
    const route = feature('r', { kind: 'route', geometry: line, props: { routeType: 'procession', paceKmh: 3, checkpoints } });
    const fc = checkpointCollection([route], null);
    expect(fc.features.map((f) => f.properties?.label)).toEqual(['CP1', 'Trafalgar Sq']);
    expect(fc.features[0]!.geometry.coordinates).toEqual([-0.13, 51.5]);
    // 300 m east along the parallel at 51.5°N is about 0.00433° of longitude.
    expect(fc.features[1]!.geometry.coordinates[0]).toBeCloseTo(-0.13 + 300 / (111_320 * Math.cos((51.5 * Math.PI) / 180)), 4);
    const timed = checkpointCollection([{ ...route, props: { ...route.props, routeStartsAt: '2026-06-13T10:00:00Z' } }], null);
    // 300 m at 3 km/h is 6 minutes after the start.
    const local = new Date('2026-06-13T10:06:00Z').toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
    expect(timed.features[1]!.properties?.label).toBe(`Trafalgar Sq ${local}`);
  });
  it('leaves out routes of other phases and routes with no checkpoints', () => {
    const other = feature('r', { kind: 'route', geometry: line, phaseIds: ['p2'], props: { checkpoints } });
    const bare = feature('s', { kind: 'route', geometry: line, props: {} });
    expect(checkpointCollection([other, bare], 'p1').features).toEqual([]);
  });
});
