/**
 * Presence: who else has an operation open, in which workspace, and what they have selected.
 *
 * A socket that sends `presence:update` for an operation it may see (sockets.ts has checked membership before the
 * handler runs) is present in it until `presence:leave` or its disconnection, which remove it at once. Everyone
 * present on this process gets the whole `presence` notice on every change, coalesced per operation to at most one
 * notice every `notifyEveryMs` (selection changes are chatty). The name shown is the socket's authenticated account
 * (or the service account the token belongs to), never a typed name.
 *
 * Across processes: each process tells the others its own people (`cordon:presence`, its whole state, keyed by a
 * process id, with its beat) on every change and every `beatMs`; a process not heard for three of its beats is forgotten, so the people of
 * a process that died, or of every process when our Redis link drops, go away instead of haunting the strip.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'socket.io';
import { z } from 'zod';
import { PresencePerson, PresenceUpdate, type PresenceNotice } from '../../shared/protocol/sync';
import type { Result } from '../../shared/util/result';
import type { CordonServer, CordonSocket } from '../hub';
import { describeZodError, errorMessage, type Logger } from '../util';
import { PresenceBook, type Person, type ProcessPresence } from './presenceBook';

/** The most operations one connection can be present in at once (a window has one open; a few spare). */
const MAX_OPERATIONS_PER_CONNECTION = 8;
const CLUSTER_EVENT = 'cordon:presence';
const ProcessState = z.object({
  processId: z.string().min(1).max(100),
  /** How often the sender restates itself: it is forgotten after three of these without a word. */
  beatMs: z.number().int().min(10).max(600_000),
  operations: z.record(z.string().max(100), z.array(PresencePerson).max(10_000)),
});

export interface PresenceOptions {
  io: CordonServer;
  log: Logger;
  now?: () => number;
  /** At most one notice per operation this often (default 250 ms: four a second). */
  notifyEveryMs?: number;
  /** How often this process restates its people to the others (default 2 s). */
  beatMs?: number;
  /** A process not heard from for this many of its own beats is forgotten with its people (default 3). */
  expireBeats?: number;
}

/** Sends a server-side event to the other processes, or returns false when it cannot now (Redis away). */
export type ClusterRelay = (event: string, ...args: unknown[]) => boolean;

type Handler = [event: 'presence:update' | 'presence:leave', schema: z.ZodType, run: (req: unknown) => Result<unknown>];

const roomOf = (operationId: string) => `presence:${operationId}`;

export class PresenceService {
  readonly processId = randomUUID();
  private readonly book: PresenceBook;
  private readonly now: () => number;
  private readonly notifyEveryMs: number;
  private readonly beatMs: number;
  private readonly lastNotified = new Map<string, number>();
  private readonly notifyTimers = new Map<string, NodeJS.Timeout>();
  private relay: ClusterRelay | null = null;
  private gossipTimer: NodeJS.Timeout | null = null;
  private lastGossip = 0;
  private readonly timers: NodeJS.Timeout[] = [];
  private closed = false;

  constructor(private readonly o: PresenceOptions) {
    this.now = o.now ?? Date.now;
    this.notifyEveryMs = o.notifyEveryMs ?? 250;
    this.beatMs = o.beatMs ?? 2000;
    this.book = new PresenceBook(o.expireBeats ?? 3);
    // Forget silent processes even when nothing else happens.
    const sweep = setInterval(() => this.expire(), Math.max(50, Math.round(this.beatMs / 4)));
    sweep.unref();
    this.timers.push(sweep);
  }

  /** The events a socket may send, for sockets.ts to register behind its gate; and its disconnection. */
  handlers(socket: CordonSocket): Handler[] {
    socket.on('disconnect', () => {
      for (const operationId of this.book.removeConnection(socket.id)) this.changed(operationId);
    });
    return [
      ['presence:update', PresenceUpdate, (req) => this.update(socket, req as z.infer<typeof PresenceUpdate>)],
      [
        'presence:leave',
        z.object({ operationId: PresenceUpdate.shape.operationId }),
        (req) => this.leave(socket, (req as { operationId: string }).operationId),
      ],
    ];
  }

  /** Everyone present in an operation now. */
  notice(operationId: string): PresenceNotice {
    return { operationId, people: this.book.peopleOf(operationId) };
  }

  /** Joins the other processes: tell them who is here, hear who is there. */
  shareThrough(relay: ClusterRelay): void {
    this.relay = relay;
    const bus = this.o.io as unknown as Server<Record<string, (...a: unknown[]) => void>>;
    bus.on(CLUSTER_EVENT, (raw: unknown) => {
      const r = ProcessState.safeParse(raw);
      if (!r.success) return this.o.log(`presence: ignored a malformed state from another process: ${describeZodError(r.error)}`);
      if (r.data.processId === this.processId) return;
      for (const operationId of this.book.putRemote(r.data.processId, r.data.operations, this.now(), r.data.beatMs)) this.changed(operationId, false);
    });
    const beat = setInterval(() => this.gossip(), this.beatMs);
    beat.unref();
    this.timers.push(beat);
    this.gossip();
  }

