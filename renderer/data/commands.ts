/**
 * The command registry: every edit the user can make is a named command, a pure function from the operation's current
 * rows (and the command's arguments) to a Patch. The editor (history.ts) applies the patch, records it as a revision and
 * keeps it for undo. The name union is closed: menus, shortcuts and buttons refer to commands by these names.
 *
 * Commands never read the clock or make random ids themselves: `ctx.now` and `ctx.newId` are given, so a command is
 * deterministic under test.
 */
import {
  FEATURE_KINDS,
  STANDARD_STRENGTH,
  isLowering,
  type AssignmentTarget,
  type Assignment,
  type FeatureKind,
  type FeatureProps,
  type Operation,
  type OperationStatus,
  type OperationType,
  type Phase,
  type PlanFeature,
  type PlanGeometry,
  type Position,
  type Posture,
  type ProtectiveMarking,
  type Strength,
  type Unit,
  type UnitType,
} from '../../shared/domain';
import { err, ok, type Result } from '../../shared/util/result';
import { DraftError, PatchDraft, bundleFromState, deepEqual, deleteWithCascade, insertRows, remapBundle, type OperationState, type Patch } from './patches';
import { POWER_COMMANDS, type PowerCommandArgs } from './powerCommands';

export interface CommandContext {
  /** The operation the editor is bound to. */
  operationId: string;
  /** ISO time stamped on changed rows. */
  now: string;
  newId: () => string;
}

// ---------------------------------------------------------------------------------------------------------------------
// Argument types

/** Every command accepts `label` to override the history text (e.g. "Import from KML"). */
interface Labelled {
  label?: string;
}

export interface OperationInput {
  id?: string;
  name: string;
  type?: OperationType;
  status?: OperationStatus;
  marking?: ProtectiveMarking;
  /** Default: now. */
  startsAt?: string;
  /** Default: startsAt + 12 h. */
  endsAt?: string;
  goldStrategy?: string;
  silverPlan?: string;
  /** Phases to create with the operation. */
  phases?: PhaseInput[];
}
export type OperationChanges = Partial<Omit<Operation, 'id' | 'createdAt' | 'updatedAt'>>;

export interface PhaseInput {
  id?: string;
  name: string;
  startsAt: string;
  endsAt: string;
}
export type PhaseChanges = Partial<Omit<Phase, 'id' | 'operationId'>>;

export interface FeatureInput {
  id?: string;
  kind: FeatureKind;
  name?: string;
  notes?: string;
  phaseIds?: string[];
  bronze?: string;
  geometry: PlanGeometry;
  props?: FeatureProps;
}
export type FeatureChanges = Partial<Omit<PlanFeature, 'id' | 'operationId' | 'updatedAt'>>;
/**
 * A change to some of a feature's props, worked out against the STORED row when the command runs, not against the
 * props a screen rendered: a field that commits on blur and a button clicked at once (blur, then click, before the
 * screen re-renders) would otherwise send two whole props objects, and the second would silently undo the first.
 */
export type PropsEdit = Partial<FeatureProps> | ((current: FeatureProps) => Partial<FeatureProps>);

export interface UnitInput {
  id?: string;
  callSign: string;
  type: UnitType;
  /** Default: the type's usual strength (STANDARD_STRENGTH: a PSU is 1 Insp, 3 PS, 21 PC). */
  strength?: Partial<Strength>;
  homeForce?: string;
  talkgroup?: string;
  shiftStart?: string;
  shiftEnd?: string;
  notes?: string;
}
export type UnitChanges = Partial<Omit<Unit, 'id' | 'operationId'>>;
/** Some ranks of a unit's strength, merged into the stored strength when the command runs (see PropsEdit for why). */
export type StrengthEdit = Partial<Strength>;

export interface AssignmentInput {
  id?: string;
  unitId: string;
  phaseId: string;
  target: AssignmentTarget;
  /** Default: the phase's window. */
  startsAt?: string;
  endsAt?: string;
  /** Default: deployed. */
  posture?: Posture;
  /** Default: the target feature's Bronze. */
  bronze?: string;
}
export type AssignmentChanges = Partial<Omit<Assignment, 'id' | 'operationId'>>;

