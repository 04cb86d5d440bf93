/**
 * The account's own connection to the command server: it carries the session token (and this workstation's id) so
 * that the server can sign this screen out the moment its session ends (an admin disabled the account, reset the
 * password, or the person signed out elsewhere), and it carries the account events (session:me, users:*,
 * audit:query). Answers are parsed with the shared schemas before anyone sees them.
 */
import { io, type Socket } from 'socket.io-client';
import type { z } from 'zod';
import {
  AccountView,
  AuditEntry,
  ExportRecorded,
  Handshake,
  Notice,
  PROTOCOL_VERSION,
  SessionInfo,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../shared/protocol';
import type { Result } from '../../shared/util/result';

type AccountEvent =
  'session:me' | 'users:list' | 'users:create' | 'users:setEnabled' | 'users:setRoles' | 'users:resetPassword' | 'audit:query' | 'audit:export';

const ANSWERS = {
  'session:me': SessionInfo,
  'users:list': AccountView.array(),
  'users:create': AccountView,
  'users:setEnabled': AccountView,
  'users:setRoles': AccountView,
  'users:resetPassword': AccountView,
  'audit:query': AuditEntry.array(),
  'audit:export': ExportRecorded,
} satisfies Record<AccountEvent, z.ZodType>;

export type AccountAnswer<E extends AccountEvent> = z.infer<(typeof ANSWERS)[E]>;

/** What `request` answers when the server could not be asked (nothing was decided): try again later. */
export const NO_ANSWER = 'no answer from the command server (is it reachable?)';
export const SIGNED_OUT = 'signed out';
export const NOT_UNDERSTOOD = 'the server gave an answer this app does not understand';

export interface AccountLink {
  request<E extends AccountEvent>(event: E, payload: Parameters<ClientToServerEvents[E]>[0]): Promise<Result<AccountAnswer<E>>>;
  /** Whether the link is up now (a request made while it is down waits for it, up to its timeout). */
  connected(): boolean;
  /** Called each time the link (re)connects: work that waited for the server can go now. */
  onConnected(listener: () => void): () => void;
  close(): void;
}

export interface AccountLinkOptions {
  url: string;
  token: string;
  workstation: string;
  /** The server ended this session (why, in its words). The link is closed by then. */
  onSignedOut(why: string): void;
}

export function openAccountLink(o: AccountLinkOptions): AccountLink {
  const auth = Handshake.parse({ token: o.token, protocolVersion: PROTOCOL_VERSION, workstation: o.workstation });
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(o.url, {
    auth,
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    withCredentials: false,
    reconnection: true,
    reconnectionDelayMax: 10_000,
  });
  let ended = false;
  const end = (why: string) => {
    if (ended) return;
    ended = true;
    socket.close();
    o.onSignedOut(why);
  };
  socket.on('notice', (raw) => {
    const n = Notice.safeParse(raw);
    if (n.success && n.data.code === 'signedOut') end(n.data.message);
  });
  // A refused handshake for our session (ended while we were away) is a sign-out too; other errors are the link.
  socket.on('connect_error', (e) => {
    if (/session ended or unknown/.test(e.message)) end('signed out: your session has ended');
  });
  return {
    async request(event, payload) {
      if (ended) return { ok: false, error: SIGNED_OUT };
      try {
        const raw = (await (socket.timeout(15_000) as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown> }).emitWithAck(
          event,
          payload,
        )) as Result<unknown>;
        if (!raw || typeof raw !== 'object' || !('ok' in raw)) return { ok: false, error: NOT_UNDERSTOOD };
        if (!raw.ok) return { ok: false, error: String(raw.error) };
        const parsed = ANSWERS[event].safeParse(raw.value);
        return parsed.success ? { ok: true, value: parsed.data as AccountAnswer<typeof event> } : { ok: false, error: NOT_UNDERSTOOD };
      } catch {
        return { ok: false, error: NO_ANSWER };
      }
    },
    connected: () => socket.connected,
    onConnected(listener) {
      if (socket.connected) queueMicrotask(listener);
      socket.on('connect', listener);
      return () => void socket.off('connect', listener);
    },
    close() {
      ended = true;
      socket.close();
    },
  };
}
