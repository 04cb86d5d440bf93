/**
 * The one head count of the app: validation, totals, the Units tab and the command chart all count with these, so
 * that "officers" means the same number on every screen and in every printed table.
 *
 * - Officers are inspectors + sergeants + constables of a police unit. A PSU's drivers and medics are constables, so
 *   they are already in the constables' number and never counted on top.
 * - Police staff are counted apart from officers (they do not staff a cordon or a post).
 * - Partner agencies (ambulance, fire) are not police units: nobody in them counts as an officer or police staff;
 *   their people are counted as partners.
 */
import { isPoliceUnit, type UnitType } from './enums';
import type { Strength, Unit } from './schemas';

export interface Headcount {
  officers: number;
  staff: number;
  /** People of partner agencies (ambulance, fire). */
  partners: number;
}

type Counted = Pick<Unit, 'type' | 'strength'>;

const people = (s: Strength) => s.inspectors + s.sergeants + s.constables + s.staff;

export function headcountOf(u: Counted | undefined): Headcount {
  if (!u) return { officers: 0, staff: 0, partners: 0 };
  if (!isPoliceUnit(u.type)) return { officers: 0, staff: 0, partners: people(u.strength) };
  const s = u.strength;
  return { officers: s.inspectors + s.sergeants + s.constables, staff: s.staff, partners: 0 };
}

/** Police officers in a unit (0 for partner agencies and for a unit that no longer exists). */
export const officersOf = (u: Counted | undefined): number => headcountOf(u).officers;

/** The head count of several units. */
export function headcountOfAll(units: Iterable<Counted>): Headcount {
  const t: Headcount = { officers: 0, staff: 0, partners: 0 };
  for (const u of units) {
    const h = headcountOf(u);
    t.officers += h.officers;
    t.staff += h.staff;
    t.partners += h.partners;
  }
  return t;
}

/** "25 officers", "25 officers, 2 police staff", "0 officers, 4 from partner agencies": the words every screen uses for a head count. */
export function describeHeadcount(h: Headcount): string {
  const parts = [`${h.officers} ${h.officers === 1 ? 'officer' : 'officers'}`];
  if (h.staff) parts.push(`${h.staff} police staff`);
  if (h.partners) parts.push(`${h.partners} from partner agencies`);
  return parts.join(', ');
}

/**
 * A new unit's strength by type. A standard PSU (national model): 1 inspector, 3 sergeants and 21 constables, 3 of
 * them drivers, in 3 carriers, one serial (1 sergeant, 7 constables) to a carrier.
 */
export const STANDARD_STRENGTH: Partial<Record<UnitType, Strength>> = {
  psu: { inspectors: 1, sergeants: 3, constables: 21, staff: 0 },
  serial: { inspectors: 0, sergeants: 1, constables: 7, staff: 0 },
  tsg: { inspectors: 0, sergeants: 1, constables: 6, staff: 0 },
};

/** Carriers a PSU travels in (one per serial). */
export const PSU_CARRIERS = 3;