export interface CommandArgs extends PowerCommandArgs {
  'operation.create': OperationInput & Labelled;
  /**
   * Lowering the protective marking needs `lowerMarking` with the reason the user gave on confirming: a marking
   * lowered by a slip would let OFFICIAL-SENSITIVE material out as OFFICIAL, so it is never done silently, and the
   * revision's label records who-what-why in the operation's history.
   */
  'operation.update': { changes: OperationChanges; lowerMarking?: { reason: string }; edit?: (stored: Operation) => OperationChanges } & Labelled;
  /** archived defaults to true; false un-archives. */
  'operation.archive': { archived?: boolean } & Labelled;
  /** Removes the operation and all its rows as one undoable revision (history is kept; see deleteOperation to purge). */
  'operation.delete': Labelled;
  /** A new draft operation with new ids; phases, features and units copied, assignments if asked. */
  'operation.duplicateAsTemplate': { id?: string; name?: string; includeAssignments?: boolean } & Labelled;
  'feature.add': FeatureInput & Labelled;
  'feature.update': { id: string; changes: FeatureChanges; propsEdit?: PropsEdit } & Labelled;
  'feature.delete': { ids: string[] } & Labelled;
  /** Either a new geometry for one feature (vertex edit / drag), or a shift of several by [dLon, dLat] degrees. */
  'feature.move': ({ id: string; geometry: PlanGeometry } | { ids: string[]; by: [number, number] }) & Labelled;
  'unit.add': UnitInput & Labelled;
  'unit.update': { id: string; changes: UnitChanges; strengthEdit?: StrengthEdit } & Labelled;
  'unit.delete': { ids: string[] } & Labelled;
  /**
   * Adds many units at once (a nominal roll). A unit whose call sign already exists (case-insensitive) updates that
   * unit ('update', default), is skipped ('skip'), or is added as a duplicate ('add').
   */
  'unit.importMany': { units: UnitInput[]; onExistingCallSign?: 'update' | 'skip' | 'add' } & Labelled;
  'phase.add': PhaseInput & Labelled;
  'phase.update': { id: string; changes: PhaseChanges } & Labelled;
  /** Also deletes the phase's assignments and removes it from features' phaseIds. */
  'phase.delete': { ids: string[] } & Labelled;
  'assignment.add': AssignmentInput & Labelled;
  'assignment.update': { id: string; changes: AssignmentChanges } & Labelled;
  'assignment.delete': { ids: string[] } & Labelled;
  /** Many features in one patch (GeoJSON / KML import). */
  'plan.importFeatures': { features: FeatureInput[] } & Labelled;
}
export type CommandName = keyof CommandArgs;

export type CommandFn<A> = (state: OperationState, args: A, ctx: CommandContext) => Patch;

// ---------------------------------------------------------------------------------------------------------------------
// Helpers

const FEATURE_NOUNS: Record<FeatureKind, string> = {
  sector: 'sector',
  cordon: 'cordon',
  route: 'route',
  keyLocation: 'key location',
  post: 'post',
  authority: 'authority area',
  circle: 'circle',
  annotation: 'annotation',
};
export const featureNoun = (kind: FeatureKind): string => FEATURE_NOUNS[kind] ?? FEATURE_KINDS[kind].toLowerCase();

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const ZERO: Strength = { inspectors: 0, sergeants: 0, constables: 0, staff: 0 };

/** A copy of `changes` without keys the user may not set (ids, owners and timestamps are the editor's business). */
function editable<T extends object>(changes: T, ...forbidden: string[]): T {
  const out = { ...changes } as Record<string, unknown>;
  for (const k of ['id', 'operationId', ...forbidden]) delete out[k];
  return out as T;
}

