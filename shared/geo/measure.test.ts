import * as turf from '@turf/turf';
import { describe, expect, it } from 'vitest';
import type { PlanGeometry, Position } from '../domain';
import { fromBng } from './bng';
import {
  areaM2,
  bufferGeometry,
  bufferGeometryDetailed,
  centroid,
  circlePolygon,
  circleRadiusM,
  describeMeasurements,
  formatArea,
  formatDistance,
  formatDuration,
  lengthM,
  perimeterM,
  pointAlong,
  routeTimings,
  snapToLine,
  walkingMinutes,
  type LineGeom,
  type PolygonGeom,
} from './measure';

const LAT0 = 51.5;
const LON0 = -0.13;
/** Local metres east/north of (LON0, LAT0) -> lon/lat; good to a fraction of a percent over a few km. */
const M_PER_DEG = (6_371_008.8 * Math.PI) / 180; // on the sphere Turf measures with
const at = (x: number, y: number): Position => [LON0 + x / (M_PER_DEG * Math.cos((LAT0 * Math.PI) / 180)), LAT0 + y / M_PER_DEG];
const rect = (x0: number, y0: number, x1: number, y1: number): Position[] => [at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)];
const poly = (...rings: Position[][]): PolygonGeom => ({ type: 'Polygon', coordinates: rings });
const line = (...pts: Position[]): LineGeom => ({ type: 'LineString', coordinates: pts });

/** A square drawn on the British National Grid, converted independently of Turf. */
function bngSquare(e0: number, n0: number, side: number): PolygonGeom {
  const ll = (e: number, n: number): Position => {
    const r = fromBng(e, n);
    if (!r.ok) throw new Error(r.error);
    return [r.value.lon, r.value.lat];
  };
  return poly([ll(e0, n0), ll(e0 + side, n0), ll(e0 + side, n0 + side), ll(e0, n0 + side), ll(e0, n0)]);
}

describe('area, perimeter, length', () => {
  it('measures a 1 km grid square in central London as about 1 km² and 4 km round', () => {
    // Grid metres differ from ground metres by the grid scale factor (about 0.9997 here): well inside 0.2 %.
    const sq = bngSquare(529_000, 180_000, 1000);
    expect(areaM2(sq) / 1e6).toBeCloseTo(1, 2);
    expect(Math.abs(perimeterM(sq) - 4000)).toBeLessThan(8);
  });

  it('leaves a hole out of the area but not the outer perimeter', () => {
    const solid = poly(rect(0, 0, 300, 300));
    const holed = poly(rect(0, 0, 300, 300), rect(100, 100, 200, 200));
    expect(areaM2(solid) - areaM2(holed)).toBeCloseTo(10_000, -2);
    expect(perimeterM(holed)).toBeCloseTo(perimeterM(solid), 6);
  });

  it('measures a line along a meridian against the sphere formula', () => {
    const l = line([-0.1, 51.5], [-0.1, 51.51]);
    expect(lengthM(l)).toBeCloseTo((0.01 * Math.PI * 6_371_008.8) / 180, 1);
    expect(areaM2(l)).toBe(0);
    expect(perimeterM(l)).toBe(0);
  });
});

describe('centroid', () => {
  it('puts a line centroid halfway along it, on the line', () => {
    const l = line(at(0, 0), at(1000, 0), at(1000, 1000));
    const c = centroid(l);
    expect(turf.distance(c, at(1000, 0), { units: 'meters' })).toBeLessThan(2);
  });

  it('puts a polygon centroid at its centre of mass and a point at itself', () => {
    const c = centroid(poly(rect(0, 0, 400, 200)));
    expect(turf.distance(c, at(200, 100), { units: 'meters' })).toBeLessThan(1);
    expect(centroid({ type: 'Point', coordinates: [-0.1, 51.5] })).toEqual([-0.1, 51.5]);
  });
});

