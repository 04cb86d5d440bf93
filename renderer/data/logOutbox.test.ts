import { describe, expect, it } from 'vitest';
import { decisionDraft } from '../../shared/decisionLog/testing';
import { pendingLogDrafts, queueLogDraft, removeLogDraft } from './logOutbox';
import { openTestDb } from './testing';

describe('the decision-log outbox', () => {
  it('keeps entries written offline across a reopen, oldest first, until the server has them', async () => {
    const { db, reopen } = openTestDb();
    const a = decisionDraft({ operationId: 'op-a', decision: 'First' });
    const b = decisionDraft({ operationId: 'op-a', decision: 'Second' });
    await queueLogDraft(db, a);
    await queueLogDraft(db, b);
    await queueLogDraft(db, decisionDraft({ operationId: 'op-b' }));
    db.close();
    const again = reopen();
    expect((await pendingLogDrafts(again, 'op-a')).drafts.map((d) => d.entryId)).toEqual([a.entryId, b.entryId]);
    await removeLogDraft(again, a.entryId);
    expect((await pendingLogDrafts(again, 'op-a')).drafts.map((d) => d.entryId)).toEqual([b.entryId]);
  });

  it('reports a stored draft that no longer reads instead of sending it', async () => {
    const { db } = openTestDb();
    await db.logOutbox.put({ entryId: 'x', operationId: 'op-a', queuedAt: '2026-01-01T00:00:00Z', draft: { nonsense: true } });
    expect(await pendingLogDrafts(db, 'op-a')).toEqual({ drafts: [], unreadable: 1 });
  });
});