/** Folds a PropsEdit into a feature's changes, on top of the stored props (and of any whole props the changes carry). */
function withPropsEdit(changes: FeatureChanges, before: PlanFeature, edit: PropsEdit | undefined): FeatureChanges {
  if (!edit) return changes;
  const base = { ...before.props, ...changes.props };
  return { ...changes, props: { ...base, ...(typeof edit === 'function' ? edit(base) : edit) } };
}

function requireOperation(state: OperationState): Operation {
  if (!state.operation) throw new DraftError('This operation no longer exists.');
  return state.operation;
}

function makeFeature(input: FeatureInput, ctx: CommandContext): PlanFeature {
  return {
    id: input.id ?? ctx.newId(),
    operationId: ctx.operationId,
    kind: input.kind,
    name: input.name ?? '',
    notes: input.notes ?? '',
    phaseIds: input.phaseIds ?? [],
    bronze: input.bronze ?? '',
    geometry: input.geometry,
    props: input.props ?? {},
    updatedAt: ctx.now,
  };
}

function makeUnit(input: UnitInput, ctx: CommandContext): Unit {
  const unit: Unit = {
    id: input.id ?? ctx.newId(),
    operationId: ctx.operationId,
    callSign: input.callSign.trim(),
    type: input.type,
    strength: { ...(STANDARD_STRENGTH[input.type] ?? ZERO), ...input.strength },
    homeForce: input.homeForce ?? '',
    talkgroup: input.talkgroup ?? '',
    notes: input.notes ?? '',
  };
  if (input.shiftStart !== undefined) unit.shiftStart = input.shiftStart;
  if (input.shiftEnd !== undefined) unit.shiftEnd = input.shiftEnd;
  return unit;
}

function makePhase(input: PhaseInput, operationId: string, ctx: CommandContext): Phase {
  return { id: input.id ?? ctx.newId(), operationId, name: input.name, startsAt: input.startsAt, endsAt: input.endsAt };
}

function shiftPosition(p: Position, dx: number, dy: number): Position {
  const [x, y, ...rest] = p;
  return [x + dx, y + dy, ...rest] as Position;
}

function shiftGeometry(g: PlanGeometry, dx: number, dy: number): PlanGeometry {
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: shiftPosition(g.coordinates, dx, dy) };
    case 'LineString':
      return { type: 'LineString', coordinates: g.coordinates.map((p) => shiftPosition(p, dx, dy)) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: g.coordinates.map((ring) => ring.map((p) => shiftPosition(p, dx, dy))) };
  }
}

/** Deletes rows by id with cascades; refuses if none of them exists. */
function deleteMany(state: OperationState, table: 'features' | 'units' | 'phases' | 'assignments', ids: readonly string[], label: string): Patch {
  const draft = new PatchDraft(state);
  let found = 0;
  for (const id of ids) {
    if (!draft.get(table, id)) continue;
    found++;
    deleteWithCascade(draft, table, id);
  }
  if (!found && ids.length) throw new DraftError('Nothing to delete: it no longer exists.');
  return draft.toPatch(label);
}

// ---------------------------------------------------------------------------------------------------------------------
// The registry

