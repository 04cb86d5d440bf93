import { describe, expect, it } from 'vitest';
import { PositionReport } from '../../shared/protocol';
import { AlertEngine } from '../alerts/engine';
import { AlertsConfig } from '../config';
import { DEFAULT_STREETS_FILE } from '../createServer';
import { demoOperation } from '../demo/demoOperation';
import { Simulator } from './simulator';
import { loadStreetGraph } from './streets';

const T0 = Date.parse('2026-06-13T10:00:00Z');
const BBOX = [-0.142, 51.514, -0.118, 51.531] as const;

async function run(count: number, seconds: number, seed = 7) {
  const plan = demoOperation(T0);
  const graph = await loadStreetGraph(DEFAULT_STREETS_FILE, BBOX);
  let now = T0;
  const reports: PositionReport[] = [];
  const sim = new Simulator({ plan, count, graph, seed, now: () => now, ingest: (r) => reports.push(...r) });
  const engine = new AlertEngine(plan.operation.id, AlertsConfig.parse({}));
  engine.setPlan(plan);
  const latest = new Map<string, PositionReport>();
  const kinds = new Set<string>();
  for (let s = 1; s <= seconds; s++) {
    now = T0 + s * 1000;
    const out = sim.step(now);
    for (const r of out) latest.set(r.id, r);
    for (const a of engine.evaluate(
      now,
      latest,
      out.map((r) => r.id),
    ))
      if (!a.clearedAt) kinds.add(a.kind);
  }
  return { plan, sim, reports, kinds, graph };
}

describe('street graph', () => {
  it('reads the walkable streets of the basemap into one connected-ish graph', async () => {
    const g = await loadStreetGraph(DEFAULT_STREETS_FILE, BBOX);
    expect(g).not.toBeNull();
    expect(g!.nodes.length).toBeGreaterThan(1000);
    const linked = g!.nodes.filter((n) => n.next.length > 0).length;
    expect(linked).toBe(g!.nodes.length);
    expect(g!.names.get('Woburn Place')).toBeDefined();
    expect(await loadStreetGraph('/nonexistent.pmtiles', BBOX)).toBeNull();
  });
});

describe('Simulator', () => {
  it('moves N devices of the plan units realistically, and things happen that raise alerts', async () => {
    const { plan, sim, reports, kinds } = await run(200, 240);
    expect(sim.devices).toHaveLength(200);
    const callSigns = new Set(plan.units.map((u) => u.callSign));
    for (const r of reports.slice(0, 2000)) {
      expect(PositionReport.safeParse(r).success).toBe(true);
      expect(callSigns.has(r.groupId!)).toBe(true);
      expect(callSigns.has(r.callSign) || r.callSign.startsWith(`${r.groupId}-`)).toBe(true);
      expect(r.lon).toBeGreaterThan(BBOX[0]);
      expect(r.lon).toBeLessThan(BBOX[2]);
      expect(r.lat).toBeGreaterThan(BBOX[1]);
      expect(r.lat).toBeLessThan(BBOX[3]);
      expect(r.speedMps!).toBeLessThanOrEqual(10);
    }
    // Every unit has its own terminal, with the unit's call sign.
    for (const cs of callSigns) expect(reports.some((r) => r.callSign === cs)).toBe(true);
    // Foot devices report every 5 s: about 48 reports each in 240 s (fewer for those that went silent).
    const perDevice = new Map<string, number>();
    for (const r of reports) perDevice.set(r.id, (perDevice.get(r.id) ?? 0) + 1);
    const counts = [...perDevice.values()].sort((a, b) => a - b);
    expect(counts[Math.floor(counts.length / 2)]).toBeGreaterThanOrEqual(46);
    // Patrols move; post holders stay near their post.
    const track = (callSign: string) => reports.filter((r) => r.callSign === callSign);
    const dist = (a: PositionReport, b: PositionReport) => Math.hypot((a.lon - b.lon) * 69_300, (a.lat - b.lat) * 111_320);
    const patrol = track('CX23');
    expect(Math.max(...patrol.map((r) => dist(r, patrol[0]!)))).toBeGreaterThan(80);
    const post = track('CX24');
    expect(Math.max(...post.map((r) => dist(r, post[0]!)))).toBeLessThan(40);
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['outOfSector', 'unitLost']));
  });

  it('is deterministic for a seed', async () => {
    const a = await run(50, 30, 3);
    const b = await run(50, 30, 3);
    expect(a.reports).toEqual(b.reports);
  });

  it('follows a republished plan: a unit given a new post walks there, a unit dropped from the plan stands down', async () => {
    const plan = demoOperation(T0);
    const graph = await loadStreetGraph(DEFAULT_STREETS_FILE, BBOX);
    let now = T0;
    const latest = new Map<string, PositionReport>();
    const sim = new Simulator({ plan, count: 60, graph, seed: 5, now: () => now, ingest: () => undefined });
    const runFor = (seconds: number) => {
      for (let i = 0; i < seconds; i++) {
        now += 1000;
        for (const r of sim.step(now)) latest.set(r.callSign, r);
      }
    };
    runFor(60);
    const dist = (r: PositionReport, p: readonly number[]) => Math.hypot((r.lon - p[0]!) * 69_300, (r.lat - p[1]!) * 111_320);
    // CX23 patrols a sector; give it the post furthest from where it is now, in every phase.
    const cx23 = plan.units.find((u) => u.callSign === 'CX23')!;
    const posts = plan.features.filter((f) => f.kind === 'post' && f.geometry.type === 'Point');
    const post = posts.map((f) => ({ f, d: dist(latest.get('CX23')!, f.geometry.coordinates as number[]) })).sort((a, b) => b.d - a.d)[0]!;
    expect(post.d).toBeGreaterThan(150);
    const dropped = plan.units.find((u) => u.callSign !== 'CX23' && plan.assignments.some((a) => a.unitId === u.id && a.target.kind === 'sector'))!;
    const republished = {
      ...plan,
      units: plan.units.filter((u) => u.id !== dropped.id),
      assignments: plan.assignments
        .filter((a) => a.unitId !== dropped.id)
        .map((a) => (a.unitId === cx23.id ? { ...a, target: { kind: 'post' as const, featureId: post.f.id } } : a)),
    };
    expect(sim.setPlan(republished)).toBe(new Set(sim.devices.map((d) => d.group.unit.id)).size - 1);
    runFor(10);
    // The dropped unit has no assignment any more: it is available (and heads for the holding area).
    expect(latest.get(dropped.callSign)!.status).toBe('available');
    runFor(1200);
    const target = post.f.geometry.coordinates as number[];
    expect(dist(latest.get('CX23')!, target)).toBeLessThan(40);
  });
});
