/**
 * The socket side of accounts: the events a signed-in person or an admin sends (session:me, users:*, audit:query),
 * which operation each event is about (for access.ts), which events go into the audit trail, and what happens to open
 * sockets when a session ends (signed out at once) or roles change (re-scoped, subscriptions dropped).
 */
import type { z } from 'zod';
import {
  AuditQueryRequest,
  ExportRecord,
  CreateUserRequest,
  ResetPasswordRequest,
  SetEnabledRequest,
  SetRolesRequest,
  parseRowObject,
  type ClientToServerEvents,
} from '../../shared/protocol';
import { rowAuditEntries, type RowHistoryReader } from '../sync/auditFollow';
import { z as zod } from 'zod';
import type { Result } from '../../shared/util/result';
import type { CordonServer, CordonSocket, Hub } from '../hub';
import type { Logger } from '../util';
import type { PresenceService } from '../presence/presenceService';
import { isUnscoped, type Actor } from './access';
import type { AccountService, Origin } from './accountService';
import { memberRescoper } from './rescopeMember';

const Empty = zod.object({}).strict();

type Handler = [keyof ClientToServerEvents, z.ZodType, (req: unknown) => Promise<Result<unknown>>];

const actorOf = (socket: CordonSocket): Actor =>
  socket.data.account ? { kind: 'account', account: socket.data.account } : { kind: 'service', name: socket.data.name, role: socket.data.role };

/** `sync`: where a followed row's synced changes are read (absent: the audit table only). */
export function accountEventHandlers(accounts: AccountService, socket: CordonSocket, sync?: { rowHistory: RowHistoryReader }): Handler[] {
  const origin = (): Origin => ({ actor: actorOf(socket), workstation: socket.data.workstation ?? null });
  const h = <S extends z.ZodType>(event: keyof ClientToServerEvents, schema: S, run: (req: z.infer<S>) => Promise<Result<unknown>>): Handler => [
    event,
    schema,
    run as unknown as (req: unknown) => Promise<Result<unknown>>,
  ];
  return [
    h('session:me', Empty, async () => {
      const a = socket.data.account;
      if (!a) return { ok: false, error: 'a service account has no session' };
      const account = await accounts.store.userById(a.id);
      if (!account) return { ok: false, error: 'this account no longer exists' };
      return { ok: true, value: { user: await accounts.view(account), expiresAt: socket.data.sessionExpiresAt ?? new Date().toISOString() } };
    }),
    h('users:list', Empty, async () => ({ ok: true, value: await accounts.users() })),
    h('users:create', CreateUserRequest, (req) => accounts.createUser(req, origin())),
    h('users:setEnabled', SetEnabledRequest, (req) => accounts.setEnabled(req.userId, req.enabled, origin())),
    h('users:setRoles', SetRolesRequest, (req) => accounts.setRoles(req.userId, req.operationId, req.roles, origin())),
    h('users:resetPassword', ResetPasswordRequest, (req) => accounts.resetPassword(req.userId, req.password, origin())),
    h('audit:export', ExportRecord, (req) => accounts.recordExport(req, origin())),
    h('audit:query', AuditQueryRequest, async (req) => {
      // A whole row object ("feature:<op>/<id>") also answers that row's synced changes from the change log.
      const ref = req.object ? parseRowObject(req.object) : null;
      const followRow = ref && sync ? { operationId: ref.operationId, read: () => rowAuditEntries(sync.rowHistory, ref, req.limit) } : undefined;
      const value = await accounts.readAudit(
        {
          limit: req.limit,
          ...(req.user ? { user: req.user } : {}),
          ...(req.object ? { object: req.object } : {}),
          ...(req.action ? { action: req.action } : {}),
          ...(req.from ? { fromMs: Date.parse(req.from) } : {}),
          ...(req.to ? { toMs: Date.parse(req.to) } : {}),
        },
        origin(),
        followRow,
      );
      return { ok: true, value };
    }),
  ];
}

