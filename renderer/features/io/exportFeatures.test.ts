import { DOMParser as XmldomParser } from '@xmldom/xmldom';
import { kml, kmlWithFolders, type Folder } from '@tmcw/togeojson';
import { strToU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PlanFeature } from '../../../shared/domain';
import { sampleBundle } from '../../../tests/fixtures/io/sampleBundle';
import { toGeoJson, toKml, type ExportedCollection } from './exportFeatures';
import { parsePlanFile } from './importFeatures';

beforeAll(() => {
  class QuietParser extends XmldomParser {
    constructor() {
      super({ onError: () => undefined });
    }
  }
  (globalThis as { DOMParser?: unknown }).DOMParser = QuietParser;
});

const essentials = (f: PlanFeature) => ({
  kind: f.kind,
  name: f.name,
  notes: f.notes,
  bronze: f.bronze,
  phaseIds: f.phaseIds,
  geometry: f.geometry,
  props: f.props,
});

describe('toGeoJson', () => {
  it('writes a FeatureCollection with readable and namespaced properties', async () => {
    const bundle = sampleBundle();
    const fc = JSON.parse(toGeoJson(bundle)) as ExportedCollection;
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.marking).toBe('OFFICIAL-SENSITIVE');
    expect(fc['cordon:format']).toBe('cordon-features');
    expect(fc.features).toHaveLength(bundle.features.length);
    const cordon = fc.features.find((f) => f.id === 'f-cordon')!;
    expect(cordon.properties).toMatchObject({
      name: 'Outer cordon north',
      kind: 'Cordon',
      category: 'Outer cordon',
      bronze: 'Cordons Bronze',
      phases: 'Procession',
      'cordon:kind': 'cordon',
      'cordon:phaseIds': ['ph-proc'],
    });
    expect(fc.features.find((f) => f.id === 'f-sector')?.properties).toMatchObject({ fill: '#1f77b4', phases: 'All phases' });
  });

  it('round-trips through parsePlanFile: kinds, fields, geometry and phases restored', async () => {
    const bundle = sampleBundle();
    const r = await parsePlanFile('harbour-light.geojson', strToU8(toGeoJson(bundle)), 'another-op', { phases: bundle.phases });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.fromCordon).toBe(true);
    expect(r.value.warnings).toEqual([]);
    expect(r.value.features.map(essentials)).toEqual(bundle.features.map(essentials));
    expect(r.value.features.every((f) => f.operationId === 'another-op' && !bundle.features.some((b) => b.id === f.id))).toBe(true);
  });

  it('matches phases by name in another operation, and warns about phases it lacks', async () => {
    const bundle = sampleBundle();
    const r = await parsePlanFile('x.geojson', strToU8(toGeoJson(bundle)), 'op-2', { phases: [{ id: 'other-proc', name: 'procession' }] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.features.find((f) => f.name === 'Outer cordon north')?.phaseIds).toEqual(['other-proc']);
    expect(r.value.features.find((f) => f.name === 'Procession route')?.phaseIds).toEqual(['other-proc']);
    expect(r.value.warnings).toEqual([
      '1 feature was limited to phases this operation does not have ("Build-up"); check their phases after import (a feature with no phases is active in every phase).',
    ]);
  });
});

describe('toKml', () => {
  it('writes a folder per kind inside a folder carrying the marking', async () => {
    const bundle = sampleBundle();
    const doc = new DOMParser().parseFromString(toKml(bundle), 'text/xml');
    const root = kmlWithFolders(doc);
    expect(root.children).toHaveLength(1);
    const top = root.children[0] as Folder;
    expect(top.meta.name).toBe('OFFICIAL-SENSITIVE: Operation Harbour Light');
    expect(top.children.map((c) => (c as Folder).meta.name)).toEqual([
      'Sector',
      'Cordon',
      'Route',
      'Key location',
      'Post',
      'Legal authority area',
      'Circle (radius)',
      'Text annotation',
    ]);
  });

  it('every feature is found again by togeojson, with its name and kind', async () => {
    const bundle = sampleBundle();
    const fc = kml(new DOMParser().parseFromString(toKml(bundle), 'text/xml'));
    expect(fc.features).toHaveLength(bundle.features.length);
    for (const f of bundle.features) {
      const back = fc.features.find((b) => b.id === f.id);
      expect(back, f.id).toBeDefined();
      expect(back?.properties?.['cordon:kind']).toBe(f.kind);
      if (f.name) expect(back?.properties?.name).toBe(f.name);
      expect(back?.geometry).toEqual(f.geometry);
    }
  });

  it('round-trips through parsePlanFile', async () => {
    const bundle = sampleBundle();
    const r = await parsePlanFile('harbour-light.kml', strToU8(toKml(bundle)), bundle.operation.id, { phases: bundle.phases });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.sourceFormat).toBe('kml');
    expect(r.value.warnings).toEqual([]);
    expect(r.value.features.map(essentials)).toEqual(bundle.features.map(essentials));
  });
});

describe('toKml styles', () => {
  it('gives every placemark a style in the colours the map draws, which togeojson reads back', async () => {
    const bundle = sampleBundle();
    const text = toKml(bundle);
    const doc = new DOMParser().parseFromString(text, 'text/xml');
    expect(doc.getElementsByTagName('Placemark').length).toBe(bundle.features.length);
    expect(doc.getElementsByTagName('styleUrl').length).toBe(bundle.features.length);
    const fc = kml(doc);
    const { symbolFor } = await import('../../map/symbology');
    for (const f of bundle.features) {
      const back = fc.features.find((b) => b.id === f.id)!;
      const colour = symbolFor(f).colour.toLowerCase();
      const drawn = f.geometry.type === 'Point' ? back.properties?.['icon-color'] : back.properties?.stroke;
      expect(drawn, `${f.kind} ${f.name}`).toBe(colour);
    }
  });

  it('writes KML colours as aabbggrr', async () => {
    const { kmlColour } = await import('./kmlStyles');
    expect(kmlColour('#e53935')).toBe('ff3539e5');
    expect(kmlColour('#2f80ed', 0.14)).toBe('24ed802f');
  });
});
