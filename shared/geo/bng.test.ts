import { describe, expect, it } from 'vitest';
import { formatGridRef, fromBng, parseGridRef, toBng, toGridRef } from './bng';

/**
 * A handful of Ordnance Survey's OSTN15 test points (ETRS89 lat/lon -> OSGB36 easting/northing, from the OS
 * developer pack, OSI BSD licence, (c) Crown copyright Ordnance Survey 2016). OSTN15 is exact; our Helmert
 * approximation is documented to about 3.5 m, worst near the edges, so we allow 5 m.
 * [name, lat, lon, easting, northing]
 */
const OS_POINTS: [string, number, number, number, number][] = [
  ['TP01 St Mary, Scilly', 49.9222639373, -6.29977752014, 91492.146, 11318.804],
  ['TP07 North Foreland', 51.3744702555, 1.44454730409, 639821.835, 169565.858],
  ['TP09 Lambeth', 51.4893656495, -0.1199255718, 530624.974, 178388.464],
  ['TP20 Leeds', 53.8002151963, -1.66379168242, 422242.186, 433818.701],
  ['TP27 Edinburgh', 55.9247826609, -3.29479219337, 319188.434, 670947.534],
  ['TP30 Inverness', 57.4862500072, -4.21926398555, 267056.768, 846176.972],
  ['TP40 Shetland', 60.1330809166, -2.07382822798, 395999.668, 1138728.951],
];

/**
 * Independent check: the OS's own published formulas ("A guide to coordinate systems in Great Britain", annexes
 * B and C): WGS84 -> OSGB36 by the seven-parameter Helmert, then the OS transverse Mercator series. Nothing shared
 * with proj4, so agreement to a centimetre means our proj4 definition is the right one.
 */
function referenceToBng(lonDeg: number, latDeg: number): [number, number] {
  const rad = Math.PI / 180;
  // WGS84 geodetic -> cartesian (h = 0)
  const a1 = 6378137;
  const b1 = 6356752.3141;
  const e1sq = (a1 * a1 - b1 * b1) / (a1 * a1);
  const phi = latDeg * rad;
  const lam = lonDeg * rad;
  const nu1 = a1 / Math.sqrt(1 - e1sq * Math.sin(phi) ** 2);
  const x = nu1 * Math.cos(phi) * Math.cos(lam);
  const y = nu1 * Math.cos(phi) * Math.sin(lam);
  const z = (1 - e1sq) * nu1 * Math.sin(phi);
  // Helmert WGS84 -> OSGB36
  const tx = -446.448,
    ty = 125.157,
    tz = -542.06;
  const s = 20.4894e-6;
  const sec = rad / 3600;
  const rx = -0.1502 * sec,
    ry = -0.247 * sec,
    rz = -0.8421 * sec;
  const x2 = tx + (1 + s) * x - rz * y + ry * z;
  const y2 = ty + rz * x + (1 + s) * y - rx * z;
  const z2 = tz - ry * x + rx * y + (1 + s) * z;
  // cartesian -> Airy 1830 geodetic
  const a = 6377563.396;
  const b = 6356256.909;
  const esq = (a * a - b * b) / (a * a);
  const p = Math.hypot(x2, y2);
  let lat = Math.atan2(z2, p * (1 - esq));
  for (let i = 0; i < 10; i++) {
    const nu = a / Math.sqrt(1 - esq * Math.sin(lat) ** 2);
    lat = Math.atan2(z2 + esq * nu * Math.sin(lat), p);
  }
  const lon = Math.atan2(y2, x2);
  return referenceProject(lon, lat);
}

