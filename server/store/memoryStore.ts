/** The in-memory Store (tests, and `--memory`): the same behaviour as SQLite, nothing kept across restarts. */
import type { OperationBundle } from '../../shared/domain';
import type { Alert, PositionReport } from '../../shared/protocol';
import {
  alertOpen,
  timeOf,
  type AlertQuery,
  type EmergencyRecord,
  type OperationRecord,
  type OperationState,
  type PositionPage,
  type PositionPageQuery,
  type RetentionEntry,
  type Store,
} from './types';

interface OpData {
  latest: Map<string, { t: number; r: PositionReport }>;
  history: { t: number; seq: number; r: PositionReport }[];
  alerts: Map<string, Alert>;
  alertLog: { t: number; a: Alert }[];
  emergencies: Map<string, EmergencyRecord>;
  plan: OperationBundle | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  private readonly ops = new Map<string, OpData>();
  private readonly records = new Map<string, OperationRecord>();
  private readonly retention: RetentionEntry[] = [];
  private seq = 0;

  private op(id: string): OpData {
    let d = this.ops.get(id);
    if (!d) {
      d = { latest: new Map(), history: [], alerts: new Map(), alertLog: [], emergencies: new Map(), plan: null };
      this.ops.set(id, d);
      if (!this.records.has(id)) this.records.set(id, { id, state: 'open', createdAt: iso(Date.now()), legalHold: false });
    }
    return d;
  }

