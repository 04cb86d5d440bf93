/**
 * The editor: runs commands, keeps per-operation undo/redo stacks in memory, restores earlier revisions, and lets the
 * UI observe an operation. Undo, redo and restore are themselves patches applied through applyPatch, so they appear in
 * the history ("Undo: Draw sector") like any other edit.
 */
import { liveQuery } from 'dexie';
import type { OperationBundle } from '../../shared/domain';
import { isLowering, newId as randomId } from '../../shared/domain';
import { err, ok, type Result } from '../../shared/util/result';
import { buildPatch, type CommandArgs, type CommandName } from './commands';
import type { CordonDb, RevisionKind, RevisionRecord } from './db';
import {
  applyChangesToState,
  bundleFromState,
  emptyState,
  invertPatch,
  patchOperationId,
  revertPatches,
  stateFromBundle,
  type OperationState,
  type Patch,
  type TableName,
} from './patches';
import {
  applyPatch,
  getRevision,
  headRevisionId,
  listRevisions as listRevisionRecords,
  loadBundleWithHead,
  loadState,
  readRevisionsAfter,
  readRevisionsSince,
  subscribeChanges,
  type ApplyFailure,
  type AppliedPatch,
  type DataEvent,
} from './repositories';

/** How many edits each operation's undo stack keeps. */
export const UNDO_LIMIT = 500;

export interface RunOutcome {
  /** The operation written (differs from the editor's for operation.create / duplicateAsTemplate with a new id). */
  operationId: string;
  /** The revision written, or null when there was nothing to change (or nothing to undo). */
  revisionId: number | null;
  label: string;
}

export interface EditorEvent {
  operationId: string;
  kind: RevisionKind | 'purge' | 'stack';
  revisionId: number | null;
  label: string;
}
export type EditorListener = (event: EditorEvent) => void;

export interface Editor {
  readonly operationId: string;
  run<N extends CommandName>(name: N, args: CommandArgs[N]): Promise<Result<RunOutcome>>;
  undo(): Promise<Result<RunOutcome>>;
  redo(): Promise<Result<RunOutcome>>;
  canUndo(): boolean;
  canRedo(): boolean;
  /** Label of the edit Undo would revert ("Draw sector"), for the menu item. */
  undoLabel(): string | null;
  redoLabel(): string | null;
  listRevisions(): Promise<RevisionRecord[]>;
  /** Takes the operation back to how it was right after that revision, as one new (undoable) revision. */
  restoreRevision(revisionId: number): Promise<Result<RunOutcome>>;
  /** Called after every change to this operation (from this editor or elsewhere) and when undo/redo availability changes. */
  subscribe(listener: EditorListener): () => void;
  /** The snapshot commands run against (loaded on first use). */
  snapshot(): Promise<OperationState>;
}

export interface EditorOptions {
  /** Clock for row timestamps (tests pass a fixed one). */
  now?: () => string;
  newId?: () => string;
}

// ---------------------------------------------------------------------------------------------------------------------
// Sessions: one per database and operation, shared by every editor object made for it

interface Session {
  db: CordonDb;
  operationId: string;
  undo: Patch[];
  redo: Patch[];
  /** Snapshot of the operation for commands; null until first needed. */
  state: OperationState | null;
  /** Newest revision included in `state`. */
  head: number;
  /** True when something else may have written since `state` was read. */
  stale: boolean;
  queue: Promise<unknown>;
  listeners: Set<EditorListener>;
}

const sessions = new WeakMap<CordonDb, Map<string, Session>>();

function getSession(db: CordonDb, operationId: string): Session {
  let byOp = sessions.get(db);
  if (!byOp) {
    const map = new Map<string, Session>();
    sessions.set(db, (byOp = map));
    subscribeChanges(db, (e) => onDataEvent(map, e));
  }
  let s = byOp.get(operationId);
  if (!s) {
    s = { db, operationId, undo: [], redo: [], state: null, head: 0, stale: false, queue: Promise.resolve(), listeners: new Set() };
    byOp.set(operationId, s);
  }
  return s;
}

function onDataEvent(byOp: Map<string, Session>, e: DataEvent): void {
  const s = byOp.get(e.operationId);
  if (!s || e.source === s) return; // a session's own writes are accounted for (and announced) where they are made
  if (e.kind === 'import' || e.kind === 'purge') {
    // The operation was replaced or removed wholesale: earlier undo steps no longer describe it.
    s.undo = [];
    s.redo = [];
    s.state = null;
  }
  s.stale = true;
  notify(s, { operationId: e.operationId, kind: e.kind, revisionId: e.revisionId, label: e.label });
}

