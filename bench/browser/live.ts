/// <reference types="vite/client" />
/**
 * Runs in Chromium (map in SwiftShader): one tick of N unit updates applied to a real MapLibre map,
 *  - the Live workspace's path: LiveStore coalescing -> drain -> LiveFeatureBuffer (features updated in place,
 *    compact properties, spread over UNIT_SHARDS sources) -> one setData per frame, of one source, with what the view
 *    can show: every unit drawn individually (the worst case, `apply`), a city-wide view at zoom 13 where PSU /
 *    serial members are drawn as their group (`city`, grouping included), and a street view at zoom 16 (`street`);
 *    each as the longest frame's main-thread time and the total over the frames;
 *  - a plain setData of all units, built afresh from the reports (every property) as a naive client would;
 *  - updateData with a diff of every unit (for reference: O(changed x total) in the current MapLibre).
 * Each figure is main-thread time from the call until MapLibre's last postMessage to its worker has returned (the
 * structured clone of the data happens inside postMessage, in a microtask after setData), so it is the data path's
 * cost on the main thread, without the frame SwiftShader then draws; "ready" is until the worker has indexed it.
 */
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import { LiveStore } from '../../renderer/features/live/liveStore';
import { LiveFeatureBuffer, groupCollection, padBounds } from '../../renderer/map/live/liveData';
import { GROUP_ZOOM, GROUPS_SOURCE, liveLayers, liveSources, UNIT_SHARDS, unitsSource } from '../../renderer/map/live/liveLayers';
import { NO_FILTER } from '../../shared/live/filters';
import { parseDelta } from '../../renderer/net/parse';
import { groupUnits } from '../../shared/live/grouping';
import type { Delta, PositionReport } from '../../shared/protocol';

maplibregl.setWorkerUrl(workerUrl);

export interface LiveBenchResult {
  n: number;
  /** A whole tick (all its parts): JSON.parse and zod, then the store's apply. */
  parseMs: number[];
  storeMs: number[];
  /** The longest single socket message of a tick (one part: JSON.parse, zod, apply). */
  messageMs: number[];
  /** The longest single main-thread task of our path for one tick (the tick's first frame: drain, apply, one shard). */
  applyMs: number[];
  /** All of our path's main-thread time for one tick, over the frames it is spread across. */
  applyTotalMs: number[];
  setDataMs: number[];
  setDataReadyMs: number[];
  updateDataMs: number[];
  updateDataReadyMs: number[];
  groupsMs: number[];
  cityMs: number[];
  cityTotalMs: number[];
  streetMs: number[];
  streetTotalMs: number[];
  /** Features sent in the city and street views. */
  citySent: number;
  streetSent: number;
  /** The synchronous part alone (before MapLibre's clone). */
  setDataSyncMs: number[];
}

declare global {
  interface Window {
    runLiveBench: (n: number, rounds: number, withUpdateData: boolean) => Promise<LiveBenchResult>;
  }
}

const nextTask = () =>
  new Promise<void>((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(null);
  });

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

const microtasks = async () => {
  for (let i = 0; i < 50; i++) await null;
};

// When did the last message to a worker finish serialising?
let lastPost = 0;
const post = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (this: Worker, ...args: Parameters<Worker['postMessage']>) {
  (post as (...a: unknown[]) => void).apply(this, args);
  lastPost = performance.now();
} as Worker['postMessage'];
/** Main-thread time of a data push that started at `s`: until its last postMessage returned. */
const pushed = async (s: number) => {
  lastPost = s;
  await microtasks();
  return lastPost - s;
};

/** Units per delta part, as the server sends them (server/config.ts limits.maxUnitsPerDelta). */
const PART = 1000;

const TYPES = ['officer', 'officer', 'officer', 'officer', 'psu', 'mounted', 'dogs', 'medics'];
const STATUSES = ['available', 'deployed', 'deployed', 'committed', 'refreshment'] as const;

