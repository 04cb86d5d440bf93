import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/protocol';
import { auditCsv, auditJsonl } from './auditExport';

const entry = (p: Partial<AuditEntry> = {}): AuditEntry => ({
  seq: 1,
  eventTime: '2026-06-13T10:00:00.000Z',
  loggedAt: '2026-06-13T10:00:01.000Z',
  user: 'Jane Smith (Insp 4521)',
  userId: 'u1',
  workstation: 'ws-1',
  action: 'alert.acknowledge',
  object: 'alert:op/a1',
  operationId: 'op',
  result: 'ok',
  detail: 'acknowledged',
  ...p,
});

describe('audit exports', () => {
  it('writes CSV a spreadsheet reads back cell for cell, quoting commas, quotes and new lines', () => {
    const csv = auditCsv([entry({ detail: 'said "stop", then\nleft' }), entry({ seq: 2, userId: null, operationId: null })]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('seq,eventTime,loggedAt,user,userId,workstation,action,object,operationId,result,detail,outcome,changeSetId,before,after');
    expect(lines[1]).toBe(
      '1,2026-06-13T10:00:00.000Z,2026-06-13T10:00:01.000Z,Jane Smith (Insp 4521),u1,ws-1,alert.acknowledge,alert:op/a1,op,ok,"said ""stop"", then\nleft",,,,',
    );
    expect(lines[2]).toBe(
      '2,2026-06-13T10:00:00.000Z,2026-06-13T10:00:01.000Z,Jane Smith (Insp 4521),,ws-1,alert.acknowledge,alert:op/a1,,ok,acknowledged,,,,',
    );
  });

  it('never lets a typed detail become a spreadsheet formula', () => {
    expect(auditCsv([entry({ detail: '=HYPERLINK("http://x")' })])).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it('carries a synced change with its outcome and the row before and after, read back as JSON', () => {
    const before = { id: 'f1', name: 'Sector 1', notes: 'say "hi", then, go' };
    const after = { ...before, name: 'Sector North' };
    const change = { table: 'features', key: 'f1', seq: 4, changeSetId: 'cs-1234-abcd', label: 'Rename', outcome: 'merged', before, after } as const;
    const csv = auditCsv([entry({ action: 'sync.change', object: 'feature:op/f1', change })]);
    const [header, row] = csv.split('\r\n');
    expect(header?.split(',').slice(-4)).toEqual(['outcome', 'changeSetId', 'before', 'after']);
    expect(row).toContain(',merged,cs-1234-abcd,');
    // The JSON cells survive CSV quoting: unquote the last two cells and parse them.
    const cells = [...row!.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replace(/""/g, '"'));
    expect(cells.slice(-2).map((c) => JSON.parse(c) as unknown)).toEqual([before, after]);
    const line = JSON.parse(auditJsonl([entry({ change })])) as AuditEntry;
    expect(line.change).toEqual(change);
  });

  it('writes one JSON entry per line, as the server gave it', () => {
    const lines = auditJsonl([entry(), entry({ seq: 2 })])
      .trimEnd()
      .split('\n');
    expect(lines.map((l) => (JSON.parse(l) as AuditEntry).seq)).toEqual([1, 2]);
    expect(auditJsonl([])).toBe('');
  });
});
