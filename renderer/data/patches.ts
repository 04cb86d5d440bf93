/**
 * Patches: the one shape every edit takes. A patch lists, per row, what it was before and what it is after; applying it
 * writes the `after` side, and its inverse (swap before/after, reverse order) undoes it exactly.
 *
 * Everything in this file is pure (no Dexie, no clock, no randomness): commands build patches from a snapshot of the
 * operation (`OperationState`) through a `PatchDraft`, which also carries the cascades (deleting a unit removes its
 * assignments, and so on) so that undo restores them with the rest.
 */
import type { Assignment, Operation, OperationBundle, Phase, PlanFeature, Position, Unit } from '../../shared/domain';

export interface RowByTable {
  operations: Operation;
  phases: Phase;
  features: PlanFeature;
  units: Unit;
  assignments: Assignment;
}
export type TableName = keyof RowByTable;
export type Row = RowByTable[TableName];

/** The tables a patch may touch, in the order their rows are listed in a bundle. */
export const PATCH_TABLES = ['operations', 'phases', 'features', 'units', 'assignments'] as const satisfies readonly TableName[];

/** One row's change. Insert: `before` is null. Delete: `after` is null. */
export type ChangeOf<T extends TableName> = { table: T; key: string; before: RowByTable[T] | null; after: RowByTable[T] | null };
export type Change = { [T in TableName]: ChangeOf<T> }[TableName];

export interface Patch {
  /** What the user did, in their words ("Draw sector"); the history list and the Undo menu item show it. */
  label: string;
  changes: Change[];
}

// ---------------------------------------------------------------------------------------------------------------------
// Equality and small helpers

/** Structural equality for plain data (what IndexedDB stores). A key holding `undefined` equals a missing key. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k of Object.keys(ao)) if (ao[k] !== undefined && !deepEqual(ao[k], bo[k])) return false;
  for (const k of Object.keys(bo)) if (bo[k] !== undefined && ao[k] === undefined) return false;
  return true;
}

/** The operation a row belongs to. */
export function rowOperationId(table: TableName, row: Row): string {
  return table === 'operations' ? row.id : (row as Exclude<Row, Operation>).operationId;
}

const TABLE_NOUNS: Record<TableName, string> = {
  operations: 'Operation',
  phases: 'Phase',
  features: 'Feature',
  units: 'Unit',
  assignments: 'Assignment',
};

/** "Unit U101", "Feature "Sector 3"": how messages name a row. */
export function describeRow(table: TableName, row: Row | null, key: string): string {
  const noun = TABLE_NOUNS[table];
  if (!row) return `${noun} ${key}`;
  if (table === 'units') return `${noun} ${(row as Unit).callSign}`;
  const name = 'name' in row ? row.name : '';
  return name ? `${noun} "${name}"` : `${noun} ${key}`;
}

// ---------------------------------------------------------------------------------------------------------------------
// Patch algebra

/** The patch that undoes `patch`: before and after swapped, changes in reverse order. */
export function invertPatch(patch: Patch, label: string = patch.label): Patch {
  const changes: Change[] = [];
  for (let i = patch.changes.length - 1; i >= 0; i--) {
    const c = patch.changes[i]!;
    changes.push({ table: c.table, key: c.key, before: c.after, after: c.before } as Change);
  }
  return { label, changes };
}

const slot = (c: { table: string; key: string }) => `${c.table}\u0000${c.key}`;

/**
 * Merges a sequence of changes so that each row appears once: `before` from its first change, `after` from its last.
 * Rows that end as they began are dropped. Throws if a row's changes do not chain (one's after is not the next's before),
 * which would mean the sequence was not built against one consistent state.
 */
