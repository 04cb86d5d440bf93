/**
 * A unit's recent positions in a fixed-size ring (time, lon, lat in one Float64Array), so 10,000 units with trails
 * cost a bounded, predictable amount of memory and no per-report garbage.
 */
export interface TrailPoint {
  t: number;
  lon: number;
  lat: number;
}

export class Trail {
  private readonly buf: Float64Array;
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.buf = new Float64Array(capacity * 3);
  }

  get length(): number {
    return this.count;
  }

  /** The newest time held, or -Infinity. */
  get lastTime(): number {
    if (this.count === 0) return -Infinity;
    return this.buf[((this.start + this.count - 1) % this.capacity) * 3]!;
  }

  /** Appends a fix; one not newer than the last is ignored (trails run forward in time). */
  push(t: number, lon: number, lat: number): boolean {
    if (t <= this.lastTime) return false;
    const i = this.count < this.capacity ? (this.start + this.count++) % this.capacity : this.start++ % this.capacity;
    if (this.start >= this.capacity) this.start -= this.capacity;
    this.buf[i * 3] = t;
    this.buf[i * 3 + 1] = lon;
    this.buf[i * 3 + 2] = lat;
    return true;
  }

  /** Fixes at or after `sinceMs`, oldest first. */
  since(sinceMs: number): TrailPoint[] {
    const out: TrailPoint[] = [];
    for (let k = 0; k < this.count; k++) {
      const i = ((this.start + k) % this.capacity) * 3;
      const t = this.buf[i]!;
      if (t >= sinceMs) out.push({ t, lon: this.buf[i + 1]!, lat: this.buf[i + 2]! });
    }
    return out;
  }

  /** Coordinates only, for a map line, without building objects per point. */
  coordinatesSince(sinceMs: number): [number, number][] {
    const out: [number, number][] = [];
    for (let k = 0; k < this.count; k++) {
      const i = ((this.start + k) % this.capacity) * 3;
      if (this.buf[i]! >= sinceMs) out.push([this.buf[i + 1]!, this.buf[i + 2]!]);
    }
    return out;
  }
}
