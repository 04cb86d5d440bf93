/**
 * `--simulate N`: N devices (officers' radios and unit terminals) that move realistically through an operation:
 * every planned unit gets a share of the devices in proportion to its strength; the unit's own terminal carries the
 * unit's call sign, its officers `<call sign>-<n>` with the unit's call sign as groupId (grouping at low zoom).
 *
 * A unit does what its current assignment says: loiters near its post or cordon access point, patrols the streets of
 * its sector (a street graph from the basemap when one is given, else random waypoints inside the sector), walks its
 * route segment, or waits at the forward holding area. Patrols keep out of inner cordons and sterile areas they are
 * not assigned to. Officers keep near their unit. Foot devices report every 5 s, vehicles every 10 s.
 *
 * Now and then, on a seeded schedule, things happen that the control room should notice: an officer strays out of
 * the sector (the first one leaves after 10 s or so), one wanders into the inner cordon, a radio goes silent for a few minutes, a
 * unit changes status, and, rarely, someone presses the emergency button.
 */
import * as turf from '@turf/turf';
import type { OperationBundle, PlanFeature, Position, Unit } from '../../shared/domain';
import type { LiveStatus, PositionReport } from '../../shared/protocol';
import { pointAlong, lengthM } from '../../shared/geo/measure';
import { featureContains } from '../../shared/validation/planIndex';
import { assignedSectors, buildLivePlan, currentAssignments, type LivePlan } from '../alerts/planVsActual';
import { iso } from '../util';
import type { StreetGraph } from './streets';

export interface SimulatorOptions {
  plan: OperationBundle;
  count: number;
  graph?: StreetGraph | null;
  seed?: number;
  ingest: (reports: PositionReport[]) => void;
  stepMs?: number;
  now?: () => number;
}

type Mode = 'foot' | 'vehicle' | 'mounted';

interface Device {
  id: string;
  callSign: string;
  type: string;
  group: Group;
  intervalS: number;
  nextReportAt: number;
  /** Offset from the unit, metres east/north. */
  offset: [number, number];
  pos: Position;
  heading: number;
  speed: number;
  silentUntil: number;
  emergencyUntil: number;
  /** The officer cancels the emergency on the first report after it ends (an emergency is latched until cancelled). */
  cancelPending: boolean;
  /** While straying on its own: where it is going, and when it goes back. */
  stray: { path: Position[]; until: number } | null;
}

interface Group {
  unit: Unit;
  mode: Mode;
  devices: Device[];
  pos: Position;
  heading: number;
  speed: number;
  path: Position[];
  pauseUntil: number;
  status: LiveStatus;
  assignmentKey: string;
  /** Graph walk: the node it last reached and the one before. */
  node: number;
  prevNode: number;
  /** Route walk: distance along the route and direction. */
  routeAt: number;
  routeDir: 1 | -1;
  /** Whether a point is inside the sectors the unit is assigned to now (set each step). */
  fits?: (p: Position) => boolean;
}

/** A unit's status as its assignment has it: deployed when posted as deployed, else available. */
function statusFor(a: ReturnType<typeof currentAssignments>[number] | undefined): LiveStatus {
  return a?.a.posture === 'deployed' ? 'deployed' : 'available';
}

/** An assignment key no assignment has: a group holding it works out where to go on its next step. */
const REPLAN = '\u0000replan';

const M_PER_DEG_LAT = 111_320;
const mPerDegLon = (lat: number) => M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180);
const move = (p: Position, dx: number, dy: number): Position => [p[0] + dx / mPerDegLon(p[1]), p[1] + dy / M_PER_DEG_LAT];
const delta = (a: Position, b: Position): [number, number] => [(b[0] - a[0]) * mPerDegLon(a[1]), (b[1] - a[1]) * M_PER_DEG_LAT];
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODE: Partial<Record<Unit['type'], Mode>> = { traffic: 'vehicle', mounted: 'mounted' };
/** A straying officer walks briskly. */
const STRAY_SPEED = 1.8;
const SPEED: Record<Mode, [number, number]> = { foot: [1.0, 1.5], vehicle: [5, 10], mounted: [1.4, 2.2] };