export function collapseChanges(changes: readonly Change[]): Change[] {
  const bySlot = new Map<string, { table: TableName; key: string; before: Row | null; after: Row | null }>();
  for (const c of changes) {
    const s = slot(c);
    const prev = bySlot.get(s);
    if (!prev) {
      bySlot.set(s, { table: c.table, key: c.key, before: c.before, after: c.after });
      continue;
    }
    if (!deepEqual(prev.after, c.before)) throw new Error(`Changes to ${describeRow(c.table, c.before, c.key)} do not chain.`);
    prev.after = c.after;
  }
  const out: Change[] = [];
  for (const c of bySlot.values()) if (!deepEqual(c.before, c.after)) out.push(c as Change);
  return out;
}

/** The patch taking the state after `patches` (in order) back to the state before them, one change per row. */
export function revertPatches(patches: readonly Patch[], label: string): Patch {
  const inverse: Change[] = [];
  for (let i = patches.length - 1; i >= 0; i--) inverse.push(...invertPatch(patches[i]!).changes);
  return { label, changes: collapseChanges(inverse) };
}

/** The single operation every row of the patch belongs to, or null if the patch is empty or spans operations. */
export function patchOperationId(patch: Patch): string | null {
  let id: string | null = null;
  for (const c of patch.changes) {
    for (const row of [c.before, c.after]) {
      if (!row) continue;
      const rowOp = rowOperationId(c.table, row);
      if (id === null) id = rowOp;
      else if (id !== rowOp) return null;
    }
  }
  return id;
}

// ---------------------------------------------------------------------------------------------------------------------
// Operation state: the snapshot commands read

export interface OperationState {
  operation: Operation | null;
  phases: ReadonlyMap<string, Phase>;
  features: ReadonlyMap<string, PlanFeature>;
  units: ReadonlyMap<string, Unit>;
  assignments: ReadonlyMap<string, Assignment>;
}
type RowTable = Exclude<TableName, 'operations'>;

export function emptyState(): OperationState {
  return { operation: null, phases: new Map(), features: new Map(), units: new Map(), assignments: new Map() };
}

const byId = <R extends { id: string }>(rows: readonly R[]) => new Map(rows.map((r) => [r.id, r] as const));

export function stateFromBundle(bundle: OperationBundle): OperationState {
  return {
    operation: bundle.operation,
    phases: byId(bundle.phases),
    features: byId(bundle.features),
    units: byId(bundle.units),
    assignments: byId(bundle.assignments),
  };
}

/**
 * The bundle view of a state (null while the operation does not exist). Pass the previous bundle to keep the arrays
 * of tables that did not change (same identity, so memoised views and map layers can skip them).
 */
export function bundleFromState(state: OperationState, previous?: OperationBundle | null, touched?: ReadonlySet<TableName>): OperationBundle | null {
  if (!state.operation) return null;
  const keep = (t: RowTable) => previous && touched && !touched.has(t);
  return {
    operation: state.operation,
    phases: keep('phases') ? previous!.phases : [...state.phases.values()],
    features: keep('features') ? previous!.features : [...state.features.values()],
    units: keep('units') ? previous!.units : [...state.units.values()],
    assignments: keep('assignments') ? previous!.assignments : [...state.assignments.values()],
  };
}

/** Reads one row of a state. */
export function getRow<T extends TableName>(state: OperationState, table: T, key: string): RowByTable[T] | null {
  if (table === 'operations') return state.operation && state.operation.id === key ? (state.operation as RowByTable[T]) : null;
  return ((state[table as RowTable] as ReadonlyMap<string, Row>).get(key) as RowByTable[T] | undefined) ?? null;
}

/** A new state with the changes applied; maps of untouched tables are shared with the old state. */
export function applyChangesToState(state: OperationState, changes: readonly Change[]): { state: OperationState; touched: Set<TableName> } {
  const touched = new Set<TableName>();
  const next = { ...state } as { -readonly [K in keyof OperationState]: OperationState[K] };
  const copies = new Map<RowTable, Map<string, Row>>();
  for (const c of changes) {
    touched.add(c.table);
    if (c.table === 'operations') {
      next.operation = c.after;
      continue;
    }
    let m = copies.get(c.table);
    if (!m) {
      m = new Map(state[c.table] as ReadonlyMap<string, Row>);
      copies.set(c.table, m);
      (next as Record<RowTable, unknown>)[c.table] = m;
    }
    if (c.after) m.set(c.key, c.after);
    else m.delete(c.key);
  }
  return { state: next, touched };
}

