import { describe, expect, it } from 'vitest';
import { Admission, carriesEmergency, countOpen, retryAfterSeconds } from './admission';
import { ServerConfig, type ServerConfigInput } from './config';
import { report } from './testing';

function admission(config: Partial<ServerConfigInput> = {}, backlog = () => 0) {
  const clock = { t: 1_000_000 };
  const a = new Admission({
    config: ServerConfig.parse({
      defaultOperationId: 'default-op',
      feeds: [
        { name: 'plain', token: 'token-plain-123' },
        { name: 'one', token: 'token-one-12345', operationId: 'op-a' },
        { name: 'many', token: 'token-many-1234', operationIds: ['op-b', 'op-c'] },
        { name: 'dev', token: 'token-dev-12345', operationIds: ['*'] },
      ],
      ...config,
    }),
    backlog,
    now: () => clock.t,
  });
  return { a, clock };
}
const batch = (n: number, p = {}) => Array.from({ length: n }, (_, i) => report(`u${i}`, p));

describe('Admission: operations', () => {
  it('lets a feed post only to the operations its config names', () => {
    const { a } = admission();
    expect(a.mayFeedPost('plain', 'default-op')).toEqual({ ok: true });
    expect(a.mayFeedPost('plain', 'made-up')).toEqual({
      ok: false,
      status: 403,
      reason: 'operation',
      error: 'forbidden: feed "plain" may only post to "default-op"',
    });
    expect(a.mayFeedPost('one', 'op-a').ok).toBe(true);
    expect(a.mayFeedPost('one', 'default-op').ok).toBe(false);
    expect(a.mayFeedPost('many', 'op-c').ok).toBe(true);
    expect(a.mayFeedPost('many', 'op-a')).toMatchObject({ error: 'forbidden: feed "many" may only post to "op-b", "op-c"' });
    expect(a.mayFeedPost('dev', 'anything').ok).toBe(true);
    expect(a.mayFeedPost('not configured', 'default-op').ok).toBe(true);
    expect(a.mayFeedPost('not configured', 'op-a').ok).toBe(false);
  });

  it('sends a batch without an operation id to the feed’s operationId, else its first operationIds, else the default', () => {
    const { a } = admission();
    expect(['plain', 'one', 'many', 'dev', 'nobody'].map((f) => a.defaultOperation(f))).toEqual(['default-op', 'op-a', 'op-b', 'default-op', 'default-op']);
  });

  it('caps open operations only: closed and archived ones do not count', () => {
    const { a } = admission({ limits: { maxOperations: 3 } });
    const ops = [{ state: 'open' as const }, { state: 'closed' as const }, { state: 'archived' as const }, { state: 'open' as const }];
    expect(countOpen(ops)).toBe(2);
    expect(a.mayCreateOperation(countOpen(ops))).toEqual({ ok: true });
    expect(a.mayCreateOperation(countOpen([...ops, { state: 'open' }]))).toEqual({
      ok: false,
      status: 409,
      reason: 'operations',
      error: 'too many operations (limit 3)',
    });
  });

  it('never creates an operation for a subscription: an unknown id is refused, any known state is fine', () => {
    const { a } = admission();
    expect(a.maySubscribe('nope', null)).toEqual({ ok: false, status: 404, reason: 'unknownOperation', error: 'unknown operation "nope"' });
    for (const state of ['open', 'closed', 'archived'] as const) expect(a.maySubscribe('x', { state }).ok).toBe(true);
  });

  it('takes reports only into open (or new) operations, except emergencies', () => {
    const { a } = admission();
    expect(a.mayWriteTo('new', null, false).ok).toBe(true);
    expect(a.mayWriteTo('x', { state: 'open' }, false).ok).toBe(true);
    expect(a.mayWriteTo('x', { state: 'closed' }, false)).toMatchObject({ ok: false, status: 409, error: 'operation "x" is closed: reopen it to post to it' });
    expect(a.mayWriteTo('x', { state: 'archived' }, true).ok).toBe(true);
  });
});

describe('Admission: feed batches', () => {
  it('counts reports, not batches, per feed; refuses a batch whole with the wait until it fits', () => {
    const { a, clock } = admission({ limits: { feedReportsPerSecond: 100, feedReportBurst: 1000 } });
    expect(a.admitBatch('one', batch(1000))).toEqual({ ok: true, forced: false });
    const over = a.admitBatch('one', batch(500));
    expect(over).toMatchObject({ ok: false, status: 429, reason: 'rate', retryAfterMs: 5000 });
    expect(!over.ok && over.error).toBe('rate limited: feed "one" may send 100 reports/s (burst 1000); this batch of 500 fits in 5 s');
    clock.t += 4999;
    expect(a.admitBatch('one', batch(500)).ok).toBe(false); // nothing was spent by the refusals
    clock.t += 1;
    expect(a.admitBatch('one', batch(500)).ok).toBe(true);
    expect(a.admitBatch('many', batch(1000)).ok).toBe(true); // its own budget
  });

  it('always lets an emergency through, into debt, and the feed’s next batches wait for it', () => {
    const { a } = admission({ limits: { feedReportsPerSecond: 100, feedReportBurst: 1000 } });
    expect(a.admitBatch('one', [report('sos', { status: 'emergency' })])).toEqual({ ok: true, forced: false }); // within budget
    expect(a.admitBatch('one', batch(999)).ok).toBe(true);
    expect(a.admitBatch('one', [report('sos', { status: 'emergency' }), ...batch(199)])).toEqual({ ok: true, forced: true });
    expect(a.admitBatch('one', [report('sos', { cancelEmergency: true })])).toEqual({ ok: true, forced: true });
    expect(a.admitBatch('one', batch(1))).toMatchObject({ ok: false, retryAfterMs: 2020 }); // 201 in debt + 1
  });

  it('gives tokens back when an admitted batch was not taken', () => {
    const { a } = admission({ limits: { feedReportsPerSecond: 100, feedReportBurst: 1000 } });
    expect(a.admitBatch('one', batch(1000)).ok).toBe(true);
    a.refund('one', 1000);
    expect(a.admitBatch('one', batch(1000)).ok).toBe(true);
  });

  it('answers 503 while the store backlog is over the limit, except to emergencies, and admits again once it drains', () => {
    let backlog = 250_000;
    const { a } = admission({ limits: { maxStoreBacklogRows: 200_000 } }, () => backlog);
    const busy = a.admitBatch('one', batch(10));
    expect(busy).toMatchObject({ ok: false, status: 503, reason: 'backlog', retryAfterMs: 1000 });
    expect(!busy.ok && busy.error).toBe('store busy: 250000 rows waiting to be written (limit 200000); send again later');
    expect(a.admitBatch('one', [report('sos', { status: 'emergency' })])).toEqual({ ok: true, forced: true });
    backlog = 200_000;
    expect(a.admitBatch('one', batch(10)).ok).toBe(true);
  });
});

describe('helpers', () => {
  it('finds an emergency in a payload not yet parsed', () => {
    expect(carriesEmergency({ positions: [{ status: 'available' }, { status: 'emergency' }] })).toBe(true);
    expect(carriesEmergency([{ cancelEmergency: true }])).toBe(true);
    expect(carriesEmergency({ positions: [{ status: 'available' }, null, 'x'] })).toBe(false);
    expect(carriesEmergency({ positions: 'emergency' })).toBe(false);
    expect(carriesEmergency(null)).toBe(false);
  });

  it('rounds Retry-After up to whole seconds, at least 1', () => {
    expect([0, 1, 1000, 1001, 4999].map(retryAfterSeconds)).toEqual(['1', '1', '1', '2', '5']);
  });
});
