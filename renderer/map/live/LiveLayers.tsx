/**
 * Render-nothing controller for the live layers. Adds the sources, layers and icons when the style loads and removes
 * them in cleanup; then, on each animation frame, takes whatever the feed (live store or replay) changed since the
 * last frame, coalesced per unit, and pushes it: at most one units source per frame (the next one whose units
 * changed, see UNIT_SHARDS), so no frame carries the whole picture. Freshness is re-judged once a
 * second from the clock (frozen while the link is down), so units age on the map without any message. Only what
 * the view can show is sent (see liveData.ts). Clicks select units; a click on a group zooms into it.
 */
import type * as maplibregl from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import type { UnitFeed } from '../../../shared/live/liveUnit';
import type { LiveFilter } from '../../../shared/live/filters';
import { groupUnits } from '../../../shared/live/grouping';
import { styleReady, useMapContext } from '../MapView';
import { LiveFeatureBuffer, areaCollection, groupCollection, padBounds, trailCollection, type UnitFeature } from './liveData';
import { dashedRingImage, headingArrowImage } from './liveImages';
import {
  AREA_SOURCE,
  EMERGENCY_LAYERS,
  GROUP_LAYERS,
  GROUP_ZOOM,
  GROUPS_SOURCE,
  HEADING_IMAGE,
  RING_IMAGE,
  shardOf,
  TRAILS_SOURCE,
  UNIT_LAYERS,
  UNIT_SHARDS,
  unitsSource,
  liveLayers,
  liveSources,
} from './liveLayers';

export type TrailMode = 'off' | 'selected' | 'all';

/** Trails for at most this many units at once (those in view): beyond it the map would drown in lines. */
export const TRAIL_UNIT_LIMIT = 2000;

interface Props {
  feed: UnitFeed;
  /** The instant freshness is judged at (server clock; frozen while the link is down; the replay clock in replay). */
  clock: () => number;
  filter: LiveFilter;
  /** Which sector a position is in ('' for none), from the plan. */
  sectorOf: (lon: number, lat: number) => string;
  plannedTypes: ReadonlyMap<string, string>;
  selectedId: string | null;
  followId: string | null;
  trailMode: TrailMode;
  trailMinutes: number;
  /** The area of a "who was inside" query, drawn on the map. */
  area: readonly (readonly (readonly number[])[])[] | null;
  /** While something else owns clicks (picking a point, a plan area), units are not selected by clicking. */
  interactive: boolean;
  onSelect: (id: string) => void;
  /** The user moved the map while following a unit. */
  onFollowEnd: () => void;
}

function addLiveLayers(map: maplibregl.Map) {
  for (const [id, spec] of Object.entries(liveSources())) if (!map.getSource(id)) map.addSource(id, spec);
  if (!map.hasImage(HEADING_IMAGE)) map.addImage(HEADING_IMAGE, headingArrowImage(), { sdf: true });
  if (!map.hasImage(RING_IMAGE)) map.addImage(RING_IMAGE, dashedRingImage(), { sdf: true });
  for (const layer of liveLayers()) if (!map.getLayer(layer.id)) map.addLayer(layer);
}

function removeLiveLayers(map: maplibregl.Map) {
  if (!map.style) return;
  for (const layer of liveLayers()) if (map.getLayer(layer.id)) map.removeLayer(layer.id);
  for (const id of Object.keys(liveSources())) if (map.getSource(id)) map.removeSource(id);
  for (const img of [HEADING_IMAGE, RING_IMAGE]) if (map.hasImage(img)) map.removeImage(img);
}

const geojson = (map: maplibregl.Map, id: string) => map.getSource(id) as maplibregl.GeoJSONSource | undefined;

