// eslint-disable-next-line no-restricted-imports -- Node-only test code (fixtures, reference hash)
import { readFileSync } from 'node:fs';
// eslint-disable-next-line no-restricted-imports -- Node-only test code (fixtures, reference hash)
import path from 'node:path';
// eslint-disable-next-line no-restricted-imports -- Node-only test code (fixtures, reference hash)
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseNominalRoll, parseTime, resolveUnitType, type NominalRollPreview } from './nominalRoll';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = new Uint8Array(readFileSync(path.join(repoRoot, 'tests/fixtures/io/nominal-roll.csv')));
const options = { operationId: 'op-1', operationDate: '2025-08-24', existingCallSigns: ['exist1', 'U50'] };

function preview(input: string | Uint8Array = fixture, opts = options): NominalRollPreview {
  const r = parseNominalRoll(input, opts);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('parseNominalRoll: the hand-made fixture', () => {
  const p = preview();
  const row = (line: number) => p.rows.find((r) => r.line === line)!;

  it('finds every row, with the line it starts on (blank lines skipped, multi-line notes kept)', () => {
    expect(p.rows.map((r) => r.line)).toEqual([2, 3, 4, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(p.warnings).toEqual(['The column "Vehicle Reg" is not one Cordon knows; it was ignored.']);
  });

  it('builds valid units from aliases, labels and every time format', () => {
    expect(p.validUnits.map((u) => u.callSign)).toEqual(['U2', 'MO1', 'DOG3', 'ARV 7']);
    expect(row(3).unit).toMatchObject({
      operationId: 'op-1',
      type: 'tsg',
      strength: { inspectors: 0, sergeants: 1, constables: 6, staff: 0 },
      homeForce: 'Metropolitan Police',
      talkgroup: 'HL-2',
      shiftStart: '2025-08-24T07:00:00+01:00',
      shiftEnd: '2025-08-24T19:00:00+01:00',
    });
    expect(row(4).unit).toMatchObject({
      type: 'mounted',
      shiftStart: '2025-08-24T22:00:00+01:00',
      shiftEnd: '2025-08-25T06:00:00+01:00', // a night shift ends the next day
      notes: 'Night cover\nstables at Hyde Park',
    });
    expect(row(6).unit).toMatchObject({
      type: 'dogs',
      strength: { inspectors: 0, sergeants: 0, constables: 2, staff: 0 },
      shiftStart: '2025-08-24T08:00:00+01:00',
      shiftEnd: '2025-08-24T16:00:00Z',
    });
    expect(row(16).unit).toMatchObject({ callSign: 'ARV 7', type: 'armed', shiftStart: '2025-08-24T10:00:00+01:00', notes: 'Armed, on standby' });
  });

  it('gives each bad row its own readable errors', () => {
    const errors = Object.fromEntries(p.rows.filter((r) => r.errors.length).map((r) => [r.line, r.errors]));
    expect(errors).toEqual({
      2: ['call sign "U1" appears more than once (lines 2, 10)'],
      8: [expect.stringMatching(/^the unit type "Cavalry" is not recognised \(use a code or name such as PSU, TSG serial/)],
      9: ['sergeants "three" is not a whole number'],
      10: ['call sign "U1" appears more than once (lines 2, 10)'],
      11: ['the call sign is missing'],
      12: ['shift start: "25:00" is not a time of day (00:00 to 23:59)'],
      13: ['the shift ends before it starts'],
      14: ['inspectors: Too big: expected number to be <=100'],
      15: ['call sign "EXIST1" is already used in this operation'],
    });
    expect(p.rows.filter((r) => r.errors.length).every((r) => r.unit === undefined)).toBe(true);
    expect(row(8).cells).toMatchObject({ callSign: 'U9', type: 'Cavalry' });
  });
});

describe('parseNominalRoll: file-level problems', () => {
  it('needs call sign and type columns', () => {
    expect(parseNominalRoll('name,pc\nU1,3\n', options)).toEqual({
      ok: false,
      error: expect.stringMatching(/^The nominal roll has no "call sign" or "type" column\. Expected headers such as: call sign, type/),
    });
    expect(parseNominalRoll('', options)).toMatchObject({ ok: false, error: expect.stringMatching(/is empty/) });
  });

  it('checks its options and its limits', () => {
    expect(parseNominalRoll('callsign,type\n', { ...options, operationDate: '24/08/2025' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('not a date'),
    });
    expect(parseNominalRoll('callsign,type\n', { ...options, timeZone: 'Nowhere/Land' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('not known'),
    });
    const many = 'callsign,type\n' + Array.from({ length: 5001 }, (_, i) => `U${i},PSU`).join('\n');
    expect(parseNominalRoll(many, options)).toEqual({ ok: false, error: 'The nominal roll has 5,001 rows; the limit is 5,000.' });
    expect(parseNominalRoll(new Uint8Array(5 * 1024 * 1024 + 1), options)).toMatchObject({ ok: false, error: expect.stringContaining('the limit is 5 MB') });
  });

  it('accepts semicolons, tabs, odd header spacing and reports unclosed quotes and extra cells', () => {
    const p = preview('CALL SIGN;unit_type;P.C.\nU1;psu;18\n', options);
    expect(p.validUnits[0]).toMatchObject({ callSign: 'U1', type: 'psu', strength: { constables: 18 } });
    const q = preview('callsign,type\nU1,PSU,extra\nU2,"PSU\n', options);
    expect(q.rows[0]?.errors).toEqual(['the row has 3 cells but the header has 2']);
    expect(q.rows[1]?.errors[0]).toMatch(/quotation mark is not closed/);
  });
});

describe('helpers', () => {
  it('resolveUnitType reads codes, labels, aliases and plurals', () => {
    expect(['psu', 'PSU', 'PSUs', 'TSG serial', 'tsg', 'Mounted', 'Police Liaison Team', 'Dog unit', 'EGT', 'ARV', 'x'].map(resolveUnitType)).toEqual([
      'psu',
      'psu',
      'psu',
      'tsg',
      'tsg',
      'mounted',
      'plt',
      'dogs',
      'evidence',
      'armed',
      undefined,
    ]);
  });

  it('parseTime handles winter dates and rejects nonsense', () => {
    expect(parseTime('0730', '2025-01-10', 'Europe/London')).toMatchObject({ iso: '2025-01-10T07:30:00+00:00' });
    expect(parseTime('2025-01-10T07:30', '2025-08-24', 'Europe/London')).toMatchObject({ iso: '2025-01-10T07:30:00+00:00' });
    expect(parseTime('2025-01-10 07:30+0100', '2025-08-24', 'Europe/London')).toMatchObject({ iso: '2025-01-10T07:30:00+01:00' });
    expect(parseTime('31/02/2025 07:00', '2025-08-24', 'Europe/London')).toEqual({ error: '"31/02/2025 07:00" has an impossible date' });
    expect(parseTime('soon', '2025-08-24', 'Europe/London')).toMatchObject({ error: expect.stringContaining('is not a time') });
  });
});
