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

  /**
   * Records a fix in time order. Fixes usually arrive in order and are appended; a late one (a delayed radio burst, a
   * feed replaying its buffer) is inserted where it belongs, so the trail and the unit's history show where the unit
   * really went. A fix at a time already held is the same fix again and is ignored; so is one older than everything a
   * full trail keeps (it would be the first to go). Returns whether the fix was recorded.
   */
  push(t: number, lon: number, lat: number): boolean {
    if (t > this.lastTime) {
      this.append(t, lon, lat);
      return true;
    }
    // Late: find its place from the newest end, where late fixes almost always belong.
    let k = this.count;
    while (k > 0 && this.timeAt(k - 1) > t) k--;
    if (k > 0 && this.timeAt(k - 1) === t) return false;
    if (this.count === this.capacity) {
      if (k === 0) return false;
      // Make room by dropping the oldest fix.
      this.start = (this.start + 1) % this.capacity;
      this.count--;
      k--;
    }
    for (let j = this.count; j > k; j--) this.copy(j - 1, j);
    this.write(k, t, lon, lat);
    this.count++;
    return true;
  }

  private append(t: number, lon: number, lat: number): void {
    const i = this.count < this.capacity ? (this.start + this.count++) % this.capacity : this.start++ % this.capacity;
    if (this.start >= this.capacity) this.start -= this.capacity;
    this.buf[i * 3] = t;
    this.buf[i * 3 + 1] = lon;
    this.buf[i * 3 + 2] = lat;
  }

  /** Buffer offset of the k-th fix held, oldest first. */
  private slot(k: number): number {
    return ((this.start + k) % this.capacity) * 3;
  }

  private timeAt(k: number): number {
    return this.buf[this.slot(k)]!;
  }

  private copy(from: number, to: number): void {
    const a = this.slot(from);
    const b = this.slot(to);
    this.buf[b] = this.buf[a]!;
    this.buf[b + 1] = this.buf[a + 1]!;
    this.buf[b + 2] = this.buf[a + 2]!;
  }

  private write(k: number, t: number, lon: number, lat: number): void {
    const i = this.slot(k);
    this.buf[i] = t;
    this.buf[i + 1] = lon;
    this.buf[i + 2] = lat;
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