  writePositions(operationId: string, reports: readonly PositionReport[]): Promise<void> {
    if (reports.length === 0) return Promise.resolve();
    const d = this.op(operationId);
    for (const r of reports) {
      const t = timeOf(r);
      d.history.push({ t, seq: ++this.seq, r });
      const cur = d.latest.get(r.id);
      if (!cur || t >= cur.t) d.latest.set(r.id, { t, r });
    }
    return Promise.resolve();
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  latest(operationId: string): Promise<PositionReport[]> {
    return Promise.resolve([...(this.ops.get(operationId)?.latest.values() ?? [])].map((x) => x.r));
  }

  positionPage(q: PositionPageQuery): Promise<PositionPage> {
    const d = this.ops.get(q.operationId);
    if (!d) return Promise.resolve({ positions: [], next: null });
    const ids = q.unitIds ? new Set(q.unitIds) : null;
    const after = q.after;
    const hits = d.history
      .filter((h) => h.t >= q.fromMs && h.t <= q.toMs && (!ids || ids.has(h.r.id)))
      .filter((h) => !after || h.t > after.timeMs || (h.t === after.timeMs && h.seq > after.seq))
      .sort((a, b) => a.t - b.t || a.seq - b.seq);
    const page = hits.slice(0, q.limit);
    const last = page[page.length - 1];
    return Promise.resolve({ positions: page.map((h) => h.r), next: hits.length > q.limit && last ? { timeMs: last.t, seq: last.seq } : null });
  }

  putAlerts(alerts: readonly Alert[], atMs: number): Promise<void> {
    for (const a of alerts) {
      const d = this.op(a.operationId);
      d.alerts.set(a.id, a);
      d.alertLog.push({ t: atMs, a });
    }
    return Promise.resolve();
  }

  openAlerts(operationId: string): Promise<Alert[]> {
    return Promise.resolve([...(this.ops.get(operationId)?.alerts.values() ?? [])].filter(alertOpen));
  }

  alertHistory(q: AlertQuery) {
    const d = this.ops.get(q.operationId);
    if (!d) return Promise.resolve({ alerts: [], truncated: false });
    const before = new Map<string, Alert>();
    for (const e of d.alertLog) if (e.t < q.fromMs) before.set(e.a.id, e.a);
    const atStart = [...before.values()].filter((a) => a.clearedAt === undefined || Date.parse(a.clearedAt) >= q.fromMs);
    const inWindow = d.alertLog.filter((e) => e.t >= q.fromMs && e.t <= q.toMs).map((e) => e.a);
    const all = [...atStart, ...inWindow];
    return Promise.resolve({ alerts: all.slice(0, q.limit), truncated: all.length > q.limit });
  }

  putEmergency(e: EmergencyRecord): Promise<void> {
    this.op(e.operationId).emergencies.set(e.unitId, e);
    return Promise.resolve();
  }

  activeEmergencies(operationId: string): Promise<EmergencyRecord[]> {
    return Promise.resolve([...(this.ops.get(operationId)?.emergencies.values() ?? [])].filter((e) => e.clearedAt === undefined));
  }

  putPlan(plan: OperationBundle): Promise<void> {
    this.op(plan.operation.id).plan = plan;
    return Promise.resolve();
  }

  plan(operationId: string): Promise<OperationBundle | null> {
    return Promise.resolve(this.ops.get(operationId)?.plan ?? null);
  }

  ensureOperation(operationId: string, atMs: number): Promise<OperationRecord> {
    let r = this.records.get(operationId);
    if (!r) {
      r = { id: operationId, state: 'open', createdAt: iso(atMs), legalHold: false };
      this.records.set(operationId, r);
    }
    this.op(operationId);
    return Promise.resolve(r);
  }

  operation(operationId: string): Promise<OperationRecord | null> {
    return Promise.resolve(this.records.get(operationId) ?? null);
  }

  operations(): Promise<OperationRecord[]> {
    return Promise.resolve([...this.records.values()]);
  }

  async setOperationState(operationId: string, state: OperationState, by: string, atMs: number): Promise<OperationRecord> {
    const cur = await this.ensureOperation(operationId, atMs);
    const next: OperationRecord = { ...cur, state };
    if (state === 'open') delete next.closedAt;
    else if (cur.state === 'open') next.closedAt = iso(atMs);
    this.records.set(operationId, next);
    const action = state === 'open' ? 'reopened' : state;
    this.retention.push({ at: iso(atMs), operationId, action, by, detail: `${cur.state} -> ${state}` });
    return next;
  }

  async setLegalHold(operationId: string, hold: boolean, by: string, reason: string, atMs: number): Promise<OperationRecord> {
    const cur = await this.ensureOperation(operationId, atMs);
    const next: OperationRecord = { ...cur, legalHold: hold, ...(hold ? { legalHoldBy: by, legalHoldReason: reason } : {}) };
    if (!hold) {
      delete next.legalHoldBy;
      delete next.legalHoldReason;
    }
    this.records.set(operationId, next);
    this.retention.push({ at: iso(atMs), operationId, action: hold ? 'legalHoldOn' : 'legalHoldOff', by, detail: reason });
    return next;
  }

  sweep(closedBeforeMs: number, atMs: number): Promise<{ positions: number; alertVersions: number; operations: string[] }> {
    let positions = 0;
    let alertVersions = 0;
    const swept: string[] = [];
    for (const rec of this.records.values()) {
      if (rec.state === 'open' || rec.legalHold || !rec.closedAt || Date.parse(rec.closedAt) >= closedBeforeMs) continue;
      const d = this.ops.get(rec.id);
      if (!d || (d.history.length === 0 && d.alertLog.length === 0)) continue;
      const p = d.history.length;
      const a = d.alertLog.length;
      d.history = [];
      d.alertLog = [];
      positions += p;
      alertVersions += a;
      swept.push(rec.id);
      this.retention.push({ at: iso(atMs), operationId: rec.id, action: 'deleted', by: 'retention', detail: `${p} positions, ${a} alert versions` });
    }
    return Promise.resolve({ positions, alertVersions, operations: swept });
  }

  retentionLog(operationId?: string): Promise<RetentionEntry[]> {
    return Promise.resolve(this.retention.filter((e) => operationId === undefined || e.operationId === operationId));
  }

  stats(): Record<string, number> {
    return { operations: this.ops.size };
  }

  /** Keeps the data: a test can "restart" a server on the same MemoryStore, as on a durable one. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
