/**
 * Every read and write of the Dexie tables goes through this file. An edit is a Patch applied by `applyPatch`: its rows
 * and its revision record are written in one transaction, so an edit is all-or-nothing.
 */
import type { Table } from 'dexie';
import type { z } from 'zod';
import { Assignment, Operation, OperationBundle, Phase, PlanFeature, Unit, newId } from '../../shared/domain';
import { err, ok, type Result } from '../../shared/util/result';
import { operationTables, type CordonDb, type RevisionKind, type RevisionRecord } from './db';
import { queueIfShared } from './syncOutbox';
import { formatZodError } from '../../shared/util/zodError';
import {
  PATCH_TABLES,
  checkBundleIntegrity,
  collapseChanges,
  deepEqual,
  describeRow,
  diffBundles,
  emptyState,
  remapBundle,
  rowOperationId,
  stateFromBundle,
  type Change,
  type OperationState,
  type Patch,
  type Row,
  type TableName,
} from './patches';

// ---------------------------------------------------------------------------------------------------------------------
// Errors

export const DISK_FULL_MESSAGE = 'The disk is full: your last change was not saved. Earlier work is safe.';

/**
 * - invalid: a row failed its schema (or the patch is malformed); nothing was tried.
 * - conflict: a row is not as the patch's `before` says (changed since, or already exists).
 * - stale: the operation has newer revisions than the caller expected (refresh and rebuild the patch).
 * - disk-full / write-failed: the transaction failed and was rolled back.
 */
export type ApplyErrorCode = 'invalid' | 'conflict' | 'stale' | 'disk-full' | 'write-failed';
/** A failed write. `code` lets callers react (the editor refreshes and retries 'stale' once); `error` is for the user. */
export type ApplyFailure = { ok: false; error: string; code: ApplyErrorCode };

class ConflictError extends Error {
  override name = 'ConflictError';
  constructor(
    message: string,
    readonly code: 'conflict' | 'stale' = 'conflict',
  ) {
    super(message);
  }
}

function errorChain(e: unknown): Array<{ name?: string; message?: string }> {
  const out: Array<{ name?: string; message?: string }> = [];
  let cur: unknown = e;
  for (let i = 0; i < 6 && cur && typeof cur === 'object'; i++) {
    out.push(cur as { name?: string; message?: string });
    const next = (cur as { inner?: unknown; cause?: unknown }).inner ?? (cur as { cause?: unknown }).cause;
    if (next === cur) break;
    cur = next;
  }
  return out;
}

/** Turns whatever a failed transaction threw into a message the user can act on. */
export function describeWriteFailure(e: unknown): ApplyFailure {
  const chain = errorChain(e);
  if (chain.some((x) => x.name === 'QuotaExceededError' || /quota/i.test(x.message ?? ''))) {
    return { ok: false, error: DISK_FULL_MESSAGE, code: 'disk-full' };
  }
  const conflict = chain.find((x): x is ConflictError => x instanceof ConflictError);
  if (conflict) return { ok: false, error: conflict.message, code: conflict.code };
  const first = chain[0];
  const why = first?.message ? `: ${first.message}` : '';
  return { ok: false, error: `Your last change could not be saved${why}. Earlier work is safe.`, code: 'write-failed' };
}

// ---------------------------------------------------------------------------------------------------------------------
// Change notifications (in this window; other windows see changes through liveQuery, see history.ts)

export type DataEventKind = RevisionKind | 'purge';
export interface DataEvent {
  operationId: string;
  kind: DataEventKind;
  /** The revision written, or null (purge). */
  revisionId: number | null;
  label: string;
  /** Row changes of the revision ([] for imports and purges: re-read the operation). */
  changes: readonly Change[];
  /** Whoever asked for the write (an editor passes itself), so it can ignore its own events. */
  source?: unknown;
}
export type DataListener = (event: DataEvent) => void;

const listeners = new WeakMap<CordonDb, Set<DataListener>>();