function notify(s: Session, event: EditorEvent): void {
  for (const l of [...s.listeners]) {
    try {
      l(event);
    } catch (e) {
      console.error('cordon editor listener failed', e);
    }
  }
}

/** Runs `fn` after everything queued before it on this session (edits never interleave). */
function serial<T>(s: Session, fn: () => Promise<T>): Promise<T> {
  const next = s.queue.then(fn, fn);
  s.queue = next.catch(() => undefined);
  return next;
}

/** Brings the session's snapshot up to date: incrementally from newer revisions when possible, else a full read. */
async function refresh(s: Session): Promise<OperationState> {
  if (s.state) {
    const { revisions, head } = await readRevisionsSince(s.db, s.operationId, s.head);
    const lastId = revisions.length ? revisions[revisions.length - 1]!.id : s.head;
    if (lastId === head && !revisions.some((r) => r.kind === 'import')) {
      let state = s.state;
      for (const r of revisions) state = applyChangesToState(state, r.changes).state;
      s.state = state;
      s.head = head;
      s.stale = false;
      return state;
    }
  }
  const loaded = await loadState(s.db, s.operationId);
  s.state = loaded.state;
  s.head = loaded.head;
  s.stale = false;
  return loaded.state;
}

async function ensureState(s: Session): Promise<OperationState> {
  if (s.state && !s.stale) return s.state;
  return refresh(s);
}

/**
 * Applies a patch to the session's operation. With a fresh snapshot it uses the head revision as an optimistic lock;
 * if something else wrote first it refreshes and (via `rebuild`) recomputes the patch once.
 */
async function commit(
  s: Session,
  first: Patch,
  kind: RevisionKind,
  rebuild?: (state: OperationState) => Result<Patch>,
): Promise<{ ok: true; value: AppliedPatch | null } | ApplyFailure> {
  let patch = first;
  for (let attempt = 0; ; attempt++) {
    const fresh = !!s.state && !s.stale;
    const r = await applyPatch(s.db, s.operationId, patch, { kind, source: s, ...(fresh ? { expectHeadRevisionId: s.head } : {}) });
    if (r.ok) {
      if (fresh) {
        s.state = applyChangesToState(s.state!, r.value.patch.changes).state;
        s.head = r.value.revisionId;
      } else {
        s.stale = true;
      }
      return r;
    }
    if (r.code !== 'stale' || attempt > 0) return r;
    const state = await refresh(s);
    if (rebuild) {
      const b = rebuild(state);
      if (!b.ok) return { ok: false, error: b.error, code: 'invalid' };
      if (!b.value.changes.length) return { ok: true, value: null };
      patch = b.value;
    }
  }
}

/**
 * Undo, redo and restore do not ask again, but one that LOWERS the protective marking (undoing a raise, redoing a
 * confirmed lowering, restoring an earlier marking) says so in its history label, so the operation's record shows every
 * lowering however it was made: "Undo: Set marking (lowers the protective marking from OFFICIAL-SENSITIVE to OFFICIAL)".
 */
export function withMarkingNote(patch: Patch): Patch {
  for (const c of patch.changes) {
    if (c.table !== 'operations' || !c.before || !c.after) continue;
    const from = c.before.marking;
    const to = c.after.marking;
    if (from && to && isLowering(from, to) && !patch.label.includes('Lower protective marking'))
      return { ...patch, label: `${patch.label} (lowers the protective marking from ${from} to ${to})` };
  }
  return patch;
}

function pushUndo(s: Session, patch: Patch): void {
  s.undo.push(patch);
  if (s.undo.length > UNDO_LIMIT) s.undo.splice(0, s.undo.length - UNDO_LIMIT);
  s.redo = [];
}

// ---------------------------------------------------------------------------------------------------------------------
// The editor