describe('formatting', () => {
  it.each([
    [0, '0 m'],
    [999.4, '999 m'],
    [999.6, '1.00 km'],
    [1000, '1.00 km'],
    [1234, '1.23 km'],
    [12_345, '12.3 km'],
    [1_234_567, '1,235 km'],
  ])('formatDistance(%d) = %s', (m, text) => expect(formatDistance(m)).toBe(text));

  it.each([
    [950, '950 m²'],
    [9_999, '9,999 m²'],
    [9_999.7, '1.00 ha'],
    [10_000, '1.00 ha'],
    [999_990, '1.00 km²'],
    [123_456, '12.35 ha'],
    [3_400_000, '3.40 km²'],
  ])('formatArea(%d) = %s', (m2, text) => expect(formatArea(m2)).toBe(text));

  it.each([
    [45, '45 min'],
    [59.6, '1 h'],
    [65, '1 h 05 min'],
    [150, '2 h 30 min'],
  ])('formatDuration(%d) = %s', (min, text) => expect(formatDuration(min)).toBe(text));
});

describe('describeMeasurements', () => {
  it('gives a polygon area in hectares and perimeter in metres', () => {
    const d = describeMeasurements(poly(rect(0, 0, 200, 200)));
    expect(d.map((m) => [m.key, m.text])).toEqual([
      ['area', '4.00 ha'],
      ['perimeter', '800 m'],
    ]);
  });

  it('gives a route its length and walking time at its pace', () => {
    const d = describeMeasurements(line(at(0, 0), at(0, 3000)), { paceKmh: 4 });
    expect(d.map((m) => m.key)).toEqual(['length', 'walkingTime']);
    expect(d[0]?.text).toBe('3.00 km');
    expect(d[1]).toMatchObject({ label: 'Time at 4 km/h', text: '45 min' });
  });

  it('gives a circle feature its radius, area and circumference', () => {
    const d = describeMeasurements({ type: 'Point', coordinates: [-0.1, 51.5] }, { radiusM: 100 });
    expect(Object.fromEntries(d.map((m) => [m.key, m.text]))).toEqual({
      radius: '100 m',
      area: '3.14 ha',
      circumference: '628 m',
    });
  });

  it('gives a bare point nothing to measure', () => {
    expect(describeMeasurements({ type: 'Point', coordinates: [-0.1, 51.5] })).toEqual([]);
  });
});

describe('route timing', () => {
  it('walks 3 km at 4 km/h in 45 minutes', () => {
    expect(walkingMinutes(3000, 4)).toBe(45);
    expect(() => walkingMinutes(1, 0)).toThrow();
  });

  it('gives an ETA at each checkpoint, sorted by distance, with slack against the planned time', () => {
    const route = line(at(0, 0), at(0, 2000), at(1000, 2000));
    const t = routeTimings(route, {
      paceKmh: 3,
      startsAt: '2025-08-24T13:00:00+01:00',
      checkpoints: [
        { id: 'b', name: 'Finish', distanceM: 3000, plannedAt: '2025-08-24T14:00:00+01:00' },
        { id: 'a', name: 'Halfway', distanceM: 1500, plannedAt: '2025-08-24T13:20:00+01:00' },
        { id: 'c', name: 'Old end', distanceM: 4000 },
      ],
    });
    expect(t.lengthM).toBeGreaterThan(2990);
    expect(t.lengthM).toBeLessThan(3010);
    expect(t.checkpoints.map((c) => [c.id, c.eta])).toEqual([
      ['a', '2025-08-24T12:30:00.000Z'],
      ['b', '2025-08-24T13:00:00.000Z'],
      ['c', '2025-08-24T13:20:00.000Z'],
    ]);
    expect(t.checkpoints[0]?.slackMinutes).toBe(-10); // the plan wants them there 10 min sooner than 3 km/h allows
    expect(t.checkpoints[1]?.slackMinutes).toBe(0);
    expect(t.checkpoints[2]?.slackMinutes).toBeUndefined();
    expect(t.checkpoints.map((c) => c.beyondEnd)).toEqual([false, false, true]);
    expect(Date.parse(t.finishAt) - Date.parse('2025-08-24T12:00:00Z')).toBeCloseTo(t.lengthM * 1.2 * 1000, -4);
  });

  it('snaps a click to the nearest distance along the line', () => {
    const route = line(at(0, 0), at(0, 1000), at(1000, 1000));
    const s = snapToLine(route, at(40, 500));
    expect(s.distanceM).toBeCloseTo(500, -1);
    expect(s.offsetM).toBeCloseTo(40, -1);
    const s2 = snapToLine(route, at(600, 1100));
    expect(s2.distanceM).toBeCloseTo(1600, -1);
    expect(turf.distance(pointAlong(route, s2.distanceM), s2.position, { units: 'meters' })).toBeLessThan(0.5);
  });
});

