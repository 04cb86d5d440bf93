import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNodeCot } from '../testing';
import { parseCotEvent } from './parse';

const CoT = await loadNodeCot();

const REALWORLD = path.resolve(import.meta.dirname, '../../../shared/data/realworld');
const sample = (name: string) => {
  const text = readFileSync(path.join(REALWORLD, name), 'utf8');
  return text.slice(text.indexOf('<event'));
};
const opts = { expectedIntervalS: 15 };

describe('parseCotEvent', () => {
  it('maps a real ATAK PLI (single-quoted attributes)', () => {
    const r = parseCotEvent(sample('cot-real-atak-pli.xml'), opts);
    expect(r).toEqual({
      ok: true,
      device: { id: 'ANDROID-000000000000000', callSign: 'C0rv0', type: 'a-f-G-U-C' },
      time: '2020-02-08T18:24:55.000Z',
      report: {
        id: 'ANDROID-000000000000000',
        callSign: 'C0rv0',
        type: 'a-f-G-U-C',
        lon: -66.12627,
        lat: 43.967295,
        accuracyM: 23.5,
        headingDeg: 209.49418484,
        speedMps: 0.97000003,
        status: 'available',
        source: 'cot',
        time: '2020-02-08T18:24:55.000Z',
        staleAt: '2020-02-08T18:25:49.000Z',
        expectedIntervalS: 15,
      },
    });
  });

  it('maps a real iTAK PLI (no declaration, two-digit fractions, unknown ce)', () => {
    const r = parseCotEvent(sample('cot-real-itak-pli.xml'), opts);
    if (!r.ok || !r.report) throw new Error('no report');
    expect(r.report).toMatchObject({
      id: 'C94B9215-9BD4-4DBE-BDE1-83625F09153F',
      callSign: 'DFPC-iSchmidt',
      type: 'a-f-G-E-V-C',
      time: '2023-07-18T15:23:09.000Z',
    });
    expect(r.report.accuracyM).toBeUndefined();
    expect(r.report.headingDeg).toBeCloseTo(137.2354, 3);
    expect(r.report.speedMps).toBe(0);
  });

  it('turns a real ATAK 911 alert into an emergency for the linked device', () => {
    const r = parseCotEvent(sample('cot-real-atak-911-alert.xml'), opts);
    if (!r.ok) throw new Error(r.error);
    expect(r.device).toEqual({ id: 'ANDROID-000000000000000', callSign: 'SUMMER', type: 'a-f-G-U-C' });
    expect(r.report).toMatchObject({ id: 'ANDROID-000000000000000', callSign: 'SUMMER', type: 'a-f-G-U-C', status: 'emergency', accuracyM: 11.7 });
    expect(r.emergency).toEqual({ label: '911 Alert', cancel: false });
  });

  it('reads messages built by an independent library (@tak-ps/node-cot)', () => {
    const now = new Date();
    const cot = CoT.from_geojson({
      type: 'Feature',
      id: 'dev-42',
      properties: {
        type: 'a-f-G-U-C',
        how: 'm-g',
        callsign: 'CX21',
        course: 90,
        speed: 1.5,
        time: now.toISOString(),
        start: now.toISOString(),
        stale: new Date(now.getTime() + 60_000).toISOString(),
      },
      geometry: { type: 'Point', coordinates: [-0.126, 51.5218, 10] },
    });
    const r = parseCotEvent(cot.to_xml(), opts);
    if (!r.ok) throw new Error(r.error);
    expect(r.report).toMatchObject({ id: 'dev-42', callSign: 'CX21', lon: -0.126, lat: 51.5218, headingDeg: 90, speedMps: 1.5, time: now.toISOString() });
  });

  it('recognises a cancel', () => {
    const xml = `<event version="2.0" uid="dev-1-9-1-1" type="b-a-o-can" time="2024-01-01T00:00:00Z" start="2024-01-01T00:00:00Z" stale="2024-01-01T00:00:10Z" how="h-e"><point lat="51.5" lon="-0.1" hae="0" ce="10" le="10"/><detail><link uid="dev-1" type="a-f-G-U-C" relation="p-p"/><emergency cancel="true">BOB</emergency></detail></event>`;
    const r = parseCotEvent(xml, opts);
    expect(r.ok && r.emergency).toEqual({ label: 'Emergency', cancel: true });
    expect(r.ok && r.report?.status).toBe('available');
    expect(r.ok && r.report?.id).toBe('dev-1');
  });

  it('refuses malformed XML, entity tricks, missing parts, no fix and non-positions', () => {
    const bad = (xml: string) => {
      const r = parseCotEvent(xml, opts);
      return r.ok ? 'ok' : r.kind;
    };
    expect(bad('<event uid="x" type="a-f-G"><point lat="1" lon="2"></event>')).toBe('malformed');
    expect(bad('<!DOCTYPE x [<!ENTITY a "aaaa">]><event uid="&a;" type="a-f"/>')).toBe('malformed');
    expect(bad('<event type="a-f-G" time="2024-01-01T00:00:00Z"><point lat="1" lon="2"/></event>')).toBe('invalid');
    expect(bad('<event uid="x" type="a-f-G" time="2024-01-01T00:00:00Z"/>')).toBe('noFix');
    expect(bad('<event uid="x" type="a-f-G" time="yesterday"><point lat="1" lon="2"/></event>')).toBe('invalid');
    expect(bad('<event uid="x" type="a-f-G" time="2024-01-01T00:00:00Z"><point lat="95" lon="2"/></event>')).toBe('noFix');
    expect(bad('<event uid="x" type="a-f-G" time="2024-01-01T00:00:00Z"><point lat="9999999" lon="9999999"/></event>')).toBe('noFix');
    expect(bad('<event uid="x" type="a-f-G" time="2024-01-01T00:00:00Z"><point lat="1" lon="-181"/></event>')).toBe('noFix');
    expect(bad('<event uid="x" type="a-f-G" time="2024-01-01T00:00:00Z"><point lat="x" lon="2"/></event>')).toBe('invalid');
    expect(bad('<event uid="x" type="a-f-G" time="2024-01-01T00:00:00Z"><point lat="0" lon="0" hae="9999999"/></event>')).toBe('noFix');
    expect(bad('<event uid="x" type="t-x-c-t" time="2024-01-01T00:00:00Z"><point lat="1" lon="2"/></event>')).toBe('ignored');
    expect(bad('<event uid="x" type="a-h-G" time="2024-01-01T00:00:00Z"><point lat="1" lon="2"/></event>')).toBe('ignored');
  });
});

