/**
 * The local database (IndexedDB through Dexie). Only `renderer/data/` imports this file; everything else goes through
 * repositories.ts and history.ts.
 *
 * SCHEMA VERSIONS ARE APPEND-ONLY. Never edit an existing `version(n)` block once it has shipped: add
 * `version(n + 1).stores({...changed tables only...}).upgrade(tx => ...)` below it, and parse migrated rows with the
 * zod schemas from `shared/domain`. Users' databases hold their only copy of a plan.
 */
import { Dexie, type DexieOptions, type EntityTable, type Table } from 'dexie';
import type { Assignment, Operation, Phase, PlanFeature, Unit } from '../../shared/domain';
import type { Change } from './patches';

/** Why a revision was written. */
export type RevisionKind = 'edit' | 'undo' | 'redo' | 'restore' | 'import' | 'remote';

/** One entry of an operation's history (small: the row changes live in `revisionChanges`). */
export interface RevisionRecord {
  /** Auto-increment, global across operations: later revisions have larger ids. */
  id: number;
  operationId: string;
  /** 1, 2, 3 ... within the operation: what the user sees as "revision N". */
  seq: number;
  /** ISO time of the write. */
  at: string;
  label: string;
  kind: RevisionKind;
  changeCount: number;
}

/** The row changes of one revision, kept apart so that listing history does not read every row ever written. */
export interface RevisionChangesRecord {
  revisionId: number;
  operationId: string;
  changes: Change[];
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

/** A decision-log or control-room entry written offline, waiting for the command server (logOutbox.ts). */
export interface LogOutboxRecord {
  entryId: string;
  operationId: string;
  queuedAt: string;
  /** An EntryDraft; parsed again when read. */
  draft: unknown;
}

/** One decision-log entry as last read from the command server and verified (logCache.ts), for printing offline. */
export interface LogCacheRecord {
  entryId: string;
  operationId: string;
  logId: string;
  seq: number;
  /** A StoredEntry (entry and recorded hash); parsed and verified again when read. */
  stored: unknown;
}

/** Per log: what its cached entries were verified against (the newest signed checkpoint, the server's key). */
export interface LogCacheHeadRecord {
  operationId: string;
  logId: string;
  /** Entries cached for this log (1..size). */
  size: number;
  rootHash: string;
  /** A Checkpoint, or null when the server had signed none yet; parsed when read. */
  checkpoint: unknown;
  publicKey: string;
  /** When this workstation last read the log from the server. */
  fetchedAt: string;
}

/**
 * A local edit of a shared operation waiting to be pushed to the command server (sync.ts). Written in the same
 * transaction as the edit's rows and revision; removed only once the server has answered for it.
 */
export interface SyncOutboxRecord {
  changeSetId: string;
  operationId: string;
  /** The local revision the edit wrote: outbox rows are pushed in this order. */
  revisionId: number;
  /** The last server seq applied here when the edit was made. */
  baseSeq: number;
  label: string;
  editedAt: string;
  changes: Change[];
  /** Why the server refused the last attempt (shown; the change set stays until it goes through). */
  refused?: string;
}

/** A shared operation's link to the command server's working copy (sync.ts). */
export interface SyncStateRecord {
  operationId: string;
  serverUrl: string;
  sharedSince: string;
  /** The newest server change-log seq applied to this workstation's copy. */
  lastSeq: number;
  /** When the outbox was last empty and the pull caught up (null: not yet). */
  lastSyncAt: string | null;
}

/**
 * A file made here (a briefing pack, a data package, a log or audit export) not yet recorded in the server's audit
 * trail (exportLedger.ts). Kept until the server has answered for it; the record itself is validated when sent.
 */
export interface ExportLedgerRecord {
  exportId: string;
  /** Event time: when the file was made (also the sending order). */
  at: string;
  /** An ExportRecord (shared/protocol/exports.ts), parsed before it is sent. */
  record: unknown;
  /** Why the server refused it (it stays, is not resent, and is counted on screen). */
  refused?: string;
}

export class CordonDb extends Dexie {
  declare operations: Table<Operation, string>;
  declare phases: Table<Phase, string>;
  declare features: Table<PlanFeature, string>;
  declare units: Table<Unit, string>;
  declare assignments: Table<Assignment, string>;
  declare revisions: EntityTable<RevisionRecord, 'id'>;
  declare revisionChanges: Table<RevisionChangesRecord, number>;
  declare settings: Table<SettingRecord, string>;
  declare logOutbox: Table<LogOutboxRecord, string>;
  declare logCache: Table<LogCacheRecord, string>;
  declare logCacheHeads: Table<LogCacheHeadRecord, [string, string]>;
  declare syncOutbox: Table<SyncOutboxRecord, string>;
  declare syncState: Table<SyncStateRecord, string>;
  declare exportLedger: Table<ExportLedgerRecord, string>;

  constructor(name: string, options?: DexieOptions) {
    super(name, options);
    // version(1): the first shipped schema. Do not edit; append version(2) etc. (see the header).
    this.version(1).stores({
      operations: 'id, updatedAt',
      phases: 'id, operationId',
      features: 'id, operationId, [operationId+kind]',
      units: 'id, operationId, [operationId+callSign]',
      assignments: 'id, operationId, [operationId+unitId], [operationId+phaseId], [operationId+target.featureId]',
      revisions: '++id, operationId',
      revisionChanges: 'revisionId, operationId',
      settings: 'key',
    });
    // version(2): the decision-log outbox (entries written while offline), a table of its own.
    this.version(2).stores({ logOutbox: 'entryId, operationId' });
    // version(3): sync of shared operations (issue 11): edits waiting to be pushed, and each operation's server link.
    this.version(3).stores({ syncOutbox: 'changeSetId, operationId, [operationId+revisionId]', syncState: 'operationId' });
    // version(4): a verified copy of the decision logs read from the server, so the briefing pack prints them offline.
    this.version(4).stores({ logCache: 'entryId, operationId, [operationId+logId]', logCacheHeads: '[operationId+logId], operationId' });
    // version(5): files made here waiting to be recorded in the server's audit trail (exports and prints, issue 11).
    this.version(5).stores({ exportLedger: 'exportId, at' });
  }
}

/** The tables holding an operation's rows and history (everything but settings). */
export const operationTables = (db: CordonDb) => [db.operations, db.phases, db.features, db.units, db.assignments, db.revisions, db.revisionChanges];

/**
 * Opens (lazily, on first use) the app database. Tests pass a unique name and, for full isolation, their own
 * `indexedDB`/`IDBKeyRange` from fake-indexeddb: `openCordonDb('t1', { indexedDB: new IDBFactory(), IDBKeyRange })`.
 */
export function openCordonDb(name = 'cordon', options?: DexieOptions): CordonDb {
  return new CordonDb(name, options);
}