  /** Says goodbye to the other processes (their screens drop our people now, not after the expiry). */
  close(): void {
    this.closed = true;
    for (const t of [...this.timers, ...this.notifyTimers.values()]) clearTimeout(t);
    if (this.gossipTimer) clearTimeout(this.gossipTimer);
    this.notifyTimers.clear();
    this.sendState({});
  }

  private update(socket: CordonSocket, req: z.infer<typeof PresenceUpdate>): Result<PresenceNotice> {
    const mine = Object.entries(this.book.localPresence()).filter(([, people]) => people.some((p) => p.connectionId === socket.id));
    if (!mine.some(([id]) => id === req.operationId) && mine.length >= MAX_OPERATIONS_PER_CONNECTION)
      return { ok: false, error: `present in ${MAX_OPERATIONS_PER_CONNECTION} operations already: leave one first` };
    const person: Person = {
      connectionId: socket.id,
      ...identityOf(socket),
      workspace: req.workspace,
      selection: [...new Set(req.selection)],
      since: new Date(this.now()).toISOString(),
    };
    void socket.join(roomOf(req.operationId));
    if (this.book.put(req.operationId, person)) this.changed(req.operationId);
    return { ok: true, value: this.notice(req.operationId) };
  }

  private leave(socket: CordonSocket, operationId: string): Result<null> {
    void socket.leave(roomOf(operationId));
    if (this.book.remove(operationId, socket.id)) this.changed(operationId);
    return { ok: true, value: null };
  }

  /**
   * Takes a connection out of every operation it may no longer see (its person was removed from it): gone from the
   * others' strips and selections at once (and from the other processes' at the next gossip, sent now), out of the
   * room, and its own strip emptied. Returns the operations it left.
   */
  expel(socket: CordonSocket, mayStay: (operationId: string) => boolean): string[] {
    const present = new Set(
      Object.entries(this.book.localPresence()).flatMap(([id, people]) => (people.some((p) => p.connectionId === socket.id) ? [id] : [])),
    );
    for (const room of socket.rooms) if (room.startsWith('presence:')) present.add(room.slice('presence:'.length));
    const left = [...present].filter((operationId) => !mayStay(operationId));
    for (const operationId of left) {
      void socket.leave(roomOf(operationId));
      if (this.book.remove(operationId, socket.id)) this.changed(operationId);
      socket.emit('presence', { operationId, people: [] });
    }
    return left;
  }

  private expire(): void {
    for (const operationId of this.book.expire(this.now())) this.changed(operationId, false);
  }

  /** Something about an operation's people changed: tell those present here (coalesced), and the other processes. */
  private changed(operationId: string, local = true): void {
    if (this.closed) return;
    if (local) this.scheduleGossip();
    if (this.notifyTimers.has(operationId)) return;
    const wait = Math.max(0, (this.lastNotified.get(operationId) ?? -Infinity) + this.notifyEveryMs - this.now());
    if (wait === 0) return this.notify(operationId);
    const t = setTimeout(() => {
      this.notifyTimers.delete(operationId);
      this.notify(operationId);
    }, wait);
    t.unref();
    this.notifyTimers.set(operationId, t);
  }

  private notify(operationId: string): void {
    this.lastNotified.set(operationId, this.now());
    // Only this process's sockets: the others are told by their own process (from our gossip).
    this.o.io.local.to(roomOf(operationId)).emit('presence', this.notice(operationId));
    if (!this.book.hasLocal(operationId)) this.lastNotified.delete(operationId);
  }

  private scheduleGossip(): void {
    if (!this.relay || this.gossipTimer) return;
    const wait = Math.max(0, this.lastGossip + this.notifyEveryMs - this.now());
    this.gossipTimer = setTimeout(() => {
      this.gossipTimer = null;
      this.gossip();
    }, wait);
    this.gossipTimer.unref();
  }

  private gossip(): void {
    this.lastGossip = this.now();
    this.sendState(this.book.localPresence());
  }

  private sendState(operations: ProcessPresence): void {
    try {
      this.relay?.(CLUSTER_EVENT, { processId: this.processId, beatMs: this.beatMs, operations });
    } catch (e) {
      this.o.log(`presence: could not tell the other processes: ${errorMessage(e)}`);
    }
  }
}

/** Who the socket is, as the server knows it: the signed-in account, or the service account of its token. */
function identityOf(socket: CordonSocket): { user: string; displayName: string } {
  const a = socket.data.account;
  if (a) return { user: a.userName, displayName: withRank(a.rank, a.name) };
  return { user: socket.data.name, displayName: withRank(socket.data.rank ?? '', socket.data.name) };
}

const withRank = (rank: string, name: string) => (rank && rank !== '-' ? `${rank} ${name}` : name).slice(0, 200);
