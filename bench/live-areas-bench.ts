/**
 * The shared live model's hot paths on the demo operation, for 10,000 live units: which sector each is in (what the
 * map's filter and the unit list ask on every change), every area each is in, the planned-unit match, and the
 * server's per-report alert rules that use both. Prints ms per 10,000.
 */
import { demoOperation } from '../server/demo/demoOperation';
import { buildLivePlan, unitConditions } from '../server/alerts/planVsActual';
import { buildAreaIndex, matchPlannedUnit, plannedUnitIndex } from '../shared/live';
import type { PositionReport } from '../shared/protocol';
import { percentile, printFigure } from './figures';

const N = 10_000;

function timed(run: () => void): number {
  run(); // warm up the JIT
  const times: number[] = [];
  for (let i = 0; i < 9; i++) {
    const t = performance.now();
    run();
    times.push(performance.now() - t);
  }
  return percentile(times, 50);
}

export function runLiveAreasBench() {
  const now = Date.now();
  const plan = demoOperation(now);
  const areas = buildAreaIndex(plan);
  const [w, s, e, n] = areas.areas.reduce(
    (b, a) => [Math.min(b[0], a.bbox[0]), Math.min(b[1], a.bbox[1]), Math.max(b[2], a.bbox[2]), Math.max(b[3], a.bbox[3])],
    [Infinity, Infinity, -Infinity, -Infinity],
  );
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const callSigns = plan.units.map((u) => u.callSign);
  const reports: PositionReport[] = Array.from({ length: N }, (_, i) => ({
    id: `d${i}`,
    callSign: `${callSigns[i % callSigns.length]}-${i}`,
    groupId: i % 3 === 0 ? callSigns[i % callSigns.length]!.toLowerCase() : callSigns[i % callSigns.length]!,
    type: 'officer',
    lon: w + rand() * (e - w),
    lat: s + rand() * (n - s),
    status: 'deployed',
    source: 'simulator',
    time: new Date(now).toISOString(),
    expectedIntervalS: 5,
  }));
  const units = plannedUnitIndex(plan.units);
  const lp = buildLivePlan(plan);
  printFigure('live.areas', areas.areas.length);
  printFigure(
    'live.sector_of_10k_ms',
    timed(() => reports.forEach((r) => areas.at(r.lon, r.lat, 'sector'))),
  );
  printFigure(
    'live.all_areas_of_10k_ms',
    timed(() => reports.forEach((r) => areas.at(r.lon, r.lat))),
  );
  printFigure(
    'live.planned_unit_of_10k_ms',
    timed(() => reports.forEach((r) => matchPlannedUnit(units, r))),
  );
  printFigure(
    'live.unit_alert_rules_10k_ms',
    timed(() => reports.forEach((r) => unitConditions(lp, r, now))),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) runLiveAreasBench();
