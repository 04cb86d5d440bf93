import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MARKING_REFUSED, type OperationBundle } from '../../../shared/domain';
import { sampleBundle } from '../../../tests/fixtures/io/sampleBundle';
import { readCordonFile, readCordonFileWithManifest, writeCordonFile } from './cordonFile';
import { sha256Hex } from './sha256';

const at = new Date('2025-08-20T09:30:00Z');

function write(bundle: OperationBundle = sampleBundle()): Uint8Array {
  return writeCordonFile(bundle, { appVersion: '0.1.0', exportedAt: at });
}

/** Rebuilds a .cordon zip with some entries replaced, to forge broken files. */
function forge(entries: Record<string, unknown>): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, v] of Object.entries(entries)) files[name] = v instanceof Uint8Array ? v : strToU8(typeof v === 'string' ? v : JSON.stringify(v));
  return zipSync(files);
}

function parts(bytes: Uint8Array) {
  const z = unzipSync(bytes);
  return {
    manifest: JSON.parse(new TextDecoder().decode(z['manifest.json'])) as Record<string, unknown>,
    operation: JSON.parse(new TextDecoder().decode(z['operation.json'])) as Record<string, unknown>,
  };
}

function readError(bytes: Uint8Array): string {
  const r = readCordonFile(bytes, 'harbour.cordon');
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

describe('.cordon files', () => {
  it('round-trips: write then read gives a deep-equal bundle', () => {
    const bundle = sampleBundle();
    const r = readCordonFile(write(bundle));
    expect(r).toEqual({ ok: true, value: bundle });
  });

  it('writes a manifest with counts, versions and the checksum of operation.json', () => {
    const bytes = write();
    const z = unzipSync(bytes);
    expect(Object.keys(z)).toEqual(['manifest.json', 'operation.json']);
    const r = readCordonFileWithManifest(bytes);
    expect(r.ok && r.value.manifest).toEqual({
      format: 'cordon-operation',
      schemaVersion: 1,
      appVersion: '0.1.0',
      exportedAt: '2025-08-20T09:30:00.000Z',
      operation: { id: sampleBundle().operation.id, name: 'Operation Harbour Light', marking: 'OFFICIAL-SENSITIVE' },
      counts: { phases: 2, features: 8, units: 2, assignments: 1 },
      sha256: sha256Hex(z['operation.json']!),
    });
  });

  it('is deterministic: identical input gives identical bytes, apart from exportedAt', () => {
    expect(write()).toEqual(write());
    const later = writeCordonFile(sampleBundle(), { appVersion: '0.1.0', exportedAt: new Date('2025-08-21T00:00:00Z') });
    expect(later).not.toEqual(write());
    expect(unzipSync(later)['operation.json']).toEqual(unzipSync(write())['operation.json']);
    // Key order in the input does not matter either.
    const shuffled = sampleBundle();
    shuffled.operation = Object.fromEntries(Object.entries(shuffled.operation).reverse()) as typeof shuffled.operation;
    expect(write(shuffled)).toEqual(write());
  });

  it('refuses to write an invalid bundle', () => {
    const bad = sampleBundle();
    bad.operation.name = '';
    expect(() => write(bad)).toThrow(/operation\.name/);
  });

  it('rejects what is not a .cordon file', () => {
    expect(readError(new Uint8Array())).toBe('harbour.cordon: the file is empty');
    expect(readError(strToU8('{"operation":{}}'))).toMatch(/not a Cordon operation file \(a \.cordon file is a zip archive/);
    expect(readError(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0]))).toMatch(/damaged: its zip archive cannot be read/);
    expect(readError(forge({ 'doc.kml': '<kml/>' }))).toMatch(/has no manifest\.json\. It looks like a KMZ/);
    expect(readError(forge({ 'manifest.json': '{nope', 'operation.json': '{}' }))).toMatch(/manifest\.json is not valid JSON/);
    expect(readError(forge({ 'manifest.json': { format: 'kml' } }))).toMatch(/says format "kml", expected "cordon-operation"/);
    expect(readError(new Uint8Array(50 * 1024 * 1024 + 1))).toBe('harbour.cordon: the file is 50 MB; the limit for an operation file is 50 MB');
  });

  it('says which schema version a newer file has and what this app supports', () => {
    const { manifest, operation } = parts(write());
    expect(readError(forge({ 'manifest.json': { ...manifest, schemaVersion: 3, appVersion: '2.4.0' }, 'operation.json': operation }))).toBe(
      'harbour.cordon: it was written by Cordon 2.4.0 with schema version 3, newer than this version of Cordon supports (schema version 1); update Cordon to open it',
    );
    expect(readError(forge({ 'manifest.json': { ...manifest, schemaVersion: 'one' }, 'operation.json': operation }))).toMatch(
      /schema version "one" is not one Cordon knows; this version of Cordon reads schema version 1/,
    );
  });

  it('detects a damaged or edited operation.json', () => {
    const { manifest, operation } = parts(write());
    const edited = { ...operation, units: [] };
    expect(readError(forge({ 'manifest.json': manifest, 'operation.json': edited }))).toMatch(/does not match the checksum/);
    const { sha256: _, ...noHash } = manifest;
    expect(readError(forge({ 'manifest.json': noHash, 'operation.json': edited }))).toMatch(/lists 2 units but operation\.json holds 0/);
    expect(readError(forge({ 'manifest.json': noHash }))).toMatch(/has no operation\.json/);
  });

  it('summarises schema problems with their paths', () => {
    const { manifest, operation } = parts(write());
    const { sha256: _, ...noHash } = manifest;
    const bad = structuredClone(operation) as { features: Array<{ geometry: { coordinates: unknown } }>; operation: { status: string } };
    bad.features[3]!.geometry.coordinates = [-0.2, 123];
    bad.operation.status = 'finished';
    const e = readError(forge({ 'manifest.json': noHash, 'operation.json': bad }));
    expect(e).toMatch(/^harbour\.cordon: its operation data is invalid: /);
    expect(e).toContain('operation.status:');
    expect(e).toContain('features[3].geometry.coordinates[1]:');
  });

  it('rejects broken cross-references', () => {
    const { manifest, operation } = parts(write());
    const { sha256: _, ...noHash } = manifest;
    const bad = structuredClone(operation) as OperationBundle;
    bad.assignments[0]!.unitId = 'ghost';
    bad.features[1]!.phaseIds = ['nope'];
    expect(readError(forge({ 'manifest.json': noHash, 'operation.json': bad }))).toBe(
      'harbour.cordon: its operation data is inconsistent: features[1] ("Outer cordon north") refers to a phase "nope" that is not in the file; ' +
        'assignments[0] refers to a unit "ghost" that is not in the file',
    );
  });
});

describe('.cordon files marked above OFFICIAL-SENSITIVE', () => {
  it.each(['SECRET', 'TOP SECRET', 'top-secret'])('refuses one marked %s, saying Cordon must not hold it', (marking) => {
    const { manifest, operation } = parts(write());
    const op = { ...operation, operation: { ...(operation.operation as object), marking } };
    const bytes = forge({
      'manifest.json': { ...manifest, operation: { ...(manifest.operation as object), marking }, sha256: undefined },
      'operation.json': op,
    });
    const expected = `harbour.cordon: it is marked ${marking.toUpperCase().replace('-', ' ')}. ${MARKING_REFUSED}`;
    expect(readError(bytes)).toBe(expected);
  });
  it('refuses one whose operation is SECRET even when its manifest says OFFICIAL', () => {
    const { manifest, operation } = parts(write());
    const op = { ...operation, operation: { ...(operation.operation as object), marking: 'SECRET' } };
    expect(readError(forge({ 'manifest.json': { ...manifest, sha256: undefined }, 'operation.json': op }))).toBe(
      `harbour.cordon: it is marked SECRET. ${MARKING_REFUSED}`,
    );
  });
});
