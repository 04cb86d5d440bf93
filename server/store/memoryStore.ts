/** The in-memory Store (tests, and `--memory`): the same behaviour as SQLite, nothing kept across restarts. */
import type { OperationBundle } from '../../shared/domain';
import type { Alert, PositionReport } from '../../shared/protocol';
import { alertOpen, timeOf, type AlertQuery, type PositionQuery, type Store } from './types';

interface OpData {
  latest: Map<string, { t: number; r: PositionReport }>;
  history: { t: number; r: PositionReport }[];
  alerts: Map<string, Alert>;
  alertLog: { t: number; a: Alert }[];
  plan: OperationBundle | null;
}

export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  private readonly ops = new Map<string, OpData>();

  private op(id: string): OpData {
    let d = this.ops.get(id);
    if (!d) {
      d = { latest: new Map(), history: [], alerts: new Map(), alertLog: [], plan: null };
      this.ops.set(id, d);
    }
    return d;
  }

  writePositions(operationId: string, reports: readonly PositionReport[]): void {
    if (reports.length === 0) return;
    const d = this.op(operationId);
    for (const r of reports) {
      const t = timeOf(r);
      d.history.push({ t, r });
      const cur = d.latest.get(r.id);
      if (!cur || t >= cur.t) d.latest.set(r.id, { t, r });
    }
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  latest(operationId: string): PositionReport[] {
    return [...(this.ops.get(operationId)?.latest.values() ?? [])].map((x) => x.r);
  }

  positionHistory(q: PositionQuery) {
    const d = this.ops.get(q.operationId);
    if (!d) return { positions: [], truncated: false };
    const ids = q.unitIds ? new Set(q.unitIds) : null;
    const hits = d.history
      .filter((h) => h.t >= q.fromMs && h.t <= q.toMs && (!ids || ids.has(h.r.id)))
      .sort((a, b) => a.t - b.t);
    return { positions: hits.slice(0, q.limit).map((h) => h.r), truncated: hits.length > q.limit };
  }

  putAlerts(alerts: readonly Alert[], atMs: number): void {
    for (const a of alerts) {
      const d = this.op(a.operationId);
      d.alerts.set(a.id, a);
      d.alertLog.push({ t: atMs, a });
    }
  }

  openAlerts(operationId: string): Alert[] {
    return [...(this.ops.get(operationId)?.alerts.values() ?? [])].filter(alertOpen);
  }

  alertHistory(q: AlertQuery) {
    const d = this.ops.get(q.operationId);
    if (!d) return { alerts: [], truncated: false };
    const before = new Map<string, Alert>();
    for (const e of d.alertLog) if (e.t < q.fromMs) before.set(e.a.id, e.a);
    const atStart = [...before.values()].filter((a) => a.clearedAt === undefined || Date.parse(a.clearedAt) >= q.fromMs);
    const inWindow = d.alertLog.filter((e) => e.t >= q.fromMs && e.t <= q.toMs).map((e) => e.a);
    const all = [...atStart, ...inWindow];
    return { alerts: all.slice(0, q.limit), truncated: all.length > q.limit };
  }

  putPlan(plan: OperationBundle): void {
    this.op(plan.operation.id).plan = plan;
  }

  plan(operationId: string): OperationBundle | null {
    return this.ops.get(operationId)?.plan ?? null;
  }

  operationIds(): string[] {
    return [...this.ops.keys()];
  }

  sweep(beforeMs: number): Promise<{ positions: number; alertVersions: number }> {
    let positions = 0;
    let alertVersions = 0;
    for (const d of this.ops.values()) {
      const keep = d.history.filter((h) => h.t >= beforeMs);
      positions += d.history.length - keep.length;
      d.history = keep;
      const keepLog = d.alertLog.filter((e) => e.t >= beforeMs);
      alertVersions += d.alertLog.length - keepLog.length;
      d.alertLog = keepLog;
      for (const [id, a] of d.alerts) if (!alertOpen(a) && Date.parse(a.updatedAt ?? a.raisedAt) < beforeMs) d.alerts.delete(id);
    }
    return Promise.resolve({ positions, alertVersions });
  }

  stats(): Record<string, number> {
    return { operations: this.ops.size };
  }

  close(): Promise<void> {
    this.ops.clear();
    return Promise.resolve();
  }
}
