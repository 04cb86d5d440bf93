/**
 * GeoPackage (.gpkg), the OGC format QGIS saves to by default: an SQLite database whose gpkg_contents table lists
 * the feature layers. sql.js (SQLite compiled to JavaScript) opens it in memory; nothing is written back and no
 * server is involved. Its pure-JS build is used so the app's Content-Security-Policy needs no WebAssembly exception,
 * and it is loaded only when a GeoPackage is opened. Every metadata row is checked with a zod schema before use.
 */
import type { Database, SqlValue } from 'sql.js';
import { z } from 'zod';
import { crsFromEpsg, crsFromWkt, type CoordinateSystem } from '../../../shared/geo/projections';
import { err, ok, type Result } from '../../../shared/util/result';
import { decodeGpkgGeometry } from './gpkgGeometry';
import { MAX_IMPORT_FEATURES, formatCount } from './limits';
import { reprojectGeometry } from './reproject';
import type { PlanSource, RawFeature } from './sourceTypes';
import { errorMessage } from './text';

const Identifier = z.string().min(1).max(200);
const Content = z.object({ table_name: Identifier, identifier: z.string().nullable().optional() });
const GeometryColumn = z.object({ column_name: Identifier, srs_id: z.number().int() });
const SpatialRef = z.object({ organization: z.string(), organization_coordsys_id: z.number().int(), definition: z.string() });

let sqlJs: ReturnType<typeof loadSqlJs> | undefined;
function loadSqlJs() {
  return import('sql.js/dist/sql-asm.js').then((m) => m.default());
}

export async function readGeoPackage(bytes: Uint8Array): Promise<Result<PlanSource>> {
  let db: Database;
  try {
    sqlJs ??= loadSqlJs();
    const SQL = await sqlJs;
    db = new SQL.Database(bytes);
  } catch (e) {
    return err(`the GeoPackage cannot be opened: ${errorMessage(e)}`);
  }
  try {
    return readLayers(db);
  } catch (e) {
    return err(`the GeoPackage cannot be read: ${errorMessage(e)}`);
  } finally {
    db.close();
  }
}

function rows(db: Database, sql: string, params: SqlValue[] = []): Record<string, SqlValue>[] {
  const stmt = db.prepare(sql, params);
  const out: Record<string, SqlValue>[] = [];
  try {
    while (stmt.step()) out.push(stmt.getAsObject());
  } finally {
    stmt.free();
  }
  return out;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function readLayers(db: Database): Result<PlanSource> {
  const tables = new Set(rows(db, "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").map((r) => String(r.name)));
  if (!tables.has('gpkg_contents') || !tables.has('gpkg_geometry_columns')) {
    return err('the file is an SQLite database but not a GeoPackage (it has no gpkg_contents table)');
  }
  const contents = z.array(Content).safeParse(rows(db, "SELECT table_name, identifier FROM gpkg_contents WHERE data_type = 'features' ORDER BY table_name"));
  if (!contents.success) return err('its gpkg_contents table is malformed');
  if (contents.data.length === 0) return err('the GeoPackage holds no feature layers (only tiles or attributes)');

  const features: RawFeature[] = [];
  const warnings: string[] = [];
  const reprojected = new Map<string, string[]>();
  for (const { table_name: table } of contents.data) {
    if (!tables.has(table)) {
      warnings.push(`Layer "${table}" is listed in the GeoPackage but its table is missing; it was skipped.`);
      continue;
    }
    const column = GeometryColumn.safeParse(rows(db, 'SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?', [table])[0]);
    if (!column.success) return err(`layer "${table}" has no geometry column in gpkg_geometry_columns`);
    const crs = layerCrs(db, column.data.srs_id);
    if (!crs.ok) return err(`layer "${table}": ${crs.error}`);
    if (!crs.value.isWgs84) reprojected.set(crs.value.label, [...(reprojected.get(crs.value.label) ?? []), table]);

    const count = Number(rows(db, `SELECT count(*) AS n FROM ${quote(table)}`)[0]?.n ?? 0);
    if (features.length + count > MAX_IMPORT_FEATURES)
      return err(`the GeoPackage holds more than ${formatCount(MAX_IMPORT_FEATURES)} features; that is the limit for one import`);
    const geomColumn = column.data.column_name;
    for (const [i, row] of rows(db, `SELECT * FROM ${quote(table)}`).entries()) {
      const blob = row[geomColumn];
      let geometry: unknown = null;
      if (blob instanceof Uint8Array) {
        const g = decodeGpkgGeometry(blob);
        if (!g.ok) return err(`layer "${table}", feature ${i + 1}: ${g.error}`);
        geometry = g.value && !crs.value.isWgs84 ? reprojectGeometry(g.value, crs.value.toLonLat) : g.value;
      }
      const properties: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row)) if (k !== geomColumn && (typeof v === 'string' || typeof v === 'number')) properties[k] = v;
      features.push({ properties, geometry, group: table });
    }
  }
  const multi = contents.data.length > 1;
  const notices = [...reprojected].map(([label, names]) => `Reprojected from ${label}${multi ? ` (${names.map((n) => `"${n}"`).join(', ')})` : ''}.`);
  return ok({ format: 'geopackage', features, warnings, notices });
}

function layerCrs(db: Database, srsId: number): Result<CoordinateSystem> {
  const ref = SpatialRef.safeParse(
    rows(db, 'SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?', [srsId])[0],
  );
  if (!ref.success) return err(`its coordinate system (srs_id ${srsId}) is not described in gpkg_spatial_ref_sys`);
  const { organization, organization_coordsys_id: code, definition } = ref.data;
  // srs_id 0 and -1 are the standard's "undefined geographic" and "undefined Cartesian" systems.
  if (code === 0 || code === -1) return err('its coordinate system is undefined; re-export it as WGS84 (EPSG:4326) or British National Grid (EPSG:27700)');
  if (organization.toUpperCase() === 'EPSG') {
    const known = crsFromEpsg(code);
    if (known.ok) return known;
  }
  return crsFromWkt(definition);
}
