/**
 * The sync merge rule (issue 11; the model is in shared/protocol/sync.ts): given the server's current row and a pushed
 * change's `before` and `after`, decide whether the change applies as sent, merges field by field with what changed
 * on the server since `before`, is already so (nothing to do), or is a conflict a person must resolve.
 *
 * Fields: a row's top-level keys, a geometry being one field; a feature's `props` counts key by key (one person sets a
 * sector's colour while another changes its code), each prop's value (even an array of access points) one field.
 * Bookkeeping (`updatedAt`) never makes a conflict: a merged row keeps the newer stamp.
 * Pure: no store, no clock.
 */

export type Row = Record<string, unknown>;

export type MergeDecision =
  /** The server already has what the change wants (a resent insert, a delete of a deleted row). */
  | { kind: 'noop' }
  /** The server row is what the change started from: the change applies (`row` null: delete). */
  | { kind: 'apply'; row: Row | null }
  /** The server row moved on in other fields: the change's fields are laid over it. */
  | { kind: 'merge'; row: Row; fields: string[] }
  /** Both sides changed the same fields (empty: a delete against an edit, or an edit against a delete). */
  | { kind: 'conflict'; fields: string[] };

/** Keys whose values are compared key by key rather than as one field. */
const EXPANDED = new Set(['props']);
/** Stamps every edit changes: never a conflict by themselves. */
const BOOKKEEPING = new Set(['updatedAt', 'updatedBy']);

const isPlainObject = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Structural equality as JSON sees it: key order does not count, and a key set to undefined is a missing key. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameValue(x, b[i]));
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (!sameValue(a[k], b[k])) return false;
  return true;
}

/** The field names of a row: top-level keys, `props.<key>` for expanded keys. */
function fieldsOf(row: Row): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(row)) {
    if (v === undefined) continue;
    if (!EXPANDED.has(k) || !isPlainObject(v)) {
      out.push(k);
      continue;
    }
    for (const [pk, pv] of Object.entries(v)) if (pv !== undefined) out.push(`${k}.${pk}`);
  }
  return out;
}

function getField(row: Row, field: string): unknown {
  const dot = field.indexOf('.');
  if (dot < 0) return row[field];
  const parent = row[field.slice(0, dot)];
  return isPlainObject(parent) ? parent[field.slice(dot + 1)] : undefined;
}

/** A copy of `row` with `field` set (undefined: removed). */
function setField(row: Row, field: string, value: unknown): Row {
  const dot = field.indexOf('.');
  const out = { ...row };
  if (dot < 0) {
    if (value === undefined) delete out[field];
    else out[field] = value;
    return out;
  }
  const key = field.slice(0, dot);
  const parent = isPlainObject(row[key]) ? { ...row[key] } : {};
  const sub = field.slice(dot + 1);
  if (value === undefined) delete parent[sub];
  else parent[sub] = value;
  out[key] = parent;
  return out;
}

/** The fields (bookkeeping left out) whose values differ between two versions of a row. */
export function changedFields(a: Row, b: Row): string[] {
  const fields = new Set([...fieldsOf(a), ...fieldsOf(b)]);
  // A whole expanded key present on one side only: compare its members (fieldsOf lists them) and nothing else.
  return [...fields].filter((f) => !BOOKKEEPING.has(f) && !sameValue(getField(a, f), getField(b, f)));
}

const sameIgnoringBookkeeping = (a: Row, b: Row) => changedFields(a, b).length === 0;

/** The newer of two ISO stamps (either may be absent or not a time). */
function newer(a: unknown, b: unknown): unknown {
  const ta = typeof a === 'string' ? Date.parse(a) : NaN;
  const tb = typeof b === 'string' ? Date.parse(b) : NaN;
  if (Number.isNaN(tb)) return a ?? b;
  if (Number.isNaN(ta)) return b;
  return tb > ta ? b : a;
}

/** `current` with `fields` taken from `from`, and each bookkeeping stamp the newer of the two. */
function layer(current: Row, from: Row, fields: readonly string[]): Row {
  let row = current;
  for (const f of fields) row = setField(row, f, getField(from, f));
  for (const b of BOOKKEEPING) {
    if (!(b in current) && !(b in from)) continue;
    row = setField(row, b, newer(current[b], from[b]));
  }
  return row;
}

/** Decide what one pushed row change does to the server's current row (null: absent or deleted). */
export function decideChange(current: Row | null, before: Row | null, after: Row | null): MergeDecision {
  if (before === null && after === null) return { kind: 'noop' };
  if (before === null) {
    // An insert: of a new row, a resend of one already there, or a clash of two rows given the same key.
    if (current === null) return { kind: 'apply', row: after };
    const fields = changedFields(current, after!);
    return fields.length === 0 ? { kind: 'noop' } : { kind: 'conflict', fields };
  }
  if (after === null) {
    // A delete: of a row already gone (nothing to do), of the row as the deleter saw it, or of a row someone edited since.
    if (current === null) return { kind: 'noop' };
    return sameIgnoringBookkeeping(current, before) ? { kind: 'apply', row: null } : { kind: 'conflict', fields: [] };
  }
  // An edit of a row someone else deleted meanwhile: keep both until a person decides.
  if (current === null) return { kind: 'conflict', fields: [] };
  if (sameValue(current, before)) return { kind: 'apply', row: after };
  const mine = changedFields(before, after);
  const theirs = new Set(changedFields(before, current));
  // Both sides set the same field to the same value: they agree, no conflict.
  const clash = mine.filter((f) => theirs.has(f) && !sameValue(getField(after, f), getField(current, f)));
  if (clash.length > 0) return { kind: 'conflict', fields: clash };
  const row = layer(current, after, mine);
  if (sameValue(row, current)) return { kind: 'noop' };
  return theirs.size === 0 ? { kind: 'apply', row } : { kind: 'merge', row, fields: mine };
}

/**
 * What a resolution writes: keeping "mine" lays the pusher's changed fields over the row as it is now (all of it when
 * the row is gone, or the delete when mine was a delete); keeping "theirs" keeps the row as the server has it now.
 */
export function resolvedRow(keep: 'mine' | 'theirs', current: Row | null, base: Row | null, mine: Row | null): Row | null {
  if (keep === 'theirs') return current;
  if (mine === null || current === null || base === null) return mine;
  return layer(current, mine, changedFields(base, mine));
}
