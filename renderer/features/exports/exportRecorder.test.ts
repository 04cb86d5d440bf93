import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExportRecord } from '../../../shared/protocol/exports';
import { ok } from '../../../shared/util/result';
import { openTestDb } from '../../data/testing';
import { NO_ANSWER, type AccountLink } from '../../net/accountLink';
import { configureExportRecorder, ledgerState, onExportNoted, recordMadeFile, sendPendingExports } from './exportRecorder';

type Sent = { event: string; record: ExportRecord };

/** A link that answers with each of `answers` in turn (then ok). */
function fakeLink(answers: ((r: ExportRecord) => Awaited<ReturnType<AccountLink['request']>>)[] = []) {
  const sent: Sent[] = [];
  let seq = 100;
  const link = {
    connected: () => true,
    request: vi.fn(async (event: string, record: unknown) => {
      sent.push({ event, record: record as ExportRecord });
      const next = answers.shift();
      return next ? next(record as ExportRecord) : ok({ seq: seq++, duplicate: false });
    }),
  } as unknown as Pick<AccountLink, 'request' | 'connected'>;
  return { link, sent };
}

const pack = new TextEncoder().encode('%PDF-1.7 Operation Kingfisher briefing pack');
const jane = { userId: 'u-jane', label: 'Jane Smith (Insp 4521)' };

describe('files made here, on their way to the audit trail', () => {
  const dbs: { close(): void }[] = [];
  afterEach(() => {
    vi.useRealTimers();
    dbs.splice(0).forEach((d) => d.close());
  });
  const fresh = () => {
    const { db } = openTestDb();
    dbs.push(db);
    configureExportRecorder(db, jane);
    return db;
  };

  it('notes a file with the SHA-256 of its bytes, who was signed in and when, and tells the ledger at once', async () => {
    const db = fresh();
    const heard = vi.fn();
    const off = onExportNoted(heard);
    const before = Date.now();
    expect(await recordMadeFile({ kind: 'geojson', operationId: 'op-k', fileName: 'kingfisher.geojson', data: pack, marking: 'OFFICIAL' })).toBeNull();
    off();
    expect(heard).toHaveBeenCalledOnce();
    const { link, sent } = fakeLink();
    expect(await sendPendingExports(db, link)).toEqual({ waiting: 0, refused: 0, lastRefusal: null });
    const r = sent[0]!.record;
    expect(sent[0]!.event).toBe('audit:export');
    expect(r).toMatchObject({
      kind: 'geojson',
      operationId: 'op-k',
      fileName: 'kingfisher.geojson',
      bytes: pack.byteLength,
      marking: 'OFFICIAL',
      copy: null,
      madeBy: jane,
    });
    // `sha256sum` of the same bytes, worked out outside Cordon.
    expect(r.sha256).toBe('aed268d98381c5a8a6f315d2a5edc5ff48b0bba71829fa2ad332d01402238591');
    expect(Date.parse(r.at)).toBeGreaterThanOrEqual(before);
    // Recorded: gone from the ledger, never sent again.
    expect(await ledgerState(db)).toEqual({ waiting: 0, refused: 0, lastRefusal: null });
  });

  it('keeps notes while the server cannot be asked, and sends them in the order the files were made', async () => {
    const db = fresh();
    // Only the clock is faked (IndexedDB's timers run as usual): the two files are made a minute apart.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-05T09:00:00Z'));
    await recordMadeFile({
      kind: 'briefing-pack',
      operationId: 'op-k',
      fileName: 'pack-copy2.pdf',
      data: null,
      written: { bytes: 9, sha256: 'b'.repeat(64) },
      marking: 'OFFICIAL-SENSITIVE',
      copy: 2,
    });
    vi.setSystemTime(new Date('2026-12-05T09:01:00Z'));
    await recordMadeFile({ kind: 'kml', operationId: 'op-k', fileName: 'k.kml', data: pack, marking: 'OFFICIAL' });
    vi.useRealTimers();
    const down = fakeLink([() => ({ ok: false, error: NO_ANSWER })]);
    expect(await sendPendingExports(db, down.link)).toEqual({ waiting: 2, refused: 0, lastRefusal: null });
    expect(down.sent).toHaveLength(1);
    const up = fakeLink();
    expect(await sendPendingExports(db, up.link)).toEqual({ waiting: 0, refused: 0, lastRefusal: null });
    expect(up.sent.map((s) => s.record.fileName)).toEqual(['pack-copy2.pdf', 'k.kml']);
    expect(up.sent[0]!.record).toMatchObject({ bytes: 9, sha256: 'b'.repeat(64), copy: 2 });
    // The same export id that failed to get through is the one sent again: the server records it once.
    expect(up.sent[0]!.record.exportId).toBe(down.sent[0]!.record.exportId);
  });

  it('tries nothing while the link is down (a request would wait out its timeout), and counts what waits', async () => {
    const db = fresh();
    await recordMadeFile({ kind: 'geojson', operationId: 'op-k', fileName: 'k.geojson', data: pack, marking: 'OFFICIAL' });
    const { link, sent } = fakeLink();
    const down = { ...link, connected: () => false };
    expect(await sendPendingExports(db, down)).toEqual({ waiting: 1, refused: 0, lastRefusal: null });
    expect(sent).toEqual([]);
  });

  it('keeps a refused note with the reason, counts it, and does not send it again', async () => {
    const db = fresh();
    await recordMadeFile({ kind: 'tak', operationId: 'op-k', fileName: 'k.zip', data: pack, marking: 'OFFICIAL' });
    const refusing = fakeLink([() => ({ ok: false, error: "the export's time is ahead of the server's clock" })]);
    expect(await sendPendingExports(db, refusing.link)).toEqual({
      waiting: 0,
      refused: 1,
      lastRefusal: "k.zip: the export's time is ahead of the server's clock",
    });
    const again = fakeLink();
    expect(await sendPendingExports(db, again.link)).toEqual({ waiting: 0, refused: 1, lastRefusal: null });
    expect(again.sent).toEqual([]);
    expect((await db.exportLedger.toArray())[0]!.refused).toMatch(/ahead of the server's clock/);
  });

  it('records who was signed in as nobody when no one was', async () => {
    const db = fresh();
    configureExportRecorder(db, null);
    await recordMadeFile({ kind: 'cordon', operationId: 'op-k', fileName: 'k.cordon', data: pack, marking: 'OFFICIAL' });
    const { link, sent } = fakeLink();
    await sendPendingExports(db, link);
    expect(sent[0]!.record.madeBy).toBeNull();
  });
});