export const COMMANDS: { [N in CommandName]: CommandFn<CommandArgs[N]> } = {
  'operation.create': (_state, a, ctx) => {
    const id = a.id ?? ctx.newId();
    const startsAt = a.startsAt ?? ctx.now;
    const endsAt = a.endsAt ?? new Date(Date.parse(startsAt) + 12 * 3600_000).toISOString();
    const operation: Operation = {
      id,
      name: a.name,
      type: a.type ?? 'other',
      status: a.status ?? 'draft',
      marking: a.marking ?? 'OFFICIAL',
      startsAt,
      endsAt,
      goldStrategy: a.goldStrategy ?? '',
      silverPlan: a.silverPlan ?? '',
      archived: false,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    const phases = (a.phases ?? []).map((p) => makePhase(p, id, ctx));
    return { label: a.label ?? `Create operation "${a.name}"`, changes: [...insertRows('operations', [operation]), ...insertRows('phases', phases)] };
  },

  'operation.update': (state, a, ctx) => {
    const op = requireOperation(state);
    const draft = new PatchDraft(state);
    // `edit` works from the stored row (e.g. one tick of a rules grid), so two quick edits do not undo each other.
    const changes = editable({ ...a.changes, ...a.edit?.(op) }, 'createdAt', 'updatedAt');
    const after = { ...op, ...changes };
    if (deepEqual(after, op)) return { label: a.label ?? 'Edit operation details', changes: [] };
    let label = a.label ?? 'Edit operation details';
    if (isLowering(op.marking, after.marking)) {
      const reason = a.lowerMarking?.reason.trim();
      if (a.lowerMarking === undefined) throw new DraftError(`Lowering the marking from ${op.marking} to ${after.marking} needs confirmation.`);
      label = `Lower protective marking from ${op.marking} to ${after.marking}${reason ? ` (reason: ${reason})` : ''}`;
    }
    draft.update('operations', op.id, { ...changes, updatedAt: ctx.now });
    return draft.toPatch(label);
  },

  'operation.archive': (state, a, ctx) => {
    const op = requireOperation(state);
    const archived = a.archived ?? true;
    const draft = new PatchDraft(state);
    if (op.archived !== archived) draft.update('operations', op.id, { archived, updatedAt: ctx.now });
    return draft.toPatch(a.label ?? (archived ? 'Archive operation' : 'Restore operation from archive'));
  },

  'operation.delete': (state, a) => {
    const op = requireOperation(state);
    const draft = new PatchDraft(state);
    deleteWithCascade(draft, 'operations', op.id);
    return draft.toPatch(a.label ?? `Delete operation "${op.name}"`);
  },

  'operation.duplicateAsTemplate': (state, a, ctx) => {
    const source = bundleFromState(state);
    if (!source) throw new DraftError('This operation no longer exists.');
    const name = a.name ?? `${source.operation.name} (template)`;
    const copy = remapBundle(source, {
      operationId: a.id ?? ctx.newId(),
      newId: ctx.newId,
      now: ctx.now,
      name,
      includeAssignments: a.includeAssignments ?? false,
      operation: { status: 'draft', archived: false },
    });
    // A template plans powers for the next event; what was authorised, extended or cancelled belonged to the last one.
    if (copy.operation.powers) {
      copy.operation.powers = copy.operation.powers.map(({ authorisedAt: _a, authorisedRecordedAt: _r, cancellation: _c, ...p }) => ({
        ...p,
        extensions: [],
        notifications: [],
      }));
    }
    return {
      label: a.label ?? `Create "${name}" from "${source.operation.name}"`,
      changes: [
        ...insertRows('operations', [copy.operation]),
        ...insertRows('phases', copy.phases),
        ...insertRows('features', copy.features),
        ...insertRows('units', copy.units),
        ...insertRows('assignments', copy.assignments),
      ],
    };
  },

  'feature.add': (state, a, ctx) => {
    requireOperation(state);
    const draft = new PatchDraft(state);
    draft.insert('features', makeFeature(a, ctx));
    return draft.toPatch(a.label ?? `Draw ${featureNoun(a.kind)}`);
  },

  'feature.update': (state, a, ctx) => {
    const draft = new PatchDraft(state);
    const before = draft.get('features', a.id);
    if (!before) throw new DraftError('This feature no longer exists.');
    const label = a.label ?? `Edit ${featureNoun(before.kind)}${before.name ? ` "${before.name}"` : ''}`;
    const changes = withPropsEdit(editable(a.changes, 'updatedAt'), before, a.propsEdit);
    if (deepEqual({ ...before, ...changes }, before)) return { label, changes: [] };
    draft.update('features', a.id, { ...changes, updatedAt: ctx.now });
    return draft.toPatch(label);
  },

  'feature.delete': (state, a) => {
    const first = a.ids.length === 1 ? state.features.get(a.ids[0]!) : undefined;
    const label = a.label ?? (first ? `Delete ${featureNoun(first.kind)}` : `Delete ${plural(a.ids.length, 'feature')}`);
    return deleteMany(state, 'features', a.ids, label);
  },

  'feature.move': (state, a, ctx) => {
    const draft = new PatchDraft(state);
    if ('geometry' in a) {
      const f = draft.get('features', a.id);
      if (!f) throw new DraftError('This feature no longer exists.');
      if (!deepEqual(f.geometry, a.geometry)) draft.update('features', a.id, { geometry: a.geometry, updatedAt: ctx.now });
      return draft.toPatch(a.label ?? `Move ${featureNoun(f.kind)}`);
    }
    const [dx, dy] = a.by;
    let last: PlanFeature | null = null;
    for (const id of a.ids) {
      const f = draft.get('features', id);
      if (!f) continue;
      last = f;
      if (dx === 0 && dy === 0) continue;
      const props = { ...f.props };
      if (props.accessPoints) props.accessPoints = props.accessPoints.map((ap) => ({ ...ap, position: shiftPosition(ap.position, dx, dy) }));
      draft.update('features', id, { geometry: shiftGeometry(f.geometry, dx, dy), props, updatedAt: ctx.now });
    }
    if (!last) throw new DraftError('Nothing to move: it no longer exists.');
    return draft.toPatch(a.label ?? (a.ids.length === 1 ? `Move ${featureNoun(last.kind)}` : `Move ${plural(a.ids.length, 'feature')}`));
  },

  'unit.add': (state, a, ctx) => {
    requireOperation(state);
    const draft = new PatchDraft(state);
    const unit = draft.insert('units', makeUnit(a, ctx));
    return draft.toPatch(a.label ?? `Add unit ${unit.callSign}`);
  },

  'unit.update': (state, a) => {
    const draft = new PatchDraft(state);
    const before = draft.get('units', a.id);
    if (!before) throw new DraftError('This unit no longer exists.');
    const changes = editable(a.changes);
    if (a.strengthEdit) changes.strength = { ...before.strength, ...changes.strength, ...a.strengthEdit };
    // Checked here against the stored row, not only in the form: two quick edits must not slip a backwards shift past it.
    const after = { ...before, ...changes };
    if (after.shiftStart && after.shiftEnd && Date.parse(after.shiftEnd) <= Date.parse(after.shiftStart))
      throw new DraftError('The shift must end after it starts.');
    draft.update('units', a.id, changes);
    return draft.toPatch(a.label ?? `Edit unit ${before.callSign}`);
  },

  'unit.delete': (state, a) => {
    const first = a.ids.length === 1 ? state.units.get(a.ids[0]!) : undefined;
    return deleteMany(state, 'units', a.ids, a.label ?? (first ? `Delete unit ${first.callSign}` : `Delete ${plural(a.ids.length, 'unit')}`));
  },

  'unit.importMany': (state, a, ctx) => {
    requireOperation(state);
    const mode = a.onExistingCallSign ?? 'update';
    const draft = new PatchDraft(state);
    const norm = (s: string) => s.trim().toUpperCase();
    const byCallSign = new Map<string, string>();
    for (const u of draft.all('units')) byCallSign.set(norm(u.callSign), u.id);
    for (const input of a.units) {
      const existingId = mode === 'add' ? undefined : byCallSign.get(norm(input.callSign));
      if (existingId) {
        if (mode === 'skip') continue;
        const { id: _id, strength, ...rest } = input;
        draft.update('units', existingId, (u) => {
          const merged = { ...u };
          for (const [k, v] of Object.entries(rest)) if (v !== undefined) (merged as Record<string, unknown>)[k] = k === 'callSign' ? String(v).trim() : v;
          if (strength) merged.strength = { ...u.strength, ...strength };
          return merged;
        });
        continue;
      }
      const unit = draft.insert('units', makeUnit(input, ctx));
      byCallSign.set(norm(unit.callSign), unit.id);
    }
    return draft.toPatch(a.label ?? `Import ${plural(a.units.length, 'unit')}`);
  },

  'phase.add': (state, a, ctx) => {
    const op = requireOperation(state);
    const draft = new PatchDraft(state);
    draft.insert('phases', makePhase(a, op.id, ctx));
    return draft.toPatch(a.label ?? `Add phase "${a.name}"`);
  },

  'phase.update': (state, a) => {
    const draft = new PatchDraft(state);
    const before = draft.get('phases', a.id);
    if (!before) throw new DraftError('This phase no longer exists.');
    const changes = editable(a.changes);
    draft.update('phases', a.id, changes);
    return draft.toPatch(a.label ?? `Edit phase "${before.name}"`);
  },

  'phase.delete': (state, a) => {
    const first = a.ids.length === 1 ? state.phases.get(a.ids[0]!) : undefined;
    return deleteMany(state, 'phases', a.ids, a.label ?? (first ? `Delete phase "${first.name}"` : `Delete ${plural(a.ids.length, 'phase')}`));
  },

  'assignment.add': (state, a, ctx) => {
    const op = requireOperation(state);
    const draft = new PatchDraft(state);
    const unit = draft.get('units', a.unitId);
    if (!unit) throw new DraftError('That unit is not in this operation.');
    const phase = draft.get('phases', a.phaseId);
    if (!phase) throw new DraftError('That phase is not in this operation.');
    const feature = draft.get('features', a.target.featureId);
    if (!feature) throw new DraftError('That post or feature is not in this operation.');
    draft.insert('assignments', {
      id: a.id ?? ctx.newId(),
      operationId: op.id,
      unitId: a.unitId,
      phaseId: a.phaseId,
      target: a.target,
      startsAt: a.startsAt ?? phase.startsAt,
      endsAt: a.endsAt ?? phase.endsAt,
      posture: a.posture ?? 'deployed',
      bronze: a.bronze ?? feature.bronze,
    });
    return draft.toPatch(a.label ?? `Assign ${unit.callSign}${feature.name ? ` to ${feature.name}` : ''}`);
  },

  'assignment.update': (state, a) => {
    const draft = new PatchDraft(state);
    const before = draft.get('assignments', a.id);
    if (!before) throw new DraftError('This assignment no longer exists.');
    const changes = editable(a.changes);
    draft.update('assignments', a.id, changes);
    const unit = draft.get('units', before.unitId);
    return draft.toPatch(a.label ?? `Edit assignment${unit ? ` of ${unit.callSign}` : ''}`);
  },

  'assignment.delete': (state, a) => {
    const first = a.ids.length === 1 ? state.assignments.get(a.ids[0]!) : undefined;
    const unit = first ? state.units.get(first.unitId) : undefined;
    const label = a.label ?? (unit ? `Remove assignment of ${unit.callSign}` : `Remove ${plural(a.ids.length, 'assignment')}`);
    return deleteMany(state, 'assignments', a.ids, label);
  },

  'plan.importFeatures': (state, a, ctx) => {
    requireOperation(state);
    const draft = new PatchDraft(state);
    for (const f of a.features) draft.insert('features', makeFeature(f, ctx));
    return draft.toPatch(a.label ?? `Import ${plural(a.features.length, 'feature')}`);
  },

  // The legal powers register (powerCommands.ts).
  ...POWER_COMMANDS,
};

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

/** Builds the patch of a command against a snapshot; a refusal (e.g. the row was deleted) is a Result error. */
export function buildPatch<N extends CommandName>(name: N, state: OperationState, args: CommandArgs[N], ctx: CommandContext): Result<Patch> {
  const fn = COMMANDS[name] as CommandFn<CommandArgs[N]> | undefined;
  if (!fn) return err(`Unknown command "${String(name)}".`);
  try {
    return ok(fn(state, args, ctx));
  } catch (e) {
    if (e instanceof DraftError) return err(e.message);
    return err(`"${String(name)}" failed: ${(e as Error).message ?? String(e)}`);
  }
}