// ---------------------------------------------------------------------------------------------------------------------
// PatchDraft: build a patch against a snapshot, seeing your own earlier edits

export class PatchDraft {
  private readonly overlay = new Map<string, { table: TableName; key: string; before: Row | null; after: Row | null }>();

  constructor(readonly state: OperationState) {}

  /** The row as it stands in this draft (null if absent or removed). */
  get<T extends TableName>(table: T, key: string): RowByTable[T] | null {
    const o = this.overlay.get(slot({ table, key }));
    if (o) return o.after as RowByTable[T] | null;
    return getRow(this.state, table, key);
  }

  /** Every row of a table as it stands in this draft. */
  all<T extends RowTable>(table: T): RowByTable[T][] {
    const out: RowByTable[T][] = [];
    for (const [key, row] of this.state[table] as ReadonlyMap<string, RowByTable[T]>) {
      const o = this.overlay.get(slot({ table, key }));
      if (!o) out.push(row);
      else if (o.after) out.push(o.after as RowByTable[T]);
    }
    for (const o of this.overlay.values()) {
      if (o.table === table && o.after && o.before === null && !this.state[table].has(o.key)) out.push(o.after as RowByTable[T]);
    }
    return out;
  }

  private set(table: TableName, key: string, after: Row | null): void {
    const s = slot({ table, key });
    const o = this.overlay.get(s);
    if (o) o.after = after;
    else this.overlay.set(s, { table, key, before: getRow(this.state, table, key), after });
  }

  /** Adds a new row; throws if its id is taken. */
  insert<T extends TableName>(table: T, row: RowByTable[T]): RowByTable[T] {
    if (this.get(table, row.id)) throw new DraftError(`${describeRow(table, row, row.id)} already exists.`);
    this.set(table, row.id, row);
    return row;
  }

  /** Writes a row whether or not it exists. */
  put<T extends TableName>(table: T, row: RowByTable[T]): RowByTable[T] {
    this.set(table, row.id, row);
    return row;
  }

  /** Changes fields of an existing row (never its id or operation); throws if the row is absent. */
  update<T extends TableName>(table: T, key: string, changes: Partial<RowByTable[T]> | ((row: RowByTable[T]) => RowByTable[T])): RowByTable[T] {
    const before = this.get(table, key);
    if (!before) throw new DraftError(`${describeRow(table, null, key)} no longer exists.`);
    const merged = typeof changes === 'function' ? changes(before) : { ...before, ...changes };
    const after = { ...merged, id: before.id } as RowByTable[T];
    if (table !== 'operations') (after as Exclude<Row, Operation>).operationId = (before as Exclude<Row, Operation>).operationId;
    this.set(table, key, after);
    return after;
  }

  /** Removes one row, without cascades (see deleteWithCascade). Absent rows are ignored. */
  remove(table: TableName, key: string): void {
    if (this.get(table, key)) this.set(table, key, null);
  }

  /** The changes so far, one per row, in the order rows were first touched; rows back where they began are left out. */
  changes(): Change[] {
    const out: Change[] = [];
    for (const o of this.overlay.values()) if (!deepEqual(o.before, o.after)) out.push({ ...o } as Change);
    return out;
  }

  toPatch(label: string): Patch {
    return { label, changes: this.changes() };
  }
}

/** A command could not be built (the user can read the message). */
export class DraftError extends Error {
  override name = 'DraftError';
}

/**
 * Removes a row and everything that would dangle without it, in the same draft:
 * - a feature: assignments targeting it;
 * - a unit: its assignments;
 * - a phase: its assignments, and its id from every feature's `phaseIds`;
 * - an operation: every row of it.
 */
