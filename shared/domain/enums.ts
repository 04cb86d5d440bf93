/**
 * The closed vocabularies of the policing world (see DOMAIN.md). Each list pairs the stored code with the words
 * our users say, so the UI, exports and validation messages all speak the same language.
 */
/**
 * The markings this system may hold: OFFICIAL, and OFFICIAL-SENSITIVE (a handling caveat within OFFICIAL). SECRET and
 * TOP SECRET material needs an accredited system, so Cordon refuses it rather than store it (see FORBIDDEN_MARKINGS).
 */
export const PROTECTIVE_MARKINGS = ['OFFICIAL', 'OFFICIAL-SENSITIVE'] as const;
export type ProtectiveMarking = (typeof PROTECTIVE_MARKINGS)[number];

/** Classifications above OFFICIAL: recognised only to refuse them with a clear message. */
export const FORBIDDEN_MARKINGS = ['SECRET', 'TOP SECRET'] as const;

/** Ordered low to high, so that "lowering" a marking can be told apart from raising it. */
export const MARKING_LEVEL: Record<ProtectiveMarking, number> = { OFFICIAL: 0, 'OFFICIAL-SENSITIVE': 1 };
export const isLowering = (from: ProtectiveMarking, to: ProtectiveMarking): boolean => MARKING_LEVEL[to] < MARKING_LEVEL[from];

/** The descriptors government guidance suggests for OFFICIAL-SENSITIVE; a planner may also type another. */
export const MARKING_DESCRIPTORS = ['PERSONAL', 'COMMERCIAL', 'LOCSEN'] as const;

export const OPERATION_STATUSES = ['draft', 'approved', 'live', 'closed'] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];

export const OPERATION_TYPES = {
  protest: 'Protest / assembly',
  procession: 'Procession',
  football: 'Football',
  carnival: 'Carnival',
  ceremony: 'State ceremony',
  other: 'Other',
} as const;
export type OperationType = keyof typeof OPERATION_TYPES;

/** Every kind of plan feature the planner can draw. */
export const FEATURE_KINDS = {
  sector: 'Sector',
  cordon: 'Cordon',
  route: 'Route',
  keyLocation: 'Key location',
  post: 'Post',
  authority: 'Legal authority area',
  circle: 'Circle (radius)',
  annotation: 'Text annotation',
} as const;
export type FeatureKind = keyof typeof FEATURE_KINDS;

export const CORDON_TYPES = {
  inner: 'Inner cordon',
  outer: 'Outer cordon',
  traffic: 'Traffic cordon',
  sterile: 'Sterile area',
  containment: 'Containment',
  filter: 'Filter cordon',
  policeLine: 'Police line',
  vehicleBarrier: 'Vehicle barrier',
} as const;
export type CordonType = keyof typeof CORDON_TYPES;

export const ROUTE_TYPES = {
  procession: 'Procession route',
  dispersal: 'Dispersal route',
  carrier: 'Carrier route',
  casevac: 'Casualty evacuation route',
  diversion: 'Diversion',
} as const;
export type RouteType = keyof typeof ROUTE_TYPES;

export const KEY_LOCATION_TYPES = {
  rvp: 'Rendezvous point (RVP)',
  fha: 'Forward holding area (FHA)',
  muster: 'Muster / briefing point',
  welfare: 'Feeding and welfare',
  ppp: 'Prisoner processing point',
  casualtyClearing: 'Casualty clearing',
  hospital: 'Hospital',
  controlRoom: 'Control room',
  stage: 'Stage',
  pinchPoint: 'Pinch point',
  sensitiveSite: 'Sensitive site',
  cctv: 'CCTV',
  fcp: 'Forward control point',
  marshalling: 'Marshalling area',
} as const;
export type KeyLocationType = keyof typeof KEY_LOCATION_TYPES;

export const AUTHORITY_TYPES = {
  s12: 'POA 1986 s.12 (procession conditions)',
  s14: 'POA 1986 s.14 (assembly conditions)',
  s14ZA: 'POA 1986 s.14ZA (one-person protest conditions)',
  s60: 'CJPOA 1994 s.60 (search)',
  s60AA: 'CJPOA 1994 s.60AA (face coverings)',
  s35: 'ASBCPA 2014 s.35 (dispersal)',
} as const;
export type AuthorityType = keyof typeof AUTHORITY_TYPES;

export const UNIT_TYPES = {
  psu: 'PSU',
  tsg: 'TSG serial',
  serial: 'Serial',
  mounted: 'Mounted',
  dogs: 'Dogs',
  plt: 'Police Liaison Team',
  evidence: 'Evidence gatherers',
  polsa: 'POLSA search team',
  removal: 'Protester removal team',
  medics: 'Medics',
  drone: 'Drone',
  traffic: 'Traffic',
  armed: 'Armed response',
  other: 'Other',
  ambulance: 'Ambulance service',
  fire: 'Fire and rescue service',
} as const;
export type UnitType = keyof typeof UNIT_TYPES;

/** Partner agencies on the plan: not police units, so never in officer totals (DOMAIN.md: counted apart). */
export const PARTNER_AGENCY_TYPES: readonly UnitType[] = ['ambulance', 'fire'];
export const isPoliceUnit = (type: UnitType): boolean => !PARTNER_AGENCY_TYPES.includes(type);

export const POSTURES = ['deployed', 'standby', 'reserve'] as const;
export type Posture = (typeof POSTURES)[number];

export const ASSIGNMENT_TARGETS = {
  post: 'Post',
  sector: 'Sector',
  accessPoint: 'Cordon access point',
  routeSegment: 'Route segment',
} as const;
export type AssignmentTargetKind = keyof typeof ASSIGNMENT_TARGETS;

/** Ranks counted in a unit's strength, in the order a nominal roll lists them. */
export const RANKS = {
  inspectors: 'Insp',
  sergeants: 'PS',
  constables: 'PC',
  staff: 'Staff',
} as const;
export type Rank = keyof typeof RANKS;

/**
 * Police ranks of England and Wales, lowest first, for the legal powers register: a statute names the lowest rank
 * that may authorise ("of or above the rank of inspector"), so the order matters. The Met's titles sit beside the
 * county titles they equal (commander = assistant chief constable; Commissioner = chief constable).
 */
export const OFFICER_RANKS = {
  constable: 'Constable',
  sergeant: 'Sergeant',
  inspector: 'Inspector',
  chiefInspector: 'Chief Inspector',
  superintendent: 'Superintendent',
  chiefSuperintendent: 'Chief Superintendent',
  assistantChiefConstable: 'Assistant Chief Constable / Commander',
  deputyChiefConstable: 'Deputy Chief Constable / Deputy Assistant Commissioner',
  chiefConstable: 'Chief Constable / Commissioner',
} as const;
export type OfficerRank = keyof typeof OFFICER_RANKS;
export const OFFICER_RANK_ORDER = Object.keys(OFFICER_RANKS) as OfficerRank[];
/** True when `rank` is `minimum` or senior to it. */
export const isAtLeastRank = (rank: OfficerRank, minimum: OfficerRank): boolean => OFFICER_RANK_ORDER.indexOf(rank) >= OFFICER_RANK_ORDER.indexOf(minimum);