function reports(n: number, t: number, jitter: number): PositionReport[] {
  const out: PositionReport[] = [];
  for (let i = 0; i < n; i++) {
    const a = (i * 2654435761) % 1000;
    out.push({
      id: `radio-${i}`,
      callSign: `U${Math.floor(i / 20) + 100}-${i % 20}`,
      type: TYPES[i % TYPES.length]!,
      lon: -0.16 + (a / 1000) * 0.06 + Math.sin(t / 1000 + i) * jitter,
      lat: 51.5 + ((i % 997) / 997) * 0.03 + Math.cos(t / 1000 + i) * jitter,
      accuracyM: 5,
      headingDeg: (i * 37) % 360,
      speedMps: 1.4,
      status: STATUSES[i % STATUSES.length]!,
      source: 'simulator',
      time: new Date(t).toISOString(),
      expectedIntervalS: 5,
      ...(i % 10 !== 0 ? { groupId: `U${Math.floor(i / 20) + 100}` } : {}),
    });
  }
  return out;
}

function plainCollection(units: readonly PositionReport[]): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: units.map((u) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [u.lon, u.lat] }, properties: { ...u } })),
  };
}

async function idle(map: maplibregl.Map) {
  await nextTask();
  if (!map.loaded() || !map.areTilesLoaded()) await map.once('idle');
}

