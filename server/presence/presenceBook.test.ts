import { describe, expect, it } from 'vitest';
import { PresenceBook, type Person } from './presenceBook';

const person = (connectionId: string, p: Partial<Person> = {}): Person => ({
  connectionId,
  user: connectionId,
  displayName: `PC ${connectionId}`,
  workspace: 'plan',
  selection: [],
  since: '2026-12-05T09:00:00.000Z',
  ...p,
});

describe('PresenceBook', () => {
  it('keeps the time someone arrived when they change selection, and says whether anything visible changed', () => {
    const book = new PresenceBook(3);
    expect(book.put('op', person('a'))).toBe(true);
    expect(book.put('op', person('a', { since: '2026-12-05T09:05:00.000Z' }))).toBe(false);
    expect(book.put('op', person('a', { selection: ['f1'], since: '2026-12-05T09:06:00.000Z' }))).toBe(true);
    expect(book.peopleOf('op')).toEqual([person('a', { selection: ['f1'] })]);
  });

  it('removes a disconnected connection from every operation it was in', () => {
    const book = new PresenceBook(3);
    book.put('op1', person('a'));
    book.put('op2', person('a'));
    book.put('op2', person('b'));
    expect(book.removeConnection('a').sort()).toEqual(['op1', 'op2']);
    expect(book.peopleOf('op1')).toEqual([]);
    expect(book.peopleOf('op2').map((p) => p.connectionId)).toEqual(['b']);
    expect(book.hasLocal('op1')).toBe(false);
  });

  it("shows other processes' people, replaces what a process said before, and forgets a process that falls silent", () => {
    const book = new PresenceBook(3);
    book.put('op', person('here', { since: '2026-12-05T09:01:00.000Z' }));
    expect(book.putRemote('p2', { op: [person('there')] }, 1000, 100)).toEqual(['op']);
    expect(book.peopleOf('op').map((p) => p.connectionId)).toEqual(['there', 'here']);
    // The same state again changes nothing; a new state replaces the old one whole.
    expect(book.putRemote('p2', { op: [person('there')] }, 1100, 100)).toEqual([]);
    expect(book.putRemote('p2', { other: [person('there')] }, 1200, 100).sort()).toEqual(['op', 'other']);
    expect(book.peopleOf('op').map((p) => p.connectionId)).toEqual(['here']);
    // Three beats (300 ms) without a word: gone.
    expect(book.expire(1500)).toEqual([]);
    expect(book.expire(1501)).toEqual(['other']);
    expect(book.peopleOf('other')).toEqual([]);
  });
});
