import { describe, expect, it } from 'vitest';
import { chosenOperationId, knownOperations } from './rolesOperations';

describe('the roles form operation choice', () => {
  const users = [{ memberships: [{ operationId: 'op-heron', roles: ['planner' as const] }] }];
  const local = [{ id: 'b7e-uuid', name: 'Operation Kingfisher' }];

  it('offers operations on this workstation by name and the others by id', () => {
    expect(knownOperations(users, local)).toEqual([
      ['op-heron', 'op-heron'],
      ['b7e-uuid', 'Operation Kingfisher'],
    ]);
  });

  it('takes a name typed in full as its id, and anything else as an id', () => {
    const known = knownOperations(users, local);
    expect(chosenOperationId(known, ' Operation Kingfisher ')).toBe('b7e-uuid');
    expect(chosenOperationId(known, 'op-heron')).toBe('op-heron');
    expect(chosenOperationId(known, 'op-new')).toBe('op-new');
  });
});
