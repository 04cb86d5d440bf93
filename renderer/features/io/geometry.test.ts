import { describe, expect, it } from 'vitest';
import { toPlanGeometries } from './geometry';

const square = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
  [0, 0],
];

describe('toPlanGeometries', () => {
  it('keeps a point and drops its height', () => {
    expect(toPlanGeometries({ type: 'Point', coordinates: [-0.1, 51.5, 12] })).toEqual({
      status: 'ok',
      sourceType: 'Point',
      parts: [{ type: 'Point', coordinates: [-0.1, 51.5] }],
      vertices: 1,
    });
  });

  it('splits multi-geometries and collections into parts, keeping holes', () => {
    const hole = [
      [0.2, 0.2],
      [0.8, 0.2],
      [0.8, 0.8],
      [0.2, 0.2],
    ];
    const r = toPlanGeometries({
      type: 'GeometryCollection',
      geometries: [
        { type: 'MultiPolygon', coordinates: [[square, hole], [square]] },
        {
          type: 'MultiLineString',
          coordinates: [
            [
              [0, 0],
              [1, 1],
            ],
          ],
        },
        {
          type: 'MultiPoint',
          coordinates: [
            [0, 0],
            [1, 1],
          ],
        },
      ],
    });
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    expect(r.parts.map((p) => p.type)).toEqual(['Polygon', 'Polygon', 'LineString', 'Point', 'Point']);
    expect(r.parts[0]?.coordinates).toHaveLength(2);
  });

  it('skips null, empty and unsupported geometries', () => {
    expect(toPlanGeometries(null)).toEqual({ status: 'skip', reason: 'it has no geometry' });
    expect(toPlanGeometries({ type: 'LineString', coordinates: [] })).toMatchObject({ status: 'skip', reason: expect.stringContaining('empty') });
    expect(toPlanGeometries({ type: 'Curve', coordinates: [] })).toMatchObject({ status: 'skip', reason: expect.stringContaining('"Curve"') });
  });

  it('names what is wrong with a malformed geometry', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ type: 'Polygon', coordinates: [square.slice(0, 4)] }, /ring 1 \(outer\) is not closed/],
      [
        {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 1],
              [0, 0],
            ],
          ],
        },
        /needs at least 4/,
      ],
      [{ type: 'MultiPolygon', coordinates: [-0.08, 51.5] }, /polygon 1 should be an array of rings but is the number -0.08/],
      [{ type: 'Point', coordinates: ['foo', 'bar'] }, /longitude is not a number \(found the text "foo"\)/],
      [
        {
          type: 'LineString',
          coordinates: [
            [0, 0],
            [0, 95],
          ],
        },
        /position 2 \[0, 95\] is out of range/,
      ],
      [{ type: 'Point', coordinates: [530000, 180000] }, /British National Grid/],
      [{ type: 'LineString', coordinates: [[0, 0]] }, /a line needs at least 2/],
      [{ coordinates: [0, 0] }, /no "type"/],
      ['Point', /should be an object/],
    ];
    for (const [input, message] of cases) {
      const r = toPlanGeometries(input);
      expect(r.status, JSON.stringify(input)).toBe('error');
      if (r.status === 'error') expect(r.message).toMatch(message);
    }
  });

  it('enforces the vertex limit per geometry', () => {
    const line = Array.from({ length: 11 }, (_, i) => [i / 100, 0]);
    const r = toPlanGeometries({ type: 'LineString', coordinates: line }, 10);
    expect(r).toMatchObject({ status: 'error', message: expect.stringContaining('11 vertices; the limit is 10') });
  });
});
