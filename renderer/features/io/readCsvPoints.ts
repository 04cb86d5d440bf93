/**
 * A spreadsheet of places (CSV) becomes points: one per row, positioned by latitude/longitude columns, British
 * National Grid easting/northing columns, or a grid reference column ("TQ 30045 80210"). Columns are found by their
 * headings; a row whose position cannot be read is skipped with a warning naming the row and the value.
 */
import Papa from 'papaparse';
import { fromBng, parseGridRef } from '../../../shared/geo';
import { BNG_LABEL } from '../../../shared/geo/projections';
import { err, ok, type Result } from '../../../shared/util/result';
import { MAX_IMPORT_FEATURES, formatCount } from './limits';
import type { PlanSource, RawFeature } from './sourceTypes';

type Mode = { kind: 'lonlat'; lon: string; lat: string } | { kind: 'bng'; e: string; n: string } | { kind: 'gridref'; ref: string };

const norm = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');
const LAT = ['latitude', 'lat', 'wgs84lat', 'latwgs84'];
const LON = ['longitude', 'lon', 'lng', 'long', 'wgs84lon', 'lonwgs84'];
const EAST = ['easting', 'eastings', 'east', 'osgbeasting', 'bngeasting', 'xcoord', 'x'];
const NORTH = ['northing', 'northings', 'north', 'osgbnorthing', 'bngnorthing', 'ycoord', 'y'];
const REF = ['gridref', 'gridreference', 'osgridref', 'osgridreference', 'ngr', 'bnggridref', 'grid', 'osgb'];
const NAME = ['name', 'title', 'label', 'site', 'sitename', 'location', 'place', 'venue', 'stadium', 'team', 'callsign'];
const MAX_LISTED_ROWS = 20;

export const CSV_HELP = 'a heading row with latitude and longitude, easting and northing, or grid reference columns';

export function readCsvPoints(text: string): Result<PlanSource> {
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim() });
  const headers = (parsed.meta.fields ?? []).filter((h) => h !== '');
  if (headers.length === 0) return err(`the CSV has no heading row; Cordon needs ${CSV_HELP}`);
  const rows = parsed.data;
  if (rows.length > MAX_IMPORT_FEATURES) return err(`the CSV has ${formatCount(rows.length)} rows; the limit is ${formatCount(MAX_IMPORT_FEATURES)}`);
  const mode = pickColumns(headers, rows);
  if (!mode)
    return err(
      `Cordon cannot find the position columns among ${headers
        .slice(0, 12)
        .map((h) => `"${h}"`)
        .join(', ')}; it needs ${CSV_HELP}`,
    );
  const nameColumn = find(headers, NAME) ?? headers.find((h) => !usedBy(mode).includes(h));

  const features: RawFeature[] = [];
  const problems: string[] = [];
  rows.forEach((row, i) => {
    const at = position(row, mode);
    const rowNo = i + 2; // the heading is row 1, as a spreadsheet numbers it
    if (!at.ok) {
      problems.push(`Row ${rowNo}: ${at.error}`);
      return;
    }
    const properties: Record<string, unknown> = {};
    if (nameColumn && row[nameColumn]?.trim()) properties.name = row[nameColumn].trim();
    for (const h of headers) if (h !== nameColumn && !usedBy(mode).includes(h) && row[h]?.trim()) properties[h] = row[h].trim();
    features.push({ properties, geometry: { type: 'Point', coordinates: at.value } });
  });
  if (features.length === 0) {
    return err(`no row of the CSV has a position Cordon can read (${problems.slice(0, 3).join(' ')})`);
  }
  const warnings = problems.slice(0, MAX_LISTED_ROWS).map((p) => `Skipped ${p.charAt(0).toLowerCase()}${p.slice(1)}`);
  if (problems.length > MAX_LISTED_ROWS) warnings.push(`... and ${problems.length - MAX_LISTED_ROWS} more rows without a readable position.`);
  for (const e of parsed.errors.slice(0, 3)) if (e.type !== 'FieldMismatch') warnings.push(`CSV row ${(e.row ?? 0) + 2}: ${e.message}.`);
  const notices = [describeMode(mode, nameColumn)];
  return ok({ format: 'csv', features, warnings, notices });
}

function describeMode(mode: Mode, nameColumn: string | undefined): string {
  const named = nameColumn ? ` Names from "${nameColumn}".` : '';
  if (mode.kind === 'lonlat') return `Points from the "${mode.lat}" and "${mode.lon}" columns (WGS84).${named}`;
  if (mode.kind === 'bng') return `Points from the "${mode.e}" and "${mode.n}" columns, reprojected from ${BNG_LABEL}.${named}`;
  return `Points from the grid references in "${mode.ref}", reprojected from ${BNG_LABEL}.${named}`;
}

function usedBy(mode: Mode): string[] {
  return mode.kind === 'lonlat' ? [mode.lon, mode.lat] : mode.kind === 'bng' ? [mode.e, mode.n] : [mode.ref];
}

function find(headers: string[], names: string[]): string | undefined {
  for (const n of names) {
    const h = headers.find((x) => norm(x) === n);
    if (h) return h;
  }
  return undefined;
}

function pickColumns(headers: string[], rows: Record<string, string>[]): Mode | undefined {
  const lat = find(headers, LAT);
  const lon = find(headers, LON);
  if (lat && lon) return { kind: 'lonlat', lat, lon };
  const e = find(headers, EAST);
  const n = find(headers, NORTH);
  if (e && n) {
    // Bare x/y columns may hold degrees: metres on the grid are in the thousands.
    const sample = rows.slice(0, 20).map((r) => Math.abs(Number(r[e])));
    if (norm(e) === 'x' && sample.every((v) => !Number.isFinite(v) || v <= 180)) return { kind: 'lonlat', lon: e, lat: n };
    return { kind: 'bng', e, n };
  }
  const ref = find(headers, REF);
  return ref ? { kind: 'gridref', ref } : undefined;
}

function number(raw: string | undefined, what: string): Result<number> {
  const s = (raw ?? '').trim();
  if (!s) return err(`the ${what} is empty.`);
  const v = Number(s);
  return Number.isFinite(v) ? ok(v) : err(`the ${what} "${s.slice(0, 30)}" is not a number.`);
}

function position(row: Record<string, string>, mode: Mode): Result<[number, number]> {
  if (mode.kind === 'gridref') {
    const r = parseGridRef(row[mode.ref] ?? '');
    return r.ok ? ok([r.value.lon, r.value.lat]) : err(r.error);
  }
  if (mode.kind === 'bng') {
    const e = number(row[mode.e], 'easting');
    if (!e.ok) return e;
    const n = number(row[mode.n], 'northing');
    if (!n.ok) return n;
    const ll = fromBng(e.value, n.value);
    return ll.ok ? ok([ll.value.lon, ll.value.lat]) : err(ll.error);
  }
  const lat = number(row[mode.lat], 'latitude');
  if (!lat.ok) return lat;
  const lon = number(row[mode.lon], 'longitude');
  if (!lon.ok) return lon;
  if (Math.abs(lat.value) > 90 || Math.abs(lon.value) > 180) {
    const metres = lat.value > 1000 || lon.value > 1000 ? ' (these look like grid metres: head the columns "easting" and "northing")' : '';
    return err(`latitude ${lat.value}, longitude ${lon.value} is out of range${metres}.`);
  }
  return ok([lon.value, lat.value]);
}
