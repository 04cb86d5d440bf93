/**
 * "Operation Demo": a procession from Euston Road down Upper Woburn Place and Woburn Place to a rally in Russell
 * Square (Bloomsbury, inside the detailed area of ../shared/data/central-london.pmtiles). Four sectors under their
 * Bronzes, an inner cordon around the square with four access points and a sterile area round the stage, the
 * procession and dispersal routes, posts, key locations, an s.60 authority (and an s.35 dispersal authorisation that
 * runs out soon after start, so the expiry warning can be seen), 16 units and their assignments.
 *
 * Times are relative to `now` (the server's start), so that the current phase is always Build-up when the demo is
 * published. Ids are fixed strings: the same demo on every start.
 *
 * Geometry is drawn in a local frame aligned with Bloomsbury's street grid (rotated 35 degrees), centred on Russell
 * Square: `u` metres towards east-north-east, `v` metres towards north-north-west.
 */
import type { Assignment, OperationBundle, Phase, PlanFeature, Position, Strength, Unit, UnitType } from '../../shared/domain';

export const DEMO_OPERATION_ID = 'demo-operation';

const CENTRE: Position = [-0.12603, 51.52169];
const M_PER_DEG_LAT = 111_320;
const M_PER_DEG_LON = M_PER_DEG_LAT * Math.cos((CENTRE[1] * Math.PI) / 180);
const COS = Math.cos((35 * Math.PI) / 180);
const SIN = Math.sin((35 * Math.PI) / 180);
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** A point of the street-grid frame as [lon, lat]. */
export function frame(u: number, v: number): Position {
  const dx = u * COS - v * SIN;
  const dy = u * SIN + v * COS;
  return [round6(CENTRE[0] + dx / M_PER_DEG_LON), round6(CENTRE[1] + dy / M_PER_DEG_LAT)];
}

const ring = (...uv: [number, number][]) => [[...uv, uv[0]!].map(([u, v]) => frame(u, v))];
const rect = (u0: number, v0: number, u1: number, v1: number) => ring([u0, v0], [u1, v0], [u1, v1], [u0, v1]);

// The national model (shared/domain/strength.ts): drivers and medics are among the 21 constables.
const PSU: Strength = { inspectors: 1, sergeants: 3, constables: 21, staff: 0 };
const STRENGTHS: Partial<Record<UnitType, Strength>> = {
  psu: PSU,
  tsg: { inspectors: 0, sergeants: 1, constables: 6, staff: 1 },
  mounted: { inspectors: 0, sergeants: 1, constables: 4, staff: 0 },
  dogs: { inspectors: 0, sergeants: 0, constables: 2, staff: 0 },
  plt: { inspectors: 0, sergeants: 1, constables: 4, staff: 0 },
  evidence: { inspectors: 0, sergeants: 0, constables: 3, staff: 0 },
  // Public order medics are constables; ambulance crews would be a partner agency (unit type 'ambulance').
  medics: { inspectors: 0, sergeants: 0, constables: 4, staff: 0 },
  traffic: { inspectors: 0, sergeants: 1, constables: 2, staff: 0 },
};

