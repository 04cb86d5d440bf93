/**
 * Imports map layers from other tools (GeoJSON, KML, KMZ, GPX, CSV, Shapefile, GeoPackage) and Cordon's own
 * GeoJSON/KML exports as plan feature drafts, grouped for the preview. The result is a complete preview or an error,
 * never half an import: the caller shows the preview, lets the planner choose what each group becomes
 * (`applyTargets`), and commits the features in one transaction.
 */
import { FEATURE_KINDS, FeatureProps, PlanFeature, newId, type FeatureKind, type Phase, type PlanGeometry } from '../../../shared/domain';
import { err, ok, type Result } from '../../../shared/util/result';
import { applyTargets, emptyCounts } from './applyTargets';
import { CORDON_PROP } from './cordonProps';
import { colourFromProperties, guessLocationType, guessRouteType, nameFromProperties, notesFromProperties } from './describeFeature';
import { toPlanGeometries } from './geometry';
import { MAX_IMPORT_FEATURES, MAX_IMPORT_FILE_BYTES, MAX_LISTED_WARNINGS, MAX_TOTAL_VERTICES, formatBytes, formatCount } from './limits';
import { buildGroups, groupKey, shapeOf, SHAPE_WORDS, type GroupTarget, type ImportDraft, type ImportGroup } from './importGroups';
import { readPlanSource, type PlanFileFormat, type RawFeature } from './readPlanSource';
import { FORMAT_LABELS } from './sourceTypes';
import { formatZodError } from '../../../shared/util/zodError';

export type { PlanFileFormat } from './readPlanSource';
export type { GroupTarget, ImportDraft, ImportGroup } from './importGroups';

export interface ImportPreview {
  fileName: string;
  sourceFormat: PlanFileFormat;
  /** The features with every group's guessed target applied: validated, fresh ids, ready to commit at once. */
  features: PlanFeature[];
  /** Every feature read, before the groups' targets are applied (for `applyTargets` when the planner changes one). */
  drafts: ImportDraft[];
  /** What arrived together, with the guessed target of each. */
  groups: ImportGroup[];
  /** Plain facts, e.g. "Reprojected from British National Grid (EPSG:27700)." */
  notices: string[];
  /** Things the user should know: skipped features, split multi-part shapes, truncated text. */
  warnings: string[];
  counts: Record<FeatureKind, number>;
  /** True when at least one feature came from a Cordon export and had its kind and fields restored. */
  fromCordon: boolean;
}

export interface ParsePlanFileOptions {
  /** The target operation's phases: a Cordon export's phase limits are matched to them by id, then by name. */
  phases?: ReadonlyArray<Pick<Phase, 'id' | 'name'>>;
  /** Timestamp for `updatedAt` (default: now). */
  now?: Date;
}

const NAME_MAX = 200;
const NOTES_MAX = 20_000;

