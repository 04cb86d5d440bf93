/**
 * Keeps one shared operation in step with the planning cell's copy on the command server (issue 11).
 *
 * While connected it pulls what it has not seen (on connect, on `sync:head`, after each push), then pushes the outbox
 * in order, one change set at a time. The server is idempotent by changeSetId, so a change set whose answer was lost
 * is simply sent again on the next attempt. A change set leaves the outbox only when the server has answered for it
 * (applied, merged or held as a conflict). A refusal for any other reason leaves it in the outbox with the reason,
 * shown in the status bar, and holds the ones after it (they may build on it) until the next attempt. Offline,
 * edits only queue up: nothing is lost however long the server is away.
 *
 * No React here: the hook (useSync) feeds link changes and head notices in and renders `SyncStatus`.
 */
import type { SyncHeadNotice, SyncPushRequest } from '../../../shared/protocol/sync';
import {
  applyRemoteEntries,
  getSyncState,
  markChangeSetRefused,
  markSynced,
  outboxSummary,
  pendingChangeSets,
  removeChangeSet,
  subscribeChanges,
  type CordonDb,
  type RemoteEntry,
} from '../../data';
import { pullChanges, pushChangeSet, type SyncTransport } from '../../net/syncClient';
import { splitChangeSet } from './splitChangeSet';

export interface SyncStatus {
  /** Change sets in the outbox. */
  pending: number;
  /** The first change set the server refused (not a conflict), and why; it stays in the outbox. */
  refused: { label: string; reason: string } | null;
  /** When the outbox was last empty with the pull caught up. */
  lastSyncAt: string | null;
  lastSeq: number;
  /** Open conflicts on the server, as its last head notice said (null: not known yet). */
  openConflicts: number | null;
  /** A problem applying the server's changes here (shown; the next pull tries again). */
  problem: string | null;
}

export interface SyncEngineOptions {
  db: CordonDb;
  operationId: string;
  transport: SyncTransport;
  onStatus: (status: SyncStatus) => void;
  /** The server raised, resolved or reported conflicts: read the list again. */
  onConflictsChanged?: () => void;
  now?: () => string;
}

/** Errors that say the request did not reach the server or its answer did not come back: try again later, as is. */
const TRANSIENT = /^(Not connected to the command server|The command server did not answer in time)/;

export class SyncEngine {
  private connected = false;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private openConflicts: number | null = null;
  private problem: string | null = null;
  /** When the status line was last told (Date.now()), for reportSoon. */
  private reportedAt = -Infinity;
  private readonly off: () => void;
  private readonly now: () => string;

  constructor(private readonly o: SyncEngineOptions) {
    this.now = o.now ?? (() => new Date().toISOString());
    // A local edit (this window) put a change set in the outbox: send it if we can, and show the count at once.
    this.off = subscribeChanges(o.db, (e) => {
      if (e.operationId === o.operationId && e.kind !== 'remote') void this.kick();
    });
    void this.report();
  }

  /** The link came up (pull, then drain the outbox) or went down (edits only queue). */
  setConnected(connected: boolean): void {
    this.connected = connected;
    if (connected) void this.kick();
  }

  /** The server's log moved on or its conflicts changed. */
  onHead(notice: SyncHeadNotice): void {
    if (notice.operationId !== this.o.operationId) return;
    if (notice.openConflicts !== this.openConflicts) {
      this.openConflicts = notice.openConflicts;
      this.o.onConflictsChanged?.();
    }
    void this.kick();
  }

  /** Runs a sync pass now (or once more after the one in progress); resolves when the outbox and pull have settled. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pass();
        } while (this.again && this.connected && !this.stopped);
      } finally {
        this.running = null;
        await this.report();
      }
    })();
    return this.running;
  }

  /** Resolves when no sync pass is running. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  stop(): void {
    this.stopped = true;
    this.off();
  }

  private async pass(): Promise<void> {
    if (!this.connected) return;
    if (!(await this.pull())) return;
    const pushed = await this.push();
    if (pushed.sent > 0 && !(await this.pull())) return;
    if (pushed.conflicts) this.o.onConflictsChanged?.();
    if (pushed.drained && (await outboxSummary(this.o.db, this.o.operationId)).pending === 0) await markSynced(this.o.db, this.o.operationId, this.now());
  }

  /** Pulls and applies everything after the local lastSeq; false if it could not finish. */
  private async pull(): Promise<boolean> {
    for (;;) {
      const state = await getSyncState(this.o.db, this.o.operationId);
      if (!state || !this.connected) return false;
      const r = await pullChanges(this.o.transport, this.o.operationId, state.lastSeq);
      if (!r.ok) {
        if (!TRANSIENT.test(r.error)) this.problem = r.error;
        return false;
      }
      if (r.value.entries.length) {
        const applied = await applyRemoteEntries(this.o.db, this.o.operationId, r.value.entries as unknown as RemoteEntry[]);
        if (!applied.ok) {
          this.problem = applied.error;
          return false;
        }
      }
      this.problem = null;
      await this.report();
      if (!r.value.more || r.value.entries.length === 0) return true;
    }
  }

  /** Sends the outbox in order, one change set at a time; stops at the first that does not go through. */
  private async push(): Promise<{ sent: number; drained: boolean; conflicts: boolean }> {
    let sent = 0;
    let conflicts = false;
    for (const cs of await pendingChangeSets(this.o.db, this.o.operationId)) {
      if (!this.connected || this.stopped) return { sent, drained: false, conflicts };
      const req: SyncPushRequest = {
        operationId: cs.operationId,
        changeSetId: cs.changeSetId,
        baseSeq: cs.baseSeq,
        label: cs.label.slice(0, 200),
        editedAt: cs.editedAt,
        changes: cs.changes as SyncPushRequest['changes'],
      };
      // A big change set goes in parts; it leaves the outbox only when every part has been answered.
      for (const part of splitChangeSet(req)) {
        const r = await pushChangeSet(this.o.transport, part);
        if (!r.ok) {
          if (!TRANSIENT.test(r.error)) await markChangeSetRefused(this.o.db, cs.changeSetId, r.error);
          return { sent, drained: false, conflicts };
        }
        if (r.value.conflictIds.length) conflicts = true;
      }
      await removeChangeSet(this.o.db, cs.changeSetId);
      sent++;
      await this.reportSoon();
    }
    if (sent > 0) await this.report();
    return { sent, drained: true, conflicts };
  }

  /**
   * The status line at most four times a second while an outbox drains: "997 changes waiting" need not be redrawn
   * after every push, and three reads per push were half the time of draining 1,000 offline edits.
   */
  private async reportSoon(): Promise<void> {
    if (Date.now() - this.reportedAt >= 250) await this.report();
  }

  private async report(): Promise<void> {
    this.reportedAt = Date.now();
    const [{ pending, first }, state] = await Promise.all([outboxSummary(this.o.db, this.o.operationId), getSyncState(this.o.db, this.o.operationId)]);
    if (this.stopped) return;
    this.o.onStatus({
      pending,
      refused: first?.refused ? { label: first.label, reason: first.refused } : null,
      lastSyncAt: state?.lastSyncAt ?? null,
      lastSeq: state?.lastSeq ?? 0,
      openConflicts: this.openConflicts,
      problem: this.problem,
    });
  }
}