/** OS transverse Mercator (annex C), lon/lat in radians on the Airy ellipsoid. */
function referenceProject(lon: number, lat: number): [number, number] {
  const a = 6377563.396,
    b = 6356256.909,
    F0 = 0.9996012717;
  const lat0 = 49 * (Math.PI / 180),
    lon0 = -2 * (Math.PI / 180),
    N0 = -100000,
    E0 = 400000;
  const esq = (a * a - b * b) / (a * a);
  const n = (a - b) / (a + b);
  const sin = Math.sin(lat),
    cos = Math.cos(lat),
    tan = Math.tan(lat);
  const nu = (a * F0) / Math.sqrt(1 - esq * sin * sin);
  const rho = (a * F0 * (1 - esq)) / (1 - esq * sin * sin) ** 1.5;
  const eta2 = nu / rho - 1;
  const dl = lat - lat0,
    sl = lat + lat0;
  const M =
    b *
    F0 *
    ((1 + n + 1.25 * n ** 2 + 1.25 * n ** 3) * dl -
      (3 * n + 3 * n ** 2 + (21 / 8) * n ** 3) * Math.sin(dl) * Math.cos(sl) +
      ((15 / 8) * n ** 2 + (15 / 8) * n ** 3) * Math.sin(2 * dl) * Math.cos(2 * sl) -
      (35 / 24) * n ** 3 * Math.sin(3 * dl) * Math.cos(3 * sl));
  const I = M + N0;
  const II = (nu / 2) * sin * cos;
  const III = (nu / 24) * sin * cos ** 3 * (5 - tan ** 2 + 9 * eta2);
  const IIIA = (nu / 720) * sin * cos ** 5 * (61 - 58 * tan ** 2 + tan ** 4);
  const IV = nu * cos;
  const V = (nu / 6) * cos ** 3 * (nu / rho - tan ** 2);
  const VI = (nu / 120) * cos ** 5 * (5 - 18 * tan ** 2 + tan ** 4 + 14 * eta2 - 58 * tan ** 2 * eta2);
  const d = lon - lon0;
  return [E0 + IV * d + V * d ** 3 + VI * d ** 5, I + II * d ** 2 + III * d ** 4 + IIIA * d ** 6];
}

const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: string }): T => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

/** Ground distance in metres between two lon/lat points (equirectangular, fine at metre scale). */
const metresBetween = (lon1: number, lat1: number, lon2: number, lat2: number) =>
  Math.hypot((lon1 - lon2) * 111_320 * Math.cos((lat1 * Math.PI) / 180), (lat1 - lat2) * 110_574);

describe('the independent reference implementation', () => {
  it('reproduces the OS worked example of the projection (Caister water tower)', () => {
    const dms = (d: number, m: number, s: number) => ((d + m / 60 + s / 3600) * Math.PI) / 180;
    const [e, n] = referenceProject(dms(1, 43, 4.5177), dms(52, 39, 27.2531));
    expect(e).toBeCloseTo(651409.903, 2);
    expect(n).toBeCloseTo(313177.27, 2);
  });
});

describe('toBng', () => {
  it.each(OS_POINTS)('%s is within 5 m of the OS published easting/northing', (_n, lat, lon, e, n) => {
    const got = unwrap(toBng(lon, lat));
    expect(Math.hypot(got.easting - e, got.northing - n)).toBeLessThan(5);
  });

  it.each(OS_POINTS)('%s agrees with the OS formulas to a centimetre', (_n, lat, lon) => {
    const got = unwrap(toBng(lon, lat));
    const [e, n] = referenceToBng(lon, lat);
    expect(Math.abs(got.easting - e)).toBeLessThan(0.01);
    expect(Math.abs(got.northing - n)).toBeLessThan(0.01);
  });

  it('refuses points off the grid with a readable error', () => {
    for (const [lon, lat] of [
      [2.3522, 48.8566], // Paris
      [-20, 50], // Atlantic
      [5.32, 60.39], // Bergen
      [0, 0],
      [178, 51], // far side of the world: tmerc gives nonsense here
      [Number.NaN, 51],
    ] as const) {
      const r = toBng(lon, lat);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/outside the British National Grid|not a number/);
    }
  });
});

describe('fromBng', () => {
  it('round trips every OS point to well under a metre', () => {
    for (const [, lat, lon] of OS_POINTS) {
      const en = unwrap(toBng(lon, lat));
      const back = unwrap(fromBng(en.easting, en.northing));
      expect(metresBetween(back.lon, back.lat, lon, lat)).toBeLessThan(0.01);
    }
  });

  it("puts 530015, 180415 on Nelson's Column", () => {
    const ll = unwrap(fromBng(530015, 180415));
    expect(metresBetween(ll.lon, ll.lat, -0.12798, 51.50772)).toBeLessThan(10);
  });

  it('refuses figures off the grid', () => {
    expect(fromBng(-1, 100).ok).toBe(false);
    expect(fromBng(700_000, 100).ok).toBe(false);
    expect(fromBng(100, 1_300_001).ok).toBe(false);
  });
});