export async function parsePlanFile(
  fileName: string,
  bytes: Uint8Array,
  operationId: string,
  options: ParsePlanFileOptions = {},
): Promise<Result<ImportPreview>> {
  const file = fileName.trim() || 'The file';
  const fail = (message: string) => err<ImportPreview>(`${file}: ${message}`);
  if (bytes.byteLength === 0) return fail('the file is empty');
  if (bytes.byteLength > MAX_IMPORT_FILE_BYTES) {
    return fail(`the file is ${formatBytes(bytes.byteLength)}; the limit is ${formatBytes(MAX_IMPORT_FILE_BYTES)}`);
  }
  const source = await readPlanSource(fileName, bytes);
  if (!source.ok) return fail(source.error);

  const warnings = new Warnings(source.value.warnings);
  const now = (options.now ?? new Date()).toISOString();
  const phases = options.phases ?? [];
  const unmatchedPhases = new Set<string>();
  let unmatchedPhaseFeatures = 0;
  const features: PlanFeature[] = [];
  const drafts: ImportDraft[] = [];
  const counts = emptyCounts();
  const sourceGroups = new Map<string, string | undefined>();
  let totalVertices = 0;
  let fromCordon = false;

  for (const [i, raw] of source.value.features.entries()) {
    const cordon = readCordonProperties(raw.properties);
    const { name: foundName, key: nameKey } = cordon ? { name: cordon.name, key: undefined } : nameFromProperties(raw.properties);
    const label = `feature ${i + 1} ${foundName ? `("${short(foundName)}")` : '(unnamed)'}`;

    if (raw.properties?.['@geometry-type'] === 'groundoverlay') {
      warnings.add(`Skipped ${label}: it is a KML ground overlay (an image), which Cordon does not import.`);
      continue;
    }
    const geometry = toPlanGeometries(raw.geometry);
    if (geometry.status === 'skip') {
      warnings.add(`Skipped ${label}: ${geometry.reason}.`);
      continue;
    }
    if (geometry.status === 'error') return fail(`${label}: ${geometry.message}`);
    totalVertices += geometry.vertices;
    if (totalVertices > MAX_TOTAL_VERTICES) {
      return fail(`the file holds more than ${formatCount(MAX_TOTAL_VERTICES)} vertices in all, the limit for one import (simplify it first)`);
    }
    if (features.length + geometry.parts.length > MAX_IMPORT_FEATURES) {
      return fail(`the file makes more than ${formatCount(MAX_IMPORT_FEATURES)} features once multi-part shapes are split; that is the limit for one import`);
    }

    if (cordon) {
      fromCordon = true;
      for (const w of cordon.warnings) warnings.add(`${capitalise(label)}: ${w}`);
    }
    const phaseIds: string[] = [];
    if (cordon && cordon.phases.length) {
      for (const ref of cordon.phases) {
        const match =
          phases.find((p) => p.id === ref.id) ?? (ref.name ? phases.find((p) => p.name.trim().toLowerCase() === ref.name?.trim().toLowerCase()) : undefined);
        if (match) {
          if (!phaseIds.includes(match.id)) phaseIds.push(match.id);
        } else unmatchedPhases.add(ref.name || ref.id);
      }
      if (phaseIds.length < cordon.phases.length) unmatchedPhaseFeatures++;
    }

    const parts = geometry.parts;
    const suffixLength = parts.length > 1 ? ` (part ${parts.length})`.length : 0;
    let baseName = foundName ?? '';
    if (baseName.length + suffixLength > NAME_MAX) {
      baseName = baseName.slice(0, NAME_MAX - suffixLength - 3).trimEnd() + '...';
      warnings.add(`${capitalise(label)}: its name was longer than ${NAME_MAX} characters and was shortened.`);
    }
    let notes = cordon ? cordon.notes : notesFromProperties(raw.properties, nameKey, foundName ?? '');
    if (notes.length > NOTES_MAX) {
      notes = notes.slice(0, NOTES_MAX);
      warnings.add(`${capitalise(label)}: its notes were longer than ${formatCount(NOTES_MAX)} characters and were cut.`);
    }
    if (parts.length > 1) {
      const shown = baseName || 'unnamed';
      warnings.add(
        `${capitalise(label)}: its ${geometry.sourceType} was split into ${parts.length} features, "${short(shown)} (part 1)" to "${short(shown)} (part ${parts.length})".`,
      );
    }

    for (const [p, part] of parts.entries()) {
      const kind = cordon?.kind ?? kindFor(part);
      const name = baseName
        ? parts.length > 1
          ? `${baseName} (part ${p + 1})`
          : baseName
        : cordon
          ? '' // Cordon's own export: an unnamed feature (e.g. an annotation) stays unnamed
          : `Imported ${FEATURE_KINDS[kind].toLowerCase()} ${counts[kind] + 1}`;
      const candidate = {
        id: newId(),
        operationId,
        kind,
        name,
        notes,
        phaseIds,
        bronze: cordon?.bronze ?? '',
        geometry: part,
        props: cordon?.props ?? inferProps(kind, name, raw),
        updatedAt: now,
      };
      const parsed = PlanFeature.safeParse(candidate);
      if (!parsed.success) return fail(`${label}${parts.length > 1 ? `, part ${p + 1}` : ''}: ${formatZodError(parsed.error, { max: 8 })}`);
      features.push(parsed.data);
      const key = groupKey(cordon ? FEATURE_KINDS[kind] : raw.group, shapeOf(parsed.data), Boolean(cordon));
      sourceGroups.set(key, cordon ? FEATURE_KINDS[kind] : raw.group);
      drafts.push({
        feature: parsed.data,
        groupKey: key,
        colour: colourFromProperties(raw.properties),
        autoNamed: !baseName && !cordon,
        fromCordon: Boolean(cordon),
        text: `${name} ${notes.slice(0, 200)}`,
      });
      counts[kind]++;
    }
  }

  if (unmatchedPhaseFeatures > 0) {
    warnings.add(
      `${unmatchedPhaseFeatures} feature${unmatchedPhaseFeatures === 1 ? ' was' : 's were'} limited to phases this operation does not have (${[
        ...unmatchedPhases,
      ]
        .slice(0, 10)
        .map((n) => `"${short(n)}"`)
        .join(', ')}); check their phases after import (a feature with no phases is active in every phase).`,
    );
  }
  if (features.length === 0) {
    const why = warnings.list();
    return fail(`the file holds no features Cordon can import${why.length ? ` (${why.slice(0, 3).join(' ')})` : ''}`);
  }
  const format = source.value.format;
  const groups = buildGroups(
    drafts,
    (d) => groupLabel(format, sourceGroups.get(d.groupKey), d),
    (d) => sourceGroups.get(d.groupKey),
  );
  const applied = applyTargets(drafts, defaultTargets(groups));
  if (!applied.ok) return fail(applied.error);
  for (const w of applied.value.warnings) warnings.add(w);
  return ok({
    fileName,
    sourceFormat: format,
    features: applied.value.features,
    drafts,
    groups,
    notices: source.value.notices,
    warnings: warnings.list(),
    counts: applied.value.counts,
    fromCordon,
  });
}