export class Simulator {
  readonly devices: Device[] = [];
  private readonly groups: Group[] = [];
  private lp: LivePlan;
  private readonly rand: () => number;
  private readonly stepMs: number;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private last = 0;
  private readonly allowedNodes = new Map<string, Set<number>>();
  private holding: Position;
  private next = { stray: 0, breach: 0, silence: 0, status: 0, emergency: 0 };

  constructor(private o: SimulatorOptions) {
    this.lp = buildLivePlan(o.plan);
    this.rand = prng(o.seed ?? 42);
    this.stepMs = o.stepMs ?? 1000;
    this.now = o.now ?? Date.now;
    this.holding = this.holdingArea();
    this.allocate();
    const t = this.now();
    this.last = t;
    this.next = { stray: t + 10_000, breach: t + 60_000, silence: t + 30_000, status: t + 20_000, emergency: t + 180_000 };
  }

  /**
   * A planner republished the operation: from the next step every unit follows the new plan (new sectors, posts,
   * assignments, cordons), from where its devices are now. Units that left the plan stand down to the holding area;
   * units new to it get devices only when the simulator is started again (the device count is fixed).
   * Returns how many simulated units are still in the plan.
   */
  setPlan(plan: OperationBundle): number {
    this.o = { ...this.o, plan };
    this.lp = buildLivePlan(plan);
    this.holding = this.holdingArea();
    this.allowedNodes.clear();
    const units = new Map(plan.units.map((u) => [u.id, u]));
    let kept = 0;
    for (const g of this.groups) {
      // A unit no longer in the plan has no assignments under its id any more, so it heads for the holding area.
      const next = units.get(g.unit.id);
      if (next) {
        g.unit = next;
        kept++;
      }
      // Whatever its assignment is called now, its target may have moved: re-plan on the next step.
      g.assignmentKey = REPLAN;
    }
    return kept;
  }