export function deleteWithCascade(draft: PatchDraft, table: TableName, key: string): void {
  switch (table) {
    case 'features':
      for (const a of draft.all('assignments')) if (a.target.featureId === key) draft.remove('assignments', a.id);
      break;
    case 'units':
      for (const a of draft.all('assignments')) if (a.unitId === key) draft.remove('assignments', a.id);
      break;
    case 'phases':
      for (const a of draft.all('assignments')) if (a.phaseId === key) draft.remove('assignments', a.id);
      for (const f of draft.all('features')) {
        if (f.phaseIds.includes(key)) draft.update('features', f.id, { phaseIds: f.phaseIds.filter((p) => p !== key) });
      }
      break;
    case 'operations':
      for (const t of ['assignments', 'units', 'features', 'phases'] as const) for (const r of draft.all(t)) draft.remove(t, r.id);
      break;
    case 'assignments':
      break;
  }
  draft.remove(table, key);
}

// ---------------------------------------------------------------------------------------------------------------------
// The small builders (for callers that want changes without a draft)

export function insertRows<T extends TableName>(table: T, rows: readonly RowByTable[T][]): Change[] {
  return rows.map((r) => ({ table, key: r.id, before: null, after: r }) as Change);
}

export function updateRow<T extends TableName>(table: T, before: RowByTable[T], changes: Partial<RowByTable[T]>): Change {
  const after = { ...before, ...changes, id: before.id } as RowByTable[T];
  return { table, key: before.id, before, after } as Change;
}

/** Deletes rows by key with their cascades (see deleteWithCascade). Keys that are absent are ignored. */
export function deleteRows(state: OperationState, table: TableName, keys: readonly string[]): Change[] {
  const draft = new PatchDraft(state);
  for (const k of keys) deleteWithCascade(draft, table, k);
  return draft.changes();
}

// ---------------------------------------------------------------------------------------------------------------------
// Bundles: integrity checks and id remapping (templates, "import as copy")

/** Problems that would leave a bundle inconsistent: foreign rows, duplicate ids, dangling references. */
export function checkBundleIntegrity(bundle: OperationBundle, max = 20): string[] {
  const problems: string[] = [];
  const opId = bundle.operation.id;
  const add = (p: string) => {
    if (problems.length < max) problems.push(p);
  };
  const ids = new Map<RowTable, Set<string>>();
  for (const t of ['phases', 'features', 'units', 'assignments'] as const) {
    const seen = new Set<string>();
    for (const r of bundle[t]) {
      if (r.operationId !== opId) add(`${describeRow(t, r, r.id)} belongs to another operation.`);
      if (seen.has(r.id)) add(`${describeRow(t, r, r.id)} appears twice.`);
      seen.add(r.id);
    }
    ids.set(t, seen);
  }
  const phases = ids.get('phases')!;
  const features = ids.get('features')!;
  const units = ids.get('units')!;
  for (const f of bundle.features) {
    for (const p of f.phaseIds) if (!phases.has(p)) add(`${describeRow('features', f, f.id)} refers to a phase that is not in the file.`);
  }
  for (const a of bundle.assignments) {
    if (!units.has(a.unitId)) add(`Assignment ${a.id} refers to a unit that is not in the file.`);
    if (!phases.has(a.phaseId)) add(`Assignment ${a.id} refers to a phase that is not in the file.`);
    if (!features.has(a.target.featureId)) add(`Assignment ${a.id} refers to a feature that is not in the file.`);
  }
  // Legal powers (Operation.powers): each once, and its area a feature of this operation.
  const powerIds = new Set<string>();
  for (const p of bundle.operation.powers ?? []) {
    if (powerIds.has(p.id)) add(`Power ${p.id} appears twice.`);
    powerIds.add(p.id);
    if (p.areaFeatureId && !features.has(p.areaFeatureId)) add(`Power ${p.id} (${p.type}) refers to an area that is not in the file.`);
  }
  return problems;
}

