/**
 * WGS84 longitude/latitude <-> British National Grid (OSGB36 / EPSG:27700) and OS grid references.
 *
 * The datum shift is the OS's published seven-parameter Helmert transformation (via proj4's +towgs84). It is
 * good to about 3.5 m across Great Britain (up to 5 m at the far edges, e.g. St Kilda); OSTN15 would be exact to
 * centimetres but needs the OS grid file. Every function returns a Result: a point off the grid (Paris, the
 * Atlantic, the far side of the world) is an error the user can read, never a made-up grid reference.
 */
import proj4 from 'proj4';
import { err, ok, type Result } from '../util/result';

export const BNG = 'EPSG:27700';
const WGS84 = 'EPSG:4326';

proj4.defs(
  BNG,
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy ' +
    '+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs +type=crs',
);
const converter = proj4(WGS84, BNG);

/** The grid's extent in metres: 7 x 13 squares of 100 km, false origin at the south-west corner of SV. */
export const GRID_EXTENT = { maxEasting: 700_000, maxNorthing: 1_300_000 } as const;

/**
 * A generous lon/lat box around the grid (EPSG:27700's area of use is 9 W to 2 E, 49.75 N to 61 N). Points outside
 * it are refused before projecting: a transverse Mercator far from its central meridian returns numbers that can
 * land inside the grid's extent while meaning nothing.
 */
export const GRID_LONLAT_BOUNDS = { west: -10, south: 49, east: 4, north: 62 } as const;

export interface EastingNorthing {
  easting: number;
  northing: number;
}
export interface LonLat {
  lon: number;
  lat: number;
}

export type GridDigits = 2 | 4 | 6 | 8 | 10;

/** The two letters of the 100 km square at (e100k, n100k), both counted from the false origin. */
function squareLetters(e100k: number, n100k: number): string {
  // First letter: 500 km square (S T / N O / H J ...), second: 100 km square within it. 5x5 letters, no I.
  let l1 = 19 - n100k - ((19 - n100k) % 5) + Math.floor((e100k + 10) / 5);
  let l2 = (((19 - n100k) * 5) % 25) + (e100k % 5);
  if (l1 > 7) l1 += 1;
  if (l2 > 7) l2 += 1;
  return String.fromCharCode(65 + l1) + String.fromCharCode(65 + l2);
}

/** Letters -> [e100k, n100k] for every 100 km square of the grid. */
const SQUARES: ReadonlyMap<string, readonly [number, number]> = (() => {
  const m = new Map<string, readonly [number, number]>();
  for (let e = 0; e < 7; e++) for (let n = 0; n < 13; n++) m.set(squareLetters(e, n), [e, n]);
  return m;
})();

const onGrid = (e: number, n: number) =>
  Number.isFinite(e) && Number.isFinite(n) && e >= 0 && n >= 0 && e < GRID_EXTENT.maxEasting && n < GRID_EXTENT.maxNorthing;

const fmtLonLat = (lon: number, lat: number) => `${lat.toFixed(5)}, ${lon.toFixed(5)}`;

/** WGS84 lon/lat -> OSGB36 easting/northing in metres. */
export function toBng(lon: number, lat: number): Result<EastingNorthing> {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return err('The position is not a number.');
  const b = GRID_LONLAT_BOUNDS;
  if (lon < b.west || lon > b.east || lat < b.south || lat > b.north) {
    return err(`${fmtLonLat(lon, lat)} is outside the British National Grid (Great Britain only).`);
  }
  const [easting, northing] = converter.forward([lon, lat]) as [number, number];
  if (!onGrid(easting, northing)) {
    return err(`${fmtLonLat(lon, lat)} is outside the British National Grid (Great Britain only).`);
  }
  return ok({ easting, northing });
}

/** OSGB36 easting/northing in metres -> WGS84 lon/lat. */
export function fromBng(easting: number, northing: number): Result<LonLat> {
  if (!Number.isFinite(easting) || !Number.isFinite(northing)) return err('Easting and northing must be numbers.');
  if (!onGrid(easting, northing)) {
    return err(
      `Easting ${Math.round(easting)}, northing ${Math.round(northing)} is outside the British National Grid ` +
        `(eastings 0 to 700000, northings 0 to 1300000).`,
    );
  }
  const [lon, lat] = converter.inverse([easting, northing]) as [number, number];
  return ok({ lon, lat });
}

/**
 * Easting/northing -> grid reference such as `TQ 29949 80234`. Figures are truncated, not rounded, as the OS
 * defines it: the reference names the square the point lies in.
 */
