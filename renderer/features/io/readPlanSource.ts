/**
 * Step one of a plan import: recognise the file (by content, then by extension) and turn it into raw GeoJSON-like
 * features, without trusting anything in it yet. GeoJSON is parsed as JSON (and reprojected if it names British
 * National Grid); KML, KMZ and GPX go through @tmcw/togeojson after our own coordinate check (togeojson silently
 * drops numbers it cannot read); CSV rows become points; a zip holding .shp files is a shapefile; an SQLite file is
 * a GeoPackage.
 */
import { gpx, kmlWithFolders, type Folder, type Root } from '@tmcw/togeojson';
import { unzipSync } from 'fflate';
import { err, ok, type Result } from '../../../shared/util/result';
import { looksLikeSqlite } from './gpkgGeometry';
import { MAX_IMPORT_FEATURES, MAX_KMZ_ENTRY_BYTES, formatBytes, formatCount } from './limits';
import { readCsvPoints } from './readCsvPoints';
import { readGeoJson } from './readGeoJson';
import { readGeoPackage } from './readGeoPackage';
import { holdsShapefile, readShapefileZip } from './readShapefile';
import type { PlanFileFormat, PlanSource, RawFeature } from './sourceTypes';
import { decodeText, errorMessage, fileExtension, looksLikeZip } from './text';
import { parseXml, rootName } from './xml';
import { checkGpxCoordinates, checkKmlCoordinates } from './xmlCoordinates';

export type { PlanFileFormat, PlanSource, RawFeature } from './sourceTypes';

const GEOJSON_EXTENSIONS = new Set(['geojson', 'json']);
const EXPECTED = 'expected GeoJSON (.geojson, .json), KML (.kml), KMZ (.kmz), GPX (.gpx), CSV (.csv), a zipped Shapefile (.zip) or a GeoPackage (.gpkg)';
const GPX_GROUPS: Record<string, string> = { wpt: 'Waypoints', trk: 'Tracks', rte: 'Routes' };

export async function readPlanSource(fileName: string, bytes: Uint8Array): Promise<Result<PlanSource>> {
  const ext = fileExtension(fileName);
  const warnings: string[] = [];
  const mismatch = (actual: PlanFileFormat) => {
    const named: Partial<Record<string, PlanFileFormat>> = { kml: 'kml', kmz: 'kmz', gpx: 'gpx', csv: 'csv', gpkg: 'geopackage', shp: 'shapefile' };
    const expected = GEOJSON_EXTENSIONS.has(ext) ? 'geojson' : named[ext];
    if (expected && expected !== actual) warnings.push(`The file is named .${ext} but holds ${actual.toUpperCase()}; it was read as ${actual.toUpperCase()}.`);
  };

  if (looksLikeSqlite(bytes)) {
    mismatch('geopackage');
    return readGeoPackage(bytes);
  }
  if (ext === 'gpkg') return err('the file is not a GeoPackage: a GeoPackage is an SQLite database, and this is not one');
  if (ext === 'shp' || ext === 'dbf' || ext === 'prj') {
    return err(`a shapefile is several files (.shp, .dbf, .prj) that travel together: put them in one .zip and import the zip`);
  }
  if (looksLikeZip(bytes)) {
    const entries = listZip(bytes);
    if (!entries.ok) return entries;
    if (holdsShapefile(entries.value.map((e) => e.name))) return readShapefileZip(bytes, entries.value);
    const kmlText = readKmz(bytes, entries.value, warnings);
    if (!kmlText.ok) return kmlText;
    mismatch('kmz');
    return fromKmzText(kmlText.value, warnings);
  }
  if (ext === 'kmz') return err('the file is not a KMZ: a KMZ is a zip archive, and this is not one');
  if (ext === 'zip') return err('the file is named .zip but is not a zip archive');

  const text = decodeText(bytes);
  const first = firstNonSpace(text);
  if (first === '{' || first === '[' || (first !== '<' && GEOJSON_EXTENSIONS.has(ext))) {
    mismatch('geojson');
    return readGeoJson(text, warnings);
  }
  if (first === '<' || ext === 'kml' || ext === 'gpx') {
    const doc = parseXml(text);
    if (!doc.ok) return doc;
    const root = rootName(doc.value);
    if (root !== 'kml' && root !== 'gpx') return err(`the file is XML whose root element is <${root.slice(0, 40)}>, not KML or GPX; ${EXPECTED}`);
    mismatch(root);
    return convertXml(doc.value, root, root, warnings);
  }
  if (ext === 'csv' || ext === 'tsv') return readCsvPoints(text);
  return err(`Cordon cannot tell what kind of file this is; ${EXPECTED}`);
}

