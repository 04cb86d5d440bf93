/**
 * Builders for plan bundles, for tests and benchmarks (the app itself does not use this module).
 * `generateBundle` makes a plan at the scale we design for, clean apart from a known list of seeded problems.
 */
import type { Assignment, OperationBundle, Phase, PlanFeature, PlanGeometry, Position, Unit } from '../domain';

export const OP_ID = 'op-test';
const LON0 = -0.1281;
const LAT0 = 51.508;
const M_PER_DEG = (6_371_008.8 * Math.PI) / 180;

/** A position `x` metres east and `y` metres north of Trafalgar Square. */
export const at = (x: number, y: number): Position => [LON0 + x / (M_PER_DEG * Math.cos((LAT0 * Math.PI) / 180)), LAT0 + y / M_PER_DEG];
export const pointGeom = (x: number, y: number): PlanGeometry => ({ type: 'Point', coordinates: at(x, y) });
export const lineGeom = (...xy: [number, number][]): PlanGeometry => ({
  type: 'LineString',
  coordinates: xy.map(([x, y]) => at(x, y)),
});
export const rectGeom = (x0: number, y0: number, x1: number, y1: number): PlanGeometry => ({
  type: 'Polygon',
  coordinates: [[at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)]],
});

/** A polygon through the given local-metre points (closed for you). */
export const polygonGeom = (...xy: [number, number][]): PlanGeometry => ({
  type: 'Polygon',
  coordinates: [[...xy, xy[0] ?? [0, 0]].map(([x, y]) => at(x, y))],
});

/** `2025-08-24T14:00:00+01:00` (BST) for `t('14:00')`. */
export const t = (hhmm: string, day = '2025-08-24') => `${day}T${hhmm}:00+01:00`;

const STAMP = '2025-08-01T09:00:00Z';

export function makeFeature(p: Pick<PlanFeature, 'id' | 'kind' | 'geometry'> & Partial<PlanFeature>): PlanFeature {
  return { operationId: OP_ID, name: p.id, notes: '', phaseIds: [], bronze: '', props: {}, updatedAt: STAMP, ...p };
}

/** A national-model PSU strength: 1 inspector, 3 sergeants, 21 constables (medics and drivers included). */
export const PSU_STRENGTH = { inspectors: 1, sergeants: 3, constables: 21, staff: 0 } as const;

export function makeUnit(id: string, callSign: string, p: Partial<Unit> = {}): Unit {
  return {
    id,
    operationId: OP_ID,
    callSign,
    type: 'psu',
    strength: { ...PSU_STRENGTH },
    homeForce: 'Metropolitan Police',
    talkgroup: '',
    notes: '',
    ...p,
  };
}

export function makePhase(id: string, name: string, startsAt: string, endsAt: string): Phase {
  return { id, operationId: OP_ID, name, startsAt, endsAt };
}

export function makeAssignment(p: Pick<Assignment, 'id' | 'unitId' | 'phaseId' | 'target'> & Partial<Assignment>): Assignment {
  return { operationId: OP_ID, startsAt: t('10:00'), endsAt: t('12:00'), posture: 'deployed', bronze: '', ...p };
}

