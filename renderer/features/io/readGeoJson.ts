/**
 * GeoJSON (RFC 7946) and the older GeoJSON that QGIS and GDAL still write with a `crs` member. A file that names
 * British National Grid (or another system we know) is reprojected to WGS84 and the preview says so; a `crs` we
 * cannot identify is refused rather than drawn in the wrong place.
 */
import { z } from 'zod';
import { crsFromName } from '../../../shared/geo/projections';
import { err, ok, type Result } from '../../../shared/util/result';
import { MAX_IMPORT_FEATURES, formatCount } from './limits';
import { reprojectGeometry } from './reproject';
import type { PlanSource, RawFeature } from './sourceTypes';
import { describeValue, errorMessage } from './text';

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

/** The legacy (2008) GeoJSON `crs` member: only the named form is used by today's tools. */
const NamedCrs = z.object({ type: z.literal('name'), properties: z.object({ name: z.string().min(1).max(500) }) });

export function readGeoJson(text: string, warnings: string[]): Result<PlanSource> {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    return err(`the file is not valid JSON: ${withLineNumber(errorMessage(e), text)}`);
  }
  const features = geoJsonFeatures(root);
  if (!features.ok) return features;
  const crs = readCrs(isObject(root) ? root.crs : undefined);
  if (!crs.ok) return crs;
  const notices: string[] = [];
  let list = features.value;
  if (crs.value && !crs.value.isWgs84) {
    const toLonLat = crs.value.toLonLat;
    list = list.map((f) => ({ ...f, geometry: reprojectGeometry(f.geometry, toLonLat) }));
    notices.push(`Reprojected from ${crs.value.label}.`);
  }
  return ok({ format: 'geojson', features: list, warnings, notices });
}

function readCrs(crs: unknown) {
  if (crs === undefined || crs === null) return ok(undefined);
  const parsed = NamedCrs.safeParse(crs);
  if (!parsed.success)
    return err(
      `the file's "crs" member is not one Cordon can read (expected {"type": "name", "properties": {"name": ...}}); re-export it as WGS84 (EPSG:4326)`,
    );
  const r = crsFromName(parsed.data.properties.name);
  return r.ok ? r : err(r.error.replace(/^its /, "the file's "));
}

/** Node's JSON errors give a character position only; planners want a line and column. */
function withLineNumber(message: string, text: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m || /line \d+/.test(message)) return message;
  const pos = Math.min(Number(m[1]), text.length);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function geoJsonFeatures(root: unknown): Result<RawFeature[]> {
  if (!isObject(root)) return err(`the file is not GeoJSON: expected an object with a "type", found ${describeValue(root)}`);
  const type = root.type;
  if (type === 'FeatureCollection') {
    const list = root.features;
    if (!Array.isArray(list)) return err(`the FeatureCollection has no "features" array (found ${describeValue(list)})`);
    if (list.length > MAX_IMPORT_FEATURES) return err(`the file holds ${formatCount(list.length)} features; the limit is ${formatCount(MAX_IMPORT_FEATURES)}`);
    const out: RawFeature[] = [];
    for (let i = 0; i < list.length; i++) {
      const f: unknown = list[i];
      if (!isObject(f) || f.type !== 'Feature') {
        return err(`feature ${i + 1} is not a GeoJSON Feature (found ${isObject(f) ? `type ${describeValue(f.type)}` : describeValue(f)})`);
      }
      out.push(rawFeature(f));
    }
    return ok(out);
  }
  if (type === 'Feature') return ok([rawFeature(root)]);
  if (typeof type === 'string' && GEOMETRY_TYPES.has(type)) return ok([{ properties: null, geometry: root }]);
  if ('operation' in root && 'features' in root) {
    return err('this looks like a Cordon operation bundle, not a map layer: open the .cordon file with "Import operation" instead');
  }
  return err(`the file is not GeoJSON: its top-level "type" is ${describeValue(type)}`);
}

function rawFeature(f: Record<string, unknown>): RawFeature {
  return { properties: isObject(f.properties) ? f.properties : null, geometry: f.geometry };
}
