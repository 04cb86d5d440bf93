/**
 * Step one of a plan import: recognise the file (by content, then by extension) and turn it into raw GeoJSON-like
 * features, without trusting anything in it yet. GeoJSON is parsed as JSON; KML, KMZ and GPX go through
 * @tmcw/togeojson after our own coordinate check (togeojson silently drops numbers it cannot read).
 */
import { gpx, kml } from '@tmcw/togeojson';
import { unzipSync } from 'fflate';
import { err, ok, type Result } from '../../../shared/util/result';
import { MAX_IMPORT_FEATURES, MAX_KMZ_ENTRY_BYTES, formatBytes, formatCount } from './limits';
import { decodeText, describeValue, errorMessage, fileExtension, looksLikeZip } from './text';
import { parseXml, rootName } from './xml';
import { checkGpxCoordinates, checkKmlCoordinates } from './xmlCoordinates';

export type PlanFileFormat = 'geojson' | 'kml' | 'kmz' | 'gpx';

export interface RawFeature {
  properties: Record<string, unknown> | null;
  geometry: unknown;
}

export interface PlanSource {
  format: PlanFileFormat;
  features: RawFeature[];
  warnings: string[];
}

const GEOJSON_EXTENSIONS = new Set(['geojson', 'json']);
const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);
const EXPECTED = 'expected GeoJSON (.geojson, .json), KML (.kml), KMZ (.kmz) or GPX (.gpx)';

export function readPlanSource(fileName: string, bytes: Uint8Array): Result<PlanSource> {
  const ext = fileExtension(fileName);
  const warnings: string[] = [];
  const mismatch = (actual: PlanFileFormat) => {
    const expected: PlanFileFormat | undefined = GEOJSON_EXTENSIONS.has(ext) ? 'geojson' : ext === 'kml' || ext === 'kmz' || ext === 'gpx' ? ext : undefined;
    if (expected && expected !== actual) warnings.push(`The file is named .${ext} but holds ${actual.toUpperCase()}; it was read as ${actual.toUpperCase()}.`);
  };

  if (looksLikeZip(bytes)) {
    const kmlText = readKmz(bytes, warnings);
    if (!kmlText.ok) return kmlText;
    mismatch('kmz');
    return fromKmzText(kmlText.value, warnings);
  }
  if (ext === 'kmz') return err('the file is not a KMZ: a KMZ is a zip archive, and this is not one');

  const text = decodeText(bytes);
  const first = firstNonSpace(text);
  if (first === '{' || first === '[' || (first !== '<' && GEOJSON_EXTENSIONS.has(ext))) {
    mismatch('geojson');
    return fromJson(text, warnings);
  }
  if (first === '<' || ext === 'kml' || ext === 'gpx') {
    const doc = parseXml(text);
    if (!doc.ok) return doc;
    const root = rootName(doc.value);
    if (root !== 'kml' && root !== 'gpx') return err(`the file is XML whose root element is <${root.slice(0, 40)}>, not KML or GPX; ${EXPECTED}`);
    mismatch(root);
    return convertXml(doc.value, root, root, warnings);
  }
  return err(`Cordon cannot tell what kind of file this is; ${EXPECTED}`);
}

function firstNonSpace(text: string): string {
  for (let i = 0; i < text.length && i < 4096; i++) {
    const c = text[i] as string;
    if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') return c;
  }
  return '';
}

function readKmz(bytes: Uint8Array, warnings: string[]): Result<string> {
  const entries: Array<{ name: string; originalSize: number }> = [];
  try {
    // First pass: list the entries without inflating anything.
    unzipSync(bytes, {
      filter: (f) => {
        entries.push({ name: f.name, originalSize: f.originalSize });
        return false;
      },
    });
  } catch (e) {
    return err(`the file looks like a zip but cannot be read: ${errorMessage(e)}`);
  }
  const names = new Set(entries.map((e) => e.name));
  if (names.has('manifest.json') && names.has('operation.json')) {
    return err('this is a Cordon operation file (.cordon), not a map layer: open it with "Import operation" instead');
  }
  const kmls = entries.filter((e) => /\.kml$/i.test(e.name) && !e.name.startsWith('__MACOSX/')).sort((a, b) => a.name.localeCompare(b.name));
  const chosen =
    kmls.find((e) => e.name.toLowerCase() === 'doc.kml') ?? kmls.find((e) => !e.name.includes('/')) ?? kmls[0];
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
    const fc = root === 'kml' ? kml(doc) : gpx(doc);
    features = fc.features.map((f) => ({ properties: f.properties ?? null, geometry: f.geometry }));
  } catch (e) {
    return err(`the ${root.toUpperCase()} could not be converted: ${errorMessage(e)}`);
  }
  if (features.length > MAX_IMPORT_FEATURES) return tooMany(features.length);
  return ok({ format, features, warnings });
}

function tooMany(n: number): Result<never> {
  return err(`the file holds ${formatCount(n)} features; the limit is ${formatCount(MAX_IMPORT_FEATURES)}`);
}

function fromJson(text: string, warnings: string[]): Result<PlanSource> {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    return err(`the file is not valid JSON: ${withLineNumber(errorMessage(e), text)}`);
  }
  const features = geoJsonFeatures(root);
  if (!features.ok) return features;
  return ok({ format: 'geojson', features: features.value, warnings });
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
  const crs = crsProblem(root.crs);
  if (crs) return err(crs);
  const type = root.type;
  if (type === 'FeatureCollection') {
    const list = root.features;
    if (!Array.isArray(list)) return err(`the FeatureCollection has no "features" array (found ${describeValue(list)})`);
    if (list.length > MAX_IMPORT_FEATURES) return tooMany(list.length);
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

/** RFC 7946 GeoJSON is WGS84; an old-style `crs` member naming anything else is refused, not silently misread. */
function crsProblem(crs: unknown): string | undefined {
  if (crs === undefined || crs === null) return undefined;
  const name = isObject(crs) && isObject(crs.properties) ? crs.properties.name : undefined;
  if (typeof name === 'string' && /CRS84|(EPSG|epsg)(::|:)4326\b|WGS ?84/.test(name)) return undefined;
  const shown = typeof name === 'string' ? `"${name.slice(0, 80)}"` : 'an unrecognised coordinate system';
  const hint = typeof name === 'string' && /27700/.test(name) ? ' (British National Grid)' : '';
  return `the file declares ${shown}${hint}; Cordon reads GeoJSON only in WGS84 longitude/latitude: re-export it as WGS84 (EPSG:4326)`;
}
