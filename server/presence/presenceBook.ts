/**
 * Who has which operation open, across the processes of a scale-out group: this process's own connections, and what
 * each other process last said about its connections. Pure state (no sockets, no timers), so the rules are tested
 * without a server: a process that stops speaking is forgotten after a few of its beats (no ghost users when a process dies or
 * our Redis link drops), and a process's every message replaces all it said before (a lost message heals at the next).
 */
import type { z } from 'zod';
import type { PresencePerson } from '../../shared/protocol/sync';

export type Person = z.infer<typeof PresencePerson>;
/** What one process says about itself: operationId -> the people present on it. */
export type ProcessPresence = Record<string, Person[]>;

interface RemoteProcess {
  seenAt: number;
  /** Silent longer than this: gone. */
  expireMs: number;
  operations: ProcessPresence;
}

export class PresenceBook {
  /** operationId -> connectionId -> person, on this process. */
  private readonly local = new Map<string, Map<string, Person>>();
  private readonly remote = new Map<string, RemoteProcess>();

  /** `expireBeats`: a process is forgotten after this many of its own beat intervals without a word. */
  constructor(private readonly expireBeats: number) {}

  /** Puts (or updates) a connection in an operation; returns whether anything others see changed. */
  put(operationId: string, person: Person): boolean {
    let people = this.local.get(operationId);
    if (!people) this.local.set(operationId, (people = new Map()));
    const before = people.get(person.connectionId);
    // "since" is when they arrived, not when they last clicked.
    const next = before ? { ...person, since: before.since } : person;
    people.set(person.connectionId, next);
    return !before || before.workspace !== next.workspace || !sameIds(before.selection, next.selection);
  }

  /** Removes a connection from one operation; returns whether it was there. */
  remove(operationId: string, connectionId: string): boolean {
    const people = this.local.get(operationId);
    if (!people?.delete(connectionId)) return false;
    if (people.size === 0) this.local.delete(operationId);
    return true;
  }

  /** Removes a connection from every operation (it disconnected); returns the operations it was in. */
  removeConnection(connectionId: string): string[] {
    const left: string[] = [];
    for (const operationId of [...this.local.keys()]) if (this.remove(operationId, connectionId)) left.push(operationId);
    return left;
  }

  /** This process's connections, by operation: what it tells the others. */
  localPresence(): ProcessPresence {
    const out: ProcessPresence = {};
    for (const [operationId, people] of this.local) out[operationId] = [...people.values()];
    return out;
  }

  /** Another process's whole state (it replaces what that process said before); returns the operations that changed. */
  putRemote(processId: string, operations: ProcessPresence, atMs: number, beatMs: number): string[] {
    const before = this.remote.get(processId)?.operations ?? {};
    this.remote.set(processId, { seenAt: atMs, expireMs: beatMs * this.expireBeats, operations });
    if (Object.keys(operations).length === 0) this.remote.delete(processId);
    return changedOperations(before, operations);
  }

  /** Forgets processes silent for longer than their expiry; returns the operations whose people changed. */
  expire(atMs: number): string[] {
    const changed = new Set<string>();
    for (const [processId, p] of this.remote) {
      if (atMs - p.seenAt <= p.expireMs) continue;
      this.remote.delete(processId);
      for (const operationId of Object.keys(p.operations)) changed.add(operationId);
    }
    return [...changed];
  }

  /** Everyone present in an operation, here and on the other processes, earliest arrival first. */
  peopleOf(operationId: string): Person[] {
    const people = [...(this.local.get(operationId)?.values() ?? [])];
    for (const p of this.remote.values()) people.push(...(p.operations[operationId] ?? []));
    return people.sort((a, b) => a.since.localeCompare(b.since) || a.connectionId.localeCompare(b.connectionId));
  }

  /** Whether this process has anyone (its own) in an operation: only then does it send notices for it. */
  hasLocal(operationId: string): boolean {
    return this.local.has(operationId);
  }
}

const sameIds = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function changedOperations(before: ProcessPresence, after: ProcessPresence): string[] {
  const out: string[] = [];
  for (const operationId of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[operationId] ?? [];
    const b = after[operationId] ?? [];
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push(operationId);
  }
  return out;
}
