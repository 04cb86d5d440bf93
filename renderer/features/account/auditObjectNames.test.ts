import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/protocol';
import { auditObjectNames } from './auditObjectNames';

const entry = (object: string, loggedAt: string, before: unknown, after: unknown): AuditEntry =>
  ({
    seq: 1,
    eventTime: loggedAt,
    loggedAt,
    user: 'Alice Archer (PS 2001)',
    action: 'sync.change',
    object,
    result: 'ok',
    change: { table: 'features', key: 'f1', seq: 1, changeSetId: 'c1', label: 'Rename', outcome: 'applied', before, after },
  }) as unknown as AuditEntry;

describe('auditObjectNames', () => {
  it('names a row by the newest name its changes carry, and a unit by its call sign', () => {
    const names = auditObjectNames(
      [
        entry('feature:op/f1', '2026-12-05T10:02:00Z', { name: 'Sector 1 North' }, { name: 'Sector 1 (North)' }),
        entry('feature:op/f1', '2026-12-05T10:01:00Z', { name: 'Sector 1' }, { name: 'Sector 1 North' }),
        entry('unit:op/u1', '2026-12-05T10:01:00Z', null, { callSign: 'CX21' }),
      ],
      [],
    );
    expect(names.get('feature:op/f1')).toBe('Sector 1 (North)');
    expect(names.get('unit:op/u1')).toBe('CX21');
  });

  it('names a deleted row by what it was, an operation from this workstation, and leaves the unknown unnamed', () => {
    const names = auditObjectNames([entry('feature:op/f2', '2026-12-05T10:00:00Z', { name: 'Old post' }, null)], [{ id: 'op', name: 'Operation Kingfisher' }]);
    expect(names.get('feature:op/f2')).toBe('Old post');
    expect(names.get('operation:op')).toBe('Operation Kingfisher');
    expect(names.has('user:u9')).toBe(false);
  });
});
