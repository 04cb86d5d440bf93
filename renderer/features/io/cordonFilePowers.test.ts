import { describe, expect, it } from 'vitest';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { generateOperation } from '../../../bench/fixtures/generateOperation';
import { Power } from '../../../shared/powers';
import { readCordonFile, writeCordonFile } from './cordonFile';
import { sha256Hex } from './sha256';

const base = generateOperation({ units: 2, features: 4, assignments: 0, seed: 5 });
const power = Power.parse({
  id: 'pw-1',
  type: 's60',
  authoriser: { name: 'Ada Hale', rank: 'superintendent', collar: '4410' },
  grounds: 'Knives.',
  areaFeatureId: base.features[0]!.id,
  startsAt: base.operation.startsAt,
  endsAt: base.operation.endsAt,
  authorisedAt: base.operation.startsAt,
  extensions: [
    {
      by: { name: 'Bo Chan', rank: 'chiefSuperintendent', collar: '7' },
      at: base.operation.startsAt,
      recordedAt: base.operation.startsAt,
      newEndsAt: new Date(Date.parse(base.operation.endsAt) + 3600_000).toISOString(),
      grounds: 'More.',
    },
  ],
});
const bundle = { ...base, operation: { ...base.operation, powers: [power] } };

describe('.cordon files carry the powers register', () => {
  it('round-trips every power, with its extensions', () => {
    const r = readCordonFile(writeCordonFile(bundle));
    expect(r.ok && r.value.operation.powers).toEqual([power]);
  });

  it('refuses a file whose power has a rank that does not exist, naming where', () => {
    const entries = unzipSync(writeCordonFile(bundle));
    const op = JSON.parse(new TextDecoder().decode(entries['operation.json']!));
    op.operation.powers[0].authoriser.rank = 'generalissimo';
    const opBytes = strToU8(JSON.stringify(op));
    const manifest = JSON.parse(new TextDecoder().decode(entries['manifest.json']!));
    manifest.sha256 = sha256Hex(opBytes);
    const bytes = zipSync({ 'manifest.json': strToU8(JSON.stringify(manifest)), 'operation.json': opBytes });
    const r = readCordonFile(bytes, 'halberd.cordon');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^halberd\.cordon: .*operation\.powers\[0\]\.authoriser\.rank: .*"inspector"/);
  });
});
