/**
 * Which planned unit (PSU, serial, vehicle ...) a device reports for. One rule, used by the server's plan-vs-actual
 * alerts and by the control room's unit panel, so an alert and the panel never name different units:
 *
 * 1. the device's `groupId`, when it names a planned unit's call sign: that is what a feed configuration binds (a
 *    PSU's officers carry the PSU's call sign as groupId; their own call signs are "U101-3" and so on);
 * 2. otherwise its own `callSign`: a device that is the unit itself (a van, a single-crewed car).
 *
 * Both compare trimmed and case-insensitively: radios, AVL boxes and TAK clients type call signs as they please
 * ("u101", "U101 "), and a plan never holds two units whose call signs differ only in case (the plan check flags
 * duplicates; should one slip through, the first in the plan wins on both sides).
 */
import type { OperationBundle, Unit } from '../domain';

/** A call sign as the matching rule compares it. */
export const callSignKey = (callSign: string) => callSign.trim().toLowerCase();

export interface PlannedUnitIndex {
  /** Call-sign key -> planned unit (the first in the plan with that key). */
  byKey: ReadonlyMap<string, Unit>;
}

export function plannedUnitIndex(units: readonly Unit[]): PlannedUnitIndex {
  const byKey = new Map<string, Unit>();
  for (const u of units) {
    const k = callSignKey(u.callSign);
    if (k && !byKey.has(k)) byKey.set(k, u);
  }
  return { byKey };
}

export interface DeviceIdentity {
  callSign: string;
  groupId?: string | undefined;
}

/** The planned unit a device reports for (see the rule above), or null when the plan's roster has none. */
export function matchPlannedUnit(ix: PlannedUnitIndex, device: DeviceIdentity): Unit | null {
  for (const k of [device.groupId, device.callSign]) {
    if (!k) continue;
    const found = ix.byKey.get(callSignKey(k));
    if (found) return found;
  }
  return null;
}

/** One-off lookup against a plan (the panel's path); build the index once for many devices. */
export function plannedUnitIn(plan: Pick<OperationBundle, 'units'> | null, device: DeviceIdentity): Unit | null {
  return plan ? matchPlannedUnit(plannedUnitIndex(plan.units), device) : null;
}
