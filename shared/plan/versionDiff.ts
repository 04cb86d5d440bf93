/**
 * What changed between two versions of a plan, in words a planner reads: features, units, assignments and phases
 * added, changed and removed, each with its name and, for a change, which fields moved. Takes the row changes that
 * renderer/data `diffBundles` makes (any `{ table, key, before, after }` list), so the comparison logic is one.
 */

export type DiffTable = 'operations' | 'phases' | 'features' | 'units' | 'assignments';

export interface RowChange {
  table: DiffTable;
  key: string;
  before: unknown;
  after: unknown;
}

export interface DiffItem {
  key: string;
  /** The row's name (feature or phase name, unit call sign, "CX21 at Sector 1" for an assignment). */
  label: string;
  /** For a change: the fields that differ (bookkeeping such as updatedAt left out). */
  fields: string[];
}

export interface DiffSection {
  table: DiffTable;
  title: string;
  added: DiffItem[];
  changed: DiffItem[];
  removed: DiffItem[];
}

export interface VersionDiff {
  sections: DiffSection[];
  /** Rows added, changed or removed, all tables. */
  total: number;
}

const TITLES: Record<DiffTable, string> = { operations: 'Operation', features: 'Features', units: 'Units', assignments: 'Assignments', phases: 'Phases' };
const ORDER: DiffTable[] = ['operations', 'features', 'units', 'assignments', 'phases'];
/** Fields that change on every save and say nothing about the plan. */
const IGNORED_FIELDS = new Set(['updatedAt', 'createdAt']);

type Named = { name?: unknown; callSign?: unknown; unitId?: unknown; target?: { featureId?: unknown } };
const obj = (x: unknown): Record<string, unknown> => (x !== null && typeof x === 'object' ? (x as Record<string, unknown>) : {});

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The fields of two rows that differ, bookkeeping left out, in the order the newer row lists them. */
export function changedFields(before: unknown, after: unknown): string[] {
  const b = obj(before);
  const a = obj(after);
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.filter((k) => !IGNORED_FIELDS.has(k) && !same(a[k], b[k]));
}

/** A readable name for a row; `names` resolves ids (units, features) for assignments. */
function labelOf(table: DiffTable, row: unknown, key: string, names: ReadonlyMap<string, string>): string {
  const r = obj(row) as Named;
  if (table === 'units' && typeof r.callSign === 'string') return r.callSign;
  if (table === 'assignments') {
    const unit = typeof r.unitId === 'string' ? (names.get(r.unitId) ?? r.unitId) : '?';
    const targetId = typeof r.target?.featureId === 'string' ? r.target.featureId : null;
    return targetId ? `${unit} at ${names.get(targetId) ?? targetId}` : unit;
  }
  return typeof r.name === 'string' && r.name.trim() ? r.name : key;
}

/** Names by id of every unit (call sign) and feature or phase (name) on either side, for assignment labels. */
function namesOf(changes: readonly RowChange[], extra: ReadonlyMap<string, string>): Map<string, string> {
  const m = new Map(extra);
  for (const c of changes) {
    for (const row of [c.before, c.after]) {
      const r = obj(row) as Named;
      if (c.table === 'units' && typeof r.callSign === 'string') m.set(c.key, r.callSign);
      else if ((c.table === 'features' || c.table === 'phases') && typeof r.name === 'string') m.set(c.key, r.name);
    }
  }
  return m;
}

/**
 * Sums up row changes by table. `names` adds ids known elsewhere (rows that did not change) for assignment labels.
 * A row whose only differences are bookkeeping fields is not a change.
 */
export function summariseDiff(changes: readonly RowChange[], names: ReadonlyMap<string, string> = new Map()): VersionDiff {
  const known = namesOf(changes, names);
  const sections = new Map<DiffTable, DiffSection>();
  let total = 0;
  for (const c of changes) {
    const section = sections.get(c.table) ?? { table: c.table, title: TITLES[c.table], added: [], changed: [], removed: [] };
    sections.set(c.table, section);
    if (c.before === null || c.before === undefined) {
      section.added.push({ key: c.key, label: labelOf(c.table, c.after, c.key, known), fields: [] });
    } else if (c.after === null || c.after === undefined) {
      section.removed.push({ key: c.key, label: labelOf(c.table, c.before, c.key, known), fields: [] });
    } else {
      const fields = changedFields(c.before, c.after);
      if (fields.length === 0) continue;
      section.changed.push({ key: c.key, label: labelOf(c.table, c.after, c.key, known), fields });
    }
    total++;
  }
  const byLabel = (x: DiffItem, y: DiffItem) => x.label.localeCompare(y.label);
  const out = ORDER.map((t) => sections.get(t)).filter((s): s is DiffSection => !!s && s.added.length + s.changed.length + s.removed.length > 0);
  for (const s of out) for (const list of [s.added, s.changed, s.removed]) list.sort(byLabel);
  return { sections: out, total };
}

/** One line per section, e.g. "Features: 1 added, 2 changed"; "No differences" when there are none. */
export function diffHeadline(diff: VersionDiff): string {
  if (diff.total === 0) return 'No differences';
  return diff.sections
    .map((s) => {
      const parts = [
        s.added.length && `${s.added.length} added`,
        s.changed.length && `${s.changed.length} changed`,
        s.removed.length && `${s.removed.length} removed`,
      ].filter(Boolean);
      return `${s.title}: ${parts.join(', ')}`;
    })
    .join('; ');
}
