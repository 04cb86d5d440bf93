/**
 * A TAK data package (ATAK / WinTAK / iTAK "Mission Package"): a zip with `MANIFEST/manifest.xml`
 * (MissionPackageManifest version 2: uid, name, and the list of contents), the whole plan as one KML file (every
 * shape and point, the same KML as the plain export), and each point of the plan (key locations, posts) as a
 * Cursor-on-Target marker file, so it shows as a tappable marker with its name on the TAK map.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { KEY_LOCATION_TYPES, type OperationBundle, type PlanFeature } from '../../../shared/domain';
import { toGridRef } from '../../../shared/geo';
import { toKml } from '../io';

// XML 1.0 forbids these control characters outright: they are dropped, not escaped.
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
const xml = (s: string) =>
  s.replace(XML_FORBIDDEN, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** A file name safe in a zip on every TAK platform. */
const safeName = (s: string) =>
  s
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 80) || 'plan';

/** CoT type for a plan point: generic spot-map marker ("b-m-p-s-m"); control rooms etc. could get 2525 types later. */
const COT_POINT_TYPE = 'b-m-p-s-m';

/** Cursor-on-Target XML for one point feature (a static map marker that does not go stale for a year). */
export function cotForPoint(f: PlanFeature, bundle: OperationBundle, now: Date): string | null {
  if (f.geometry.type !== 'Point') return null;
  const [lon, lat] = f.geometry.coordinates;
  const time = now.toISOString();
  const stale = new Date(now.getTime() + 365 * 24 * 3600_000).toISOString();
  const kind = f.kind === 'keyLocation' ? KEY_LOCATION_TYPES[f.props.locationType ?? 'rvp'] : f.kind === 'post' ? 'Post' : f.kind;
  const grid = toGridRef(lon, lat);
  const remarks = [`${bundle.operation.marking}`, kind, grid.ok ? grid.value : '', f.bronze, f.notes].filter(Boolean).join(' | ');
  const colour = f.kind === 'keyLocation' ? '-16776961' : '-16711681';
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<event version="2.0" uid="${xml(f.id)}" type="${COT_POINT_TYPE}" how="h-g-i-g-o" time="${time}" start="${time}" stale="${stale}">` +
    `<point lat="${lat}" lon="${lon}" hae="9999999.0" ce="9999999.0" le="9999999.0"/>` +
    `<detail><contact callsign="${xml(f.name || kind)}"/><color argb="${colour}"/><usericon iconsetpath="COT_MAPPING_SPOTMAP/b-m-p-s-m/${colour}"/>` +
    `<remarks>${xml(remarks)}</remarks><archive/></detail></event>\n`
  );
}

export interface TakPackage {
  bytes: Uint8Array;
  fileName: string;
  /** The zip entries listed in the manifest. */
  entries: string[];
}

export function buildTakPackage(bundle: OperationBundle, options: { now?: Date; uid?: string } = {}): TakPackage {
  const now = options.now ?? new Date();
  const op = bundle.operation;
  const uid = options.uid ?? op.id;
  const base = safeName(op.name);
  const files: Zippable = {};
  const entries: string[] = [];
  const kmlEntry = `${uid}/${base}.kml`;
  files[kmlEntry] = strToU8(toKml(bundle));
  entries.push(kmlEntry);
  for (const f of bundle.features) {
    const cot = cotForPoint(f, bundle, now);
    if (!cot) continue;
    const entry = `${uid}/points/${safeName(f.id)}.cot`;
    files[entry] = strToU8(cot);
    entries.push(entry);
  }
  const manifest =
    `<?xml version="1.0" encoding="UTF-8"?>\n<MissionPackageManifest version="2">\n` +
    `  <Configuration>\n` +
    `    <Parameter name="uid" value="${xml(uid)}"/>\n` +
    `    <Parameter name="name" value="${xml(`${op.marking} ${op.name}`)}"/>\n` +
    `    <Parameter name="remarks" value="${xml(`Protective marking: ${op.marking}. Plan exported from Cordon ${now.toISOString()}.`)}"/>\n` +
    `  </Configuration>\n  <Contents>\n` +
    entries
      .map(
        (e) =>
          `    <Content ignore="false" zipEntry="${xml(e)}">${e.endsWith('.cot') ? `<Parameter name="uid" value="${xml(e.slice(e.lastIndexOf('/') + 1, -4))}"/>` : ''}</Content>\n`,
      )
      .join('') +
    `  </Contents>\n</MissionPackageManifest>\n`;
  files['MANIFEST/manifest.xml'] = strToU8(manifest);
  return { bytes: zipSync(files, { level: 6, mtime: now }), fileName: `${base}-TAK.zip`, entries };
}
