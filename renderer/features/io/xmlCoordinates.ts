/**
 * togeojson silently drops coordinates it cannot read (a KML `no,no` or a GPX `lat="undefined"` just vanishes), so
 * before converting we check every coordinate in the XML ourselves and name the placemark, track or waypoint that
 * holds a bad one.
 */
import { err, ok, type Result } from '../../../shared/util/result';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function childText(el: Element, tag: string): string | undefined {
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && ((n as Element).localName || n.nodeName) === tag) {
      const t = (n.textContent ?? '').trim();
      return t || undefined;
    }
  }
  return undefined;
}

function label(kind: string, index: number, name: string | undefined): string {
  return `${kind} ${index + 1} ${name ? `("${name.length > 60 ? `${name.slice(0, 60)}...` : name}")` : '(unnamed)'}`;
}

function quote(s: string): string {
  return `"${s.length > 40 ? `${s.slice(0, 40)}...` : s}"`;
}

/** Checks every `<coordinates>` inside a KML Placemark: each tuple must be 2 or 3 numbers. */
export function checkKmlCoordinates(doc: Document): Result<void> {
  // One pass over all <coordinates>; the placemark is looked up only when there is something to report.
  const lists = doc.getElementsByTagName('coordinates');
  for (let j = 0; j < lists.length; j++) {
    const el = lists[j] as Element;
    const text = (el.textContent ?? '').trim();
    if (!text) continue;
    for (const tuple of text.split(/\s+/)) {
      const values = tuple.split(',').filter((s) => s !== '');
      const bad = values.find((s) => !NUMBER.test(s));
      if (bad === undefined && values.length >= 2) continue;
      const where = placemarkLabel(doc, el);
      if (where === undefined) break; // not in a placemark (e.g. a ground overlay quad): togeojson ignores it too
      if (bad !== undefined) return err(`${where}: coordinate ${quote(tuple)} holds ${quote(bad)}, which is not a number`);
      return err(`${where}: coordinate ${quote(tuple)} needs longitude,latitude`);
    }
  }
  return ok(undefined);
}

function placemarkLabel(doc: Document, el: Element): string | undefined {
  let pm: Node | null = el.parentNode;
  while (pm && ((pm as Element).localName || pm.nodeName) !== 'Placemark') pm = pm.parentNode;
  if (!pm) return undefined;
  const all = doc.getElementsByTagName('Placemark');
  let index = 0;
  while (index < all.length && all[index] !== pm) index++;
  return label('placemark', index, childText(pm as Element, 'name'));
}

/** Checks the lat/lon attributes of every GPX waypoint, route point and track point. */
export function checkGpxCoordinates(doc: Document): Result<void> {
  const check = (pt: Element, where: string): Result<void> => {
    for (const attr of ['lat', 'lon'] as const) {
      const v = pt.getAttribute(attr);
      if (v === null) return err(`${where}: it has no ${attr} attribute`);
      if (!NUMBER.test(v.trim())) return err(`${where}: ${attr}=${quote(v)} is not a number`);
    }
    return ok(undefined);
  };
  const waypoints = doc.getElementsByTagName('wpt');
  for (let i = 0; i < waypoints.length; i++) {
    const w = waypoints[i] as Element;
    const r = check(w, label('waypoint', i, childText(w, 'name')));
    if (!r.ok) return r;
  }
  for (const [tag, pointTag, kind] of [
    ['rte', 'rtept', 'route'],
    ['trk', 'trkpt', 'track'],
  ] as const) {
    const parents = doc.getElementsByTagName(tag);
    for (let i = 0; i < parents.length; i++) {
      const p = parents[i] as Element;
      const pts = p.getElementsByTagName(pointTag);
      for (let j = 0; j < pts.length; j++) {
        const r = check(pts[j] as Element, `${label(kind, i, childText(p, 'name'))}, point ${j + 1}`);
        if (!r.ok) return r;
      }
    }
  }
  return ok(undefined);
}