export function demoOperation(now: number = Date.now()): OperationBundle {
  const quarter = 15 * 60_000;
  const start = Math.floor(now / quarter) * quarter - 60 * 60_000;
  const at = (hours: number) => new Date(start + hours * 3600_000).toISOString();
  const stamp = at(-24);
  const operationId = DEMO_OPERATION_ID;

  const phases: Phase[] = [
    { id: 'demo-phase-buildup', operationId, name: 'Build-up', startsAt: at(0), endsAt: at(3) },
    { id: 'demo-phase-procession', operationId, name: 'Procession', startsAt: at(3), endsAt: at(5) },
    { id: 'demo-phase-dispersal', operationId, name: 'Dispersal', startsAt: at(5), endsAt: at(7) },
    { id: 'demo-phase-standdown', operationId, name: 'Stand-down', startsAt: at(7), endsAt: at(8) },
  ];

  const features: PlanFeature[] = [];
  const add = (f: Omit<PlanFeature, 'operationId' | 'notes' | 'phaseIds' | 'bronze' | 'props' | 'updatedAt'> & Partial<PlanFeature>) => {
    const full: PlanFeature = { operationId, notes: '', phaseIds: [], bronze: '', props: {}, updatedAt: stamp, ...f };
    features.push(full);
    return full;
  };

  // Sectors. Euston Road climbs gently to the west in the frame, so Sector 1 is a slanted band.
  const s1 = add({
    id: 'demo-sector-1',
    kind: 'sector',
    name: 'Euston Road',
    bronze: 'Sector 1 Bronze',
    geometry: { type: 'Polygon', coordinates: ring([-620, 740], [320, 640], [320, 800], [-620, 900]) },
    props: { sectorCode: 'S1', colour: '#1f77b4' },
  });
  const s2 = add({
    id: 'demo-sector-2',
    kind: 'sector',
    name: 'Tavistock and Gordon Squares',
    bronze: 'Sector 2 Bronze',
    geometry: { type: 'Polygon', coordinates: ring([-200, 200], [320, 200], [320, 640], [-200, 695.3]) },
    props: { sectorCode: 'S2', colour: '#ff7f0e' },
  });
  const s3 = add({
    id: 'demo-sector-3',
    kind: 'sector',
    name: 'Russell Square',
    bronze: 'Sector 3 Bronze',
    geometry: { type: 'Polygon', coordinates: rect(-200, -330, 320, 200) },
    props: { sectorCode: 'S3', colour: '#2ca02c' },
  });
  const s4 = add({
    id: 'demo-sector-4',
    kind: 'sector',
    name: 'Gower Street',
    bronze: 'Sector 4 Bronze',
    geometry: { type: 'Polygon', coordinates: ring([-620, -330], [-200, -330], [-200, 695.3], [-620, 740]) },
    props: { sectorCode: 'S4', colour: '#d62728' },
  });

  // Cordons: the rally in Russell Square's gardens, and a sterile area round the stage.
  const inner = add({
    id: 'demo-cordon-inner',
    kind: 'cordon',
    name: 'Russell Square gardens',
    bronze: 'Cordons Bronze',
    phaseIds: ['demo-phase-buildup', 'demo-phase-procession', 'demo-phase-dispersal'],
    geometry: { type: 'Polygon', coordinates: rect(-80, -80, 80, 80) },
    props: {
      cordonType: 'inner',
      accessPoints: [
        { id: 'demo-ap-north', name: 'North gate (Bedford Way)', position: frame(0, 80), staffingRequired: 4 },
        { id: 'demo-ap-east', name: 'East gate (Woburn Place)', position: frame(80, 0), staffingRequired: 4 },
        { id: 'demo-ap-south', name: 'South gate (Montague Street)', position: frame(0, -80), staffingRequired: 4 },
        { id: 'demo-ap-west', name: 'West gate (locked)', position: frame(-80, 0), staffingRequired: 0 },
      ],
    },
  });
  add({
    id: 'demo-cordon-sterile',
    kind: 'cordon',
    name: 'Stage sterile area',
    bronze: 'Cordons Bronze',
    phaseIds: ['demo-phase-buildup', 'demo-phase-procession', 'demo-phase-dispersal'],
    geometry: { type: 'Polygon', coordinates: rect(-25, 10, 25, 50) },
    props: { cordonType: 'sterile' },
  });

  // Routes.
  const procession = add({
    id: 'demo-route-procession',
    kind: 'route',
    name: 'Procession: Euston Road to Russell Square',
    bronze: 'Procession Bronze',
    phaseIds: ['demo-phase-procession'],
    geometry: {
      type: 'LineString',
      coordinates: [
        ...[
          [-300, 761],
          [-239, 744],
          [-171, 736],
          [-120, 724],
          [-56, 722],
          [-10, 718],
          [74, 709],
        ].map(([u, v]) => frame(u!, v!)),
        [-0.13022, 51.52684],
        [-0.1298, 51.52647],
        [-0.12909, 51.52581],
        [-0.12867, 51.52542],
        [-0.128, 51.52481],
        [-0.1279, 51.5247],
        [-0.12723, 51.52409],
        [-0.12678, 51.52369],
        [-0.12628, 51.52325],
        [-0.12592, 51.52294],
      ],
    },
    props: {
      routeType: 'procession',
      paceKmh: 3,
      routeStartsAt: at(3),
      checkpoints: [
        { id: 'demo-cp-1', name: 'Upper Woburn Place', distanceM: 400 },
        { id: 'demo-cp-2', name: 'Tavistock Square', distanceM: 700 },
      ],
    },
  });
  add({
    id: 'demo-route-dispersal',
    kind: 'route',
    name: 'Dispersal: Southampton Row to Holborn',
    bronze: 'Sector 3 Bronze',
    phaseIds: ['demo-phase-dispersal'],
    geometry: {
      type: 'LineString',
      coordinates: [
        [-0.12413, 51.52148],
        [-0.12355, 51.52102],
        [-0.12303, 51.52058],
        [-0.12232, 51.52001],
        [-0.12162, 51.51941],
        [-0.12095, 51.51905],
      ],
    },
    props: { routeType: 'dispersal', paceKmh: 4 },
  });

  // Posts.
  const post = (id: string, name: string, u: number, v: number, bronze: string) =>
    add({ id, kind: 'post', name, bronze, geometry: { type: 'Point', coordinates: frame(u, v) }, props: { toleranceM: 30 } });
  const p1 = post('demo-post-1', 'Euston Square station', -300, 761, 'Sector 1 Bronze');
  const p2 = post('demo-post-2', 'Euston Road / Gordon Street', -120, 724, 'Sector 1 Bronze');
  post('demo-post-3', 'Euston Road / Upper Woburn Place', 74, 709, 'Sector 1 Bronze');
  const p4 = post('demo-post-4', 'Tavistock Square east', 78, 396, 'Sector 2 Bronze');
  post('demo-post-5', 'Gordon Square', -150, 501, 'Sector 2 Bronze');
  const p6 = post('demo-post-6', 'Woburn Place', 80, 260, 'Sector 2 Bronze');
  const p7 = post('demo-post-7', 'Russell Square station', 180, 50, 'Sector 3 Bronze');
  post('demo-post-8', 'Southampton Row', 100, -180, 'Sector 3 Bronze');
  post('demo-post-9', 'Montague Street', -91, -140, 'Sector 3 Bronze');
  post('demo-post-10', 'Gower Street / Torrington Place', -316, 334, 'Sector 4 Bronze');
  const p11 = post('demo-post-11', 'Gower Street / Montague Place', -317, -40, 'Sector 4 Bronze');
  post('demo-post-12', 'Store Street', -515, 53, 'Sector 4 Bronze');

  // Key locations.
  const key = (id: string, name: string, locationType: NonNullable<PlanFeature['props']['locationType']>, u: number, v: number, bronze = '') =>
    add({ id, kind: 'keyLocation', name, bronze, geometry: { type: 'Point', coordinates: frame(u, v) }, props: { locationType } });
  key('demo-kl-rvp', 'RVP Euston Square Gardens', 'rvp', -60, 760, 'Silver');
  key('demo-kl-fha', 'FHA Bedford Way', 'fha', 0, 300, 'Silver');
  key('demo-kl-muster', 'Muster point Gordon Square', 'muster', -150, 560);
  key('demo-kl-welfare', 'Feeding and welfare, Tavistock Place', 'welfare', 200, 450);
  key('demo-kl-ccp', 'Casualty clearing, Queen Square', 'casualtyClearing', 253, -96);
  key('demo-kl-control', 'Forward control', 'controlRoom', -130, 300);
  key('demo-kl-stage', 'Rally stage', 'stage', 0, 30);
  key('demo-kl-ppp', 'Prisoner processing point, Holborn', 'ppp', 300, -420);
  key('demo-kl-hospital', 'University College Hospital', 'hospital', -371, 642);

  // Legal authorities.
  add({
    id: 'demo-authority-s60',
    kind: 'authority',
    name: 's.60 Bloomsbury',
    geometry: { type: 'Polygon', coordinates: rect(-640, -350, 340, 920) },
    props: { authorityType: 's60', authorisingOfficer: 'Ch Supt R. Hughes', authorityStartsAt: at(0), authorityExpiresAt: at(15) },
  });
  add({
    id: 'demo-authority-s35',
    kind: 'authority',
    name: 's.35 Russell Square',
    geometry: { type: 'Polygon', coordinates: rect(-200, -330, 320, 200) },
    props: {
      authorityType: 's35',
      authorisingOfficer: 'Insp M. Clarke',
      authorityStartsAt: at(0),
      // Runs out 35 minutes after the demo starts: the "about to expire" warning shows after five minutes.
      authorityExpiresAt: new Date(now + 35 * 60_000).toISOString(),
    },
  });

  // Units.
  const unitDefs: Array<[string, UnitType, string]> = [
    ['CX21', 'psu', 'Metropolitan Police Service'],
    ['CX22', 'psu', 'Metropolitan Police Service'],
    ['CX23', 'psu', 'Metropolitan Police Service'],
    ['CX24', 'psu', 'Metropolitan Police Service'],
    ['CX25', 'psu', 'Metropolitan Police Service'],
    ['CX26', 'psu', 'Metropolitan Police Service'],
    ['TV27', 'psu', 'Thames Valley Police'],
    ['TV28', 'psu', 'Thames Valley Police'],
    ['TSG31', 'tsg', 'Metropolitan Police Service'],
    ['TSG32', 'tsg', 'Metropolitan Police Service'],
    ['MP1', 'mounted', 'Metropolitan Police Service'],
    ['DH1', 'dogs', 'Metropolitan Police Service'],
    ['PLT1', 'plt', 'Metropolitan Police Service'],
    ['EG1', 'evidence', 'Metropolitan Police Service'],
    ['MED1', 'medics', 'Metropolitan Police Service'],
    ['TR1', 'traffic', 'Metropolitan Police Service'],
  ];
  const units: Unit[] = unitDefs.map(([callSign, type, homeForce], i) => ({
    id: `demo-unit-${callSign.toLowerCase()}`,
    operationId,
    callSign,
    type,
    strength: { ...(STRENGTHS[type] ?? PSU) },
    homeForce,
    talkgroup: `BLOOMSBURY-${1 + (i % 4)}`,
    shiftStart: at(-1),
    shiftEnd: at(9),
    notes: '',
  }));
  const unit = (callSign: string) => units.find((u) => u.callSign === callSign)!.id;

  type Target = Assignment['target'];
  const toPost = (f: PlanFeature): Target => ({ kind: 'post', featureId: f.id });
  const toSector = (f: PlanFeature): Target => ({ kind: 'sector', featureId: f.id });
  const toGate = (apId: string): Target => ({ kind: 'accessPoint', featureId: inner.id, accessPointId: apId });
  const toRoute = (fromM: number, toM: number): Target => ({ kind: 'routeSegment', featureId: procession.id, fromM, toM });

  // Build-up and dispersal: the static deployment. Procession: some units move onto the route.
  const base: Record<string, [Target, Assignment['posture'], string]> = {
    CX21: [toPost(p1), 'deployed', 'Sector 1 Bronze'],
    CX22: [toSector(s1), 'deployed', 'Sector 1 Bronze'],
    CX23: [toSector(s2), 'deployed', 'Sector 2 Bronze'],
    CX24: [toPost(p4), 'deployed', 'Sector 2 Bronze'],
    CX25: [toGate('demo-ap-north'), 'deployed', 'Cordons Bronze'],
    CX26: [toSector(s3), 'deployed', 'Sector 3 Bronze'],
    TV27: [toSector(s4), 'deployed', 'Sector 4 Bronze'],
    TV28: [toPost(p11), 'deployed', 'Sector 4 Bronze'],
    TSG31: [toGate('demo-ap-east'), 'deployed', 'Cordons Bronze'],
    TSG32: [toGate('demo-ap-south'), 'deployed', 'Cordons Bronze'],
    MP1: [toSector(s2), 'deployed', 'Sector 2 Bronze'],
    DH1: [toSector(s3), 'standby', 'Sector 3 Bronze'],
    PLT1: [toSector(s1), 'deployed', 'Sector 1 Bronze'],
    EG1: [toPost(p7), 'deployed', 'Sector 3 Bronze'],
    MED1: [toPost(p6), 'standby', 'Sector 2 Bronze'],
    TR1: [toPost(p2), 'deployed', 'Sector 1 Bronze'],
  };
  const processionChanges: Record<string, [Target, Assignment['posture'], string]> = {
    CX21: [toRoute(0, 500), 'deployed', 'Procession Bronze'],
    CX22: [toRoute(500, 975), 'deployed', 'Procession Bronze'],
    TR1: [toRoute(0, 400), 'deployed', 'Procession Bronze'],
  };
  const assignments: Assignment[] = [];
  for (const phase of phases.slice(0, 3)) {
    for (const [callSign, def] of Object.entries(base)) {
      const [target, posture, bronze] = phase.id === 'demo-phase-procession' ? (processionChanges[callSign] ?? def) : def;
      assignments.push({
        id: `demo-asg-${phase.id.replace('demo-phase-', '')}-${callSign.toLowerCase()}`,
        operationId,
        unitId: unit(callSign),
        phaseId: phase.id,
        target,
        startsAt: phase.startsAt,
        endsAt: phase.endsAt,
        posture,
        bronze,
      });
    }
  }

  return {
    operation: {
      id: operationId,
      name: 'Operation Demo',
      type: 'procession',
      status: 'live',
      marking: 'OFFICIAL-SENSITIVE',
      startsAt: at(0),
      endsAt: at(8),
      goldStrategy:
        'Facilitate a safe and peaceful procession and rally; protect the public, participants and property; keep Euston Road open to traffic where possible.',
      silverPlan:
        'Four geographic sectors under Sector Bronzes; an inner cordon round the Russell Square rally under the Cordons Bronze; reserves in the forward holding area on Bedford Way.',
      archived: false,
      createdAt: stamp,
      updatedAt: stamp,
    },
    phases,
    features,
    units,
    assignments,
  };
}

/** The demo operation under another id (and name): every row moved to it, for tests and benches that need several. */
export function demoOperationAs(id: string, name?: string, now: number = Date.now()): OperationBundle {
  const p = demoOperation(now);
  const moved = <T extends { operationId: string }>(rows: T[]) => rows.map((r) => ({ ...r, operationId: id }));
  return {
    operation: { ...p.operation, id, ...(name ? { name } : {}) },
    phases: moved(p.phases),
    features: moved(p.features),
    units: moved(p.units),
    assignments: moved(p.assignments),
  };
}
