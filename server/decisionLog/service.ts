/**
 * The server side of the logs: numbers and stamps each entry, stores it, answers only once it is durable, and signs a
 * checkpoint every CHECKPOINT_EVERY entries of a log and when the operation closes.
 *
 * Appends to one log run one at a time in this process; between processes (PostgreSQL) the primary key on
 * (operation, log, sequence) decides, and the loser re-reads the log's end and tries again.
 */
import {
  authorProblem,
  CHECKPOINT_EVERY,
  checkpointMessage,
  CONTROL_ROOM_LOG,
  logLabel,
  merkleRoot,
  stampEntry,
  type Checkpoint,
  type CheckpointBody,
  type EntryDraft,
  type StoredEntry,
} from '../../shared/decisionLog';
import type { LogListResponse } from '../../shared/protocol';
import { err, ok, type Result } from '../../shared/util/result';
import { SeqTaken, type AppendLogStore } from './logStore';
import type { LogSigner } from './signingKey';

export interface Author {
  /** The name the server's config gives the token. */
  user: string;
  role: string;
  /** The name typed at the screen. */
  typedName?: string;
}

const DECISION_WRITERS = ['commander', 'loggist'];
const CONTROL_WRITERS = ['controller', 'commander', 'loggist'];

export class DecisionLogService {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: AppendLogStore,
    private readonly signer: LogSigner,
    private readonly o: { now?: () => number; checkpointEvery?: number } = {},
  ) {}

  get publicKey(): string {
    return this.signer.publicKey;
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  /** fn after every earlier call for the same log. */
  private serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(key) ?? Promise.resolve()).then(fn);
    const tail = run.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return run;
  }

  append(draft: EntryDraft, who: Author): Promise<Result<StoredEntry>> {
    const writers = draft.logId === CONTROL_ROOM_LOG ? CONTROL_WRITERS : DECISION_WRITERS;
    if (!writers.includes(who.role)) return Promise.resolve(err(`forbidden: the ${who.role} role may not write the ${logLabel(draft.logId)} log`));
    const problem = authorProblem(who.role, draft);
    if (problem) return Promise.resolve(err(problem));
    return this.serial(`${draft.operationId}\u0000${draft.logId}`, async () => {
      // Resent (no answer reached the client the first time): the stored entry, not a second one.
      const stored = await this.store.entryById(draft.operationId, draft.entryId);
      if (stored) {
        return stored.entry.logId === draft.logId ? ok(stored) : err(`entry ${draft.entryId} is already stored in another log`);
      }
      if (draft.corrects) {
        const old = await this.store.entryById(draft.operationId, draft.corrects.entryId);
        if (!old || old.entry.logId !== draft.logId || old.entry.seq !== draft.corrects.seq) {
          return err(`the entry to correct (#${draft.corrects.seq}) is not in the ${logLabel(draft.logId)} log`);
        }
      }
      for (let attempt = 0; ; attempt++) {
        const last = await this.store.lastEntry(draft.operationId, draft.logId);
        const loggedAtMs = this.now();
        const { entry, hash } = stampEntry(draft, last, {
          loggedAt: new Date(loggedAtMs).toISOString(),
          author: { user: who.user, role: who.role },
          ...(who.typedName ? { typedName: who.typedName } : {}),
        });
        try {
          await this.store.appendEntry({
            operationId: entry.operationId,
            logId: entry.logId,
            seq: entry.seq,
            entryId: entry.entryId,
            loggedAtMs,
            hash,
            json: JSON.stringify(entry),
          });
        } catch (e) {
          if (e instanceof SeqTaken && attempt < 5) continue;
          throw e;
        }
        if (entry.seq % (this.o.checkpointEvery ?? CHECKPOINT_EVERY) === 0) await this.checkpoint(entry.operationId, entry.logId, 'interval');
        return ok({ entry, hash });
      }
    });
  }

  /** Signs the log's current head (if it has entries not yet covered by a checkpoint). */
  private async checkpoint(operationId: string, logId: string, reason: CheckpointBody['reason']): Promise<Checkpoint | null> {
    const entries = await this.store.entries(operationId, logId);
    if (entries.length === 0) return null;
    const cps = await this.store.checkpoints(operationId, logId);
    if (cps.some((c) => c.size === entries.length)) return null;
    const body: CheckpointBody = {
      operationId,
      logId,
      size: entries.length,
      rootHash: merkleRoot(entries.map((e) => e.hash)),
      signedAt: new Date(this.now()).toISOString(),
      reason,
    };
    const cp: Checkpoint = { ...body, signature: this.signer.sign(checkpointMessage(body)) };
    await this.store.putCheckpoint(cp);
    return cp;
  }

  /** When an operation closes: a checkpoint of every log's final head. */
  async closeOperation(operationId: string): Promise<void> {
    const logs = new Set((await this.store.entries(operationId)).map((e) => String(e.entry.logId)));
    for (const logId of logs) await this.serial(`${operationId}\u0000${logId}`, () => this.checkpoint(operationId, logId, 'close'));
  }

  async list(operationId: string): Promise<LogListResponse> {
    const [entries, checkpoints] = await Promise.all([this.store.entries(operationId), this.store.checkpoints(operationId)]);
    return { operationId, entries, checkpoints, publicKey: this.signer.publicKey };
  }
}
