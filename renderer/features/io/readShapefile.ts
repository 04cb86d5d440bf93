/**
 * Shapefiles, as QGIS and ArcGIS users send them: a .zip holding one or more layers, each a .shp (shapes), .dbf
 * (attributes), .prj (coordinate system) and perhaps a .cpg (text encoding). shpjs parses the shapes and attributes;
 * the .prj is resolved by shared/geo/projections so British National Grid always uses the one OSGB36 definition.
 * A layer with no .prj is read only if its numbers are plainly longitude/latitude: anything else would be a guess.
 */
import { unzipSync } from 'fflate';
import { parseDbf, parseShp } from 'shpjs';
import { crsFromWkt, type CoordinateSystem } from '../../../shared/geo/projections';
import { err, ok, type Result } from '../../../shared/util/result';
import { MAX_IMPORT_FEATURES, MAX_KMZ_ENTRY_BYTES, formatBytes, formatCount } from './limits';
import { reprojectGeometry } from './reproject';
import type { PlanSource, RawFeature } from './sourceTypes';
import { decodeText, errorMessage } from './text';

interface Entry {
  name: string;
  originalSize: number;
}

/** True when a zip's entry list holds a shapefile (so it is not a KMZ). */
export function holdsShapefile(names: readonly string[]): boolean {
  return names.some((n) => /\.shp$/i.test(n) && !n.startsWith('__MACOSX/'));
}

export function readShapefileZip(bytes: Uint8Array, entries: readonly Entry[]): Result<PlanSource> {
  const layers = entries.filter((e) => /\.shp$/i.test(e.name) && !e.name.startsWith('__MACOSX/')).map((e) => e.name.slice(0, -4));
  const wanted = new Map<string, string>(); // lower-case name -> real name
  for (const e of entries) wanted.set(e.name.toLowerCase(), e.name);
  const total = entries.filter((e) => /\.(shp|dbf|prj|cpg)$/i.test(e.name)).reduce((n, e) => n + e.originalSize, 0);
  if (total > MAX_KMZ_ENTRY_BYTES) return err(`the shapefile is ${formatBytes(total)} uncompressed; the limit is ${formatBytes(MAX_KMZ_ENTRY_BYTES)}`);
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => /\.(shp|dbf|prj|cpg)$/i.test(f.name) && !f.name.startsWith('__MACOSX/') });
  } catch (e) {
    return err(`the zip cannot be unpacked: ${errorMessage(e)}`);
  }
  const part = (base: string, ext: string) => {
    const real = wanted.get(`${base}.${ext}`.toLowerCase());
    return real ? files[real] : undefined;
  };

  const features: RawFeature[] = [];
  const warnings: string[] = [];
  const reprojected = new Map<string, string[]>();
  for (const base of layers.sort()) {
    const layer = base.split('/').pop() ?? base;
    const shp = part(base, 'shp');
    if (!shp) continue;
    let shapes: ReturnType<typeof parseShp>;
    let rows: Array<Record<string, unknown>> = [];
    try {
      shapes = parseShp(shp, false);
    } catch (e) {
      return err(`layer "${layer}": the .shp cannot be read (${errorMessage(e)})`);
    }
    const dbf = part(base, 'dbf');
    if (dbf) {
      try {
        const cpg = part(base, 'cpg');
        rows = parseDbf(dbf, cpg ? decodeText(cpg).trim() : undefined);
      } catch (e) {
        return err(`layer "${layer}": the .dbf (attributes) cannot be read (${errorMessage(e)})`);
      }
    } else warnings.push(`Layer "${layer}" has no .dbf, so its features have no names or attributes.`);
    if (features.length + shapes.length > MAX_IMPORT_FEATURES)
      return err(`the shapefile holds more than ${formatCount(MAX_IMPORT_FEATURES)} features; that is the limit for one import`);

    const prj = part(base, 'prj');
    const crs = prj ? crsFromWkt(decodeText(prj)) : assumeLonLat(shapes, layer);
    if (!crs.ok) return err(`layer "${layer}": ${crs.error}`);
    if (!prj) warnings.push(`Layer "${layer}" has no .prj; its coordinates look like longitude/latitude and were read as WGS84.`);
    if (!crs.value.isWgs84) reprojected.set(crs.value.label, [...(reprojected.get(crs.value.label) ?? []), layer]);
    shapes.forEach((g, i) => {
      const geometry = g && !crs.value.isWgs84 ? reprojectGeometry(g, crs.value.toLonLat) : g;
      features.push({ properties: rows[i] ?? null, geometry, group: layer });
    });
  }
  if (layers.length === 0) return err('the zip holds no .shp file');
  const notices = [...reprojected].map(
    ([label, names]) => `Reprojected from ${label}${layers.length > 1 ? ` (${names.map((n) => `"${n}"`).join(', ')})` : ''}.`,
  );
  return ok({ format: 'shapefile', features, warnings, notices });
}

function assumeLonLat(shapes: ReturnType<typeof parseShp>, layer: string): Result<CoordinateSystem> {
  let inRange = true;
  const visit = (c: unknown): void => {
    if (!inRange || !Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      if (Math.abs(c[0]) > 180 || Math.abs(c[1]) > 90) inRange = false;
      return;
    }
    c.forEach(visit);
  };
  for (const s of shapes) if (s) visit(s.coordinates);
  if (!inRange) return err(`the zip has no ${layer}.prj, so Cordon cannot tell which coordinate system its numbers are in; include the .prj file`);
  return ok({ label: 'WGS84', isWgs84: true, toLonLat: (x, y) => [x, y] });
}