export function formatGridRef(easting: number, northing: number, digits: GridDigits = 10): Result<string> {
  if (!onGrid(easting, northing)) {
    return err(`Easting ${Math.round(easting)}, northing ${Math.round(northing)} is outside the British National Grid.`);
  }
  if (![2, 4, 6, 8, 10].includes(digits)) return err('A grid reference has 2, 4, 6, 8 or 10 figures.');
  const e = Math.floor(easting);
  const n = Math.floor(northing);
  const letters = squareLetters(Math.floor(e / 100_000), Math.floor(n / 100_000));
  const half = digits / 2;
  const div = 10 ** (5 - half);
  const pad = (v: number) => String(Math.floor((v % 100_000) / div)).padStart(half, '0');
  return ok(`${letters} ${pad(e)} ${pad(n)}`);
}

/** WGS84 lon/lat -> grid reference, 10 figures (1 m) by default. */
export function toGridRef(lon: number, lat: number, digits: GridDigits = 10): Result<string> {
  const en = toBng(lon, lat);
  return en.ok ? formatGridRef(en.value.easting, en.value.northing, digits) : en;
}

export interface ParsedGridRef extends EastingNorthing, LonLat {
  /** Size of the square the reference names, metres: 1 for 10 figures (and plain eastings/northings), 100 for 6. */
  precisionM: number;
  /** The reference written the standard way, e.g. `TQ 299 802` (or `529949, 180234` for plain figures). */
  text: string;
}

const LETTER_REF = /^([A-Z]{2})\s*(\d[\d\s]*)$/;
const PLAIN_EN = /^(\d+(?:\.\d+)?)\s*[,\s]\s*(\d+(?:\.\d+)?)$/;

/**
 * Read a grid reference: `TQ 29949 80234`, `TQ2994980234`, `tq 299 802` (2 to 10 figures, an even number, spaces
 * optional), or plain eastings and northings in metres, `529949, 180234`.
 *
 * `easting`/`northing` are the south-west corner of the square the reference names (the OS meaning of a
 * reference, and exactly the figures typed). `lon`/`lat` are the centre of that square, which is where a map
 * should go: for `TQ 299 802` that is 50 m east and north of the corner; for a 10-figure reference, half a metre.
 */
export function parseGridRef(input: string): Result<ParsedGridRef> {
  const text = input.trim().toUpperCase();
  if (text === '') return err('Type a grid reference, e.g. TQ 29949 80234.');

  const plain = PLAIN_EN.exec(text);
  if (plain) {
    const easting = Number(plain[1]);
    const northing = Number(plain[2]);
    if (easting < 1000 && northing < 1000) {
      return err('Eastings and northings are in metres, e.g. 529949, 180234.');
    }
    const ll = fromBng(easting, northing);
    if (!ll.ok) return ll;
    return ok({ easting, northing, ...ll.value, precisionM: 1, text: `${easting}, ${northing}` });
  }

  const m = LETTER_REF.exec(text);
  if (!m) {
    if (/^[A-Z]{2}$/.test(text)) return err(`${text} needs figures after the letters, e.g. ${text} 299 802.`);
    return err(`"${input.trim()}" is not a grid reference (e.g. TQ 29949 80234 or 529949, 180234).`);
  }
  const letters = m[1] ?? '';
  const square = SQUARES.get(letters);
  if (!square) return err(`${letters} is not a 100 km square of the British National Grid.`);

  const groups = (m[2] ?? '').trim().split(/\s+/);
  let eDigits: string;
  let nDigits: string;
  if (groups.length === 1) {
    const all = groups[0] ?? '';
    if (all.length % 2 !== 0) return err(`A grid reference needs an even number of figures; ${all.length} given.`);
    eDigits = all.slice(0, all.length / 2);
    nDigits = all.slice(all.length / 2);
  } else if (groups.length === 2) {
    eDigits = groups[0] ?? '';
    nDigits = groups[1] ?? '';
    if (eDigits.length !== nDigits.length) {
      return err('The easting and northing of a grid reference need the same number of figures.');
    }
  } else {
    return err('A grid reference has two groups of figures: easting then northing.');
  }
  const half = eDigits.length;
  if (half < 1 || half > 5) return err('A grid reference has 2, 4, 6, 8 or 10 figures.');

  const precisionM = 10 ** (5 - half);
  const easting = square[0] * 100_000 + Number(eDigits) * precisionM;
  const northing = square[1] * 100_000 + Number(nDigits) * precisionM;
  const ll = fromBng(easting + precisionM / 2, northing + precisionM / 2);
  if (!ll.ok) return ll;
  return ok({ easting, northing, ...ll.value, precisionM, text: `${letters} ${eDigits} ${nDigits}` });
}