describe('toGridRef', () => {
  it("gives Nelson's Column as TQ 30015 80415 (within a few metres)", () => {
    const ref = unwrap(toGridRef(-0.12798, 51.50772));
    const m = /^TQ (\d{5}) (\d{5})$/.exec(ref);
    expect(m).not.toBeNull();
    expect(Math.abs(Number(m?.[1]) - 30015)).toBeLessThanOrEqual(5);
    expect(Math.abs(Number(m?.[2]) - 80415)).toBeLessThanOrEqual(5);
  });

  it('picks the right 100 km square letters across the country (no I)', () => {
    const letters = OS_POINTS.map(([, lat, lon]) => unwrap(toGridRef(lon, lat)).slice(0, 2));
    expect(letters).toEqual(['SV', 'TR', 'TQ', 'SE', 'NT', 'NH', 'HT']);
  });

  it('truncates rather than rounds, at 6, 8 and 10 figures', () => {
    // Easting 529999.9 must stay in 52999x, not roll over into 53000.
    const ll = unwrap(fromBng(529_999.9, 180_999.9));
    expect(unwrap(toGridRef(ll.lon, ll.lat, 10))).toBe('TQ 29999 80999');
    expect(unwrap(toGridRef(ll.lon, ll.lat, 8))).toBe('TQ 2999 8099');
    expect(unwrap(toGridRef(ll.lon, ll.lat, 6))).toBe('TQ 299 809');
  });

  it('pads figures with leading zeros', () => {
    expect(unwrap(formatGridRef(509_587.9, 100_448.2, 10))).toBe('TQ 09587 00448');
    expect(unwrap(formatGridRef(9587.9, 899_448.9, 6))).toBe('NF 095 994');
    expect(unwrap(formatGridRef(440_725.073, 1_107_878.448, 6))).toBe('HU 407 078');
  });

  it('refuses positions off the grid', () => {
    expect(toGridRef(2.3522, 48.8566).ok).toBe(false);
  });
});

describe('parseGridRef', () => {
  it.each(['TQ 29949 80234', 'TQ2994980234', 'tq 29949 80234', '  tq2994980234 '])('reads %j', (text) => {
    const r = unwrap(parseGridRef(text));
    expect(r.easting).toBe(529949);
    expect(r.northing).toBe(180234);
    expect(r.precisionM).toBe(1);
    expect(r.text).toBe('TQ 29949 80234');
  });

  it('reads shorter references as squares and puts lon/lat at the centre of the square', () => {
    const r = unwrap(parseGridRef('TQ 299 802'));
    expect([r.easting, r.northing, r.precisionM]).toEqual([529900, 180200, 100]);
    const centre = unwrap(toBng(r.lon, r.lat));
    expect(centre.easting).toBeCloseTo(529950, 2);
    expect(centre.northing).toBeCloseTo(180250, 2);
    expect(unwrap(parseGridRef('TQ 2980')).precisionM).toBe(1000);
    expect(unwrap(parseGridRef('TQ38')).easting).toBe(530000);
    expect(unwrap(parseGridRef('TQ 2994 8023')).northing).toBe(180230);
  });

  it('reads plain eastings and northings', () => {
    const r = unwrap(parseGridRef('529949, 180234'));
    expect([r.easting, r.northing]).toEqual([529949, 180234]);
    const again = unwrap(parseGridRef('529949 180234'));
    expect(again.lon).toBeCloseTo(r.lon, 12);
  });

  it('round trips toGridRef within a metre for every OS point', () => {
    for (const [, lat, lon] of OS_POINTS) {
      const p = unwrap(parseGridRef(unwrap(toGridRef(lon, lat))));
      expect(metresBetween(p.lon, p.lat, lon, lat)).toBeLessThan(1);
    }
  });

  it.each([
    ['', /Type a grid reference/],
    ['banana', /not a grid reference/],
    ['TQ 29949 8023', /same number of figures/],
    ['TQ 123', /even number of figures/],
    ['TQ 123456789012', /2, 4, 6, 8 or 10 figures/],
    ['TI 123 456', /TI is not a 100 km square/],
    ['AA 123 456', /AA is not a 100 km square/],
    ['TQ', /needs figures/],
    ['TQ 12a 456', /not a grid reference/],
    ['51.5, -0.12', /not a grid reference/],
    ['12, 34', /in metres/],
    ['800000, 100000', /outside the British National Grid/],
  ])('rejects %j', (text, message) => {
    const r = parseGridRef(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});
