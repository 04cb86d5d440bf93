/**
 * Drawing and reshaping with terra-draw. Plan features are drawn by our own layers; terra-draw only ever holds the
 * shape being drawn or the one feature being reshaped. A finished drawing becomes a command (feature.add) and leaves
 * terra-draw at once; a finished reshape becomes feature.update. So the plan in IndexedDB stays the one truth.
 */
import {
  TerraDraw,
  TerraDrawCircleMode,
  TerraDrawLineStringMode,
  TerraDrawPointMode,
  TerraDrawPolygonMode,
  TerraDrawRenderMode,
  TerraDrawSelectMode,
  type GeoJSONStoreFeatures,
  type SnapToCustom,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import { useEffect, useMemo, useRef } from 'react';
import type { PlanFeature, PlanGeometry } from '../../../shared/domain';
import { styleReady, useMapContext } from '../MapView';
import { collectVertices, nearestVertex } from './snapping';
import type { DrawTool } from './tools';

const SNAP_PIXELS = 12;
const EDITING = 'select';

interface Props {
  tool: DrawTool | null;
  /** The selected feature, reshaped in place when no drawing tool is active. */
  editing: PlanFeature | null;
  features: readonly PlanFeature[];
  onCreated: (tool: DrawTool, geometry: PlanGeometry) => void;
  onReshaped: (id: string, geometry: PlanGeometry) => void;
}

const modeFor = (g: PlanGeometry['type']) => (g === 'Polygon' ? 'polygon' : g === 'LineString' ? 'linestring' : 'point');

export function DrawController({ tool, editing, features, onCreated, onReshaped }: Props) {
  const ctx = useMapContext();
  const map = ctx?.map;
  const epoch = ctx?.styleEpoch;
  const drawRef = useRef<TerraDraw | null>(null);
  const callbacks = useRef({ tool, onCreated, onReshaped });
  callbacks.current = { tool, onCreated, onReshaped };
  const vertices = useMemo(() => collectVertices(features, editing?.id ?? null), [features, editing?.id]);
  const verticesRef = useRef(vertices);
  verticesRef.current = vertices;

  useEffect(() => {
    if (!map || !styleReady(map)) return;
    const toCustom: SnapToCustom = (event, context) => {
      const a = context.unproject(event.containerX - SNAP_PIXELS, event.containerY - SNAP_PIXELS);
      const b = context.unproject(event.containerX + SNAP_PIXELS, event.containerY + SNAP_PIXELS);
      return nearestVertex(verticesRef.current, event.lng, event.lat, Math.abs(b.lng - a.lng) / 2, Math.abs(b.lat - a.lat) / 2);
    };
    const snapping = { toCoordinate: true, toCustom };
    const editable = { draggable: true, coordinates: { draggable: true, midpoints: true, deletable: true, snappable: snapping } };
    const draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map }),
      modes: [
        new TerraDrawPolygonMode({ snapping }),
        new TerraDrawLineStringMode({ snapping }),
        new TerraDrawPointMode(),
        new TerraDrawCircleMode(),
        new TerraDrawSelectMode({
          flags: { polygon: { feature: editable }, linestring: { feature: editable }, point: { feature: { draggable: true } } },
          keyEvents: { deselect: null, delete: null, rotate: null, scale: null },
        }),
        new TerraDrawRenderMode({ modeName: 'idle', styles: {} }),
      ],
    });
    draw.start();
    draw.setMode('idle');
    draw.on('finish', (id, context) => {
      const snapshot = draw.getSnapshotFeature(id);
      if (!snapshot) return;
      const geometry = snapshot.geometry as PlanGeometry;
      const { tool: active } = callbacks.current;
      if (context.action === 'draw' && active) {
        draw.removeFeatures([id]);
        callbacks.current.onCreated(active, geometry);
      } else if (context.action !== 'draw') {
        callbacks.current.onReshaped(String(id), geometry);
      }
    });
    drawRef.current = draw;
    return () => {
      drawRef.current = null;
      try {
        draw.stop();
      } catch {
        // The style may already be gone (basemap switched); nothing left to tear down.
      }
    };
  }, [map, epoch]);

  // Pick the mode for the active tool, or put the selected feature up for reshaping.
  useEffect(() => {
    const draw = drawRef.current;
    if (!draw) return;
    draw.clear();
    if (tool) {
      draw.setMode(tool.mode);
      return;
    }
    if (editing && editing.kind !== 'annotation') {
      draw.setMode(EDITING);
      const feature = {
        id: editing.id,
        type: 'Feature',
        geometry: editing.geometry,
        properties: { mode: modeFor(editing.geometry.type) },
      } as GeoJSONStoreFeatures;
      const [result] = draw.addFeatures([feature]);
      if (result?.valid) draw.selectFeature(editing.id);
      else draw.setMode('idle');
      return;
    }
    draw.setMode('idle');
  }, [tool, editing, epoch]);

  return null;
}