window.runLiveBench = async (n, rounds, withUpdateData) => {
  const map = new maplibregl.Map({
    container: 'map',
    style: { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#111' } }] },
    center: [-0.13, 51.515],
    zoom: 14,
    attributionControl: false,
  });
  await map.once('load');
  for (const [id, spec] of Object.entries(liveSources())) map.addSource(id, spec);
  // The layers are there but hidden: every path hands its data to the map's worker just the same (setData does not
  // depend on what is drawn), and SwiftShader drawing 10,000-50,000 symbols would take both cores of this machine
  // from the main thread between measurements (minutes per tick at 50,000) and be counted as data-path time.
  for (const l of liveLayers()) map.addLayer({ ...l, layout: { ...l.layout, visibility: 'none' } } as maplibregl.LayerSpecification);
  const unitSource = (shard: number) => map.getSource(unitsSource(shard)) as maplibregl.GeoJSONSource;
  // The plain path draws all units from one source (the first); ours spreads them over all.
  const src = unitSource(0);

  const t0 = Date.parse('2024-08-26T14:00:00Z');
  const store = new LiveStore({ trailCapacity: 60 });
  store.applySnapshot({ operationId: 'bench', seq: 0, serverTime: new Date(t0).toISOString(), units: reports(n, t0, 0), alerts: [], plan: null }, t0);
  const buffer = new LiveFeatureBuffer();
  buffer.apply(store.drain(), t0);
  /**
   * Our path for one tick, as LiveLayers runs it: the first frame drains the store into the buffer and sends one
   * units source; each later frame sends the next source whose units changed. Returns the longest frame's and the
   * total main-thread time. Between sources it waits for the map to be idle, as
   * the plain path is measured from an idle map.
   */
  const applyTick = async (t: number, features: (shard: number) => GeoJSON.Feature[], alsoFirstFrame?: () => void) => {
    const frames: number[] = [];
    const done: Promise<unknown>[] = [];
    let s = performance.now();
    buffer.apply(store.drain(), t);
    alsoFirstFrame?.();
    for (let shard = buffer.takeDirtyShard(); shard >= 0; shard = buffer.takeDirtyShard()) {
      done.push(unitSource(shard).setData({ type: 'FeatureCollection', features: features(shard) }));
      frames.push(await pushed(s));
      await idle(map);
      await nextFrame();
      s = performance.now();
    }
    await Promise.all(done);
    return { longest: Math.max(...frames), total: frames.reduce((a, b) => a + b, 0) };
  };
  await applyTick(t0, (shard) => buffer.collection(shard).features);
  await idle(map);

  const r: LiveBenchResult = {
    n,
    parseMs: [],
    storeMs: [],
    messageMs: [],
    applyMs: [],
    applyTotalMs: [],
    setDataMs: [],
    setDataReadyMs: [],
    updateDataMs: [],
    updateDataReadyMs: [],
    groupsMs: [],
    setDataSyncMs: [],
    cityMs: [],
    cityTotalMs: [],
    streetMs: [],
    streetTotalMs: [],
    citySent: 0,
    streetSent: 0,
  };
  const groupsSrc = map.getSource(GROUPS_SOURCE) as maplibregl.GeoJSONSource;
  let k = 0;
  /** One tick from the socket: JSON in, parsed, applied to the store. */
  /**
   * One tick from the socket, as the server sends it: parts of at most PART units, each its own delta with its own
   * seq (limits.maxUnitsPerDelta). Each part is one socket message, so one main-thread task: socket.io's JSON.parse,
   * our zod parse, and the store's apply. Records the tick's totals and its longest message.
   */
  let seq = 0;
  const tick = () => {
    const t = t0 + ++k * 1000;
    const units = reports(n, t, 0.0003);
    let parse = 0;
    let apply = 0;
    let longest = 0;
    for (let i = 0; i < units.length; i += PART) {
      seq++;
      const text = JSON.stringify({
        operationId: 'bench',
        seq,
        fromSeq: seq - 1,
        serverTime: new Date(t).toISOString(),
        units: units.slice(i, i + PART),
        removed: [],
        alerts: [],
      } satisfies Delta);
      const s = performance.now();
      const parsed = parseDelta(JSON.parse(text));
      const parsedAt = performance.now();
      if (!parsed.ok) throw new Error(parsed.error);
      if (store.applyDelta(parsed.value.value, t).kind !== 'applied') throw new Error('the bench lost its sequence');
      const e = performance.now();
      parse += parsedAt - s;
      apply += e - parsedAt;
      longest = Math.max(longest, e - s);
    }
    r.parseMs.push(parse);
    r.storeMs.push(apply);
    r.messageMs.push(longest);
    return { t, units };
  };
  const view = (zoom: number) => {
    const b = map.getBounds();
    return { bounds: padBounds([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], 0.25), grouped: zoom < GROUP_ZOOM, filter: NO_FILTER };
  };

  for (let round = 1; round <= rounds; round++) {
    // The Live workspace's path, worst case: every unit individually in view.
    const first = tick();
    let t = first.t;
    const units = first.units;
    const all = await applyTick(t, (shard) => buffer.collection(shard).features);
    r.applyMs.push(all.longest);
    r.applyTotalMs.push(all.total);
    await idle(map);
    // The plain path draws from the first source alone.
    for (let shard = 1; shard < UNIT_SHARDS; shard++) await unitSource(shard).setData({ type: 'FeatureCollection', features: [] });
    let s = performance.now();
    groupUnits(store.units.values(), t);
    r.groupsMs.push(performance.now() - s);

    // A plain setData of all units, built afresh.
    s = performance.now();
    const plain = src.setData(plainCollection(units));
    r.setDataSyncMs.push(performance.now() - s);
    r.setDataMs.push(await pushed(s));
    await plain;
    r.setDataReadyMs.push(performance.now() - s);
    await idle(map);

    if (withUpdateData) {
      s = performance.now();
      const diff = src.updateData({
        update: units.map((u) => ({
          id: u.id,
          newGeometry: { type: 'Point', coordinates: [u.lon + 1e-5, u.lat] },
          addOrUpdateProperties: [{ key: 'f', value: 'fresh' }],
        })),
      });
      r.updateDataMs.push(await pushed(s));
      await diff;
      r.updateDataReadyMs.push(performance.now() - s);
      await idle(map);
    }

    // City view (zoom 13, the whole operation in view, members drawn as their PSU / serial).
    map.jumpTo({ center: [-0.13, 51.515], zoom: 13 });
    await idle(map);
    ({ t } = tick());
    buffer.markAllDirty();
    const city = await applyTick(
      t,
      (shard) => buffer.visible(view(13), shard),
      () => void groupsSrc.setData(groupCollection(groupUnits(buffer.matching(NO_FILTER), t))),
    );
    r.cityMs.push(city.longest);
    r.cityTotalMs.push(city.total);
    r.citySent = buffer.visible(view(13)).length;
    await idle(map);

    // Street view (zoom 16).
    map.jumpTo({ center: [-0.13, 51.515], zoom: 16 });
    await idle(map);
    ({ t } = tick());
    buffer.markAllDirty();
    const street = await applyTick(t, (shard) => buffer.visible(view(16), shard));
    r.streetMs.push(street.longest);
    r.streetTotalMs.push(street.total);
    r.streetSent = buffer.visible(view(16)).length;
    map.jumpTo({ center: [-0.13, 51.515], zoom: 14 });
    await idle(map);
  }
  map.remove();
  return r;
};