  /** The forward holding area or RVP of the plan, else the middle of its sectors. */
  private holdingArea(): Position {
    const fha = this.lp.ix.featuresOfKind('keyLocation').find((f) => f.props.locationType === 'fha' || f.props.locationType === 'rvp');
    return fha?.geometry.type === 'Point' ? fha.geometry.coordinates : this.planCentre();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.step(this.now()), this.stepMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private planCentre(): Position {
    const sectors = this.lp.sectors;
    if (sectors.length === 0) return [-0.126, 51.5218];
    const c = turf.center(turf.featureCollection(sectors.map((s) => turf.feature(s.geometry as GeoJSON.Polygon)))).geometry.coordinates;
    return [c[0] ?? -0.126, c[1] ?? 51.5218];
  }

  private allocate(): void {
    const units = this.o.plan.units;
    if (units.length === 0 || this.o.count <= 0) return;
    const weight = (u: Unit) => Math.max(1, u.strength.inspectors + u.strength.sergeants + u.strength.constables + u.strength.staff);
    const total = units.reduce((s, u) => s + weight(u), 0);
    let counts: number[];
    if (this.o.count < units.length) counts = units.map((_, i) => (i < this.o.count ? 1 : 0));
    else {
      const exact = units.map((u) => (weight(u) / total) * this.o.count);
      counts = exact.map((x) => Math.max(1, Math.floor(x)));
      let left = this.o.count - counts.reduce((s, n) => s + n, 0);
      const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
      for (let k = 0; left > 0 && k < order.length * 4; k++, left--) counts[order[k % order.length]![1]]! += 1;
      for (let k = counts.length - 1; left < 0 && k >= 0; k--) {
        while (left < 0 && counts[k]! > 1) {
          counts[k]! -= 1;
          left++;
        }
      }
    }
    const t = this.now();
    units.forEach((unit, ui) => {
      const n = counts[ui] ?? 0;
      if (n === 0) return;
      const mode = MODE[unit.type] ?? 'foot';
      const group: Group = {
        unit,
        mode,
        devices: [],
        pos: this.holding,
        heading: 0,
        speed: 0,
        path: [],
        pauseUntil: 0,
        status: 'deployed',
        assignmentKey: '',
        node: -1,
        prevNode: -1,
        routeAt: 0,
        routeDir: 1,
      };
      this.place(group, t);
      for (let k = 0; k < n; k++) {
        const leader = k === 0;
        const intervalS = mode === 'vehicle' && leader ? 10 : 5;
        const spread = mode === 'vehicle' ? 4 : 18;
        const a = this.rand() * 2 * Math.PI;
        const r = leader ? 0 : spread * Math.sqrt(this.rand());
        const offset: [number, number] = [Math.cos(a) * r, Math.sin(a) * r];
        const d: Device = {
          id: `sim-${unit.callSign.toLowerCase().replace(/[^a-z0-9]+/g, '')}-${String(k).padStart(3, '0')}`,
          callSign: leader ? unit.callSign : `${unit.callSign}-${String(k).padStart(2, '0')}`,
          type: leader ? unit.type : 'officer',
          group,
          intervalS,
          nextReportAt: t + this.rand() * intervalS * 1000,
          offset,
          // Everyone starts at the unit's point and spreads out over the first seconds.
          pos: group.pos,
          heading: 0,
          speed: 0,
          silentUntil: 0,
          emergencyUntil: 0,
          cancelPending: false,
          stray: null,
        };
        group.devices.push(d);
        this.devices.push(d);
      }
      this.groups.push(group);
    });
  }

  /** Put a group at the start of what it is doing now. */
  private place(g: Group, now: number): void {
    const a = currentAssignments(this.lp, g.unit.id, now)[0];
    g.assignmentKey = a?.a.id ?? '';
    g.path = [];
    g.node = -1;
    g.status = statusFor(a);
    const anchor = this.anchor(g, now);
    if (anchor) g.pos = anchor;
    else if (a?.a.target.kind === 'sector') {
      const s = this.lp.ix.featureById.get(a.a.target.featureId);
      if (s) g.pos = this.randomPointIn(s, this.restrictedFor(g, now)) ?? g.pos;
    } else if (a?.a.target.kind === 'routeSegment') {
      const route = this.lp.ix.featureById.get(a.a.target.featureId);
      if (route?.geometry.type === 'LineString') {
        g.routeAt = a.a.target.fromM ?? 0;
        g.pos = pointAlong(route.geometry, g.routeAt);
      }
    }
  }

  /** The point a group stays near (a post, an access point, the holding area), or null when it moves about. */
  private anchor(g: Group, now: number): Position | null {
    const a = currentAssignments(this.lp, g.unit.id, now)[0];
    if (!a) return this.holding;
    const f = this.lp.ix.featureById.get(a.a.target.featureId);
    if (!f) return this.holding;
    if (a.a.target.kind === 'post' && f.geometry.type === 'Point') return f.geometry.coordinates;
    if (a.a.target.kind === 'accessPoint') return f.props.accessPoints?.find((ap) => ap.id === a.a.target.accessPointId)?.position ?? this.holding;
    return null;
  }

  private restrictedFor(g: Group, now: number): PlanFeature[] {
    const assigned = new Set(currentAssignments(this.lp, g.unit.id, now).map((t) => t.a.target.featureId));
    return this.lp.restricted.filter((c) => !assigned.has(c.id));
  }

  private randomPointIn(f: PlanFeature, avoid: readonly PlanFeature[], tries = 50): Position | null {
    const [w, s, e, n] = this.lp.ix.bbox(f);
    for (let i = 0; i < tries; i++) {
      const p: Position = [w + (e - w) * this.rand(), s + (n - s) * this.rand()];
      if (featureContains(this.lp.ix, f, p) && !avoid.some((c) => featureContains(this.lp.ix, c, p))) return p;
    }
    return null;
  }

  private nodesFor(sector: PlanFeature, g: Group, now: number): Set<number> {
    const avoid = this.restrictedFor(g, now);
    const key = `${sector.id}|${avoid.map((c) => c.id).join(',')}`;
    let set = this.allowedNodes.get(key);
    if (!set) {
      set = new Set();
      const graph = this.o.graph;
      if (graph) {
        graph.nodes.forEach((nd, i) => {
          const p: Position = [nd.lon, nd.lat];
          if (featureContains(this.lp.ix, sector, p) && !avoid.some((c) => featureContains(this.lp.ix, c, p))) set!.add(i);
        });
      }
      this.allowedNodes.set(key, set);
    }
    return set;
  }

  /** Give a group somewhere to go when it has nowhere. */
  private plan(g: Group, now: number): void {
    const a = currentAssignments(this.lp, g.unit.id, now)[0];
    const anchor = this.anchor(g, now);
    const [lo, hi] = SPEED[g.mode];
    if (anchor) {
      // Loiter: a few steps about the anchor, then a pause.
      const r = 10 * Math.sqrt(this.rand());
      const th = this.rand() * 2 * Math.PI;
      g.path = [move(anchor, Math.cos(th) * r, Math.sin(th) * r)];
      g.speed = 0.6 + 0.5 * this.rand();
      g.pauseUntil = now + 10_000 + 30_000 * this.rand();
      return;
    }
    const f = a ? this.lp.ix.featureById.get(a.a.target.featureId) : undefined;
    if (a?.a.target.kind === 'routeSegment' && f?.geometry.type === 'LineString') {
      const from = a.a.target.fromM ?? 0;
      const to = Math.min(a.a.target.toM ?? lengthM(f.geometry), lengthM(f.geometry));
      const target = g.routeDir > 0 ? to : from;
      const stepM = 25;
      const path: Position[] = [];
      let at = g.routeAt;
      for (let i = 0; i < 200 && Math.abs(target - at) > 1; i++) {
        at = g.routeDir > 0 ? Math.min(target, at + stepM) : Math.max(target, at - stepM);
        path.push(pointAlong(f.geometry, at));
      }
      g.routeAt = target;
      g.routeDir = g.routeDir > 0 ? -1 : 1;
      g.path = path;
      g.speed = 0.8 + 0.2 * this.rand();
      g.pauseUntil = now + 20_000;
      return;
    }
    if (a?.a.target.kind === 'sector' && f) {
      g.speed = lo + (hi - lo) * this.rand();
      const nodes = this.nodesFor(f, g, now);
      const graph = this.o.graph;
      if (graph && nodes.size > 1) {
        if (g.node < 0 || !nodes.has(g.node)) {
          // Walk to the nearest allowed node first.
          let best = -1;
          let bestD = Infinity;
          for (const i of nodes) {
            const nd = graph.nodes[i]!;
            const [dx, dy] = delta(g.pos, [nd.lon, nd.lat]);
            const d = dx * dx + dy * dy;
            if (d < bestD) {
              bestD = d;
              best = i;
            }
          }
          g.prevNode = -1;
          g.node = best;
          const nd = graph.nodes[best]!;
          g.path = [[nd.lon, nd.lat]];
          return;
        }
        const here = graph.nodes[g.node]!;
        const options = here.next.filter((i) => nodes.has(i) && i !== g.prevNode);
        const choice = options.length > 0 ? options[Math.floor(this.rand() * options.length)]! : g.prevNode >= 0 && nodes.has(g.prevNode) ? g.prevNode : -1;
        if (choice < 0) {
          g.node = -1;
          return;
        }
        g.prevNode = g.node;
        g.node = choice;
        const nd = graph.nodes[choice]!;
        g.path = [[nd.lon, nd.lat]];
        if (this.rand() < 0.05) g.pauseUntil = now + 5_000 + 20_000 * this.rand();
        return;
      }
      const p = this.randomPointIn(f, this.restrictedFor(g, now));
      g.path = p ? [p] : [];
      g.pauseUntil = now + 5_000 * this.rand();
      return;
    }
    g.path = [this.holding];
    g.speed = 1;
  }

  /** Move along a path for dt seconds; returns the new position and heading. */
  private advance(pos: Position, path: Position[], speed: number, dt: number): { pos: Position; heading: number | null } {
    let left = speed * dt;
    let heading: number | null = null;
    for (let guard = 0; guard < 100 && left > 0 && path.length > 0; guard++) {
      const target = path[0]!;
      const [dx, dy] = delta(pos, target);
      const d = Math.hypot(dx, dy);
      if (d > 0.01) heading = ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360;
      if (d <= left) {
        pos = target;
        left -= d;
        path.shift();
      } else {
        pos = move(pos, (dx / d) * left, (dy / d) * left);
        left = 0;
      }
    }
    return { pos, heading };
  }

  /** Advance the simulation to `now` and ingest the reports that are due. */
  step(now: number): PositionReport[] {
    const dt = Math.min(5, Math.max(0, (now - this.last) / 1000));
    this.last = now;
    this.events(now);
    for (const g of this.groups) {
      const key = currentAssignments(this.lp, g.unit.id, now)[0]?.a.id ?? '';
      if (key !== g.assignmentKey) {
        g.assignmentKey = key;
        g.status = statusFor(currentAssignments(this.lp, g.unit.id, now)[0]);
        g.path = [];
        g.node = -1;
      }
      if (g.path.length === 0 && now >= g.pauseUntil) this.plan(g, now);
      if (g.path.length > 0 && now >= g.pauseUntil) {
        const r = this.advance(g.pos, g.path, g.speed, dt);
        g.pos = r.pos;
        if (r.heading !== null) g.heading = r.heading;
      }
      const moving = g.path.length > 0 && now >= g.pauseUntil;
      // Officers keep to their sector: a place in the unit that would fall outside it closes up on the unit.
      const sectors = assignedSectors(this.lp, g.unit.id, now);
      const fits = (p: Position) => sectors.length === 0 || sectors.some((x) => featureContains(this.lp.ix, x, p));
      g.fits = fits;
      for (const d of g.devices) {
        if (d.stray) {
          const r = this.advance(d.pos, d.stray.path, STRAY_SPEED, dt);
          d.pos = r.pos;
          if (r.heading !== null) d.heading = r.heading;
          d.speed = d.stray.path.length > 0 ? STRAY_SPEED : 0;
          if (now >= d.stray.until) d.stray = null;
          continue;
        }
        // Officers drift a little around their place in the unit.
        d.offset[0] += (this.rand() - 0.5) * 0.6;
        d.offset[1] += (this.rand() - 0.5) * 0.6;
        let target = move(g.pos, d.offset[0], d.offset[1]);
        if (!fits(target)) target = g.pos;
        const [dx, dy] = delta(d.pos, target);
        const dist = Math.hypot(dx, dy);
        const catchUp = Math.min(dist, Math.max(g.speed * 1.5, 1.5) * dt);
        d.pos = dist > 0.01 ? move(d.pos, (dx / dist) * catchUp, (dy / dist) * catchUp) : target;
        d.heading = moving ? g.heading : d.heading;
        d.speed = moving ? g.speed : 0;
      }
    }
    const out: PositionReport[] = [];
    for (const d of this.devices) {
      if (now < d.nextReportAt) continue;
      d.nextReportAt = Math.max(d.nextReportAt + d.intervalS * 1000, now + 100);
      if (now < d.silentUntil) continue;
      const noise = d.group.mode === 'vehicle' ? 3 : 5;
      let [lon, lat] = move(d.pos, (this.rand() - 0.5) * noise, (this.rand() - 0.5) * noise);
      // GPS noise does not carry a unit across its sector's edge (only a real stray does).
      if (!d.stray && d.group.fits && d.group.fits(d.pos) && !d.group.fits([lon, lat])) [lon, lat] = d.pos;
      out.push({
        id: d.id,
        callSign: d.callSign,
        type: d.type,
        lon: round6(lon),
        lat: round6(lat),
        accuracyM: Math.round((3 + this.rand() * (noise + 4)) * 10) / 10,
        headingDeg: Math.round(d.heading * 10) / 10,
        speedMps: Math.round(d.speed * 100) / 100,
        status: now < d.emergencyUntil ? 'emergency' : d.group.status,
        source: 'simulator',
        time: iso(now),
        expectedIntervalS: d.intervalS,
        groupId: d.group.unit.callSign,
        ...(now >= d.emergencyUntil && d.cancelPending ? { cancelEmergency: true as const } : {}),
      });
      if (now >= d.emergencyUntil) d.cancelPending = false;
    }
    if (out.length > 0) this.o.ingest(out);
    return out;
  }

  private pick<T>(xs: readonly T[]): T | undefined {
    return xs.length > 0 ? xs[Math.floor(this.rand() * xs.length)] : undefined;
  }

  /** The seeded schedule of things worth an alert. */
  private events(now: number): void {
    const busy = (d: Device) => d.stray !== null || now < d.silentUntil || now < d.emergencyUntil;
    if (now >= this.next.stray) {
      this.next.stray = now + 90_000 + 60_000 * this.rand();
      // An officer of a sector-bound unit (the nearest to a sector edge of a few picked at random) wanders out of
      // the sector, stays a while, and comes back.
      const candidates = this.devices.filter((d) => !busy(d) && assignedSectors(this.lp, d.group.unit.id, now).length > 0);
      let best: { d: Device; out: Position; m: number } | null = null;
      for (let i = 0; i < 20 && candidates.length > 0; i++) {
        const d = this.pick(candidates)!;
        const out = this.pointOutside(d.pos, assignedSectors(this.lp, d.group.unit.id, now));
        if (!out) continue;
        const m = Math.hypot(...delta(d.pos, out));
        if (!best || m < best.m) best = { d, out, m };
      }
      if (best) best.d.stray = { path: [best.out], until: now + (best.m / STRAY_SPEED) * 1000 + 45_000 };
    }
    if (now >= this.next.breach) {
      this.next.breach = now + 150_000 + 90_000 * this.rand();
      const cordon = this.pick(this.lp.restricted.filter((c) => c.props.cordonType === 'inner'));
      if (cordon) {
        const [w, s, e, n] = this.lp.ix.bbox(cordon);
        const centre: Position = [(w + e) / 2, (s + n) / 2];
        const near = this.devices.filter((d) => !busy(d) && this.restrictedFor(d.group, now).includes(cordon) && Math.hypot(...delta(d.pos, centre)) < 400);
        const d = this.pick(near);
        const inside = d
          ? this.randomPointIn(
              cordon,
              this.lp.restricted.filter((c) => c !== cordon),
            )
          : null;
        if (d && inside) d.stray = { path: [inside], until: now + (Math.hypot(...delta(d.pos, inside)) / STRAY_SPEED) * 1000 + 30_000 };
      }
    }
    if (now >= this.next.silence) {
      this.next.silence = now + 60_000 + 60_000 * this.rand();
      const d = this.pick(this.devices.filter((x) => !busy(x)));
      if (d) d.silentUntil = now + 60_000 + 120_000 * this.rand();
    }
    if (now >= this.next.status) {
      this.next.status = now + 30_000 + 30_000 * this.rand();
      const g = this.pick(this.groups);
      if (g) {
        const r = this.rand();
        g.status = r < 0.5 ? 'deployed' : r < 0.7 ? 'available' : r < 0.85 ? 'committed' : 'refreshment';
      }
    }
    if (now >= this.next.emergency) {
      this.next.emergency = now + 480_000 + 240_000 * this.rand();
      const d = this.pick(this.devices.filter((x) => !busy(x)));
      if (d) {
        d.emergencyUntil = now + 45_000;
        d.cancelPending = true;
      }
    }
  }

  /** A point 60 m or so outside every one of the sectors, walking away from the first one's centre. */
  private pointOutside(from: Position, sectors: PlanFeature[]): Position | null {
    const s = sectors[0];
    if (!s) return null;
    const c = turf.centroid(turf.feature(s.geometry as GeoJSON.Polygon)).geometry.coordinates;
    let [dx, dy] = delta([c[0] ?? from[0], c[1] ?? from[1]], from);
    const len = Math.hypot(dx, dy) || 1;
    dx /= len;
    dy /= len;
    for (let m = 20; m <= 2000; m += 20) {
      const p = move(from, dx * m, dy * m);
      if (!sectors.some((x) => featureContains(this.lp.ix, x, p))) return move(p, dx * 40, dy * 40);
    }
    return null;
  }
}