export interface RemapOptions {
  /** Id of the new operation. */
  operationId: string;
  newId: () => string;
  /** Time stamped on the new operation and its features. */
  now: string;
  name?: string;
  includeAssignments?: boolean;
  /** Field values to set on the new operation (e.g. status 'draft'). */
  operation?: Partial<Omit<Operation, 'id'>>;
}

/**
 * A copy of a bundle in which every id (operation, rows, cordon access points, route checkpoints) is new and every
 * reference follows. Nothing in the copy shares an id with the source.
 */
export function remapBundle(bundle: OperationBundle, o: RemapOptions): OperationBundle {
  const map = new Map<string, string>();
  const fresh = (old: string) => {
    let n = map.get(old);
    if (!n) map.set(old, (n = o.newId()));
    return n;
  };
  const ref = (old: string) => map.get(old) ?? old;
  const operationId = o.operationId;
  const operation: Operation = {
    ...bundle.operation,
    ...o.operation,
    id: operationId,
    name: o.name ?? bundle.operation.name,
    createdAt: o.now,
    updatedAt: o.now,
  };
  const phases = bundle.phases.map((p) => ({ ...p, id: fresh(p.id), operationId }));
  const units = bundle.units.map((u) => ({ ...u, id: fresh(u.id), operationId, strength: { ...u.strength } }));
  const features = bundle.features.map((f) => {
    const props = { ...f.props };
    if (props.accessPoints) props.accessPoints = props.accessPoints.map((ap) => ({ ...ap, id: fresh(ap.id), position: [...ap.position] as Position }));
    if (props.checkpoints) props.checkpoints = props.checkpoints.map((cp) => ({ ...cp, id: fresh(cp.id) }));
    return {
      ...f,
      id: fresh(f.id),
      operationId,
      phaseIds: f.phaseIds.map(ref),
      geometry: structuredClone(f.geometry),
      props,
      updatedAt: o.now,
    };
  });
  const assignments =
    (o.includeAssignments ?? true)
      ? bundle.assignments.map((a) => {
          const target = { ...a.target, featureId: ref(a.target.featureId) };
          if (target.accessPointId !== undefined) target.accessPointId = ref(target.accessPointId);
          return { ...a, id: fresh(a.id), operationId, unitId: ref(a.unitId), phaseId: ref(a.phaseId), target };
        })
      : [];
  // Powers follow their area feature and their s.34 authorisation to the new ids.
  if (bundle.operation.powers) {
    const powerIds = new Map(bundle.operation.powers.map((p) => [p.id, o.newId()]));
    operation.powers = bundle.operation.powers.map((p) => ({
      ...structuredClone(p),
      id: powerIds.get(p.id)!,
      ...(p.areaFeatureId ? { areaFeatureId: ref(p.areaFeatureId) } : {}),
      ...(p.underPowerId ? { underPowerId: powerIds.get(p.underPowerId) ?? p.underPowerId } : {}),
    }));
  }
  return { operation, phases, features, units, assignments };
}

/** The changes that turn `from` into `to` (either may be absent), one per differing row. */
export function diffBundles(from: OperationBundle | null, to: OperationBundle | null): Change[] {
  const out: Change[] = [];
  const fromOp = from?.operation ?? null;
  const toOp = to?.operation ?? null;
  if (!deepEqual(fromOp, toOp)) out.push({ table: 'operations', key: (toOp ?? fromOp)!.id, before: fromOp, after: toOp });
  for (const t of ['phases', 'features', 'units', 'assignments'] as const) {
    const before = new Map<string, Row>((from?.[t] ?? []).map((r) => [r.id, r]));
    const after = new Map<string, Row>((to?.[t] ?? []).map((r) => [r.id, r]));
    for (const [k, b] of before) {
      const a = after.get(k) ?? null;
      if (!deepEqual(b, a)) out.push({ table: t, key: k, before: b, after: a } as Change);
    }
    for (const [k, a] of after) if (!before.has(k)) out.push({ table: t, key: k, before: null, after: a } as Change);
  }
  return out;
}