export function createEditor(db: CordonDb, operationId: string, options: EditorOptions = {}): Editor {
  const s = getSession(db, operationId);
  const now = options.now ?? (() => new Date().toISOString());
  const makeId = options.newId ?? randomId;

  const outcome = (revisionId: number | null, label: string, opId = operationId): RunOutcome => ({ operationId: opId, revisionId, label });

  async function runInner<N extends CommandName>(name: N, args: CommandArgs[N]): Promise<Result<RunOutcome>> {
    const state = await ensureState(s);
    const ctx = () => ({ operationId, now: now(), newId: makeId });
    const built = buildPatch(name, state, args, ctx());
    if (!built.ok) return built;
    const patch = built.value;
    if (!patch.changes.length) return ok(outcome(null, patch.label));
    const target = patchOperationId(patch);
    if (!target) return err(`"${patch.label}" would change more than one operation.`);

    if (target !== operationId) {
      // operation.create / duplicateAsTemplate under a new id: the edit belongs to the new operation's history.
      const other = getSession(db, target);
      const r = await serial(other, () => commit(other, patch, 'edit'));
      if (!r.ok) return err(r.error);
      if (!r.value) return ok(outcome(null, patch.label, target));
      pushUndo(other, r.value.patch);
      notify(other, { operationId: target, kind: 'edit', revisionId: r.value.revisionId, label: patch.label });
      return ok(outcome(r.value.revisionId, patch.label, target));
    }

    const r = await commit(s, patch, 'edit', (fresh) => buildPatch(name, fresh, args, ctx()));
    if (!r.ok) return err(r.error);
    if (!r.value) return ok(outcome(null, patch.label));
    pushUndo(s, r.value.patch);
    notify(s, { operationId, kind: 'edit', revisionId: r.value.revisionId, label: r.value.patch.label });
    return ok(outcome(r.value.revisionId, r.value.patch.label));
  }

  async function step(direction: 'undo' | 'redo'): Promise<Result<RunOutcome>> {
    const from = direction === 'undo' ? s.undo : s.redo;
    const entry = from[from.length - 1];
    if (!entry) return ok(outcome(null, direction === 'undo' ? 'Nothing to undo' : 'Nothing to redo'));
    const patch = withMarkingNote(direction === 'undo' ? invertPatch(entry, `Undo: ${entry.label}`) : { ...entry, label: `Redo: ${entry.label}` });
    const r = await commit(s, patch, direction);
    if (!r.ok) {
      if (r.code === 'conflict' || r.code === 'invalid') {
        // The rows have moved on (changed elsewhere): this step can never apply cleanly, so drop it.
        from.pop();
        notify(s, { operationId, kind: 'stack', revisionId: null, label: entry.label });
        return err(`Cannot ${direction} "${entry.label}": ${r.error}`);
      }
      return err(r.error);
    }
    from.pop();
    (direction === 'undo' ? s.redo : s.undo).push(entry);
    const revisionId = r.value?.revisionId ?? null;
    notify(s, { operationId, kind: direction, revisionId, label: patch.label });
    return ok(outcome(revisionId, patch.label));
  }

  return {
    operationId,
    run: (name, args) => serial(s, () => runInner(name, args)),
    undo: () => serial(s, () => step('undo')),
    redo: () => serial(s, () => step('redo')),
    canUndo: () => s.undo.length > 0,
    canRedo: () => s.redo.length > 0,
    undoLabel: () => s.undo[s.undo.length - 1]?.label ?? null,
    redoLabel: () => s.redo[s.redo.length - 1]?.label ?? null,
    listRevisions: () => listRevisionRecords(db, operationId),
    restoreRevision: (revisionId) =>
      serial(s, async () => {
        for (let attempt = 0; attempt < 2; attempt++) {
          // Restore reads the history, not the snapshot: lock on the head revision so nothing lands in between.
          await refresh(s);
          const built = await buildRestorePatch(db, operationId, revisionId);
          if (!built.ok) return built;
          const label = built.value.label;
          if (!built.value.changes.length) return ok(outcome(null, label));
          const r = await applyPatch(db, operationId, built.value, { kind: 'restore', source: s, expectHeadRevisionId: s.head });
          if (r.ok) {
            s.state = applyChangesToState(s.state!, r.value.patch.changes).state;
            s.head = r.value.revisionId;
            pushUndo(s, r.value.patch);
            notify(s, { operationId, kind: 'restore', revisionId: r.value.revisionId, label });
            return ok(outcome(r.value.revisionId, label));
          }
          if (r.code !== 'stale') return err(r.error);
        }
        return err('The plan kept changing while restoring; please try again.');
      }),
    subscribe: (listener) => {
      s.listeners.add(listener);
      return () => s.listeners.delete(listener);
    },
    snapshot: () => serial(s, () => ensureState(s)),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Revisions

export type { RevisionRecord };

/** The operation's history, oldest first. */
export function listRevisions(db: CordonDb, operationId: string): Promise<RevisionRecord[]> {
  return listRevisionRecords(db, operationId);
}

/**
 * The patch that takes the operation from now back to how it was right after `revisionId`: the inverse of every later
 * revision, newest first, collapsed to one change per row.
 */
export async function buildRestorePatch(db: CordonDb, operationId: string, revisionId: number): Promise<Result<Patch>> {
  const target = await getRevision(db, revisionId);
  if (!target || target.operationId !== operationId) return err('That revision is not in this operation’s history.');
  const later = await readRevisionsAfter(db, operationId, revisionId);
  const label = `Restore to revision ${target.seq} (${target.label})`;
  try {
    return ok(withMarkingNote(revertPatches(later, label)));
  } catch (e) {
    return err(`The history of this operation cannot be replayed: ${(e as Error).message}`);
  }
}

/**
 * Restores an operation to how it was right after `revisionId`, as ONE new revision ("Restore to revision N (label)").
 * Prefer `editor.restoreRevision`, which also puts the restore on the undo stack.
 */
export async function restoreRevision(db: CordonDb, operationId: string, revisionId: number): Promise<Result<RunOutcome>> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const head = await headRevisionId(db, operationId);
    const built = await buildRestorePatch(db, operationId, revisionId);
    if (!built.ok) return built;
    if (!built.value.changes.length) return ok({ operationId, revisionId: null, label: built.value.label });
    const r = await applyPatch(db, operationId, built.value, { kind: 'restore', expectHeadRevisionId: head });
    if (r.ok) return ok({ operationId, revisionId: r.value.revisionId, label: built.value.label });
    if (r.code !== 'stale') return err(r.error);
  }
  return err('The plan kept changing while restoring; please try again.');
}