describe('parseCotEvent: emergencies without a fix', () => {
  const sos = (type: string, point: string, extra = '') =>
    `<event version="2.0" uid="dev-7-9-1-1" type="${type}" time="2024-01-01T00:00:00Z" start="2024-01-01T00:00:00Z" stale="2024-01-01T00:00:10Z" how="h-e">${point}<detail><link uid="dev-7" type="a-f-G-U-C-I" relation="p-p"/><contact callsign="BRAVO-Alert"/>${extra}</detail></event>`;

  it.each([
    ['b-a-o-tbl', '911 Alert'],
    ['b-a-o-pan', 'Ring The Bell'],
    ['b-a-o-opn', 'Troops In Contact'],
    ['b-a-o-c', 'Custom emergency'],
  ])('returns a %s at 0,0 or without a point as an emergency for the device with no report', (type, label) => {
    for (const point of [
      '<point lat="0" lon="0" hae="9999999" ce="9999999" le="9999999"/>',
      '',
      '<point lat="9999999" lon="9999999"/>',
      '<point lat="91" lon="0.1"/>',
    ]) {
      const r = parseCotEvent(sos(type, point), opts);
      expect(r).toEqual({
        ok: true,
        report: null,
        device: { id: 'dev-7', callSign: 'BRAVO', type: 'a-f-G-U-C-I' },
        time: '2024-01-01T00:00:00.000Z',
        emergency: { label, cancel: false },
      });
    }
  });

  it('returns an <emergency> detail and a cancel without a fix', () => {
    const detail = parseCotEvent(sos('a-f-G-U-C', '<point lat="0" lon="0"/>', '<emergency type="Geo-fence Breached">BRAVO</emergency>'), opts);
    expect(detail).toMatchObject({
      ok: true,
      report: null,
      device: { id: 'dev-7', callSign: 'BRAVO' },
      emergency: { label: 'Geo-fence Breached', cancel: false },
    });
    const can = parseCotEvent(sos('b-a-o-can', '', '<emergency cancel="true">BRAVO</emergency>'), opts);
    expect(can).toMatchObject({ ok: true, report: null, device: { id: 'dev-7' }, emergency: { cancel: true } });
    const cancelAttr = parseCotEvent(sos('a-f-G-U-C', '<point lat="0" lon="0"/>', '<emergency cancel="true">BRAVO</emergency>'), opts);
    expect(cancelAttr).toMatchObject({ ok: true, report: null, emergency: { cancel: true } });
  });

  it('keeps the position of an emergency that has one, and names the device of an ordinary report', () => {
    const r = parseCotEvent(sos('b-a-o-tbl', '<point lat="51.5" lon="-0.1" ce="12"/>'), opts);
    expect(r).toMatchObject({
      ok: true,
      device: { id: 'dev-7', callSign: 'BRAVO', type: 'a-f-G-U-C-I' },
      report: { id: 'dev-7', lat: 51.5, lon: -0.1, status: 'emergency' },
    });
    const pli = parseCotEvent(
      '<event uid="p-1" type="a-f-G-U-C" time="2024-01-01T00:00:00Z"><point lat="1" lon="2"/><detail><contact callsign="P1"/></detail></event>',
      opts,
    );
    expect(pli).toMatchObject({ ok: true, device: { id: 'p-1', callSign: 'P1', type: 'a-f-G-U-C' }, report: { id: 'p-1' } });
    expect(pli.ok && pli.emergency).toBeUndefined();
  });
});
