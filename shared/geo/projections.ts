/**
 * Coordinate systems that files from GIS tools arrive in, resolved to a function that gives WGS84 lon/lat.
 *
 * British National Grid always goes through the one OSGB36 definition in bng.ts (the OS seven-parameter Helmert),
 * whether a file names it as EPSG:27700, a QGIS `crs` URN, an ESRI .prj or a GeoPackage WKT: one grid, one answer.
 * Anything else proj4 can read from a WKT (.prj, GeoPackage) is used as proj4 reads it. A system we cannot
 * identify is an error the user can read, never a silent guess: a wrong guess puts a cordon in the wrong street.
 */
import proj4 from 'proj4';
import { err, ok, type Result } from '../util/result';
import { BNG } from './bng';

export type LonLatFn = (x: number, y: number) => [number, number];

export interface CoordinateSystem {
  /** Plain words for the preview, e.g. "British National Grid (EPSG:27700)". */
  label: string;
  /** True when the coordinates are already WGS84 longitude/latitude (nothing to do). */
  isWgs84: boolean;
  toLonLat: LonLatFn;
}

const WGS84 = 'EPSG:4326';
export const BNG_LABEL = 'British National Grid (EPSG:27700)';

const identity: LonLatFn = (x, y) => [x, y];
const wgs84: CoordinateSystem = { label: 'WGS84 longitude/latitude (EPSG:4326)', isWgs84: true, toLonLat: identity };

function fromProj4(label: string, def: string): CoordinateSystem {
  const converter = proj4(def, WGS84);
  return { label, isWgs84: false, toLonLat: (x, y) => converter.forward([x, y]) as [number, number] };
}

let bng: CoordinateSystem | undefined;
function britishNationalGrid(): CoordinateSystem {
  bng ??= fromProj4(BNG_LABEL, BNG);
  return bng;
}

/**
 * EPSG codes we read without a WKT. ETRS89 (4258) differs from WGS84 by well under a metre in Britain today, which
 * is below what a plan is drawn to, so it is read as WGS84 (as QGIS and most web maps do).
 */
const KNOWN_EPSG: Record<number, () => CoordinateSystem> = {
  4326: () => wgs84,
  4258: () => ({ ...wgs84, label: 'ETRS89 longitude/latitude (EPSG:4258)' }),
  27700: britishNationalGrid,
  3857: () => fromProj4('Web Mercator (EPSG:3857)', 'EPSG:3857'),
  900913: () => fromProj4('Web Mercator (EPSG:3857)', 'EPSG:3857'),
};

/** An EPSG code from the ways files write one: `EPSG:27700`, `urn:ogc:def:crs:EPSG::27700`, an OGC URL. */
export function epsgCode(name: string): number | undefined {
  if (/CRS84\b/i.test(name)) return 4326;
  const m = /EPSG(?:::|:|\/0\/|\/)(\d{4,6})\b/i.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** A coordinate system named by an EPSG code. */
export function crsFromEpsg(code: number): Result<CoordinateSystem> {
  const known = KNOWN_EPSG[code];
  if (known) return ok(known());
  return err(`its coordinate system EPSG:${code} is not one Cordon knows; re-export it as WGS84 (EPSG:4326) or British National Grid (EPSG:27700)`);
}

/** A coordinate system named in a GeoJSON `crs` member, a URN or `EPSG:n`. */
export function crsFromName(name: string): Result<CoordinateSystem> {
  if (/^\s*(WGS ?84|urn:ogc:def:crs:OGC:1\.3:CRS84)\s*$/i.test(name)) return ok(wgs84);
  const code = epsgCode(name);
  if (code === undefined) return err(`its coordinate system "${name.slice(0, 80)}" is not one Cordon recognises; re-export it as WGS84 (EPSG:4326)`);
  return crsFromEpsg(code);
}

/** Names by which WKT (ESRI .prj, OGC WKT in a GeoPackage) means British National Grid. */
const BNG_WKT = /British[_ ]National[_ ]Grid|OSGB[_ ]?(1936|36)[^"]*National|AUTHORITY\["EPSG",\s*"?27700"?\]/i;

/** A coordinate system described by WKT, as in a shapefile's .prj or a GeoPackage's gpkg_spatial_ref_sys. */
export function crsFromWkt(wkt: string): Result<CoordinateSystem> {
  const text = wkt.trim();
  if (!text) return err('its coordinate system description is empty');
  if (BNG_WKT.test(text)) return ok(britishNationalGrid());
  const name = /^\s*(?:PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS)\s*\[\s*"([^"]{1,120})"/i.exec(text)?.[1];
  // A geographic WGS84 (or ETRS89) system: plain lon/lat.
  if (/^\s*GEOG/i.test(text) && /WGS[_ ]?(19)?84|ETRS[_ ]?(19)?89/i.test(text)) return ok({ ...wgs84, label: `${name ?? 'WGS84'} longitude/latitude` });
  try {
    return ok(fromProj4(name ?? 'the coordinate system its .prj names', text));
  } catch {
    return err(`its coordinate system${name ? ` "${name}"` : ''} could not be read; re-export it as WGS84 (EPSG:4326) or British National Grid (EPSG:27700)`);
  }
}