export function LiveLayers(props: Props) {
  const ctx = useMapContext();
  const map = ctx?.map;
  const epoch = ctx?.styleEpoch;
  // The frame loop reads the latest props through a ref, so it is set up once per map/style, not per render.
  const latest = useRef(props);
  latest.current = props;
  const invalidate = useRef<() => void>(() => undefined);

  useEffect(() => {
    if (!map || !styleReady(map)) return;
    addLiveLayers(map);
    return () => removeLiveLayers(map);
  }, [map, epoch]);

  useEffect(() => {
    if (!map) return;
    const el = map.getContainer();
    const buffer = new LiveFeatureBuffer(latest.current.sectorOf);
    let feed: UnitFeed | null = null;
    let sectorOf = latest.current.sectorOf;
    let groupsDirty = true;
    let trailsDirty = true;
    let lastFreshness = 0;
    let lastGroups = 0;
    let lastTrails = 0;
    let followedAt: [number, number] | null = null;
    let viewBounds: [number, number, number, number] | null = null;
    let frame = 0;

    const readView = () => {
      const b = map.getBounds();
      viewBounds = padBounds([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], 0.5);
    };
    readView();
    /** Features sent per units source, for the count on the map element. */
    const sent = new Array<number>(UNIT_SHARDS).fill(0);
    invalidate.current = () => {
      buffer.markAllDirty();
      groupsDirty = true;
      trailsDirty = true;
    };

    const pushUnits = (shard: number, visible: UnitFeature[]) => {
      void geojson(map, unitsSource(shard))?.setData({ type: 'FeatureCollection', features: visible });
      sent[shard] = visible.length;
      el.dataset.liveUnits = String(buffer.size);
      el.dataset.liveUnitsSent = String(sent.reduce((a, b) => a + b, 0));
    };

    const tick = (ts: number) => {
      frame = requestAnimationFrame(tick);
      const p = latest.current;
      if (!map.getSource(unitsSource(0))) return;
      const now = p.clock();
      if (p.sectorOf !== sectorOf) {
        sectorOf = p.sectorOf;
        buffer.setSectors(sectorOf);
        groupsDirty = true;
      }
      if (p.feed !== feed) {
        // A different feed (live <-> replay): start from its whole picture.
        feed = p.feed;
        feed.drain();
        buffer.apply({ reset: true, changed: [...feed.units.values()], removed: [] }, now);
        groupsDirty = trailsDirty = true;
      } else if (feed.hasChanges) {
        buffer.apply(feed.drain(), now);
        groupsDirty = trailsDirty = true;
      }
      if (ts - lastFreshness >= 1000) {
        lastFreshness = ts;
        if (buffer.refreshFreshness(now) > 0) groupsDirty = true;
      }
      const zoom = map.getZoom();
      const include = new Set([p.selectedId, p.followId].filter((x): x is string => x !== null));
      const shard = buffer.takeDirtyShard();
      if (shard >= 0) {
        pushUnits(shard, buffer.visible({ bounds: viewBounds, grouped: zoom < GROUP_ZOOM, filter: p.filter, include }, shard));
        performance.mark('cordon:live-push');
      }
      if (groupsDirty && zoom < GROUP_ZOOM && ts - lastGroups >= 500) {
        groupsDirty = false;
        lastGroups = ts;
        void geojson(map, GROUPS_SOURCE)?.setData(groupCollection(groupUnits(buffer.matching(p.filter), now, p.plannedTypes)));
      }
      if (trailsDirty && ts - lastTrails >= 2000) {
        trailsDirty = false;
        lastTrails = ts;
        const since = now - p.trailMinutes * 60_000;
        const ids =
          p.trailMode === 'off'
            ? []
            : p.trailMode === 'selected'
              ? [...include]
              : buffer
                  .visible({ bounds: viewBounds, grouped: false, filter: p.filter, include })
                  .slice(0, TRAIL_UNIT_LIMIT)
                  .map((f) => f.properties.id);
        void geojson(map, TRAILS_SOURCE)?.setData(
          trailCollection(ids.map((id) => ({ id, status: buffer.props(id)?.s ?? 'available', coordinates: feed!.trailCoordinates(id, since) }))),
        );
      }
      if (p.followId) {
        const u = feed.units.get(p.followId);
        if (u && (!followedAt || followedAt[0] !== u.lon || followedAt[1] !== u.lat)) {
          followedAt = [u.lon, u.lat];
          map.easeTo({ center: followedAt, duration: 500 });
        }
      } else followedAt = null;
    };
    frame = requestAnimationFrame(tick);

    let moveTimer: ReturnType<typeof setTimeout> | null = null;
    const onMove = () => {
      if (moveTimer) return;
      moveTimer = setTimeout(() => {
        moveTimer = null;
        readView();
        buffer.markAllDirty();
        groupsDirty = trailsDirty = true;
      }, 200);
    };
    const onMoveEnd = () => {
      readView();
      buffer.markAllDirty();
      groupsDirty = true;
    };
    const onDragStart = (e: { originalEvent?: unknown }) => {
      if (e.originalEvent && latest.current.followId) latest.current.onFollowEnd();
    };
    map.on('move', onMove);
    map.on('moveend', onMoveEnd);
    map.on('dragstart', onDragStart);
    return () => {
      cancelAnimationFrame(frame);
      if (moveTimer) clearTimeout(moveTimer);
      map.off('move', onMove);
      map.off('moveend', onMoveEnd);
      map.off('dragstart', onDragStart);
      invalidate.current = () => undefined;
    };
  }, [map, epoch]);

  // A new filter, selection or trail setting shows at the next frame.
  const { filter, selectedId, followId, trailMode, trailMinutes, plannedTypes } = props;
  useEffect(() => invalidate.current(), [filter, selectedId, followId, trailMode, trailMinutes, plannedTypes]);

  useEffect(() => {
    if (!map) return;
    void geojson(map, AREA_SOURCE)?.setData(areaCollection(props.area));
  }, [map, epoch, props.area]);

  // Selection is feature state: choosing a unit never re-sends the data.
  useEffect(() => {
    const target = selectedId ? { source: unitsSource(shardOf(selectedId)), id: selectedId } : null;
    if (!map || !target || !map.getSource(target.source)) return;
    map.setFeatureState(target, { selected: true });
    return () => {
      if (map.getSource(target.source)) map.setFeatureState(target, { selected: false });
    };
  }, [map, epoch, selectedId]);

  // Emergencies pulse (steady for people who asked for less motion).
  useEffect(() => {
    if (!map) return;
    const still = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    if (still) return;
    let on = false;
    const t = setInterval(() => {
      on = !on;
      for (const id of EMERGENCY_LAYERS) if (map.getLayer(id)) map.setPaintProperty(id, 'circle-opacity', on ? 0.7 : 0.2);
    }, 600);
    return () => clearInterval(t);
  }, [map, epoch]);

  const interactive = props.interactive;
  useEffect(() => {
    if (!map || !interactive) return;
    const layers = () => [...UNIT_LAYERS, ...GROUP_LAYERS].filter((id) => map.getLayer(id));
    const onClick = (e: maplibregl.MapMouseEvent) => {
      const pad = 6;
      const hits = map.queryRenderedFeatures(
        [
          [e.point.x - pad, e.point.y - pad],
          [e.point.x + pad, e.point.y + pad],
        ],
        { layers: layers() },
      );
      const unit = hits.find((h) => UNIT_LAYERS.includes(h.layer.id));
      if (unit) return latest.current.onSelect(String(unit.properties.id));
      const group = hits.find((h) => GROUP_LAYERS.includes(h.layer.id));
      if (group && group.geometry.type === 'Point') map.easeTo({ center: group.geometry.coordinates as [number, number], zoom: GROUP_ZOOM + 1, duration: 600 });
    };
    const onMove = (e: maplibregl.MapMouseEvent) => {
      const hit = map.queryRenderedFeatures(e.point, { layers: layers() }).length > 0;
      map.getCanvas().style.cursor = hit ? 'pointer' : '';
    };
    map.on('click', onClick);
    map.on('mousemove', onMove);
    return () => {
      map.off('click', onClick);
      map.off('mousemove', onMove);
      map.getCanvas().style.cursor = '';
    };
  }, [map, interactive]);

  return null;
}