export function defaultTargets(groups: readonly ImportGroup[]): Map<string, GroupTarget> {
  return new Map(groups.map((g) => [g.key, g.target]));
}

/** How the preview names a group: its layer or folder, else the file's format, and its shape. */
function groupLabel(format: PlanFileFormat, source: string | undefined, d: ImportDraft): string {
  const shape = SHAPE_WORDS[shapeOf(d.feature)].many;
  if (d.fromCordon) return `Cordon ${source ?? ''} (${shape})`.replace('  ', ' ');
  if (!source) return `${FORMAT_LABELS[format]} ${shape}`;
  const where = format === 'kml' || format === 'kmz' ? 'Folder' : format === 'shapefile' || format === 'geopackage' ? 'Layer' : '';
  return where ? `${where} "${source}" (${shape})` : `${source} (${shape})`;
}

/** Points become key locations, lines routes, polygons sectors; the planner re-kinds them after import. */
function kindFor(g: PlanGeometry): FeatureKind {
  switch (g.type) {
    case 'Point':
      return 'keyLocation';
    case 'LineString':
      return 'route';
    case 'Polygon':
      return 'sector';
  }
}

function inferProps(kind: FeatureKind, name: string, raw: RawFeature): FeatureProps {
  if (kind === 'keyLocation') {
    const locationType = guessLocationType(name);
    return locationType ? { locationType } : {};
  }
  if (kind === 'route') {
    const routeType = guessRouteType(name);
    return routeType ? { routeType } : {};
  }
  if (kind === 'sector') {
    const colour = colourFromProperties(raw.properties);
    return colour ? { colour } : {};
  }
  return {};
}

interface CordonFeature {
  kind?: FeatureKind;
  name?: string;
  notes: string;
  bronze: string;
  props?: FeatureProps;
  phases: Array<{ id: string; name?: string }>;
  warnings: string[];
}

/** Restores what a Cordon export wrote (GeoJSON values as JSON, KML ExtendedData values as JSON strings). */
function readCordonProperties(props: Record<string, unknown> | null): CordonFeature | undefined {
  if (!props || props[CORDON_PROP.kind] === undefined) return undefined;
  const warnings: string[] = [];
  const rawKind = props[CORDON_PROP.kind];
  let kind: FeatureKind | undefined;
  if (typeof rawKind === 'string' && Object.hasOwn(FEATURE_KINDS, rawKind)) kind = rawKind as FeatureKind;
  else warnings.push(`its Cordon kind ${JSON.stringify(rawKind)?.slice(0, 40)} is unknown, so its kind was taken from its shape.`);

  let featureProps: FeatureProps | undefined;
  const rawProps = jsonValue(props[CORDON_PROP.props]);
  if (rawProps !== undefined && kind) {
    const parsed = FeatureProps.safeParse(rawProps);
    if (parsed.success) featureProps = parsed.data;
    else warnings.push(`its Cordon fields were invalid and were dropped (${formatZodError(parsed.error, { max: 3 })}).`);
  }
  const ids = stringArray(jsonValue(props[CORDON_PROP.phaseIds]));
  const names = stringArray(jsonValue(props[CORDON_PROP.phaseNames]));
  const phases = ids.map((id, i) => ({ id, name: names[i] }));
  const str = (...keys: string[]) => {
    for (const k of keys) if (typeof props[k] === 'string') return props[k];
    return undefined;
  };
  const name = str('name');
  return {
    kind,
    name: name?.trim() || undefined,
    notes: str('notes', 'description') ?? '',
    bronze: str('bronze') ?? '',
    props: featureProps,
    phases,
    warnings,
  };
}

function jsonValue(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return undefined;
  }
}

function stringArray(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0 && x.length <= 200).slice(0, 100) : [];
}

function short(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}...` : s;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Keeps the first MAX_LISTED_WARNINGS messages and counts the rest. */
class Warnings {
  private readonly items: string[] = [];
  private dropped = 0;
  constructor(initial: string[]) {
    for (const w of initial) this.add(w);
  }
  add(message: string): void {
    if (this.items.length < MAX_LISTED_WARNINGS) this.items.push(message);
    else this.dropped++;
  }
  list(): string[] {
    return this.dropped ? [...this.items, `... and ${formatCount(this.dropped)} more warnings.`] : [...this.items];
  }
}