function listZip(bytes: Uint8Array): Result<Array<{ name: string; originalSize: number }>> {
  const entries: Array<{ name: string; originalSize: number }> = [];
  try {
    // List the entries without inflating anything.
    unzipSync(bytes, {
      filter: (f) => {
        entries.push({ name: f.name, originalSize: f.originalSize });
        return false;
      },
    });
  } catch (e) {
    return err(`the file looks like a zip but cannot be read: ${errorMessage(e)}`);
  }
  return ok(entries);
}

function firstNonSpace(text: string): string {
  for (let i = 0; i < text.length && i < 4096; i++) {
    const c = text[i] as string;
    if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') return c;
  }
  return '';
}

function readKmz(bytes: Uint8Array, entries: Array<{ name: string; originalSize: number }>, warnings: string[]): Result<string> {
  const names = new Set(entries.map((e) => e.name));
  if (names.has('manifest.json') && names.has('operation.json')) {
    return err('this is a Cordon operation file (.cordon), not a map layer: open it with "Import operation" instead');
  }
  const kmls = entries.filter((e) => /\.kml$/i.test(e.name) && !e.name.startsWith('__MACOSX/')).sort((a, b) => a.name.localeCompare(b.name));
  const chosen = kmls.find((e) => e.name.toLowerCase() === 'doc.kml') ?? kmls.find((e) => !e.name.includes('/')) ?? kmls[0];
  if (!chosen) return err('the zip holds no .kml file, so it is not a KMZ');
  if (chosen.originalSize > MAX_KMZ_ENTRY_BYTES) {
    return err(`${chosen.name} inside the KMZ is ${formatBytes(chosen.originalSize)} uncompressed; the limit is ${formatBytes(MAX_KMZ_ENTRY_BYTES)}`);
  }
  if (kmls.length > 1) {
    warnings.push(`The KMZ holds ${kmls.length} .kml files; only ${chosen.name} was read (the others are usually linked overlays).`);
  }
  let out: Uint8Array | undefined;
  try {
    out = unzipSync(bytes, { filter: (f) => f.name === chosen.name })[chosen.name];
  } catch (e) {
    return err(`${chosen.name} inside the KMZ cannot be unpacked: ${errorMessage(e)}`);
  }
  if (!out) return err(`${chosen.name} inside the KMZ cannot be unpacked`);
  return ok(decodeText(out));
}

function fromKmzText(text: string, warnings: string[]): Result<PlanSource> {
  const doc = parseXml(text);
  if (!doc.ok) return doc;
  const root = rootName(doc.value);
  if (root !== 'kml') return err(`the KMZ's main file has root element <${root.slice(0, 40)}>, not <kml>`);
  return convertXml(doc.value, 'kml', 'kmz', warnings);
}

function convertXml(doc: Document, root: 'kml' | 'gpx', format: PlanFileFormat, warnings: string[]): Result<PlanSource> {
  const checked = root === 'kml' ? checkKmlCoordinates(doc) : checkGpxCoordinates(doc);
  if (!checked.ok) return checked;
  let features: RawFeature[];
  try {
    if (root === 'kml') features = kmlFeatures(kmlWithFolders(doc));
    else {
      features = gpx(doc).features.map((f) => {
        const type = f.properties?._gpxType;
        return { properties: f.properties ?? null, geometry: f.geometry, group: (typeof type === 'string' ? GPX_GROUPS[type] : undefined) ?? 'Waypoints' };
      });
    }
  } catch (e) {
    return err(`the ${root.toUpperCase()} could not be converted: ${errorMessage(e)}`);
  }
  if (features.length > MAX_IMPORT_FEATURES) return tooMany(features.length);
  return ok({ format, features, warnings, notices: [] });
}

/** Placemarks in document order, each with the path of KML folders it sits in (the planner's own grouping). */
function kmlFeatures(root: Root): RawFeature[] {
  const out: RawFeature[] = [];
  const walk = (children: Root['children'], path: string[], depth: number) => {
    for (const child of children) {
      if (child.type === 'folder') {
        const folder = child as Folder;
        const name = typeof folder.meta.name === 'string' && folder.meta.name.trim() ? folder.meta.name.trim() : 'Unnamed folder';
        if (depth < 20) walk(folder.children, [...path, name], depth + 1);
      } else out.push({ properties: child.properties ?? null, geometry: child.geometry, group: path.length ? path.join(' / ') : undefined });
    }
  };
  walk(root.children, [], 0);
  return out;
}

function tooMany(n: number): Result<never> {
  return err(`the file holds ${formatCount(n)} features; the limit is ${formatCount(MAX_IMPORT_FEATURES)}`);
}
