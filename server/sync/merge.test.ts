import { describe, expect, it } from 'vitest';
import { changedFields, decideChange, resolvedRow, sameValue, type Row } from './merge';

const sector: Row = {
  id: 'f1',
  operationId: 'op',
  kind: 'sector',
  name: 'Sector 1',
  notes: '',
  phaseIds: [],
  bronze: '',
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 0],
      ],
    ],
  },
  props: { sectorCode: 'S1', colour: '#ff0000' },
  updatedAt: '2026-06-01T09:00:00.000Z',
};
const edit = (row: Row, patch: Row, at = '2026-06-01T09:05:00.000Z'): Row => ({ ...row, ...patch, updatedAt: at });
const props = (row: Row, patch: Row, at: string): Row => edit(row, { props: { ...(row.props as Row), ...patch } }, at);

describe('decideChange: edits', () => {
  it('applies an edit as sent when the server row is what the edit started from', () => {
    const after = edit(sector, { name: 'Sector One' });
    expect(decideChange(sector, sector, after)).toEqual({ kind: 'apply', row: after });
  });

  it('merges edits of different fields, keeping both and the newer stamp', () => {
    const theirs = edit(sector, { notes: 'Stewards at gate 4' }, '2026-06-01T09:10:00.000Z');
    const mine = edit(sector, { name: 'Sector One' }, '2026-06-01T09:05:00.000Z');
    const d = decideChange(theirs, sector, mine);
    expect(d).toEqual({ kind: 'merge', row: { ...theirs, name: 'Sector One' }, fields: ['name'] });
  });

  it('counts a feature prop as its own field: colour on one side, sector code on the other merge', () => {
    const theirs = props(sector, { colour: '#00ff00' }, '2026-06-01T09:10:00.000Z');
    const mine = props(sector, { sectorCode: 'S9' }, '2026-06-01T09:12:00.000Z');
    const d = decideChange(theirs, sector, mine);
    expect(d.kind).toBe('merge');
    if (d.kind !== 'merge') return;
    expect(d.row.props).toEqual({ sectorCode: 'S9', colour: '#00ff00' });
    expect(d.row.updatedAt).toBe('2026-06-01T09:12:00.000Z');
    expect(d.fields).toEqual(['props.sectorCode']);
  });

  it('raises a conflict naming the field when both sides changed it differently', () => {
    const theirs = edit(sector, { name: 'Sector North' });
    const mine = edit(sector, { name: 'Sector South', notes: 'mine' });
    expect(decideChange(theirs, sector, mine)).toEqual({ kind: 'conflict', fields: ['name'] });
  });

  it('treats the geometry as one field: two reshapes conflict even if they moved different vertices', () => {
    const g = (x: number) => ({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [x, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    });
    const theirs = edit(sector, { geometry: g(2) });
    const mine = edit(sector, {
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [3, 3],
            [0, 0],
          ],
        ],
      },
    });
    expect(decideChange(theirs, sector, mine)).toEqual({ kind: 'conflict', fields: ['geometry'] });
  });

  it('does not conflict when both sides set a field to the same value', () => {
    const theirs = edit(sector, { name: 'Same' }, '2026-06-01T09:10:00.000Z');
    const mine = edit(sector, { name: 'Same' }, '2026-06-01T09:04:00.000Z');
    expect(decideChange(theirs, sector, mine)).toEqual({ kind: 'noop' });
  });

  it('never conflicts over updatedAt alone', () => {
    const theirs = edit(sector, {}, '2026-06-01T09:10:00.000Z');
    const mine = edit(sector, { bronze: 'Sector 1 Bronze' }, '2026-06-01T09:04:00.000Z');
    const d = decideChange(theirs, sector, mine);
    expect(d).toEqual({ kind: 'apply', row: { ...theirs, bronze: 'Sector 1 Bronze' } });
  });

  it('conflicts when the row was deleted on the server meanwhile (edit against delete)', () => {
    expect(decideChange(null, sector, edit(sector, { name: 'x' }))).toEqual({ kind: 'conflict', fields: [] });
  });

  it('ignores key order and keys set to undefined when comparing', () => {
    const reordered: Row = Object.fromEntries(Object.entries(sector).reverse());
    const after = edit(sector, { name: 'Sector One', notes: undefined });
    expect(decideChange(reordered, sector, after).kind).toBe('apply');
    expect(sameValue({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
  });
});

describe('decideChange: inserts and deletes', () => {
  it('applies an insert of a new key', () => {
    expect(decideChange(null, null, sector)).toEqual({ kind: 'apply', row: sector });
  });

  it('does nothing for an insert of a key already there with equal content (a resent import)', () => {
    expect(decideChange(sector, null, { ...sector, updatedAt: '2026-06-02T00:00:00.000Z' })).toEqual({ kind: 'noop' });
  });

  it('conflicts for an insert of an existing key with different content', () => {
    expect(decideChange(sector, null, edit(sector, { name: 'Other' }))).toEqual({ kind: 'conflict', fields: ['name'] });
  });

  it('applies a delete of the row as the deleter saw it (stamps aside)', () => {
    expect(decideChange(edit(sector, {}, '2026-06-01T10:00:00.000Z'), sector, null)).toEqual({ kind: 'apply', row: null });
  });

  it('does nothing for a delete of an already deleted row', () => {
    expect(decideChange(null, sector, null)).toEqual({ kind: 'noop' });
  });

  it('conflicts for a delete of a row someone edited since (delete against edit)', () => {
    expect(decideChange(edit(sector, { name: 'Renamed' }), sector, null)).toEqual({ kind: 'conflict', fields: [] });
  });
});

describe('changedFields and resolvedRow', () => {
  it('lists prop keys added or removed, and no bookkeeping', () => {
    const a = { ...sector, props: { sectorCode: 'S1' } };
    const b = { ...sector, props: { sectorCode: 'S1', colour: '#000000' }, updatedAt: 'later' };
    expect(changedFields(a, b)).toEqual(['props.colour']);
  });

  it('keeping mine lays my fields over the row as it is now; keeping theirs keeps it', () => {
    const theirs = edit(sector, { name: 'North', notes: 'n' });
    const mine = edit(sector, { name: 'South' });
    expect(resolvedRow('mine', theirs, sector, mine)).toEqual({ ...theirs, name: 'South' });
    expect(resolvedRow('theirs', theirs, sector, mine)).toEqual(theirs);
    expect(resolvedRow('mine', theirs, sector, null)).toBeNull();
    expect(resolvedRow('mine', null, sector, mine)).toEqual(mine);
  });
});
