/**
 * The `next` / `cursor` of a paged history query: opaque to clients (base64url of a small JSON), and checked on the
 * way back in. It names the query it belongs to by a fingerprint (operation, window, units), so a cursor sent with a
 * different query is refused instead of silently resuming somewhere meaningless. It is not signed: a forged cursor
 * can only move its own sender within a window it may read anyway, and the page size it carries is clamped.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Result } from '../shared/util/result';
import type { HistoryCursor } from './store/types';

export interface HistoryQueryKey {
  operationId: string;
  fromMs: number;
  toMs: number;
  unitIds?: readonly string[] | undefined;
}

export interface DecodedCursor {
  after: HistoryCursor;
  /** Rows to ask for in the next page (sized from the bytes per row of the previous one). */
  rows: number;
}

const Body = z.object({
  v: z.literal(1),
  q: z.string().max(64),
  t: z.number().finite(),
  s: z.number().int().min(0),
  r: z.number().int().min(1),
});

export const CURSOR_ERRORS = {
  invalid: 'invalid history cursor: send back the `next` of the previous page unchanged, or leave the cursor out to start again',
  foreign: 'this history cursor belongs to a different query (operation, from, to or units changed): leave the cursor out to start again',
} as const;

/** Same operation, window and set of units (in any order, repeats ignored) give the same fingerprint. */
export function fingerprint(k: HistoryQueryKey): string {
  const units = k.unitIds ? [...new Set(k.unitIds)].sort() : null;
  return createHash('sha256')
    .update(JSON.stringify([k.operationId, k.fromMs, k.toMs, units]))
    .digest('base64url')
    .slice(0, 22);
}

export function encodeCursor(k: HistoryQueryKey, after: HistoryCursor, rows: number): string {
  return Buffer.from(JSON.stringify({ v: 1, q: fingerprint(k), t: after.timeMs, s: after.seq, r: rows })).toString('base64url');
}

export function decodeCursor(cursor: string, k: HistoryQueryKey, maxRows: number): Result<DecodedCursor> {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, error: CURSOR_ERRORS.invalid };
  }
  const body = Body.safeParse(raw);
  if (!body.success) return { ok: false, error: CURSOR_ERRORS.invalid };
  if (body.data.q !== fingerprint(k)) return { ok: false, error: CURSOR_ERRORS.foreign };
  // A cursor points inside its own window; anything else was not made by us.
  if (body.data.t < k.fromMs || body.data.t > k.toMs) return { ok: false, error: CURSOR_ERRORS.invalid };
  return { ok: true, value: { after: { timeMs: body.data.t, seq: body.data.s }, rows: Math.min(maxRows, body.data.r) } };
}
