/**
 * The data layer's public face. Other folders import from here (never from dexie, and never a table directly).
 */
export { openCordonDb, type CordonDb, type RevisionKind, type RevisionRecord } from './db';
export {
  PATCH_TABLES,
  applyChangesToState,
  bundleFromState,
  checkBundleIntegrity,
  collapseChanges,
  deleteRows,
  diffBundles,
  emptyState,
  insertRows,
  invertPatch,
  remapBundle,
  stateFromBundle,
  updateRow,
  type Change,
  type OperationState,
  type Patch,
  type Row,
  type RowByTable,
  type TableName,
} from './patches';
export {
  COMMANDS,
  COMMAND_NAMES,
  buildPatch,
  featureNoun,
  type AssignmentInput,
  type CommandArgs,
  type CommandContext,
  type CommandName,
  type FeatureInput,
  type OperationInput,
  type PhaseInput,
  type UnitInput,
  type PropsEdit,
  type StrengthEdit,
} from './commands';
export {
  DISK_FULL_MESSAGE,
  applyPatch,
  deleteOperation,
  getOperation,
  importBundle,
  listOperations,
  loadBundle,
  subscribeChanges,
  type ApplyErrorCode,
  type DataEvent,
  type ImportMode,
  type ImportOutcome,
} from './repositories';
export {
  UNDO_LIMIT,
  createEditor,
  listRevisions,
  observeOperation,
  restoreRevision,
  type Editor,
  type EditorEvent,
  type EditorOptions,
  type RunOutcome,
} from './history';
export { POWER_COMMANDS, powerValidationContext, type PowerCommandArgs, type PowerInput } from './powerCommands';
export { pendingLogDrafts, queueLogDraft, removeLogDraft } from './logOutbox';
export { cacheVerifiedLog, readCachedLogs, type CachedLog, type CachedLogs, type VerifiedLog } from './logCache';
export { applyRemoteEntries, markShared, openSharedOperation, type RemoteEntry, type RemoteOutcome } from './sync';
export { getSyncState, localCopyOf, markChangeSetRefused, markSynced, outboxSummary, pendingChangeSets, removeChangeSet, type LocalCopy } from './syncOutbox';
export type { SyncOutboxRecord, SyncStateRecord } from './db';
export { exportRecorded, exportRefused, noteExport, pendingExports } from './exportLedger';
export type { ExportLedgerRecord } from './db';