/** The operation an event is about (null: none), from its parsed payload. */
export function operationOf(event: string, req: unknown): string | null {
  // users:setRoles names an operation it grants roles in; access to it is an administrator's, not a member's.
  if (isUnscoped(event)) return null;
  if (event === 'plan:publish' || event === 'sync:share') return (req as { plan: { operation: { id: string } } }).plan.operation.id;
  if (event === 'log:append') return (req as { draft: { operationId: string } }).draft.operationId;
  const id = (req as { operationId?: unknown } | null)?.operationId;
  return typeof id === 'string' ? id : null;
}

/** What goes into the audit trail for this event (null: not audited; account administration records itself). */
export function auditedEvent(
  event: string,
  req: unknown,
  result: Result<unknown>,
): { action: string; object: string; operationId: string | null; detail: string } | null {
  const r = req as Record<string, unknown>;
  const op = operationOf(event, req);
  const why = result.ok ? '' : `: ${result.error}`;
  switch (event) {
    case 'alert:ack':
      return { action: 'alert.acknowledge', object: `alert:${op}/${String(r.alertId)}`, operationId: op, detail: `acknowledged${why}` };
    case 'emergency:clear':
      return { action: 'emergency.clear', object: `unit:${op}/${String(r.unitId)}`, operationId: op, detail: `${String(r.reason)}${why}` };
    case 'plan:publish':
      return {
        action: 'plan.publish',
        object: `operation:${op}`,
        operationId: op,
        detail: `"${(r.plan as { operation: { name: string } }).operation.name}"${why}`,
      };
    case 'operation:state':
      return { action: 'operation.state', object: `operation:${op}`, operationId: op, detail: `${String(r.state)}${why}` };
    case 'plan:approve':
      return { action: 'plan.approve', object: `operation:${op}`, operationId: op, detail: `version ${String(r.version)}${why}` };
    case 'operation:legalHold':
      return { action: r.hold ? 'legalHold.on' : 'legalHold.off', object: `operation:${op}`, operationId: op, detail: `${String(r.reason)}${why}` };
    // Sync (issue 11): the change log holds every row's before/after; the trail records that it happened and by whom.
    case 'sync:share':
      return {
        action: 'sync.share',
        object: `operation:${op}`,
        operationId: op,
        detail: `"${(r.plan as { operation: { name: string } }).operation.name}"${why}`,
      };
    case 'sync:push': {
      const v = result.ok ? (result.value as { seq: number; applied: number; merged: number; conflictIds: string[] }) : null;
      const counts = v ? ` at seq ${v.seq}: ${v.applied} applied, ${v.merged} merged, ${v.conflictIds.length} conflicts` : '';
      return { action: 'sync.push', object: `operation:${op}`, operationId: op, detail: `"${String(r.label)}" ${String(r.changeSetId)}${counts}${why}` };
    }
    case 'sync:resolve':
      return { action: 'sync.resolve', object: `conflict:${op}/${String(r.conflictId)}`, operationId: op, detail: `kept ${String(r.keep)}${why}` };
    default:
      return null;
  }
}

/**
 * Ended sessions lose their sockets at once; changed roles re-scope open sockets (rescopeMember.ts): subscriptions,
 * sync rooms and presence they may no longer hold. A change made on another process arrives the same way
 * (`rolesChanged(userId, 'relayed')`, clusterMemberships.ts).
 */
export function watchAccounts(io: CordonServer, hub: Hub, accounts: AccountService, log: Logger, presence?: PresenceService): void {
  const socketsOf = (userId: string) => [...io.of('/').sockets.values()].filter((s) => s.data.account?.id === userId);
  const rescope = memberRescoper({ io, hub, accounts, log, ...(presence ? { presence } : {}) });
  accounts.on({
    revoked(userId, sessionIds, why) {
      for (const s of socketsOf(userId)) {
        if (!sessionIds.includes(s.data.account!.sessionId)) continue;
        s.emit('notice', { code: 'signedOut', message: `signed out: ${why}` });
        s.disconnect(true);
      }
    },
    rolesChanged(userId) {
      void rescope(userId);
    },
  });
}
