import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

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

export interface EventLoopFigures {
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
}

/**
 * Event-loop lag: how late the loop ran a timer due every `resolutionMs` (perf_hooks.monitorEventLoopDelay). Anything
 * that holds the loop (a big synchronous query, encoding a huge message) shows here before users feel it.
 *
 * The gauges `eventLoop.lagP50Ms`, `eventLoop.lagP99Ms`, `eventLoop.lagMaxMs` describe the last completed window of
 * `windowMs` (default 10 s), not the time since start and not "since the last read": several scrapers reading /metrics
 * see the same figures, and one freeze is not averaged away over hours. A freeze that holds the loop shows in the
 * window after it (the reading timer itself waited). `eventLoop.lagMaxMsEver` (a counter) keeps the worst window's max.
 */
export class EventLoopMonitor {
  private readonly histogram: IntervalHistogram;
  private readonly timer: NodeJS.Timeout;
  private last: EventLoopFigures = { lagP50Ms: 0, lagP99Ms: 0, lagMaxMs: 0 };
  private readonly resolutionMs: number;

  constructor(
    private readonly metrics: Metrics,
    o: { resolutionMs?: number; windowMs?: number } = {},
  ) {
    this.resolutionMs = o.resolutionMs ?? 10;
    this.histogram = monitorEventLoopDelay({ resolution: this.resolutionMs });
    this.histogram.enable();
    this.timer = setInterval(() => this.roll(), o.windowMs ?? 10_000);
    this.timer.unref();
    metrics.gauge('eventLoop.lagP50Ms', () => this.last.lagP50Ms);
    metrics.gauge('eventLoop.lagP99Ms', () => this.last.lagP99Ms);
    metrics.gauge('eventLoop.lagMaxMs', () => this.last.lagMaxMs);
  }

  /** The last completed window's figures. */
  figures(): EventLoopFigures {
    return { ...this.last };
  }

  /** Close the current window now (tests, benches). */
  roll(): EventLoopFigures {
    const h = this.histogram;
    // The histogram holds whole timer intervals in nanoseconds (an idle loop reads ~resolutionMs): lag is what is beyond
    // the interval. With no sample yet its figures are sentinels, not measurements.
    const ms = (ns: number) => (h.count === 0 ? 0 : Math.max(0, Math.round((ns / 1e6 - this.resolutionMs) * 100) / 100));
    this.last = { lagP50Ms: ms(h.percentile(50)), lagP99Ms: ms(h.percentile(99)), lagMaxMs: ms(h.max) };
    this.metrics.max('eventLoop.lagMaxMsEver', this.last.lagMaxMs);
    h.reset();
    return this.figures();
  }

  stop(): void {
    clearInterval(this.timer);
    this.histogram.disable();
  }
}
