/**
 * Counters: everything refused, dropped or sent is counted here, served as JSON at `GET /metrics` and logged
 * periodically. Names are dotted (`events.rejected.invalid`) so that they group when sorted.
 */
export class Metrics {
  private readonly counters = new Map<string, number>();
  private readonly gauges = new Map<string, () => number>();
  readonly startedAt = Date.now();

  inc(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }

  /** Keep the largest value seen (e.g. the slowest tick). */
  max(name: string, value: number): void {
    if (value > (this.counters.get(name) ?? -Infinity)) this.counters.set(name, value);
  }

  set(name: string, value: number): void {
    this.counters.set(name, value);
  }

  get(name: string): number {
    return this.counters.get(name) ?? 0;
  }

  /** A value computed when read (connections, operations, units). */
  gauge(name: string, read: () => number): void {
    this.gauges.set(name, read);
  }

  snapshot(): { uptimeS: number; counters: Record<string, number>; gauges: Record<string, number> } {
    const counters: Record<string, number> = {};
    for (const k of [...this.counters.keys()].sort()) counters[k] = Math.round((this.counters.get(k) ?? 0) * 1000) / 1000;
    const gauges: Record<string, number> = {};
    for (const [k, read] of [...this.gauges.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      try {
        gauges[k] = read();
      } catch {
        gauges[k] = NaN;
      }
    }
    return { uptimeS: Math.round((Date.now() - this.startedAt) / 1000), counters, gauges };
  }

  /** One log line of the non-zero counters and the gauges. */
  logLine(): string {
    const s = this.snapshot();
    const parts = [...Object.entries(s.counters).filter(([, v]) => v !== 0), ...Object.entries(s.gauges)].map(([k, v]) => `${k}=${v}`);
    return `metrics uptime=${s.uptimeS}s ${parts.join(' ')}`;
  }
}