/** Calls `listener` after every committed write to any operation of this database; returns unsubscribe. */
export function subscribeChanges(db: CordonDb, listener: DataListener): () => void {
  let set = listeners.get(db);
  if (!set) listeners.set(db, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

function emit(db: CordonDb, event: DataEvent): void {
  for (const l of [...(listeners.get(db) ?? [])]) {
    try {
      l(event);
    } catch (e) {
      console.error('cordon data listener failed', e);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Validation

const SCHEMAS: Record<TableName, z.ZodType<Row>> = {
  operations: Operation,
  phases: Phase,
  features: PlanFeature,
  units: Unit,
  assignments: Assignment,
};

const formatIssues = (error: z.ZodError, max = 3): string => formatZodError(error, { max, root: '' });

/**
 * Checks a patch before anything is written: every `after` row parses (and is replaced by its parsed form, with
 * defaults filled in), keys match ids, every row belongs to `operationId`, and each row appears once.
 */
export function validatePatch(operationId: string, patch: Patch): Result<Change[]> {
  let changes: Change[];
  try {
    changes = collapseChanges(patch.changes);
  } catch (e) {
    return err((e as Error).message);
  }
  const out: Change[] = [];
  for (const c of changes) {
    if (!PATCH_TABLES.includes(c.table)) return err(`Unknown table "${String(c.table)}".`);
    if (typeof c.key !== 'string' || !c.key) return err('A change has no key.');
    let after: Row | null = null;
    if (c.after) {
      const parsed = SCHEMAS[c.table].safeParse(c.after);
      if (!parsed.success) return err(`${describeRow(c.table, c.after, c.key)} is not valid: ${formatIssues(parsed.error)}.`);
      after = parsed.data;
    }
    for (const row of [c.before, after]) {
      if (!row) continue;
      if (row.id !== c.key) return err(`${describeRow(c.table, row, c.key)}: key and id differ.`);
      if (rowOperationId(c.table, row) !== operationId) return err(`${describeRow(c.table, row, c.key)} belongs to another operation.`);
    }
    out.push({ table: c.table, key: c.key, before: c.before, after } as Change);
  }
  return ok(out);
}

/** The Dexie table of a patch table (through the db's own properties, so tests can stub them). */
function rowTable(db: CordonDb, table: TableName): Table<Row, string> {
  return db[table] as unknown as Table<Row, string>;
}

// ---------------------------------------------------------------------------------------------------------------------
// Revisions

async function headRevision(db: CordonDb, operationId: string): Promise<RevisionRecord | undefined> {
  return db.revisions.where('operationId').equals(operationId).last();
}

/** Id of the newest revision of the operation (0 if none). Cheap: reads one small record by index. */
export async function headRevisionId(db: CordonDb, operationId: string): Promise<number> {
  const keys = await db.revisions.where('operationId').equals(operationId).reverse().limit(1).primaryKeys();
  return keys[0] ?? 0;
}

export interface RevisionWithChanges extends RevisionRecord {
  changes: Change[];
}

/** Revisions of the operation newer than `afterId`, oldest first, with their changes. */
export async function readRevisionsAfter(db: CordonDb, operationId: string, afterId: number): Promise<RevisionWithChanges[]> {
  return db.transaction('r', db.revisions, db.revisionChanges, async () => {
    const metas = await db.revisions
      .where(':id')
      .above(afterId)
      .filter((r) => r.operationId === operationId)
      .toArray();
    const bodies = await db.revisionChanges.bulkGet(metas.map((m) => m.id));
    return metas.map((m, i) => ({ ...m, changes: bodies[i]?.changes ?? [] }));
  });
}

/** Revisions newer than `afterId` and the newest revision id, read in one transaction. */
export async function readRevisionsSince(db: CordonDb, operationId: string, afterId: number): Promise<{ revisions: RevisionWithChanges[]; head: number }> {
  return db.transaction('r', db.revisions, db.revisionChanges, async () => {
    const [revisions, head] = await Promise.all([readRevisionsAfter(db, operationId, afterId), headRevisionId(db, operationId)]);
    return { revisions, head };
  });
}

/** The operation's history, oldest first (without row changes). */
export async function listRevisions(db: CordonDb, operationId: string): Promise<RevisionRecord[]> {
  return db.revisions.where('operationId').equals(operationId).toArray();
}

export async function getRevision(db: CordonDb, revisionId: number): Promise<RevisionRecord | undefined> {
  return db.revisions.get(revisionId);
}

// ---------------------------------------------------------------------------------------------------------------------
// applyPatch: the only way rows change

export interface ApplyOptions {
  kind?: RevisionKind;
  /** Fail with code 'conflict' unless the operation's newest revision is this one (optimistic lock). */
  expectHeadRevisionId?: number;
  /** Passed through to change listeners. */
  source?: unknown;
  /** Time of the revision (default: now). */
  at?: string;
}
export interface AppliedPatch {
  revisionId: number;
  /** The patch as written: `after` rows in their parsed form, one change per row. Undo inverts this. */
  patch: Patch;
}

/**
 * Writes a patch and appends its revision, in one transaction. Before writing it checks that every row is as the
 * patch's `before` says (so a stale patch, or an undo of something changed since, fails with code 'conflict'
 * instead of overwriting). On any failure nothing is written.
 */
export async function applyPatch(
  db: CordonDb,
  operationId: string,
  patch: Patch,
  options: ApplyOptions = {},
): Promise<{ ok: true; value: AppliedPatch } | ApplyFailure> {
  // User Timing: what the write itself costs (validation + one IndexedDB transaction), for the benchmark.
  const started = performance.now();
  const valid = validatePatch(operationId, patch);
  if (!valid.ok) return { ok: false, error: valid.error, code: 'invalid' };
  const changes = valid.value;
  const normalized: Patch = { label: patch.label, changes };
  const at = options.at ?? new Date().toISOString();
  const kind = options.kind ?? 'edit';

  let revisionId: number;
  try {
    // The sync tables join every write: a shared operation's edit and its outbox entry commit together or not at all.
    revisionId = await db.transaction('rw', [...operationTables(db), db.syncState, db.syncOutbox], async () => {
      const head = await headRevision(db, operationId);
      if (options.expectHeadRevisionId !== undefined && (head?.id ?? 0) !== options.expectHeadRevisionId) {
        throw new ConflictError('The plan was changed elsewhere; your change was not saved. Please try again.', 'stale');
      }
      const byTable = new Map<TableName, Change[]>();
      for (const c of changes) {
        let list = byTable.get(c.table);
        if (!list) byTable.set(c.table, (list = []));
        list.push(c);
      }
      for (const [table, list] of byTable) {
        const t = rowTable(db, table);
        const current = await t.bulkGet(list.map((c) => c.key));
        for (let i = 0; i < list.length; i++) {
          const c = list[i]!;
          if (!deepEqual(current[i] ?? null, c.before)) {
            const what = describeRow(table, c.before ?? c.after, c.key);
            throw new ConflictError(c.before ? `${what} has been changed elsewhere since; nothing was saved.` : `${what} already exists; nothing was saved.`);
          }
        }
        const puts = list.filter((c) => c.after).map((c) => c.after!);
        const dels = list.filter((c) => !c.after).map((c) => c.key);
        if (puts.length) await t.bulkPut(puts);
        if (dels.length) await t.bulkDelete(dels);
      }
      const id = await db.revisions.add({
        operationId,
        seq: (head?.seq ?? 0) + 1,
        at,
        label: patch.label,
        kind,
        changeCount: changes.length,
      });
      await db.revisionChanges.add({ revisionId: id, operationId, changes });
      if (kind !== 'remote') await queueIfShared(db, { operationId, revisionId: id, label: patch.label, editedAt: at, changes });
      return id;
    });
  } catch (e) {
    return describeWriteFailure(e);
  }
  performance.measure('cordon:db-commit', { start: started, end: performance.now() });
  emit(db, { operationId, kind, revisionId, label: patch.label, changes, source: options.source });
  return { ok: true, value: { revisionId, patch: normalized } };
}

// ---------------------------------------------------------------------------------------------------------------------
// Reading operations

/** All rows of one operation (null if it does not exist). Row order within a table is unspecified. */
export async function loadBundle(db: CordonDb, operationId: string): Promise<OperationBundle | null> {
  return (await loadBundleWithHead(db, operationId)).bundle;
}

/** The bundle and the id of the newest revision, read in one transaction (a consistent snapshot). */
export async function loadBundleWithHead(db: CordonDb, operationId: string): Promise<{ bundle: OperationBundle | null; head: number }> {
  return db.transaction('r', [db.operations, db.phases, db.features, db.units, db.assignments, db.revisions], async () => {
    const [operation, phases, features, units, assignments, head] = await Promise.all([
      db.operations.get(operationId),
      db.phases.where('operationId').equals(operationId).toArray(),
      db.features.where('operationId').equals(operationId).toArray(),
      db.units.where('operationId').equals(operationId).toArray(),
      db.assignments.where('operationId').equals(operationId).toArray(),
      headRevisionId(db, operationId),
    ]);
    return { bundle: operation ? { operation, phases, features, units, assignments } : null, head };
  });
}

/** The command snapshot of an operation (empty if it does not exist) and its newest revision id. */
export async function loadState(db: CordonDb, operationId: string): Promise<{ state: OperationState; head: number }> {
  const { bundle, head } = await loadBundleWithHead(db, operationId);
  return { state: bundle ? stateFromBundle(bundle) : emptyState(), head };
}

export async function getOperation(db: CordonDb, operationId: string): Promise<Operation | null> {
  return (await db.operations.get(operationId)) ?? null;
}

/** Operations, most recently updated first. Archived ones only when asked. */
export async function listOperations(db: CordonDb, options: { includeArchived?: boolean } = {}): Promise<Operation[]> {
  const all = await db.operations.orderBy('updatedAt').reverse().toArray();
  return options.includeArchived ? all : all.filter((o) => !o.archived);
}

// ---------------------------------------------------------------------------------------------------------------------
// Import and delete (whole operations)

export type ImportMode =
  /** Refuse if an operation with the same id exists (ask the user, then call again with 'replace' or 'copy'). */
  | 'new'
  /** Overwrite the existing operation; the replacement is one revision, so history can restore what was there. */
  | 'replace'
  /** Import under new ids (operation and every row), named "... (copy)". */
  | 'copy';

export interface ImportOutcome {
  operationId: string;
  replaced: boolean;
  revisionId: number;
}

/**
 * Imports a .cordon bundle (already decoded from JSON; parsed here). Validates the whole bundle first (schema and
 * integrity: rows belong to the operation, no duplicate ids, no dangling references), then writes it in one
 * transaction. Fails if any row id is used by another operation (import as a copy instead).
 */
export async function importBundle(
  db: CordonDb,
  input: unknown,
  options: { mode?: ImportMode; label?: string; now?: string } = {},
): Promise<Result<ImportOutcome>> {
  const parsed = OperationBundle.safeParse(input);
  if (!parsed.success) return err(`This file is not a valid Cordon operation: ${formatIssues(parsed.error)}.`);
  return importParsedBundle(db, parsed.data, options);
}

/**
 * importBundle for a bundle its caller has already parsed with the OperationBundle schema (the sync snapshot, parsed
 * in renderer/net): parsing 5,000 features a second time was a large part of opening a shared operation. The integrity
 * checks still run.
 */
export async function importParsedBundle(
  db: CordonDb,
  parsed: OperationBundle,
  options: { mode?: ImportMode; label?: string; now?: string } = {},
): Promise<Result<ImportOutcome>> {
  let bundle = parsed;
  const problems = checkBundleIntegrity(bundle, 5);
  if (problems.length) return err(`This file is not a consistent Cordon operation: ${problems.join(' ')}`);
  const mode = options.mode ?? 'new';
  const now = options.now ?? new Date().toISOString();
  if (mode === 'copy') {
    bundle = remapBundle(bundle, { operationId: newId(), newId, now, name: `${bundle.operation.name} (copy)` });
  }
  const opId = bundle.operation.id;

  let outcome: ImportOutcome;
  let changes: Change[] = [];
  let label = options.label ?? 'Imported from a file';
  try {
    outcome = await db.transaction('rw', [...operationTables(db), db.syncState, db.syncOutbox], async () => {
      const existing = await db.operations.get(opId);
      if (existing && mode === 'new') throw new ExistsError(`An operation with this id already exists ("${existing.name}").`);
      for (const t of ['phases', 'features', 'units', 'assignments'] as const) {
        const rows = bundle[t] as Array<Row & { operationId: string }>;
        const found = (await rowTable(db, t).bulkGet(rows.map((r) => r.id))) as Array<(Row & { operationId: string }) | undefined>;
        const clash = found.find((r) => r && r.operationId !== opId);
        if (clash) throw new ExistsError(`${describeRow(t, clash, clash.id)} is already used by another operation: import the file as a copy.`);
      }
      const head = await headRevision(db, opId);
      let seq = (head?.seq ?? 0) + 1;
      if (existing) {
        const current = await loadBundleWithHead(db, opId);
        changes = diffBundles(current.bundle, bundle);
        for (const t of PATCH_TABLES) {
          const list = changes.filter((c) => c.table === t);
          const tab = rowTable(db, t);
          await tab.bulkPut(list.filter((c) => c.after).map((c) => c.after!));
          await tab.bulkDelete(list.filter((c) => !c.after).map((c) => c.key));
        }
      } else {
        // A fresh operation: any history left under this id (from an undoable delete) no longer applies.
        await db.revisions.where('operationId').equals(opId).delete();
        await db.revisionChanges.where('operationId').equals(opId).delete();
        seq = 1;
        await db.operations.add(bundle.operation);
        await db.phases.bulkAdd(bundle.phases);
        await db.features.bulkAdd(bundle.features);
        await db.units.bulkAdd(bundle.units);
        await db.assignments.bulkAdd(bundle.assignments);
      }
      if (existing) label = options.label ?? 'Replaced from an imported file';
      const id = await db.revisions.add({ operationId: opId, seq, at: now, label, kind: 'import', changeCount: changes.length });
      // A fresh import records no row changes (there is nothing before it to restore); a replacement records the diff.
      await db.revisionChanges.add({ revisionId: id, operationId: opId, changes });
      // Replacing a shared operation from a file is an edit like any other: the planning cell gets the difference.
      if (existing) await queueIfShared(db, { operationId: opId, revisionId: id, label, editedAt: now, changes });
      return { operationId: opId, replaced: !!existing, revisionId: id };
    });
  } catch (e) {
    if (e instanceof ExistsError) return err(e.message);
    const f = describeWriteFailure(e);
    return err(f.code === 'disk-full' ? 'The disk is full: the operation was not imported. Earlier work is safe.' : f.error);
  }
  emit(db, { operationId: opId, kind: 'import', revisionId: outcome.revisionId, label, changes: [] });
  return ok(outcome);
}

class ExistsError extends Error {
  override name = 'ExistsError';
}

/** Deletes an operation for good: all its rows and its whole history, in one transaction. */
export async function deleteOperation(db: CordonDb, operationId: string): Promise<Result<void>> {
  try {
    // A shared operation's outbox and server link go with its rows, in the same transaction: no change set is left
    // to push rows that are gone, and opening it again from the server starts clean (sync.ts).
    await db.transaction('rw', [...operationTables(db), db.syncOutbox, db.syncState], async () => {
      await db.operations.delete(operationId);
      for (const t of [db.phases, db.features, db.units, db.assignments, db.revisions, db.revisionChanges, db.syncOutbox] as const) {
        await t.where('operationId').equals(operationId).delete();
      }
      await db.syncState.delete(operationId);
    });
  } catch (e) {
    return err(describeWriteFailure(e).error);
  }
  emit(db, { operationId, kind: 'purge', revisionId: null, label: 'Delete operation', changes: [] });
  return ok(undefined);
}
