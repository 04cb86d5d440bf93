/**
 * Presence, as the screens show it: everyone else who has this operation open (not this window), each with a stable
 * colour and initials, a sentence naming them and what they have selected, the outlines for the map, and "Also
 * selected by" for the properties panel. Pure: the hook feeds it the server's notices.
 */
import type { z } from 'zod';
import type { PresencePerson, PresenceUpdate } from '../../../shared/protocol/sync';

export type Person = z.infer<typeof PresencePerson>;
export type Workspace = z.infer<typeof PresenceUpdate>['workspace'];

/** Mid-tone colours that stay legible on the dark and light maps and carry dark text on a chip (contrast >= 4.5). */
export const PRESENCE_COLOURS = ['#ff8a65', '#ce93d8', '#4dd0e1', '#aed581', '#f48fb1', '#ffd54f', '#90caf9', '#bcaaa4'] as const;

/** One person, one colour, in every window and on every screen (hashed from their user name, not their arrival). */
export function colourOf(user: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < user.length; i++) h = Math.imul(h ^ user.charCodeAt(i), 0x01000193);
  return PRESENCE_COLOURS[(h >>> 0) % PRESENCE_COLOURS.length]!;
}

const RANKS = new Set(['pc', 'ps', 'sgt', 'insp', 'ci', 'supt', 'csupt', 'cmdr', 'dac', 'ac', 'dc', 'ds', 'di', 'staff', 'pcso']);

/** "Insp Jane Smith" -> "JS", "PC 123 Jones" -> "J": the name's words, without the rank and collar number. */
export function initialsOf(displayName: string): string {
  const words = displayName.split(/\s+/).filter((w) => /^\p{L}/u.test(w));
  if (words.length > 1 && RANKS.has(words[0]!.toLowerCase())) words.shift();
  if (words.length === 0) return '?';
  const first = words[0]!;
  const last = words.length > 1 ? words[words.length - 1]! : '';
  return (first[0]! + (last[0] ?? '')).toUpperCase();
}

export const WORKSPACE_LABELS: Record<Workspace, string> = { plan: 'Plan', live: 'Live', brief: 'Brief', decisions: 'Decisions' };

/** Everyone but this window (the same person's other window still counts: they may be looking elsewhere). */
export function othersOf(people: readonly Person[], selfConnectionId: string | null): Person[] {
  return people.filter((p) => p.connectionId !== selfConnectionId);
}

/** "Insp Jane Smith, in Plan, has selected Sector 1 and Route A" (ids not in this plan are counted, not named). */
export function describePerson(p: Person, nameOf: (id: string) => string | undefined): string {
  const where = `${p.displayName}, in ${WORKSPACE_LABELS[p.workspace]}`;
  if (p.selection.length === 0) return `${where}, has nothing selected`;
  const named = p.selection.map((id) => nameOf(id)).filter((n): n is string => !!n);
  const unnamed = p.selection.length - named.length;
  const parts = [...named, ...(unnamed > 0 ? [`${unnamed} item${unnamed === 1 ? '' : 's'} not in this view`] : [])];
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}` : parts[0]!;
  return `${where}, has selected ${list}`;
}

export interface Outline {
  featureId: string;
  colour: string;
  /** Who has it selected (display names), for the map's label. */
  who: string;
}

/** One outline per feature someone else has selected (the earliest arrival's colour when several have). */
export function outlinesOf(others: readonly Person[]): Outline[] {
  const byFeature = new Map<string, { colour: string; who: string[] }>();
  for (const p of others) {
    for (const id of p.selection) {
      const o = byFeature.get(id);
      if (o) {
        if (!o.who.includes(p.displayName)) o.who.push(p.displayName);
      } else byFeature.set(id, { colour: colourOf(p.user), who: [p.displayName] });
    }
  }
  return [...byFeature].map(([featureId, o]) => ({ featureId, colour: o.colour, who: o.who.join(', ') }));
}

/** The people (display names, once each) who have this feature selected. */
export function selectedBy(others: readonly Person[], featureId: string): string[] {
  return [...new Set(others.filter((p) => p.selection.includes(featureId)).map((p) => p.displayName))];
}
