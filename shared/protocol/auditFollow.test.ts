import { describe, expect, it } from 'vitest';
import { parseRowObject, rowObject } from './auditFollow';

describe('row objects in the audit trail', () => {
  it('names a row and reads the name back, operation ids with a slash included', () => {
    for (const r of [
      { operationId: 'op-kingfisher', table: 'features', key: 'f-1' },
      { operationId: 'met/2026/carnival', table: 'units', key: 'u-7' },
      { operationId: 'op-kingfisher', table: 'operations', key: 'op-kingfisher' },
    ] as const)
      expect(parseRowObject(rowObject(r))).toEqual(r);
    expect(rowObject({ operationId: 'op', table: 'assignments', key: 'a1' })).toBe('assignment:op/a1');
  });

  it('treats a partial or unknown object as a text filter, not a row', () => {
    for (const o of ['feature:', 'feature:op', 'feature:op/', 'feature:/f1', 'user:u1', 'alert:op/a1', 'operation:']) expect(parseRowObject(o)).toBeNull();
  });
});
