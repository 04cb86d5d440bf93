import { describe, expect, it } from 'vitest';
import { auditScope, mayAccess, visibleOperations, type AccountPrincipal, type Actor } from './access';

const person = (roles: AccountPrincipal['roles'], admin = false): Actor => ({
  kind: 'account',
  account: { id: 'u1', userName: 'jsmith', name: 'Jane Smith', collar: '4521', rank: 'Insp', admin, sessionId: 's1', roles },
});

describe('mayAccess', () => {
  it('lets a member act with their role in that operation, and nobody into an operation they are not a member of', () => {
    const jane = person({ 'op-a': ['controller'], 'op-b': ['viewer'] });
    expect(mayAccess(jane, 'op-a', 'subscribe').ok).toBe(true);
    expect(mayAccess(jane, 'op-a', 'alert:ack').ok).toBe(true);
    expect(mayAccess(jane, 'op-b', 'history').ok).toBe(true);
    expect(mayAccess(jane, 'op-b', 'alert:ack')).toEqual({ ok: false, error: 'forbidden: as viewer in op-b you may not send alert:ack' });
    expect(mayAccess(jane, 'op-c', 'subscribe')).toEqual({ ok: false, error: 'forbidden: you are not a member of operation op-c' });
    expect(mayAccess(jane, 'op-c', 'history').ok).toBe(false);
    expect(mayAccess(jane, 'op-a', 'positions').ok).toBe(false);
  });

  it('lets a loggist watch but not act, and only commanders close or hold an operation', () => {
    const loggist = person({ 'op-a': ['loggist'] });
    expect(mayAccess(loggist, 'op-a', 'subscribe').ok).toBe(true);
    expect(mayAccess(loggist, 'op-a', 'emergency:clear').ok).toBe(false);
    expect(mayAccess(person({ 'op-a': ['commander'] }), 'op-a', 'operation:legalHold').ok).toBe(true);
    expect(mayAccess(person({ 'op-a': ['planner'] }), 'op-a', 'operation:state').ok).toBe(false);
  });

  it('keeps user administration to admins, who get no operation role from being admin', () => {
    const admin = person({}, true);
    expect(mayAccess(admin, null, 'users:setEnabled').ok).toBe(true);
    expect(mayAccess(admin, 'op-a', 'subscribe').ok).toBe(false);
    expect(mayAccess(person({ 'op-a': ['commander'] }), null, 'users:create')).toEqual({
      ok: false,
      error: 'forbidden: only an administrator may send users:create',
    });
  });

  it('lets a planner (or an admin) publish a new operation, but not a viewer', () => {
    expect(mayAccess(person({ 'op-a': ['planner'] }), 'op-new', 'plan:publish', { newOperation: true }).ok).toBe(true);
    expect(mayAccess(person({}, true), 'op-new', 'plan:publish', { newOperation: true }).ok).toBe(true);
    expect(mayAccess(person({ 'op-a': ['viewer'] }), 'op-new', 'plan:publish', { newOperation: true }).ok).toBe(false);
    expect(mayAccess(person({ 'op-a': ['planner'] }), 'op-b', 'plan:publish').ok).toBe(false);
  });

  it('gives the audit trail to admins (all) and commanders (their operations)', () => {
    expect(mayAccess(person({ 'op-a': ['controller'] }), null, 'audit:query').ok).toBe(false);
    const gold = person({ 'op-a': ['commander'], 'op-b': ['viewer'] });
    expect(mayAccess(gold, null, 'audit:query').ok).toBe(true);
    expect(auditScope(gold)).toEqual(['op-a']);
    expect(auditScope(person({}, true))).toBeNull();
  });

  it('keeps a service account to its one role, in every operation', () => {
    const svc: Actor = { kind: 'service', name: 'Monitoring', role: 'viewer' };
    expect(mayAccess(svc, 'any-op', 'subscribe').ok).toBe(true);
    expect(mayAccess(svc, 'any-op', 'alert:ack')).toEqual({ ok: false, error: 'forbidden: the viewer role may not send alert:ack' });
    expect(visibleOperations(svc)).toBeNull();
    expect(visibleOperations(person({ 'op-b': ['viewer'], 'op-a': ['planner'] }))).toEqual(['op-a', 'op-b']);
  });
});
