import { convertGeometryToWKB } from '@loaders.gl/gis';
import { describe, expect, it } from 'vitest';
import { decodeGpkgGeometry, looksLikeSqlite } from './gpkgGeometry';

/** A GeoPackage blob: "GP", version 0, flags (little-endian header, envelope code), srs_id 27700, envelope, WKB. */
function blob(wkb: ArrayBuffer, envelopeCode = 0, extraFlags = 0): Uint8Array {
  const envelope = [0, 32, 48, 48, 64][envelopeCode]!;
  const out = new Uint8Array(8 + envelope + wkb.byteLength);
  out.set([0x47, 0x50, 0, 1 | (envelopeCode << 1) | extraFlags]);
  new DataView(out.buffer).setInt32(4, 27700, true);
  out.set(new Uint8Array(wkb), 8 + envelope);
  return out;
}

describe('GeoPackage geometry blobs', () => {
  const point = convertGeometryToWKB({ type: 'Point', coordinates: [530015, 180454] });

  it('skips the header and any envelope, then decodes the WKB', () => {
    expect(decodeGpkgGeometry(blob(point))).toEqual({ ok: true, value: { type: 'Point', coordinates: [530015, 180454] } });
    expect(decodeGpkgGeometry(blob(point, 1))).toEqual({ ok: true, value: { type: 'Point', coordinates: [530015, 180454] } });
    const ring = [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 0],
    ];
    expect(decodeGpkgGeometry(blob(convertGeometryToWKB({ type: 'Polygon', coordinates: [ring] }), 2))).toMatchObject({ ok: true, value: { type: 'Polygon' } });
  });

  it('reads the empty flag as no geometry, and refuses what it cannot read', () => {
    expect(decodeGpkgGeometry(blob(point, 0, 0b1_0000))).toEqual({ ok: true, value: null });
    expect(decodeGpkgGeometry(blob(point, 0, 0b10_0000))).toEqual({ ok: false, error: expect.stringMatching(/extension type/) });
    expect(decodeGpkgGeometry(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]))).toEqual({ ok: false, error: expect.stringMatching(/no "GP" header/) });
    expect(decodeGpkgGeometry(blob(point, 0, 7 << 1))).toEqual({ ok: false, error: expect.stringMatching(/unknown envelope/) });
  });

  it('recognises an SQLite file by its magic', () => {
    const bytes = new Uint8Array(100);
    bytes.set(new TextEncoder().encode('SQLite format 3\u0000'));
    expect(looksLikeSqlite(bytes)).toBe(true);
    expect(looksLikeSqlite(new TextEncoder().encode('{"type":"FeatureCollection"}'))).toBe(false);
  });
});