describe('circlePolygon', () => {
  it('makes a closed ring of steps + 1 positions, each radius metres from the centre', () => {
    const c = circlePolygon([-0.1, 51.5], 250, 32);
    const ring = c.coordinates[0] ?? [];
    expect(ring).toHaveLength(33);
    expect(ring[0]).toEqual(ring[32]);
    for (const p of ring) expect(turf.distance([-0.1, 51.5], p, { units: 'meters' })).toBeCloseTo(250, 3);
  });
});

describe('circleRadiusM', () => {
  it('recovers the radius of a circle drawn as a polygon', () => {
    expect(circleRadiusM(circlePolygon([-0.1, 51.5], 250))).toBeCloseTo(250, 1);
    expect(circleRadiusM(circlePolygon([-3, 57], 1200, 16))).toBeCloseTo(1200, 0);
  });

  it('is 0 for points and lines', () => {
    expect(circleRadiusM({ type: 'Point', coordinates: [-0.1, 51.5] })).toBe(0);
    expect(circleRadiusM(line(at(0, 0), at(100, 0)))).toBe(0);
  });
});

describe('bufferGeometry', () => {
  const ok = <T>(r: { ok: true; value: T } | { ok: false; error: string }): T => {
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };

  it('makes a disc around a point', () => {
    const p = ok(bufferGeometry({ type: 'Point', coordinates: at(0, 0) }, 100));
    expect(p.type).toBe('Polygon');
    expect(areaM2(p) / (Math.PI * 100 * 100)).toBeGreaterThan(0.98);
    expect(areaM2(p) / (Math.PI * 100 * 100)).toBeLessThan(1.01);
  });

  it('makes a corridor around a line', () => {
    const p = ok(bufferGeometry(line(at(0, 0), at(1000, 0)), 50));
    const expected = 2 * 50 * 1000 + Math.PI * 50 * 50;
    expect(Math.abs(areaM2(p) / expected - 1)).toBeLessThan(0.02);
  });

  it('shrinks a polygon with a negative distance', () => {
    const p = ok(bufferGeometry(poly(rect(0, 0, 400, 400)), -50));
    expect(Math.abs(areaM2(p) / (300 * 300) - 1)).toBeLessThan(0.02);
  });

  it('keeps the largest part when a shrunken shape splits, and says how many parts it dropped', () => {
    // Two squares joined by a 20 m wide neck: shrinking by 15 m cuts the neck.
    const dumbbell: PlanGeometry = poly([
      at(0, 0),
      at(400, 0),
      at(400, 190),
      at(600, 190),
      at(600, 100),
      at(800, 100),
      at(800, 300),
      at(600, 300),
      at(600, 210),
      at(400, 210),
      at(400, 400),
      at(0, 400),
      at(0, 0),
    ]);
    const r = ok(bufferGeometryDetailed(dumbbell, -15));
    expect(r.dropped).toBe(1);
    expect(Math.abs(areaM2(r.polygon) / (370 * 370) - 1)).toBeLessThan(0.02);
  });

  it('refuses a non-positive distance for a point or line, and a shrink that leaves nothing', () => {
    expect(bufferGeometry({ type: 'Point', coordinates: at(0, 0) }, -5).ok).toBe(false);
    expect(bufferGeometry(line(at(0, 0), at(10, 0)), 0).ok).toBe(false);
    const r = bufferGeometry(poly(rect(0, 0, 50, 50)), -30);
    expect(r).toEqual({ ok: false, error: 'Shrinking this area by 30 m leaves nothing.' });
  });
});