// ---------------------------------------------------------------------------------------------------------------------
// Observing an operation

/**
 * Calls `cb` with the whole operation now and after every change to it (from this window or another), or with null
 * while it does not exist. Changes are applied incrementally from the revision log, and the arrays of tables that did
 * not change keep their identity, so a 5,000-feature plan costs little per edit. Returns unsubscribe.
 */
export function observeOperation(
  db: CordonDb,
  operationId: string,
  cb: (bundle: OperationBundle | null) => void,
  onError: (error: unknown) => void = (e) => console.error('cordon observeOperation failed', e),
): () => void {
  let closed = false;
  let state: OperationState | null = null;
  let head = -1;
  let bundle: OperationBundle | null = null;
  /** The newest head seen but not yet processed: bursts of edits collapse into one catch-up. */
  let pending: number | null = null;
  let running = false;

  const deliver = () => {
    if (!closed) cb(bundle);
  };

  async function sync(observedHead: number): Promise<void> {
    if (closed || (state && observedHead === head)) return;
    if (state) {
      const { revisions, head: dbHead } = await readRevisionsSince(db, operationId, head);
      if (closed) return;
      // An older emission we have already caught up past.
      if (!revisions.length && dbHead === head) return;
      const lastId = revisions.length ? revisions[revisions.length - 1]!.id : head;
      if (lastId === dbHead && !revisions.some((r) => r.kind === 'import')) {
        const touched = new Set<TableName>();
        let next = state;
        for (const r of revisions) {
          const applied = applyChangesToState(next, r.changes);
          next = applied.state;
          for (const t of applied.touched) touched.add(t);
        }
        state = next;
        head = dbHead;
        bundle = bundleFromState(state, bundle, touched);
        deliver();
        return;
      }
    }
    // First read, an import, or history that went backwards (the operation was purged): read it all.
    const loaded = await loadBundleWithHead(db, operationId);
    if (closed) return;
    state = loaded.bundle ? stateFromBundle(loaded.bundle) : emptyState();
    head = loaded.head;
    bundle = loaded.bundle;
    deliver();
  }

  async function pump(): Promise<void> {
    running = true;
    try {
      while (pending !== null && !closed) {
        const h = pending;
        pending = null;
        await sync(h);
      }
    } catch (e) {
      if (!closed) onError(e);
    } finally {
      running = false;
    }
  }

  const subscription = liveQuery(() => headRevisionId(db, operationId)).subscribe({
    next: (h) => {
      pending = h;
      if (!running) void pump();
    },
    error: (e: unknown) => {
      if (!closed) onError(e);
    },
  });
  return () => {
    closed = true;
    subscription.unsubscribe();
  };
}
