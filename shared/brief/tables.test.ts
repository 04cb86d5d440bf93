import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { generateOperation } from '../../bench/fixtures/generateOperation';
import { Operation, OperationBundle } from '../domain';
import { commandChart, deploymentMatrix, keyLocations, legalAuthorities, phaseTimeline, talkgroups } from './tables';
import { readBriefing } from './schema';

const bundle = generateOperation({ units: 40, features: 200, assignments: 120, seed: 11 });
const briefing = {
  ...readBriefing(undefined),
  gold: { name: 'Ch Supt Gold', callSign: 'GOLD' },
  silver: { name: 'Supt Silver', callSign: 'SILVER' },
  bronzeCallSigns: { 'Sector 1 Bronze': 'S1B' },
};

/** An independent reading of a 10-figure reference: letters by the OS table, no shared code. */
function decodeGridRef(ref: string): [number, number] {
  const m = /^([A-HJ-Z]{2}) (\d{5}) (\d{5})$/.exec(ref);
  if (!m) throw new Error(`not a 10-figure grid reference: ${ref}`);
  const idx = (c: string) => 'ABCDEFGHJKLMNOPQRSTUVWXYZ'.indexOf(c);
  const l1 = idx(m[1]![0]!);
  const l2 = idx(m[1]![1]!);
  const e100 = ((l1 - 2) % 5) * 5 + (l2 % 5);
  const n100 = 19 - Math.floor(l1 / 5) * 5 - Math.floor(l2 / 5);
  return [e100 * 100_000 + Number(m[2]), n100 * 100_000 + Number(m[3])];
}
// EPSG:27700 with the OS Helmert parameters, set up here independently of shared/geo.
const osgb = proj4(
  'EPSG:4326',
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs',
);

describe('generated briefing tables', () => {
  it('the deployment matrix has every assignment and every unit', () => {
    const rows = deploymentMatrix(bundle);
    expect(rows.length).toBe(bundle.assignments.length + bundle.units.filter((u) => !bundle.assignments.some((a) => a.unitId === u.id)).length);
    const callSigns = new Set(rows.map((r) => r.callSign));
    for (const u of bundle.units) expect(callSigns.has(u.callSign), u.callSign).toBe(true);
    const assigned = rows.filter((r) => r.post !== 'Not assigned');
    for (const r of assigned) {
      expect(r.phase).not.toBe('');
      expect(r.time).toMatch(/^\d\d [A-Z][a-z]{2} \d{4}, \d\d:\d\d-(\d\d [A-Z][a-z]{2} \d{4}, )?\d\d:\d\d$/);
      expect(r.bronze).not.toBe('');
    }
    // ordered by phase start
    const phaseOrder = [...bundle.phases].sort((a, b) => a.startsAt.localeCompare(b.startsAt)).map((p) => p.name);
    const seen = assigned.map((r) => phaseOrder.indexOf(r.phase));
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('times are London clock times (BST in June)', () => {
    const a = bundle.assignments[0]!;
    const row = deploymentMatrix({ ...bundle, assignments: [a] }).find((r) => r.post !== 'Not assigned')!;
    const h = new Date(a.startsAt).getUTCHours() + 1;
    expect(row.time.split(', ')[1]!.slice(0, 2)).toBe(String(h % 24).padStart(2, '0'));
  });

  it('key location grid references are within 1 m of an independent proj4 conversion', () => {
    const rows = keyLocations(bundle);
    expect(rows.length).toBeGreaterThan(3);
    for (const r of rows) {
      const [e, n] = osgb.forward([r.lon, r.lat]) as [number, number];
      const [ge, gn] = decodeGridRef(r.gridRef);
      // A 10-figure reference names the 1 m square the point lies in.
      expect(Math.abs(e - (ge + 0.5))).toBeLessThanOrEqual(1);
      expect(Math.abs(n - (gn + 0.5))).toBeLessThanOrEqual(1);
    }
  });

  it('the command chart has Gold, Silver and a Bronze for every sector, with their units', () => {
    const chart = commandChart(bundle, briefing);
    expect(chart.gold.callSign).toBe('GOLD');
    const sectors = bundle.features.filter((f) => f.kind === 'sector');
    for (const s of sectors) expect(chart.bronzes.map((b) => b.name)).toContain(s.bronze);
    expect(chart.bronzes.find((b) => b.name === 'Sector 1 Bronze')?.callSign).toBe('S1B');
    const total = new Set(chart.bronzes.flatMap((b) => b.units));
    const assignedUnits = new Set(bundle.assignments.map((a) => bundle.units.find((u) => u.id === a.unitId)!.callSign));
    expect(total).toEqual(assignedUnits);
  });

  it('legal authorities show the authorising officer and the expiry, soonest first', () => {
    const rows = legalAuthorities(bundle);
    const areas = bundle.features.filter((f) => f.kind === 'authority');
    expect(rows).toHaveLength(areas.length);
    for (const r of rows) expect(r.gridRef).toMatch(/^[A-Z]{2} \d{5} \d{5}$/);
    const withOfficer = areas.filter((a) => a.props.authorisingOfficer);
    for (const a of withOfficer) expect(rows.map((r) => r.authorisingOfficer)).toContain(a.props.authorisingOfficer);
  });

  it('talkgroups per Bronze and per unit', () => {
    const t = talkgroups(bundle);
    expect(t.byUnit).toHaveLength(bundle.units.length);
    for (const u of bundle.units) expect(t.byUnit.find((r) => r.callSign === u.callSign)?.talkgroup).toBe(u.talkgroup);
    const withUnits = t.byBronze.filter((b) => b.talkgroups.length > 0);
    expect(withUnits.length).toBeGreaterThan(0);
  });

  it('the phase timeline lays the phases out within the operation', () => {
    const rows = phaseTimeline(bundle);
    expect(rows.map((r) => r.name)).toEqual(['Build-up', 'Assembly', 'Procession', 'Dispersal']);
    for (const r of rows) {
      expect(r.offset).toBeGreaterThanOrEqual(0);
      expect(r.offset + r.width).toBeLessThanOrEqual(1 + 1e-9);
    }
  });

  it('an operation without a briefing is still valid, and a briefing survives the schema', () => {
    const op = { ...bundle.operation };
    expect(Operation.parse(op).briefing).toBeUndefined();
    const withBrief = Operation.parse({ ...op, briefing: { version: '2.1', sections: { intent: [{ type: 'paragraph', text: 'Keep people safe.' }] } } });
    expect(withBrief.briefing?.version).toBe('2.1');
    expect(withBrief.briefing?.sections.information).toEqual([]);
    expect(OperationBundle.safeParse({ ...bundle, operation: withBrief }).success).toBe(true);
    expect(readBriefing({ version: 5 }).version).toBe('1.0');
  });
});
