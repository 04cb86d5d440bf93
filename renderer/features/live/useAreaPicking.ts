/**
 * Choosing the area for "who was inside": two clicks on the map for a rectangle's corners, or a click on a plan area
 * (sector, cordon, authority area ...); and one point for the control-room log. Escape (handled by the workspace)
 * puts a pick down.
 */
import { useCallback, useMemo, useState } from 'react';
import { FEATURE_KINDS, type OperationBundle } from '../../../shared/domain';
import { rectangle, type Rings } from '../../../shared/live/areas';
import type { AreaChoice } from './ReplayTab';

export type Picking =
  { kind: 'none' } | { kind: 'rect'; first: [number, number] | null } | { kind: 'plan' } | { kind: 'point'; done: (lon: number, lat: number) => void };

export interface PlanArea {
  id: string;
  label: string;
  rings: Rings;
}

export interface AreaPicking {
  /** The area chosen for the question, if any. */
  area: AreaChoice | null;
  setArea: (a: AreaChoice | null) => void;
  picking: Picking;
  /** The plan's polygon areas that can be picked. */
  planAreas: readonly PlanArea[];
  /** The map click handler while a rectangle is being drawn or a point picked (null otherwise). */
  pick: ((lon: number, lat: number) => void) | null;
  /** A click on a plan feature while picking one. */
  pickPlanArea: (id: string | null) => void;
  startRectangle: () => void;
  togglePlanPick: () => void;
  /** One click on the map, handed to `done` (a control-room log entry's grid reference). */
  pickPoint: (done: (lon: number, lat: number) => void) => void;
  cancel: () => void;
}

export function useAreaPicking(plan: OperationBundle | null): AreaPicking {
  const [area, setArea] = useState<AreaChoice | null>(null);
  const [picking, setPicking] = useState<Picking>({ kind: 'none' });

  const planAreas = useMemo(
    () =>
      (plan?.features ?? [])
        .filter((f) => f.geometry.type === 'Polygon' && f.kind !== 'annotation')
        .map((f) => ({ id: f.id, label: `${FEATURE_KINDS[f.kind]}: ${f.name || 'unnamed'}`, rings: (f.geometry as { coordinates: Rings }).coordinates })),
    [plan],
  );

  const pick = useMemo(() => {
    if (picking.kind === 'point') {
      return (lon: number, lat: number) => {
        picking.done(lon, lat);
        setPicking({ kind: 'none' });
      };
    }
    if (picking.kind !== 'rect') return null;
    return (lon: number, lat: number) => {
      if (!picking.first) return setPicking({ kind: 'rect', first: [lon, lat] });
      setArea({ label: 'Drawn rectangle', rings: rectangle(picking.first, [lon, lat]) });
      setPicking({ kind: 'none' });
    };
  }, [picking]);

  const pickPlanArea = useCallback(
    (id: string | null) => {
      const a = planAreas.find((x) => x.id === id);
      if (!a) return;
      setArea({ label: a.label, rings: a.rings });
      setPicking({ kind: 'none' });
    },
    [planAreas],
  );

  const startRectangle = useCallback(() => setPicking({ kind: 'rect', first: null }), []);
  const togglePlanPick = useCallback(() => setPicking((p) => (p.kind === 'plan' ? { kind: 'none' } : { kind: 'plan' })), []);
  const pickPoint = useCallback((done: (lon: number, lat: number) => void) => setPicking({ kind: 'point', done }), []);
  const cancel = useCallback(() => setPicking({ kind: 'none' }), []);

  return { area, setArea, picking, planAreas, pick, pickPlanArea, startRectangle, togglePlanPick, pickPoint, cancel };
}