export function makeBundle(p: Partial<OperationBundle> = {}): OperationBundle {
  return {
    operation: {
      id: OP_ID,
      name: 'Operation Test',
      type: 'procession',
      status: 'draft',
      marking: 'OFFICIAL',
      startsAt: t('07:00'),
      endsAt: t('19:00'),
      goldStrategy: '',
      silverPlan: '',
      archived: false,
      createdAt: STAMP,
      updatedAt: STAMP,
    },
    phases: [],
    features: [],
    units: [],
    assignments: [],
    ...p,
  };
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedBundle {
  bundle: OperationBundle;
  /** The warning ids validatePlan must report, and no others. */
  seededWarningIds: string[];
}

/**
 * A carnival-sized plan: 8 sectors of 2 km x 2 km (S8 has no Bronze), 5 two-hour phases, 600 units,
 * 5,000 features and about 3,000 assignments. Cordons sit in the south half of each sector and routes in the
 * north half, so nothing crosses by accident. The seeded problems sit on dedicated features and otherwise idle
 * units so that each produces exactly one warning.
 */
export function generateBundle(opts: { units?: number; features?: number; seed?: number } = {}): GeneratedBundle {
  const unitCount = Math.max(opts.units ?? 600, 400);
  const featureCount = opts.features ?? 5000;
  const rnd = seededRandom(opts.seed ?? 1);
  const between = (a: number, b: number) => a + rnd() * (b - a);
  const seeded: string[] = [];

  const phaseNames = ['Build-up', 'Assembly', 'Procession', 'Dispersal', 'Stand-down'];
  const phases = phaseNames.map((name, i) =>
    makePhase(`ph${i}`, name, t(`${String(8 + 2 * i).padStart(2, '0')}:00`), t(`${String(10 + 2 * i).padStart(2, '0')}:00`)),
  );

  const features: PlanFeature[] = [];
  const sectorOrigin = (s: number): [number, number] => [(s % 4) * 2000, Math.floor(s / 4) * 2000];
  for (let s = 0; s < 8; s++) {
    const [x, y] = sectorOrigin(s);
    features.push(
      makeFeature({
        id: `sector${s}`,
        kind: 'sector',
        name: `Sector ${s + 1}`,
        bronze: s === 7 ? '' : `Sector ${s + 1} Bronze`,
        geometry: rectGeom(x, y, x + 2000, y + 2000),
        props: { sectorCode: `S${s + 1}` },
      }),
    );
  }
  seeded.push('sectorWithoutBronze:sector7');

  const postsBySector: string[][] = Array.from({ length: 8 }, () => []);
  for (let i = 0; i < 3000; i++) {
    const s = i % 8;
    const [x, y] = sectorOrigin(s);
    features.push(
      makeFeature({
        id: `post${i}`,
        kind: 'post',
        name: `Post ${s + 1}/${Math.floor(i / 8) + 1}`,
        bronze: `Sector ${s + 1} Bronze`,
        geometry: pointGeom(x + between(50, 1950), y + between(50, 1950)),
      }),
    );
    postsBySector[s]?.push(`post${i}`);
  }

  const cordonTypes = ['inner', 'outer', 'traffic', 'sterile', 'filter'] as const;
  for (let i = 0; i < 200; i++) {
    const [sx, sy] = sectorOrigin(i % 8);
    const x = sx + between(100, 1800);
    const y = sy + between(100, 800);
    features.push(
      makeFeature({
        id: `cordon${i}`,
        kind: 'cordon',
        name: `Cordon ${i + 1}`,
        geometry: rectGeom(x, y, x + 80, y + 80),
        props: {
          cordonType: i < 40 ? 'inner' : (cordonTypes[i % cordonTypes.length] ?? 'outer'),
          accessPoints: [
            {
              id: 'ap0',
              name: `Gate ${i + 1}A`,
              position: at(x + 40, y),
              staffingRequired: i < 40 ? (i === 1 ? 30 : 10) : 0,
            },
            { id: 'ap1', name: `Gate ${i + 1}B`, position: at(x + 40, y + 80), staffingRequired: 0 },
          ],
        },
      }),
    );
  }
  seeded.push('accessPointUnderstaffed:cordon0/ap0', 'accessPointUnderstaffed:cordon1/ap0');

  const routeTypes = ['procession', 'dispersal', 'carrier', 'casevac', 'diversion'] as const;
  for (let i = 0; i < 100; i++) {
    const [, sy] = sectorOrigin(i % 8);
    const y = sy + between(1100, 1900);
    const x = between(0, 6500);
    features.push(
      makeFeature({
        id: `route${i}`,
        kind: 'route',
        name: `Route ${i + 1}`,
        geometry: lineGeom([x, y], [x + 500, y + between(-50, 50)], [x + 1000, y]),
        props: { routeType: routeTypes[i % routeTypes.length] ?? 'carrier', paceKmh: 3 },
      }),
    );
  }

  for (let i = 0; i < 50; i++) {
    const [x, y] = sectorOrigin(i % 8);
    features.push(
      makeFeature({
        id: `auth${i}`,
        kind: 'authority',
        name: `Authority ${i + 1}`,
        geometry: rectGeom(x, y, x + 2000, y + 2000),
        props: {
          authorityType: 's60',
          authorisingOfficer: 'Supt A',
          authorityStartsAt: t('07:00'),
          authorityExpiresAt: t('19:00'),
        },
      }),
    );
  }

  // Seeded features: kept apart from the rest (east of the sectors) where they can only trip their own rule.
  features.push(
    makeFeature({
      id: 'seed-inner',
      kind: 'cordon',
      name: 'Seed inner cordon',
      geometry: rectGeom(8500, 500, 8700, 700),
      props: { cordonType: 'inner' },
    }),
    makeFeature({
      id: 'seed-route',
      kind: 'route',
      name: 'Seed route',
      geometry: lineGeom([8400, 600], [8800, 600]),
      props: { routeType: 'procession' },
    }),
    makeFeature({
      id: 'seed-auth-early',
      kind: 'authority',
      name: 'Seed early expiry',
      geometry: rectGeom(8500, 1000, 8700, 1200),
      props: { authorityType: 's60', authorityStartsAt: t('07:00'), authorityExpiresAt: t('15:00') },
    }),
    makeFeature({
      id: 'seed-auth-late',
      kind: 'authority',
      name: 'Seed late start',
      geometry: rectGeom(8500, 1000, 8700, 1200),
      props: { authorityType: 's35', authorityStartsAt: t('09:00'), authorityExpiresAt: t('19:00') },
    }),
    // Reports to Sector 1 Bronze but stands in sector 2.
    makeFeature({
      id: 'seed-stray-post',
      kind: 'post',
      name: 'Seed stray post',
      bronze: 'Sector 1 Bronze',
      geometry: pointGeom(3000, 1000),
    }),
    // A Build-up-only post in sector 1.
    makeFeature({
      id: 'seed-early-post',
      kind: 'post',
      name: 'Seed early post',
      bronze: 'Sector 1 Bronze',
      phaseIds: ['ph0'],
      geometry: pointGeom(1000, 1000),
    }),
  );
  seeded.push(
    'routeCrossesCordon:seed-route+seed-inner',
    'authorityExpiresEarly:seed-auth-early',
    'authorityStartsLate:seed-auth-late',
    'postOutsideSector:bronze:seed-stray-post',
  );

  const keyTypes = ['rvp', 'fha', 'muster', 'welfare', 'cctv'] as const;
  for (let i = 0; features.length < featureCount; i++) {
    const s = i % 8;
    const [x, y] = sectorOrigin(s);
    const isKey = i % 3 !== 2;
    features.push(
      makeFeature({
        id: `extra${i}`,
        kind: isKey ? 'keyLocation' : 'annotation',
        name: isKey ? `Location ${i + 1}` : `Note ${i + 1}`,
        bronze: isKey ? `Sector ${s + 1} Bronze` : '',
        geometry: pointGeom(x + between(50, 1950), y + between(50, 1950)),
        props: isKey ? { locationType: keyTypes[i % keyTypes.length] ?? 'rvp' } : { text: 'note' },
      }),
    );
  }

  const unitTypes = ['psu', 'psu', 'psu', 'tsg', 'mounted', 'dogs', 'plt', 'evidence'] as const;
  const units: Unit[] = [];
  for (let u = 0; u < unitCount; u++) {
    const type = u < 40 ? 'psu' : (unitTypes[u % unitTypes.length] ?? 'psu');
    const strength = type === 'psu' || type === 'tsg' ? { ...PSU_STRENGTH } : { inspectors: 0, sergeants: 1, constables: 4, staff: 1 };
    units.push(makeUnit(`unit${u}`, `U${String(u + 1).padStart(3, '0')}`, { type, strength }));
  }

  const assignments: Assignment[] = [];
  const assign = (unit: number, phase: number, target: Assignment['target'], window?: [string, string]) => {
    const p = phases[phase];
    if (!p) throw new Error(`no phase ${phase}`);
    const a = makeAssignment({
      id: `a${assignments.length}`,
      unitId: `unit${unit}`,
      phaseId: p.id,
      target,
      startsAt: window?.[0] ?? p.startsAt,
      endsAt: window?.[1] ?? p.endsAt,
    });
    assignments.push(a);
    return a;
  };
  const homePost = (u: number, p: number) => {
    const list = postsBySector[u % 8] ?? [];
    return list[(u * 5 + p) % list.length] ?? 'post0';
  };

  // Units 0-39 hold gate A of cordons 0-39 all day; unit 0 is missing from Dispersal (seeded).
  for (let u = 0; u < 40; u++) {
    for (let p = 0; p < 5; p++) {
      if (u === 0 && p === 3) continue;
      assign(u, p, { kind: 'accessPoint', featureId: `cordon${u}`, accessPointId: 'ap0' });
    }
  }
  // Units 40-339: a post in their home sector in every phase.
  for (let u = 40; u < 340; u++) for (let p = 0; p < 5; p++) assign(u, p, { kind: 'post', featureId: homePost(u, p) });
  // The rest: sector plus post in the first two phases, a post in the third; free after that.
  for (let u = 340; u < unitCount; u++) {
    for (let p = 0; p < 2; p++) {
      assign(u, p, { kind: 'sector', featureId: `sector${u % 8}` });
      assign(u, p, { kind: 'post', featureId: homePost(u, p) });
    }
    assign(u, 2, { kind: 'post', featureId: homePost(u, 2) });
  }

  // Seeded assignment problems, each on a unit that is otherwise free at that time.
  const u = 344; // home sector 1 (index 0)
  const stray = assignments.find((a) => a.unitId === `unit${u}` && a.phaseId === 'ph0' && a.target.kind === 'post');
  if (stray) {
    stray.target = { kind: 'post', featureId: postsBySector[1]?.[0] ?? 'post1' }; // a sector-2 post for a sector-1 unit
    seeded.push(`postOutsideSector:${stray.id}`);
  }
  const twice = assign(u + 1, 3, { kind: 'post', featureId: homePost(u + 1, 3) }, [t('14:00'), t('15:00')]);
  const twice2 = assign(u + 1, 3, { kind: 'post', featureId: homePost(u + 1, 4) }, [t('14:30'), t('16:00')]);
  seeded.push(`unitDoubleBooked:${[twice.id, twice2.id].sort().join('+')}`);
  const gone = assign(u + 2, 3, { kind: 'post', featureId: 'deleted-post' });
  seeded.push(`assignmentDangling:${gone.id}`);
  const late = assign(u + 3, 4, { kind: 'post', featureId: homePost(u + 3, 4) }, [t('19:00'), t('20:00')]);
  seeded.push(`assignmentOutsidePhase:${late.id}`);
  const early = assign(u + 4 * 8, 3, { kind: 'post', featureId: 'seed-early-post' });
  seeded.push(`targetNotInPhase:${early.id}`);

  return { bundle: makeBundle({ phases, features, units, assignments }), seededWarningIds: seeded.sort() };
}

/** Three phases on 24 Aug: Assembly 10-12, Procession 12-14, Dispersal 14-16 (BST). */
export const THREE_PHASES: Phase[] = [
  makePhase('ph1', 'Assembly', t('10:00'), t('12:00')),
  makePhase('ph2', 'Procession', t('12:00'), t('14:00')),
  makePhase('ph3', 'Dispersal', t('14:00'), t('16:00')),
];
