/**
 * A synced change of one row, field by field, for people (the Audit view following a feature): "Name: Sector 1 →
 * Sector North". A geometry is told as moved or reshaped with its vertex count, never as coordinates; bookkeeping
 * stamps (updatedAt) are left out, as the server's merge leaves them out of conflicts.
 */

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

export interface ChangeDescription {
  /** "created", "deleted", "3 fields changed", "no field changed". */
  summary: string;
  fields: FieldChange[];
}

const BOOKKEEPING = new Set(['updatedAt', 'updatedBy', 'createdAt']);
const MAX_TEXT = 80;

type Row = Record<string, unknown>;
const isRow = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);
const isGeometry = (v: unknown): v is { type: string; coordinates: unknown } => isRow(v) && typeof v.type === 'string' && 'coordinates' in v;

/** "phaseIds" -> "Phase ids", "props.cordonType" -> "Cordon type". */
export function fieldLabel(path: string): string {
  const last = path.split('.').at(-1) ?? path;
  const words = last
    .replace(/Ids$/, ' ids')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A value in a table cell: text as typed, nothing as "(empty)", lists and objects as short JSON. */
export function shownValue(v: unknown): string {
  if (v === undefined || v === null || v === '') return '(empty)';
  if (Array.isArray(v) && v.length === 0) return '(none)';
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  return s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1)}…` : s;
}

/** Positions in a GeoJSON geometry's coordinates (a polygon's closing vertex counts, as drawn). */
export function vertexCount(coordinates: unknown): number {
  if (!Array.isArray(coordinates)) return 0;
  if (coordinates.length >= 2 && coordinates.every((c) => typeof c === 'number')) return 1;
  return coordinates.reduce((n: number, c) => n + vertexCount(c), 0);
}

function positions(coordinates: unknown, out: number[][] = []): number[][] {
  if (!Array.isArray(coordinates)) return out;
  if (coordinates.length >= 2 && coordinates.every((c) => typeof c === 'number')) out.push(coordinates as number[]);
  else for (const c of coordinates) positions(c, out);
  return out;
}

/** Moved: every vertex shifted by the same offset; otherwise reshaped. */
export function describeGeometry(before: unknown, after: unknown): FieldChange {
  if (!isGeometry(before) || !isGeometry(after)) {
    return { field: 'Geometry', before: isGeometry(before) ? geometryWords(before) : '(none)', after: isGeometry(after) ? geometryWords(after) : '(none)' };
  }
  const a = positions(before.coordinates);
  const b = positions(after.coordinates);
  const EPS = 1e-9;
  const moved =
    before.type === after.type &&
    a.length === b.length &&
    a.length > 0 &&
    a.every((p, i) => Math.abs(b[i]![0]! - p[0]! - (b[0]![0]! - a[0]![0]!)) < EPS && Math.abs(b[i]![1]! - p[1]! - (b[0]![1]! - a[0]![1]!)) < EPS);
  return { field: 'Geometry', before: geometryWords(before), after: `${moved ? 'moved' : 'reshaped'}: ${geometryWords(after)}` };
}

const geometryWords = (g: { type: string; coordinates: unknown }) => {
  const n = vertexCount(g.coordinates);
  return `${g.type}, ${n} ${n === 1 ? 'vertex' : 'vertices'}`;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function fieldChanges(before: Row, after: Row, prefix = ''): FieldChange[] {
  const out: FieldChange[] = [];
  for (const k of [...new Set([...Object.keys(before), ...Object.keys(after)])]) {
    if (BOOKKEEPING.has(k) || same(before[k], after[k])) continue;
    const path = prefix + k;
    const b = before[k];
    const a = after[k];
    if (isGeometry(b) || isGeometry(a)) out.push(describeGeometry(b, a));
    // One level into nested records (a feature's props): "Cordon type", not a JSON blob.
    else if (!prefix && isRow(b) && isRow(a)) out.push(...fieldChanges(b, a, `${path}.`));
    else out.push({ field: fieldLabel(path), before: shownValue(b), after: shownValue(a) });
  }
  return out;
}

export function describeChange(before: unknown, after: unknown): ChangeDescription {
  if (!isRow(before) && !isRow(after)) return { summary: 'no row before or after', fields: [] };
  if (!isRow(before)) return { summary: 'created', fields: fieldChanges({}, after as Row) };
  if (!isRow(after)) return { summary: 'deleted', fields: fieldChanges(before, {}) };
  const fields = fieldChanges(before, after);
  return { summary: fields.length === 0 ? 'no field changed' : `${fields.length} ${fields.length === 1 ? 'field' : 'fields'} changed`, fields };
}
