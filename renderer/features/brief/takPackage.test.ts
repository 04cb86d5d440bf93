import { DOMParser } from '@xmldom/xmldom';
import { kml } from '@tmcw/togeojson';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { generateOperation } from '../../../bench/fixtures/generateOperation';
import { buildTakPackage } from './takPackage';

describe('TAK data package', () => {
  const bundle = generateOperation({ units: 20, features: 120, assignments: 40, seed: 3 });
  const pkg = buildTakPackage(bundle, { now: new Date('2026-06-13T06:00:00Z') });
  const zip = unzipSync(pkg.bytes);

  it('has a version 2 manifest with uid, name and every entry', () => {
    const manifest = zip['MANIFEST/manifest.xml'];
    expect(manifest).toBeDefined();
    const doc = new DOMParser().parseFromString(strFromU8(manifest!), 'text/xml');
    const root = doc.documentElement!;
    expect(root.nodeName).toBe('MissionPackageManifest');
    expect(root.getAttribute('version')).toBe('2');
    const params = Array.from(doc.getElementsByTagName('Parameter')).filter((p) => p.parentNode?.nodeName === 'Configuration');
    const byName = new Map(params.map((p) => [p.getAttribute('name'), p.getAttribute('value')]));
    expect(byName.get('uid')).toBe(bundle.operation.id);
    expect(byName.get('name')).toContain(bundle.operation.name);
    const listed = Array.from(doc.getElementsByTagName('Content')).map((c) => c.getAttribute('zipEntry'));
    expect(listed.sort()).toEqual(pkg.entries.slice().sort());
    for (const e of listed) expect(zip[e!], e!).toBeDefined();
  });

  it('carries every plan feature in its KML, read back by an independent parser', () => {
    const kmlEntry = pkg.entries.find((e) => e.endsWith('.kml'))!;
    const doc = new DOMParser().parseFromString(strFromU8(zip[kmlEntry]!), 'text/xml');
    const fc = kml(doc as unknown as Document);
    const names = fc.features.map((f) => f.properties?.name as string);
    expect(fc.features).toHaveLength(bundle.features.length);
    for (const f of bundle.features) {
      expect(names).toContain(f.name);
      const found = fc.features.find((x) => x.properties?.['cordon:id'] === f.id);
      expect(found, f.name).toBeDefined();
      expect(found!.geometry?.type).toBe(f.geometry.type);
    }
  });

  it('has a CoT marker for every point of the plan, at its position', () => {
    const points = bundle.features.filter((f) => f.geometry.type === 'Point');
    expect(points.length).toBeGreaterThan(5);
    for (const f of points) {
      const entry = pkg.entries.find((e) => e.endsWith(`/${f.id}.cot`));
      expect(entry, f.name).toBeDefined();
      const doc = new DOMParser().parseFromString(strFromU8(zip[entry!]!), 'text/xml');
      const pt = doc.getElementsByTagName('point')[0]!;
      const [lon, lat] = f.geometry.coordinates as [number, number];
      expect(Number(pt.getAttribute('lat'))).toBeCloseTo(lat, 6);
      expect(Number(pt.getAttribute('lon'))).toBeCloseTo(lon, 6);
      expect(doc.getElementsByTagName('contact')[0]!.getAttribute('callsign')).toBe(f.name);
    }
  });
});
