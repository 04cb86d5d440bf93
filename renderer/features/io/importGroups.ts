/**
 * The import preview's groups: features that arrived together (a KML folder, a shapefile or GeoPackage layer, a GPX's
 * waypoints or tracks), split by shape, so the planner decides once per group what they become. Each group gets a
 * guess from its names and styles; the guess that matters most is saying no: a GPX's turn-by-turn instructions
 * ("Keep right", "Turn sharp left") are directions along a route, not 206 rendezvous points.
 */
import { KEY_LOCATION_TYPES, type KeyLocationType, type PlanFeature } from '../../../shared/domain';
import { guessLocationType } from './describeFeature';

export type Shape = 'point' | 'line' | 'area';

export type GroupTarget = 'keep' | 'sector' | 'cordon' | 'route' | 'post' | 'checkpoint' | 'skip' | 'keyLocation' | `keyLocation:${KeyLocationType}`;

/** One imported feature before the planner's choices are applied (its kind is the shape's default). */
export interface ImportDraft {
  feature: PlanFeature;
  groupKey: string;
  /** Fill or stroke colour from the file's style, if any. */
  colour?: string;
  /** The name was made up by the importer ("Imported sector 3"), so it follows the kind chosen. */
  autoNamed: boolean;
  /** Came from a Cordon export: its kind and fields are restored as they were. */
  fromCordon: boolean;
  /** Name, description and comment, for spotting route instructions. */
  text: string;
}

export interface ImportGroup {
  key: string;
  /** Where the features came from, e.g. `Layer "cordons"`, `Folder "Capoluoghi"`, `Waypoints`. */
  label: string;
  shape: Shape;
  count: number;
  target: GroupTarget;
  options: GroupTarget[];
  /** Why the guess was made, when it is not the obvious one. */
  reason?: string;
}

export const SHAPE_WORDS: Record<Shape, { one: string; many: string }> = {
  point: { one: 'point', many: 'points' },
  line: { one: 'line', many: 'lines' },
  area: { one: 'area', many: 'areas' },
};

export function shapeOf(f: Pick<PlanFeature, 'geometry'>): Shape {
  return f.geometry.type === 'Point' ? 'point' : f.geometry.type === 'LineString' ? 'line' : 'area';
}

export function groupKey(sourceGroup: string | undefined, shape: Shape, fromCordon: boolean): string {
  return `${fromCordon ? 'cordon' : 'file'}|${sourceGroup ?? ''}|${shape}`;
}

const TARGET_WORDS: Record<string, string> = {
  keep: 'As exported from Cordon',
  sector: 'Sectors',
  cordon: 'Cordons',
  route: 'Routes',
  post: 'Posts',
  checkpoint: 'Checkpoints on the nearest route',
  skip: 'Leave out',
  keyLocation: 'Key locations (type from each name, else RVP)',
};

export function targetLabel(t: GroupTarget): string {
  if (t.startsWith('keyLocation:')) return `Key locations: ${KEY_LOCATION_TYPES[t.slice('keyLocation:'.length) as KeyLocationType]}`;
  return TARGET_WORDS[t] ?? t;
}

const INSTRUCTION = /\b(turn|keep|bear|continue|straight|left|right|roundabout|exit|onto|head|u-turn|arrive|destination|slight|sharp)\b/i;

/** Groups the drafts (in the order they first appear) and guesses each group's target. */
export function buildGroups(
  drafts: readonly ImportDraft[],
  sourceLabel: (d: ImportDraft) => string,
  sourceName: (d: ImportDraft) => string | undefined,
): ImportGroup[] {
  const byKey = new Map<string, ImportDraft[]>();
  for (const d of drafts) byKey.set(d.groupKey, [...(byKey.get(d.groupKey) ?? []), d]);
  const hasLines = drafts.some((d) => !d.fromCordon && shapeOf(d.feature) === 'line');
  return [...byKey].map(([key, members]) => {
    const first = members[0] as ImportDraft;
    const shape = shapeOf(first.feature);
    const label = sourceLabel(first);
    const options = optionsFor(shape, first.fromCordon, hasLines);
    const guess = first.fromCordon ? { target: 'keep' as const } : guessTarget(sourceName(first) ?? '', shape, members, hasLines);
    return { key, label, shape, count: members.length, options, ...guess };
  });
}

function optionsFor(shape: Shape, fromCordon: boolean, hasLines: boolean): GroupTarget[] {
  if (fromCordon) return ['keep', 'skip'];
  if (shape === 'area') return ['sector', 'cordon', 'skip'];
  if (shape === 'line') return ['route', 'cordon', 'skip'];
  const kinds = (Object.keys(KEY_LOCATION_TYPES) as KeyLocationType[]).map((k) => `keyLocation:${k}` as const);
  return ['keyLocation', ...kinds, 'post', ...(hasLines ? (['checkpoint'] as const) : []), 'skip'];
}

function guessTarget(label: string, shape: Shape, members: readonly ImportDraft[], hasLines: boolean): { target: GroupTarget; reason?: string } {
  const names = `${label} ${members
    .slice(0, 50)
    .map((d) => d.feature.name)
    .join(' ')}`;
  if (shape === 'point') {
    const instructions = members.filter((d) => INSTRUCTION.test(d.text)).length;
    if (hasLines && instructions >= Math.max(3, members.length / 2)) {
      return {
        target: 'skip',
        reason: `${instructions} of these ${members.length} look like turn-by-turn directions ("${short(members[1]?.feature.name ?? members[0]?.feature.name ?? '')}"), not places, so they are left out; choose "${targetLabel('checkpoint')}" to keep them along the route.`,
      };
    }
    if (/\bposts?\b|point duty|\bfixed point\b/i.test(label)) return { target: 'post', reason: `Named "${short(label)}" in the file.` };
    const locationType = guessLocationType(label) ?? guessLocationType(label.replace(/\b(\w+?)s\b/g, '$1'));
    if (locationType) return { target: `keyLocation:${locationType}`, reason: `Named "${short(label)}" in the file.` };
    return { target: 'keyLocation' };
  }
  const redStyled = members.filter((d) => d.colour && isRed(d.colour)).length;
  // The layer or folder name is the planner's own word for the group, so it beats the feature names.
  if (shape === 'area' && /\bsectors?\b/i.test(label)) return { target: 'sector', reason: `Named "${short(label)}" in the file.` };
  if (shape === 'line' && /\broutes?\b/i.test(label)) return { target: 'route', reason: `Named "${short(label)}" in the file.` };
  if (/\bcordons?\b|police line|\bbarrier\b|\bsterile\b/i.test(names))
    return {
      target: 'cordon',
      reason: /\bcordons?\b|police line|\bbarrier\b|\bsterile\b/i.test(label) ? `Named "${short(label)}" in the file.` : 'Their names mention cordons.',
    };
  if (shape === 'area') {
    if (redStyled > members.length / 2) return { target: 'cordon', reason: 'They are styled red, as cordons are drawn.' };
    return { target: 'sector' };
  }
  return { target: 'route' };
}

/** Red to orange-red, strongly coloured: how cordons are drawn by Cordon and most force mapping. */
function isRed(hex: string): boolean {
  const n = Number.parseInt(hex.slice(1), 16);
  const r = (n >> 16) & 255;
  const g = (n >> 8) & 255;
  const b = n & 255;
  return r > 180 && g < 110 && b < 110;
}

function short(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}...` : s;
}
