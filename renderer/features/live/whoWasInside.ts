/**
 * "Who was inside this area between these times": from recorded positions, each unit that was seen inside the area
 * in the window, with the spells it spent there. Pure; positions may come in any order.
 *
 * Positions are samples, so a spell runs from the first fix seen inside to the last fix seen inside before the unit
 * was next seen outside. A unit already inside at its last fix before the window counts as inside from the window's
 * start (`fromStart`); a spell still open at its last fix in the window is marked `open`.
 */
import type { PositionReport } from '../../../shared/protocol';
import { areaContains, type PreparedArea } from '../../../shared/live/areas';

export interface Spell {
  fromMs: number;
  toMs: number;
  /** Inside already when the window opened. */
  fromStart: boolean;
  /** Still inside at the unit's last fix in the window. */
  open: boolean;
}

export interface Occupant {
  unitId: string;
  callSign: string;
  type: string;
  groupId?: string;
  spells: Spell[];
  /** Sum of the spells, ms. */
  totalMs: number;
  firstMs: number;
  lastMs: number;
}

export function whoWasInside(
  positions: readonly Pick<PositionReport, 'id' | 'callSign' | 'type' | 'groupId' | 'lon' | 'lat' | 'time'>[],
  area: PreparedArea,
  fromMs: number,
  toMs: number,
): Occupant[] {
  const byUnit = new Map<string, { t: number; inside: boolean; p: (typeof positions)[number] }[]>();
  for (const p of positions) {
    const t = Date.parse(p.time);
    if (!Number.isFinite(t) || t > toMs) continue;
    let list = byUnit.get(p.id);
    if (!list) byUnit.set(p.id, (list = []));
    list.push({ t, inside: areaContains(area, p.lon, p.lat), p });
  }
  const out: Occupant[] = [];
  for (const [unitId, list] of byUnit) {
    list.sort((a, b) => a.t - b.t);
    // Fixes before the window only tell us where the unit was when it opened: keep the last of them.
    let firstIn = list.findIndex((s) => s.t >= fromMs);
    if (firstIn === -1) continue;
    const before = firstIn > 0 ? list[firstIn - 1]! : null;
    const spells: Spell[] = [];
    let current: Spell | null = before?.inside ? { fromMs, toMs: fromMs, fromStart: true, open: false } : null;
    for (; firstIn < list.length; firstIn++) {
      const s = list[firstIn]!;
      if (s.inside) {
        if (current) current.toMs = s.t;
        else current = { fromMs: s.t, toMs: s.t, fromStart: false, open: false };
      } else if (current) {
        spells.push(current);
        current = null;
      }
    }
    if (current) spells.push({ ...current, open: true });
    if (spells.length === 0) continue;
    const last = list[list.length - 1]!.p;
    out.push({
      unitId,
      callSign: last.callSign,
      type: last.type,
      ...(last.groupId ? { groupId: last.groupId } : {}),
      spells,
      totalMs: spells.reduce((n, s) => n + (s.toMs - s.fromMs), 0),
      firstMs: spells[0]!.fromMs,
      lastMs: spells[spells.length - 1]!.toMs,
    });
  }
  return out.sort((a, b) => a.firstMs - b.firstMs || a.callSign.localeCompare(b.callSign, 'en', { numeric: true }));
}
