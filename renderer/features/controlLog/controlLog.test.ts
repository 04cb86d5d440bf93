import { describe, expect, it } from 'vitest';
import { stampEntry, type EntryDraft, type StoredEntry } from '../../../shared/decisionLog';
import { testUuid } from '../../../shared/decisionLog/testing';
import { methaneText, searchControlLog } from './controlLog';

const methane = {
  myCallSign: 'MP Gold',
  majorIncident: 'declared' as const,
  exactLocation: 'TQ 30044 79961, Parliament Square',
  typeOfIncident: 'Crowd crush',
  hazards: 'Crowd surge',
  access: 'Via Victoria Street',
  numberOfCasualties: '12 P3',
  emergencyServices: 'LAS present; HEMS required',
};

function entry(text: string, extra: Partial<Extract<EntryDraft['body'], { type: 'control' }>> = {}, prev: StoredEntry | null = null): StoredEntry {
  const draft: EntryDraft = {
    entryId: testUuid(),
    operationId: 'op',
    logId: 'control-room',
    decidedAt: '2026-08-30T10:00:00Z',
    writtenAt: '2026-08-30T10:01:00Z',
    body: { type: 'control', text, unitIds: [], ...extra },
  };
  return stampEntry(draft, prev, { loggedAt: '2026-08-30T10:01:01Z', author: { user: 'Controller A', role: 'controller' } });
}

describe('control-room log', () => {
  it('writes METHANE in its order with the declaration spelt out', () => {
    const lines = methaneText(methane).split('\n');
    expect(lines[0]).toBe('M: My call sign: MP Gold');
    expect(lines[1]).toBe('M: Major incident declared or on standby: MAJOR INCIDENT DECLARED');
    expect(lines).toHaveLength(8);
  });

  it('finds entries by any field, all words required, newest first', () => {
    const a = entry('Crowd building at Whitehall', { incidentRef: 'CAD 4411', unitIds: ['CX21'] });
    const b = entry('Major incident', { methane }, a);
    const c = entry('Stand down CX21', { gridRef: 'TQ 30044 79961' }, b);
    const all = [a, b, c];
    expect(searchControlLog(all, 'hems').map((e) => e.seq)).toEqual([2]);
    expect(searchControlLog(all, 'cx21').map((e) => e.seq)).toEqual([3, 1]);
    expect(searchControlLog(all, 'cad 4411').map((e) => e.seq)).toEqual([1]);
    expect(searchControlLog(all, 'tq 30044 whitehall')).toEqual([]);
  });
});
