import { describe, expect, it } from 'vitest';
import { parsePrintLogHash, printLogHash } from './printLogRoute';

describe('the decision-log print view address', () => {
  it('round-trips an operation, a log, the marking and the time printed up to', () => {
    const r = { operationId: 'op 1/x', logId: 'bronze-sector-1', marking: 'OFFICIAL-SENSITIVE' as const, upTo: '2026-08-30T12:00:00.000Z' };
    expect(parsePrintLogHash(printLogHash(r))).toEqual(r);
    expect(parsePrintLogHash(printLogHash({ ...r, upTo: null }))).toEqual({ ...r, upTo: null });
  });

  it('refuses what is not a decision log or not a marking', () => {
    expect(parsePrintLogHash('#/print-log/op/control-room?marking=OFFICIAL')).toEqual({
      operationId: 'op',
      logId: 'control-room',
      marking: 'OFFICIAL',
      upTo: null,
    });
    expect(parsePrintLogHash('#/print-log/op/nonsense?marking=OFFICIAL')).toBeNull();
    expect(parsePrintLogHash('#/print-log/op/silver?marking=TOP-SECRET-ISH')).toBeNull();
    expect(parsePrintLogHash('#/print-log/%E0%A4%A/silver?marking=OFFICIAL')).toBeNull();
    expect(parsePrintLogHash('#/print/op')).toBeNull();
  });
});
