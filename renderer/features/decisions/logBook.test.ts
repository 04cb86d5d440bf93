import { describe, expect, it } from 'vitest';
import { decisionLogHtml, stampEntry, type StoredEntry } from '../../../shared/decisionLog';
import { decisionDraft } from '../../../shared/decisionLog/testing';
import { knownLogs, logBookView } from './logBook';

function silverLog(): StoredEntry[] {
  const stamp = (i: number) => ({ loggedAt: `2026-08-30T10:0${i}:00.000Z`, author: { user: 'PC Loggist', role: 'loggist' } });
  const first = stampEntry(decisionDraft({ decision: 'Hold the line' }), null, stamp(1));
  const second = stampEntry(decisionDraft({ decision: 'Open the cordon' }), first, stamp(2));
  const fix = stampEntry(decisionDraft({ decision: 'Hold the line at Whitehall', corrects: { seq: 1, entryId: first.entry.entryId } }), second, stamp(3));
  return [first, second, fix];
}

describe('a log on screen', () => {
  it('pairs a corrected entry with its correction and lists drafts the server does not have yet', () => {
    const all = silverLog();
    const waiting = decisionDraft({ decision: 'Written offline' });
    const view = logBookView(
      all,
      [],
      [all[1]!.entry as never, waiting].map((d) => ({ ...(d as object) }) as never),
      'silver',
    );
    expect(view.rows.map((r) => [r.seq, r.correctedBy.map((c) => c.seq)])).toEqual([
      [1, [3]],
      [2, []],
      [3, []],
    ]);
    expect(view.pending.map((d) => d.entryId)).toEqual([waiting.entryId]);
  });

  it('always offers Gold and Silver, then every Bronze with entries, never the control room', () => {
    const bronze = stampEntry(decisionDraft({ logId: 'bronze-s1' }), null, { loggedAt: '2026-08-30T10:00:00Z', author: { user: 'a', role: 'commander' } });
    expect(knownLogs([bronze], [], ['control-room'])).toEqual(['gold', 'silver', 'bronze-s1']);
  });

  it('prints the marking, page numbers and the root hash in the page boxes, and only decisions up to a time', () => {
    const entries = silverLog().map((e) => e.entry as never);
    const html = decisionLogHtml({
      operationId: 'op-1',
      logId: 'silver',
      marking: 'OFFICIAL-SENSITIVE',
      entries,
      rootHash: 'ab'.repeat(32),
      checkpoint: null,
      printedAt: '2026-08-30T12:00:00.000Z',
      upTo: '2026-08-30T09:00:00.000Z',
    });
    expect(html).toContain('@top-center { content: "OFFICIAL-SENSITIVE"');
    expect(html).toContain('"Page " counter(page) " of " counter(pages)');
    expect(html).toContain(`"Root " "${'ab'.repeat(32)}"`);
    // The drafts' decisions were made at 10:00: none is before 09:00.
    expect(html).toContain('0 entries');
    expect(html).not.toContain('Hold the line');
  });
});
