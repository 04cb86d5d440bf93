/** The in-memory Store (tests, and `--memory`): the same behaviour as SQLite and PostgreSQL, nothing kept across restarts. */
import type { OperationBundle } from '../../shared/domain';
import type { Alert, PositionReport } from '../../shared/protocol';
import { MemoryVersions } from './memoryVersions';
import { MemorySync } from './memorySync';
import { MemoryAppendLogs } from '../decisionLog/memoryLogs';
import { alertVersionKey, checkPageLimit, nextOperation, retentionEntry, sweepDetail, type OperationChange } from './common';
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

interface Row {
  t: number;
  seq: number;
  r: PositionReport;
}

interface OpData {
  latest: Map<string, Row>;
  /** Sorted by (t, seq). */
  history: Row[];
  alerts: Map<string, { versionMs: number; a: Alert }>;
  alertLog: { t: number; a: Alert }[];
  alertKeys: Set<string>;
  emergencies: Map<string, EmergencyRecord>;
  plan: OperationBundle | null;
}

/** Deep copies out, so that callers can never edit what the store holds (as with the engines, which hand out parsed rows). */
const copy = <T>(x: T): T => structuredClone(x);

export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  readonly versions = new MemoryVersions((id, atMs) => this.known(id, atMs));
  readonly appendLogs = new MemoryAppendLogs();
  readonly sync = new MemorySync((id, atMs) => this.known(id, atMs));
  private readonly ops = new Map<string, OpData>();
  private readonly records = new Map<string, OperationRecord>();
  private readonly retention: RetentionEntry[] = [];
  private seq = 0;

  private op(id: string): OpData {
    let d = this.ops.get(id);
    if (!d) {
      d = { latest: new Map(), history: [], alerts: new Map(), alertLog: [], alertKeys: new Set(), emergencies: new Map(), plan: null };
      this.ops.set(id, d);
    }
    return d;
  }

  private known(id: string, atMs: number): OperationRecord {
    let rec = this.records.get(id);
    if (!rec) {
      rec = { id, state: 'open', createdAt: new Date(atMs).toISOString(), legalHold: false };
      this.records.set(id, rec);
    }
    return rec;
  }

  writePositions(operationId: string, reports: readonly PositionReport[]): Promise<void> {
    if (reports.length === 0) return Promise.resolve();
    this.known(operationId, Date.now());
    const d = this.op(operationId);
    for (const r of copy(reports)) {
      const row = { t: timeOf(r), seq: ++this.seq, r };
      // Reports mostly arrive in time order: insert after the last row not later than this one.
      let lo = d.history.length;
      while (lo > 0 && d.history[lo - 1]!.t > row.t) lo--;
      d.history.splice(lo, 0, row);
      const cur = d.latest.get(r.id);
      if (!cur || row.t >= cur.t) d.latest.set(r.id, row);
    }
    return Promise.resolve();
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  latest(operationId: string): Promise<PositionReport[]> {
    return Promise.resolve([...(this.ops.get(operationId)?.latest.values() ?? [])].map((x) => copy(x.r)));
  }

  positionPage(q: PositionPageQuery): Promise<PositionPage> {
    try {
      checkPageLimit(q.limit);
    } catch (e) {
      return Promise.reject(e as Error);
    }
    const d = this.ops.get(q.operationId);
    if (!d || q.unitIds?.length === 0) return Promise.resolve({ positions: [], next: null });
    const ids = q.unitIds ? new Set(q.unitIds) : null;
    const after = q.after ?? { timeMs: q.fromMs, seq: -1 };
    // First row strictly after the cursor (binary search on (t, seq)).
    let lo = 0;
    let hi = d.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const h = d.history[mid]!;
      if (h.t < after.timeMs || (h.t === after.timeMs && h.seq <= after.seq)) lo = mid + 1;
      else hi = mid;
    }
    const rows: Row[] = [];
    for (let i = lo; i < d.history.length && rows.length <= q.limit; i++) {
      const h = d.history[i]!;
      if (h.t > q.toMs) break;
      if (h.t >= q.fromMs && (!ids || ids.has(h.r.id))) rows.push(h);
    }
    const more = rows.length > q.limit;
    if (more) rows.length = q.limit;
    const last = rows.at(-1);
    return Promise.resolve({ positions: rows.map((h) => copy(h.r)), next: more && last ? { timeMs: last.t, seq: last.seq } : null });
  }

  putAlerts(alerts: readonly Alert[], atMs: number): Promise<void> {
    for (const a of copy(alerts)) {
      this.known(a.operationId, atMs);
      const d = this.op(a.operationId);
      const { key: version, versionMs } = alertVersionKey(a);
      const key = `${a.id} ${version}`;
      const cur = d.alerts.get(a.id);
      if (!cur || versionMs >= cur.versionMs) d.alerts.set(a.id, { versionMs, a });
      if (d.alertKeys.has(key)) continue;
      d.alertKeys.add(key);
      // Kept in at-time order (a late arrival goes in its place), as the engines' indexes order it.
      let i = d.alertLog.length;
      while (i > 0 && d.alertLog[i - 1]!.t > atMs) i--;
      d.alertLog.splice(i, 0, { t: atMs, a });
    }
    return Promise.resolve();
  }

  openAlerts(operationId: string): Promise<Alert[]> {
    return Promise.resolve([...(this.ops.get(operationId)?.alerts.values() ?? [])].map((x) => copy(x.a)).filter(alertOpen));
  }

  alertHistory(q: AlertQuery): Promise<{ alerts: Alert[]; truncated: boolean }> {
    const d = this.ops.get(q.operationId);
    if (!d) return Promise.resolve({ alerts: [], truncated: false });
    const before = new Map<string, Alert>();
    for (const e of d.alertLog) if (e.t < q.fromMs) before.set(e.a.id, e.a);
    const atStart = [...before.values()].filter((a) => a.clearedAt === undefined || Date.parse(a.clearedAt) >= q.fromMs);
    const inWindow = d.alertLog.filter((e) => e.t >= q.fromMs && e.t <= q.toMs).map((e) => e.a);
    const all = [...atStart, ...inWindow];
    return Promise.resolve({ alerts: copy(all.slice(0, q.limit)), truncated: all.length > q.limit });
  }

  putEmergency(e: EmergencyRecord): Promise<void> {
    this.known(e.operationId, Date.parse(e.receivedAt));
    this.op(e.operationId).emergencies.set(e.unitId, copy(e));
    return Promise.resolve();
  }

  activeEmergencies(operationId: string): Promise<EmergencyRecord[]> {
    const all = [...(this.ops.get(operationId)?.emergencies.values() ?? [])];
    return Promise.resolve(copy(all.filter((e) => e.clearedAt === undefined)));
  }

  putPlan(plan: OperationBundle, atMs: number): Promise<void> {
    this.known(plan.operation.id, atMs);
    this.op(plan.operation.id).plan = copy(plan);
    return Promise.resolve();
  }

  plan(operationId: string): Promise<OperationBundle | null> {
    return Promise.resolve(copy(this.ops.get(operationId)?.plan ?? null));
  }

  ensureOperation(operationId: string, atMs: number): Promise<OperationRecord> {
    return Promise.resolve(copy(this.known(operationId, atMs)));
  }

  operation(operationId: string): Promise<OperationRecord | null> {
    return Promise.resolve(copy(this.records.get(operationId) ?? null));
  }

  operations(): Promise<OperationRecord[]> {
    return Promise.resolve(copy([...this.records.values()]));
  }

  private change(operationId: string, c: OperationChange, by: string, atMs: number): Promise<OperationRecord> {
    const cur = this.records.get(operationId);
    if (!cur) return Promise.reject(new Error(`unknown operation ${operationId}`));
    const { record, entry } = nextOperation(cur, c, by, atMs);
    this.records.set(operationId, record);
    if (entry) this.retention.push(entry);
    return Promise.resolve(copy(record));
  }

  setOperationState(operationId: string, state: OperationState, by: string, atMs: number): Promise<OperationRecord> {
    return this.change(operationId, { state }, by, atMs);
  }

  setLegalHold(operationId: string, hold: boolean, by: string, reason: string, atMs: number): Promise<OperationRecord> {
    return this.change(operationId, { hold, reason }, by, atMs);
  }

  sweep(closedBeforeMs: number, atMs: number): Promise<{ positions: number; alertVersions: number; operations: string[] }> {
    const out = { positions: 0, alertVersions: 0, operations: [] as string[] };
    for (const rec of this.records.values()) {
      const d = this.ops.get(rec.id);
      if (!d || rec.state === 'open' || rec.legalHold || rec.closedAt === undefined || Date.parse(rec.closedAt) >= closedBeforeMs) continue;
      const positions = d.history.length;
      const alertVersions = d.alertLog.length;
      if (positions + alertVersions === 0) continue;
      d.history = [];
      d.alertLog = [];
      d.alertKeys.clear();
      out.positions += positions;
      out.alertVersions += alertVersions;
      out.operations.push(rec.id);
      this.retention.push(retentionEntry(rec.id, 'deleted', 'retention', sweepDetail(positions, alertVersions, closedBeforeMs), atMs));
    }
    return Promise.resolve(out);
  }

  retentionLog(operationId?: string): Promise<RetentionEntry[]> {
    return Promise.resolve(copy(this.retention.filter((e) => operationId === undefined || e.operationId === operationId)));
  }

  stats(): Record<string, number> {
    return { operations: this.records.size };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
