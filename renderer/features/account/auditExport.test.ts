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
    expect(lines[0]).toBe('seq,eventTime,loggedAt,user,userId,workstation,action,object,operationId,result,detail');
    expect(lines[1]).toBe(
      '1,2026-06-13T10:00:00.000Z,2026-06-13T10:00:01.000Z,Jane Smith (Insp 4521),u1,ws-1,alert.acknowledge,alert:op/a1,op,ok,"said ""stop"", then\nleft"',
    );
    expect(lines[2]).toBe('2,2026-06-13T10:00:00.000Z,2026-06-13T10:00:01.000Z,Jane Smith (Insp 4521),,ws-1,alert.acknowledge,alert:op/a1,,ok,acknowledged');
  });

  it('never lets a typed detail become a spreadsheet formula', () => {
    expect(auditCsv([entry({ detail: '=HYPERLINK("http://x")' })])).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it('writes one JSON entry per line, as the server gave it', () => {
    const lines = auditJsonl([entry(), entry({ seq: 2 })])
      .trimEnd()
      .split('\n');
    expect(lines.map((l) => (JSON.parse(l) as AuditEntry).seq)).toEqual([1, 2]);
    expect(auditJsonl([])).toBe('');
  });
});
