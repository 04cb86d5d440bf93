/**
 * Parsing what the command server sends, with the protocol's zod schemas. One bad unit or alert in a tick must not
 * cost the other 9,999: envelopes are checked whole, items one by one, and invalid items are dropped and counted.
 * An envelope that is itself invalid is dropped (and counted) by the caller.
 */
import { z } from 'zod';
import { formatZodError } from '../../shared/util/zodError';
import { OperationBundle } from '../../shared/domain';
import { AckAlertsResult, Alert, ClearedEmergency, Delta, Heartbeat, HistoryResponse, PositionReport, Snapshot } from '../../shared/protocol';
import type { Result } from '../../shared/util/result';
import { explainRefusal } from './refusal';

export interface Parsed<T> {
  value: T;
  /** Items dropped because they failed their schema. */
  dropped: number;
  /** The first problem met, for the log. */
  problem?: string;
}

const items = z.array(z.unknown());
const SnapshotEnvelope = Snapshot.extend({ units: items, alerts: items, plan: z.unknown() });
const DeltaEnvelope = Delta.extend({ units: items, removed: items.default([]), alerts: items.default([]) });
const HistoryEnvelope = HistoryResponse.extend({ positions: items, alerts: items });
const PlanEvent = z.object({ operationId: z.string().min(1).max(100), plan: z.unknown() });
const ResyncEvent = z.object({ operationId: z.string().min(1).max(100), reason: z.string().max(500).default('') });
const AckEnvelope = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.string().max(2000) }),
]);

function describe(error: z.ZodError): string {
  return formatZodError(error, { max: 1, root: 'payload' });
}

function each<T>(schema: z.ZodType<T>, list: readonly unknown[], where: string): Parsed<T[]> {
  const value: T[] = [];
  let dropped = 0;
  let problem: string | undefined;
  for (const raw of list) {
    const r = schema.safeParse(raw);
    if (r.success) value.push(r.data);
    else {
      dropped++;
      problem ??= `${where}: ${describe(r.error)}`;
    }
  }
  return problem ? { value, dropped, problem } : { value, dropped };
}

function combine(...parts: Parsed<unknown>[]): { dropped: number; problem?: string } {
  const dropped = parts.reduce((n, p) => n + p.dropped, 0);
  const problem = parts.find((p) => p.problem)?.problem;
  return problem ? { dropped, problem } : { dropped };
}

export function parseSnapshot(raw: unknown): Result<Parsed<Snapshot>> {
  const env = SnapshotEnvelope.safeParse(raw);
  if (!env.success) return { ok: false, error: `snapshot: ${describe(env.error)}` };
  const units = each(PositionReport, env.data.units, 'snapshot unit');
  const alerts = each(Alert, env.data.alerts, 'snapshot alert');
  let plan: OperationBundle | null = null;
  let planPart: Parsed<null> = { value: null, dropped: 0 };
  if (env.data.plan !== null && env.data.plan !== undefined) {
    const p = OperationBundle.safeParse(env.data.plan);
    if (p.success) plan = p.data;
    else planPart = { value: null, dropped: 1, problem: `snapshot plan: ${describe(p.error)}` };
  }
  return { ok: true, value: { value: { ...env.data, units: units.value, alerts: alerts.value, plan }, ...combine(units, alerts, planPart) } };
}

export function parseDelta(raw: unknown): Result<Parsed<Delta>> {
  const env = DeltaEnvelope.safeParse(raw);
  if (!env.success) return { ok: false, error: `delta: ${describe(env.error)}` };
  const units = each(PositionReport, env.data.units, 'delta unit');
  const removed = each(z.string().min(1).max(120), env.data.removed, 'delta removed id');
  const alerts = each(Alert, env.data.alerts, 'delta alert');
  return { ok: true, value: { value: { ...env.data, units: units.value, removed: removed.value, alerts: alerts.value }, ...combine(units, removed, alerts) } };
}

export function parseHistory(raw: unknown): Result<Parsed<HistoryResponse>> {
  const env = HistoryEnvelope.safeParse(raw);
  if (!env.success) return { ok: false, error: `history: ${describe(env.error)}` };
  const positions = each(PositionReport, env.data.positions, 'history position');
  const alerts = each(Alert, env.data.alerts, 'history alert');
  return { ok: true, value: { value: { ...env.data, positions: positions.value, alerts: alerts.value }, ...combine(positions, alerts) } };
}

export function parsePlanEvent(raw: unknown): Result<{ operationId: string; plan: OperationBundle }> {
  const env = PlanEvent.safeParse(raw);
  if (!env.success) return { ok: false, error: `plan: ${describe(env.error)}` };
  const plan = OperationBundle.safeParse(env.data.plan);
  if (!plan.success) return { ok: false, error: `plan: ${describe(plan.error)}` };
  return { ok: true, value: { operationId: env.data.operationId, plan: plan.data } };
}

export function parseResync(raw: unknown): Result<{ operationId: string; reason: string }> {
  const r = ResyncEvent.safeParse(raw);
  return r.success ? { ok: true, value: r.data } : { ok: false, error: `resync: ${describe(r.error)}` };
}

export function parseHeartbeat(raw: unknown): Result<Heartbeat> {
  const r = Heartbeat.safeParse(raw);
  return r.success ? { ok: true, value: r.data } : { ok: false, error: `heartbeat: ${describe(r.error)}` };
}

/** An acknowledgement callback's `{ ok, value } | { ok, error }`, with the value checked by `schema`. */
export function parseAck<T>(raw: unknown, schema: (value: unknown) => Result<T>): Result<T> {
  const env = AckEnvelope.safeParse(raw);
  if (!env.success) return { ok: false, error: `The command server sent an answer Cordon cannot read (${describe(env.error)}).` };
  // A refusal is shown to the user: in plain words, saying what would be needed (refusal.ts).
  if (!env.data.ok) return { ok: false, error: explainRefusal(env.data.error) };
  return schema(env.data.value);
}

export function parseClearedEmergency(raw: unknown): Result<ClearedEmergency> {
  const r = ClearedEmergency.safeParse(raw);
  return r.success ? { ok: true, value: r.data } : { ok: false, error: `cleared emergency: ${describe(r.error)}` };
}

export function parseAlert(raw: unknown): Result<Alert> {
  const r = Alert.safeParse(raw);
  return r.success ? { ok: true, value: r.data } : { ok: false, error: `alert: ${describe(r.error)}` };
}

export function parseAckAlertsResult(raw: unknown): Result<AckAlertsResult> {
  const r = AckAlertsResult.safeParse(raw);
  return r.success ? { ok: true, value: r.data } : { ok: false, error: `acknowledgements: ${describe(r.error)}` };
}

export function parseAlertList(raw: unknown): Result<Alert[]> {
  const r = z.array(Alert).safeParse(raw);
  return r.success ? { ok: true, value: r.data } : { ok: false, error: `acknowledged alerts: ${describe(r.error)}` };
}
