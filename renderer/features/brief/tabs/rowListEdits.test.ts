import { describe, expect, it } from 'vitest';
import { readBriefing, type Briefing } from '../../../../shared/brief/schema';
import { rowListEdits } from './rowListEdits';
import type { BriefingChange } from './types';

/** A stand-in for the editor: applies each change to the briefing as stored at that moment, as operation.update's `edit` does. */
function storedBriefing(initial: Briefing) {
  let stored = initial;
  const save = (change: BriefingChange) => {
    stored = { ...stored, ...(typeof change === 'function' ? change(stored) : change) };
  };
  return { save, read: () => stored };
}

const risk = (id: string, hazard: string) => ({ id, hazard, likelihood: 'medium' as const, impact: 'medium' as const, controls: '', owner: '' });

describe('rowListEdits', () => {
  it('keeps two quick edits to different rows made from the same (stale) screen copy', () => {
    const store = storedBriefing({ ...readBriefing(undefined), risks: [risk('a', 'Crush'), risk('b', 'Fire')] });
    const rows = rowListEdits('risks', store.save);
    // Both edits come from one render; the second must not put row a back as it was.
    rows.update('a', { hazard: 'Crush at Gate 3' }, 'Edit risk');
    rows.update('b', { owner: 'Insp Patel' }, 'Edit risk');
    expect(store.read().risks.map((r) => [r.hazard, r.owner])).toEqual([
      ['Crush at Gate 3', ''],
      ['Fire', 'Insp Patel'],
    ]);
  });

  it('numbers an appended copy from the stored list, and removes by id', () => {
    const store = storedBriefing(readBriefing(undefined));
    const rows = rowListEdits('distribution', store.save);
    const next = (stored: readonly { copy: number }[]) => Math.max(0, ...stored.map((d) => d.copy)) + 1;
    rows.append((s) => ({ id: 'x', copy: next(s), recipient: 'Gold', role: '', returnBy: '' }), 'Add copy');
    rows.append((s) => ({ id: 'y', copy: next(s), recipient: 'Silver', role: '', returnBy: '' }), 'Add copy');
    rows.remove('x', 'Remove copy');
    expect(store.read().distribution.map((d) => [d.id, d.copy, d.recipient])).toEqual([['y', 2, 'Silver']]);
  });
});
