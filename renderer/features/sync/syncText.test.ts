import { describe, expect, it } from 'vitest';
import type { SyncConflict } from '../../../shared/protocol/sync';
import { conflictBadge, fieldText, progressText, unseenText, viewConflict } from './syncText';
import { linkWord } from './useSyncLink';

const conflict: SyncConflict = {
  id: 'c1',
  operationId: 'op-1',
  table: 'features',
  key: 'f1',
  base: { id: 'f1', name: 'Post 1' },
  mine: { id: 'f1', name: 'Post B' },
  theirs: { id: 'f1', name: 'Post A' },
  fields: ['name'],
  label: 'Rename',
  raisedBy: 'Sgt B',
  raisedAt: '2026-06-13T07:00:00.000Z',
  state: 'open',
};

describe('sync words', () => {
  it('says what waits, or when it last synced', () => {
    const base = { refused: null, lastSeq: 3, openConflicts: 0, problem: null };
    expect(progressText({ ...base, pending: 3, lastSyncAt: '2026-06-13T07:00:00.000Z' })).toBe('3 changes waiting');
    expect(progressText({ ...base, pending: 1, lastSyncAt: null })).toBe('1 change waiting');
    expect(progressText({ ...base, pending: 0, lastSyncAt: '2026-06-13T07:00:05.000Z' })).toMatch(/^Synced \d\d:\d\d:05$/);
    expect(conflictBadge(1)).toBe('1 conflict');
    expect(conflictBadge(2)).toBe('2 conflicts');
  });

  it('tells offline (no network) from an unreachable server and a refusal', () => {
    expect(linkWord({ phase: 'down', since: 0 }, false)).toBe('offline');
    expect(linkWord({ phase: 'down', since: 0 }, true)).toBe('unreachable');
    expect(linkWord({ phase: 'rejected', since: 0 }, true)).toBe('refused');
    expect(linkWord({ phase: 'connected', since: 0 }, true)).toBe('connected');
  });

  it('shows a conflict from where the user sits: "mine" is my version whoever raised it', () => {
    const b = viewConflict(conflict, 'Sgt B');
    expect([fieldText(b.theirs, 'name'), fieldText(b.mine, 'name'), b.keepMine]).toEqual(['Post A', 'Post B', 'mine']);
    const a = viewConflict(conflict, 'Insp A');
    expect([fieldText(a.theirs, 'name'), fieldText(a.mine, 'name'), a.keepMine, a.theirsBy]).toEqual(['Post B', 'Post A', 'theirs', 'Sgt B']);
    expect(fieldText(null, 'name')).toBe('(deleted)');
    // The workstation's own row tells whose is whose even when the server's name for the user is not known.
    expect(viewConflict(conflict, null, { id: 'f1', name: 'Post B' }).keepMine).toBe('mine');
    expect(viewConflict(conflict, null, { id: 'f1', name: 'Post A' }).keepMine).toBe('theirs');
  });

  it('says how many changes the conflicting edit was made without seeing, when the server recorded it', () => {
    expect(unseenText({ ...conflict, baseSeq: 4, raisedSeq: 8 })).toBe('Made without seeing changes after #4: 3 had reached the server first (#5–#7).');
    expect(unseenText({ ...conflict, baseSeq: 4, raisedSeq: 6 })).toBe('Made without seeing changes after #4: 1 had reached the server first (#5).');
    // Raised against a change set queued earlier on the same copy, or before the server kept the numbers: nothing to say.
    expect(unseenText({ ...conflict, baseSeq: 4, raisedSeq: 5 })).toBeNull();
    expect(unseenText(conflict)).toBeNull();
  });
});
