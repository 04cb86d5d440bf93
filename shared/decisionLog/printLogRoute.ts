/**
 * The decision-log print view's address: `#/print-log/<operationId>/<logId>?marking=OFFICIAL-SENSITIVE&upTo=<iso>`.
 * Electron's hidden print window opens it (electron/printPdf.ts, like the briefing pack's `#/print/...`); the view
 * prints the verified copy of the log this workstation keeps (renderer/data/logCache.ts). Parsed with zod: the hash is
 * outside input.
 */
import { z } from 'zod';
import { LogId } from './schema';
import { PROTECTIVE_MARKINGS, type ProtectiveMarking } from '../domain/enums';

export interface PrintLogRoute {
  operationId: string;
  logId: string;
  marking: ProtectiveMarking;
  /** Only decisions made at or before this time. */
  upTo: string | null;
}

const Route = z.object({
  operationId: z.string().min(1).max(100),
  logId: LogId,
  marking: z.enum(PROTECTIVE_MARKINGS),
  upTo: z.iso.datetime({ offset: true }).nullable(),
});

export function printLogHash(r: PrintLogRoute): string {
  const q = `marking=${encodeURIComponent(r.marking)}${r.upTo ? `&upTo=${encodeURIComponent(r.upTo)}` : ''}`;
  return `#/print-log/${encodeURIComponent(r.operationId)}/${encodeURIComponent(r.logId)}?${q}`;
}

export function parsePrintLogHash(hash: string): PrintLogRoute | null {
  const m = /^#\/print-log\/([^/?]+)\/([^/?]+)(?:\?(.*))?$/.exec(hash);
  if (!m) return null;
  try {
    // shared/ has no URLSearchParams (no DOM or Node types): the query is two plain key=value pairs.
    const q = new Map((m[3] ?? '').split('&').map((kv) => kv.split('=').map(decodeURIComponent) as [string, string | undefined]));
    const r = Route.safeParse({
      operationId: decodeURIComponent(m[1]!),
      logId: decodeURIComponent(m[2]!),
      marking: q.get('marking') ?? null,
      upTo: q.get('upTo') ?? null,
    });
    return r.success ? r.data : null;
  } catch {
    return null; // a malformed %-escape
  }
}
