import { describe, expect, it } from 'vitest';
import { loadingText, truncationNotice } from './historyNotice';

describe('history notices', () => {
  it('shows progress in positions', () => {
    expect(loadingText(null)).toBe('Loading history…');
    expect(loadingText(45_000)).toBe('Loading history… 45,000 positions');
  });

  it('says how much was kept when the window was too big, nothing when it was all loaded', () => {
    const positions = [{ time: '2026-06-01T10:00:00Z' }, { time: '2026-06-01T10:20:00Z' }];
    expect(truncationNotice({ capped: false, truncated: false, positions })).toBeNull();
    expect(truncationNotice({ capped: true, truncated: true, positions })).toMatch(
      /only the first 2 \(up to \d\d:\d\d:\d\d\) were loaded\. Choose a shorter window/,
    );
    expect(truncationNotice({ capped: false, truncated: true, positions })).toMatch(/only part of that window/);
  });
});
