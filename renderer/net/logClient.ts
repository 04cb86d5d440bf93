/**
 * A connection to the command server for the decision logs and the control-room log (the Decisions workspace and
 * Live's Log tab). Separate from the live picture's connection: a loggist's screen needs no positions.
 * Every answer is parsed with the protocol's zod schemas; appends are idempotent on the server (by entry id), so an
 * unanswered one may simply be sent again.
 */
import { io, type Socket } from 'socket.io-client';
import { Handshake, LogListResponse, PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '../../shared/protocol';
import { StoredEntry, type EntryDraft } from '../../shared/decisionLog';
import { err, type Result } from '../../shared/util/result';
import type { LinkState } from './link';
import { parseAck } from './parse';

export interface LogConnection {
  /** Called at once with the current state, then on every change. */
  onLink: (listener: (link: LinkState) => void) => () => void;
  /** Resolves once the entry is durable on the server, with the entry as stored (numbered, stamped). */
  append: (draft: EntryDraft) => Promise<Result<StoredEntry>>;
  list: (operationId: string) => Promise<Result<LogListResponse>>;
  close: () => void;
}

const zodParser =
  <T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { message: string } } }, what: string) =>
  (raw: unknown): Result<T> => {
    const r = schema.safeParse(raw);
    return r.success ? { ok: true, value: r.data } : err(`${what}: ${r.error.message}`);
  };
const parseStored = zodParser(StoredEntry, 'log entry');
const parseList = zodParser(LogListResponse, 'log list');

export function connectLogs(options: { url: string; token: string; userName?: string; timeoutMs?: number }): LogConnection {
  const timeout = options.timeoutMs ?? 15_000;
  const auth = Handshake.parse({ token: options.token, protocolVersion: PROTOCOL_VERSION, ...(options.userName ? { userName: options.userName } : {}) });
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(options.url, {
    auth,
    reconnection: true,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 10_000,
    transports: ['websocket', 'polling'],
    withCredentials: false,
  });
  const listeners = new Set<(link: LinkState) => void>();
  let link: LinkState = { phase: 'connecting', since: Date.now() };
  const set = (next: LinkState) => {
    link = next;
    for (const l of [...listeners]) l(link);
  };
  socket.on('connect', () => set({ phase: 'connected', since: Date.now() }));
  socket.on('disconnect', (reason) => set({ phase: 'down', since: Date.now(), reason }));
  socket.on('connect_error', (e) => {
    // The server refused the handshake (bad token, version): it will not change by retrying.
    const refused = (e as { data?: { code?: string } }).data?.code !== undefined;
    set({ phase: refused ? 'rejected' : 'down', since: link.phase === 'down' ? link.since : Date.now(), reason: e.message });
  });

  const ask = async <T>(event: 'log:append' | 'log:list', payload: unknown, parse: (raw: unknown) => Result<T>): Promise<Result<T>> => {
    if (!socket.connected) return err('Not connected to the command server.');
    try {
      const raw: unknown = await (socket.timeout(timeout) as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown> }).emitWithAck(event, payload);
      return parseAck(raw, parse);
    } catch {
      return err('The command server did not answer in time.');
    }
  };

  return {
    onLink(listener) {
      listeners.add(listener);
      listener(link);
      return () => listeners.delete(listener);
    },
    append: (draft) => ask('log:append', { draft }, parseStored),
    list: (operationId) => ask('log:list', { operationId }, parseList),
    close() {
      listeners.clear();
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
