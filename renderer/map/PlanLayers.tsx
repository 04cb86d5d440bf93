/**
 * Render-nothing controller for the plan layers: adds source and layers when the style loads, pushes data when the
 * features, phase or selection change, reports clicks as selections, and removes everything in cleanup.
 */
import type * as maplibregl from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import type { PlanFeature } from '../../shared/domain';
import { styleReady, useMapContext } from './MapView';
import { accessPointCollection, areaLabelCollection, checkpointCollection, pickTarget, planDiff, planFeatureCollection } from './layers/planData';
import { ACCESS_SOURCE, AREA_LABEL_SOURCE, CHECKPOINT_SOURCE, PLAN_SOURCE, SELECTABLE_LAYERS } from './layers/planLayers';
import { addPlanLayers, removePlanLayers } from './layers/planLayersOnMap';

interface Props {
  features: readonly PlanFeature[];
  phaseId: string | null;
  selectedId: string | null;
  onSelect: (id: string | null) => void;
  /** While drawing, clicks belong to the draw tool, not to selection. */
  selectionEnabled: boolean;
}

export function PlanLayers({ features, phaseId, selectedId, onSelect, selectionEnabled }: Props) {
  const ctx = useMapContext();
  const map = ctx?.map;
  const epoch = ctx?.styleEpoch;

  useEffect(() => {
    if (!map || !styleReady(map)) return;
    addPlanLayers(map);
    return () => removePlanLayers(map);
  }, [map, epoch]);

  // Push the plan to the map: a small diff after an ordinary edit, everything after a phase or style change.
  const pushed = useRef<{ byId: Map<string, PlanFeature>; phaseId: string | null; epoch: number | undefined } | null>(null);
  useEffect(() => {
    if (!map) return;
    const plan = map.getSource(PLAN_SOURCE) as maplibregl.GeoJSONSource | undefined;
    if (!plan) return;
    const last = pushed.current;
    const diff = last && last.phaseId === phaseId && last.epoch === epoch ? planDiff(last.byId, features, phaseId) : null;
    if (diff) {
      if (diff.remove.length + diff.add.length === 0) return;
      void plan.updateData(diff);
    } else {
      void plan.setData(planFeatureCollection(features, phaseId));
    }
    pushed.current = { byId: new Map(features.map((f) => [f.id, f])), phaseId, epoch };
    const access = map.getSource(ACCESS_SOURCE) as maplibregl.GeoJSONSource | undefined;
    void access?.setData(accessPointCollection(features, phaseId));
    const labels = map.getSource(AREA_LABEL_SOURCE) as maplibregl.GeoJSONSource | undefined;
    void labels?.setData(areaLabelCollection(features, phaseId));
    const checkpoints = map.getSource(CHECKPOINT_SOURCE) as maplibregl.GeoJSONSource | undefined;
    void checkpoints?.setData(checkpointCollection(features, phaseId));
    if (features.length > 0) performance.mark('cordon:plan-data');
  }, [map, epoch, features, phaseId]);

  // Selection is feature state, so choosing a feature never re-sends the plan.
  useEffect(() => {
    if (!map || !selectedId || !map.getSource(PLAN_SOURCE)) return;
    const target = { source: PLAN_SOURCE, id: selectedId };
    map.setFeatureState(target, { selected: true });
    return () => {
      if (map.getSource(PLAN_SOURCE)) map.setFeatureState(target, { selected: false });
    };
  }, [map, epoch, selectedId]);

  const featuresRef = useRef(features);
  featuresRef.current = features;
  useEffect(() => {
    if (!map || !selectionEnabled) return;
    const onClick = (e: maplibregl.MapMouseEvent) => {
      // The later clicks of a double-click belong to its first: a line is finished with a double-click, and its last
      // click (landing where the new line is not drawn yet) would otherwise deselect the line just made.
      if (e.originalEvent.detail > 1) return;
      const pad = 4;
      const box: [maplibregl.PointLike, maplibregl.PointLike] = [
        [e.point.x - pad, e.point.y - pad],
        [e.point.x + pad, e.point.y + pad],
      ];
      const layers = SELECTABLE_LAYERS.filter((id) => map.getLayer(id));
      const hits = map.queryRenderedFeatures(box, { layers });
      onSelect(
        pickTarget(
          hits.map((h) => String(h.properties.id)),
          featuresRef.current,
        ),
      );
    };
    const onMove = (e: maplibregl.MapMouseEvent) => {
      const layers = SELECTABLE_LAYERS.filter((id) => map.getLayer(id));
      const hit = map.queryRenderedFeatures(e.point, { layers }).length > 0;
      map.getCanvas().style.cursor = hit ? 'pointer' : '';
    };
    map.on('click', onClick);
    map.on('mousemove', onMove);
    return () => {
      map.off('click', onClick);
      map.off('mousemove', onMove);
      map.getCanvas().style.cursor = '';
    };
  }, [map, selectionEnabled, onSelect]);

  return null;
}
