// The SQLite store's writer thread (see sqliteStore.ts): it owns the only connection that writes, so that a slow disk
// (a WAL checkpoint's fsync) never blocks the server's event loop, and writes apply in the order they were sent.
// Every message is one transaction, answered once committed: { id } or { id, error }.
// Plain JavaScript so that it runs as a worker under tsx, vitest and plain node alike.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { WRITES } from './sqliteSql.mjs';
import { PLAN_VERSION_WRITES } from './planVersionsSql.mjs';

const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
// FULL: a commit is on disk before it is answered (the contract: durable on resolve), power loss included; in WAL mode
// that is one fsync of the log per transaction, i.e. per batch.
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 10000');

const stmts = Object.fromEntries(Object.entries({ ...WRITES, ...PLAN_VERSION_WRITES }).map(([name, sql]) => [name, db.prepare(sql)]));

/** rows: [unitId, timeMs, json][]; the latest moves once per unit per batch, to the batch's newest report. */
const positions = db.transaction((operationId, atMs, rows) => {
  stmts.ensureOperation.run(operationId, atMs);
  const newest = new Map();
  for (const row of rows) {
    stmts.insertPosition.run(operationId, row[0], row[1], row[2]);
    const cur = newest.get(row[0]);
    if (!cur || row[1] >= cur[1]) newest.set(row[0], row);
  }
  for (const [unitId, row] of newest) stmts.upsertLatest.run(operationId, unitId, row[1], row[2]);
});

/** steps: [statementName, params][], all or nothing. */
const steps = db.transaction((list) => {
  for (const [name, params] of list) stmts[name].run(...params);
});

/** One operation's retention deletion and its log entry, in one transaction (`detail` names {positions}, {alertVersions}). */
const sweepOne = db.transaction((m) => {
  if (!stmts.sweepable.get(m.operationId, m.closedBeforeMs)) return { positions: 0, alertVersions: 0 };
  const positions = stmts.deletePositions.run(m.operationId).changes;
  const alertVersions = stmts.deleteAlertLog.run(m.operationId).changes;
  if (positions + alertVersions > 0) {
    const detail = m.detail.replace('{positions}', String(positions)).replace('{alertVersions}', String(alertVersions));
    stmts.logRetention.run(m.atMs, m.operationId, 'deleted', m.by, detail);
  }
  return { positions, alertVersions };
});

parentPort.on('message', (m) => {
  try {
    let value;
    if (m.type === 'positions') positions(m.operationId, m.atMs, m.rows);
    else if (m.type === 'steps') steps(m.steps);
    else if (m.type === 'sweep') value = sweepOne(m);
    else if (m.type === 'close') db.close();
    // 'flush': nothing to do; answering it says everything sent before is committed.
    parentPort.postMessage({ id: m.id, value });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
