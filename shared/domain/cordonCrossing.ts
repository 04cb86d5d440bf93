/**
 * Who may cross which cordon without raising a cordon breach alert, set per operation. Without it every crossing
 * of an inner cordon was a high alert, and a control room soon mutes an alert that fires for every medic and Police
 * Liaison Team doing its job; a muted alert misses the real breach.
 */
import { z } from 'zod';
import { CORDON_TYPES, UNIT_TYPES, type CordonType, type Posture, type UnitType } from './enums';

/** The cordon kinds the server watches for breaches (areas a unit is kept out of unless it is posted there). */
export const BREACH_CORDON_TYPES = ['inner', 'sterile', 'containment'] as const satisfies readonly CordonType[];
export type BreachCordonType = (typeof BREACH_CORDON_TYPES)[number];

const unitTypeKeys = Object.keys(UNIT_TYPES) as [UnitType, ...UnitType[]];

export const CordonCrossingRule = z.object({
  cordonType: z.enum(BREACH_CORDON_TYPES),
  /** Unit types that may cross without an alert. */
  unitTypes: z.array(z.enum(unitTypeKeys)).max(50),
  /** Units held in reserve (posture "reserve") may cross: they are sent through the crowd when called. */
  reserves: z.boolean(),
});
export type CordonCrossingRule = z.infer<typeof CordonCrossingRule>;

export const CordonCrossing = z.array(CordonCrossingRule).max(BREACH_CORDON_TYPES.length);
export type CordonCrossing = z.infer<typeof CordonCrossing>;

/**
 * The defaults a new operation starts with. Medics go wherever a casualty is. PLT and evidence gatherers work in
 * and through the crowd, so they cross a containment and a sterile area, but an inner cordon (a scene or a
 * protected site) stays closed to them. Reserves are sent through a containment when called.
 */
export const DEFAULT_CORDON_CROSSING: CordonCrossing = [
  { cordonType: 'inner', unitTypes: ['medics'], reserves: false },
  { cordonType: 'sterile', unitTypes: ['medics', 'plt', 'evidence'], reserves: false },
  { cordonType: 'containment', unitTypes: ['medics', 'plt', 'evidence'], reserves: true },
];

export const cordonCrossingOf = (rules: CordonCrossing | undefined): CordonCrossing => rules ?? DEFAULT_CORDON_CROSSING;

/** True when a unit of this type (and posture now, if any) may cross this kind of cordon without an alert. */
export function mayCross(
  rules: CordonCrossing | undefined,
  cordonType: CordonType | undefined,
  unitType: UnitType | undefined,
  postures: readonly Posture[] = [],
): boolean {
  const rule = cordonCrossingOf(rules).find((r) => r.cordonType === cordonType);
  if (!rule || !unitType) return false;
  return rule.unitTypes.includes(unitType) || (rule.reserves && postures.includes('reserve'));
}

/** Who a rule can name: a unit type, or any unit held in reserve. */
export type CrossingWho = UnitType | 'reserves';

/**
 * The rules with one permission turned on or off. The result names every watched kind (the defaults for kinds the
 * operation had not set yet), so that ticking one box never silently drops the defaults of the others.
 */
export function withCrossing(rules: CordonCrossing | undefined, cordonType: BreachCordonType, who: CrossingWho, on: boolean): CordonCrossing {
  const current = cordonCrossingOf(rules);
  const all = BREACH_CORDON_TYPES.map((k) => current.find((r) => r.cordonType === k) ?? { cordonType: k, unitTypes: [], reserves: false });
  return all.map((r) => {
    if (r.cordonType !== cordonType) return r;
    if (who === 'reserves') return { ...r, reserves: on };
    return { ...r, unitTypes: on ? [...new Set([...r.unitTypes, who])] : r.unitTypes.filter((t) => t !== who) };
  });
}

export const CORDON_CROSSING_LABELS: Record<BreachCordonType, string> = {
  inner: CORDON_TYPES.inner,
  sterile: CORDON_TYPES.sterile,
  containment: CORDON_TYPES.containment,
};
