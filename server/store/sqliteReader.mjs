// The SQLite store's reader thread (see sqliteStore.ts): pages of position history on a read-only connection of its
// own (WAL lets it read while the writer writes), parsed here, so that the event loop only receives finished rows
// (or, for `pageJson`, one array text the socket sends as it is: see server/rawJson.ts).
// Plain JavaScript so that it runs as a worker under tsx, vitest and plain node alike.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { FEW_UNITS, PAGE } from './sqliteSql.mjs';

const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 10000');
const all = db.prepare(PAGE.all);
const units = db.prepare(PAGE.units);
const fewUnits = db.prepare(PAGE.fewUnits);

/** One row more than the limit tells whether there is a next page. */
function rowsOf(q) {
  const afterT = q.after ? q.after.timeMs : q.fromMs;
  const afterSeq = q.after ? q.after.seq : -1;
  const lower = Math.max(q.fromMs, afterT);
  const rows = q.unitIds
    ? (q.unitIds.length <= FEW_UNITS ? fewUnits : units).all(q.operationId, lower, q.toMs, afterT, afterSeq, JSON.stringify(q.unitIds), q.limit + 1)
    : all.all(q.operationId, lower, q.toMs, afterT, afterSeq, q.limit + 1);
  const more = rows.length > q.limit;
  if (more) rows.length = q.limit;
  const last = rows.at(-1);
  return { rows, next: more && last ? { timeMs: last.time_ms, seq: last.seq } : null };
}

function page(q) {
  const { rows, next } = rowsOf(q);
  return { positions: rows.map((r) => JSON.parse(r.json)), next };
}

/** The page as one JSON array text: the stored rows are JSON.stringify of each report, so joining them is exact. */
function pageJson(q) {
  const { rows, next } = rowsOf(q);
  return { json: `[${rows.map((r) => r.json).join(',')}]`, count: rows.length, next };
}

parentPort.on('message', (m) => {
  try {
    if (m.type === 'close') {
      db.close();
      parentPort.postMessage({ id: m.id });
    } else parentPort.postMessage({ id: m.id, value: m.type === 'pageJson' ? pageJson(m.query) : page(m.query) });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
