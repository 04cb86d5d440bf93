// The SQLite store's writer thread (see sqliteStore.ts): it owns the connection that appends position history and
// moves the latest positions forward, so that a slow disk (a WAL checkpoint's fsync) never blocks the server's event
// loop. Messages are handled in order; `flush` answers once everything sent before it is committed.
// Plain JavaScript so that it runs as a worker under tsx, vitest and plain node alike.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 10000');

const insertPosition = db.prepare('INSERT INTO positions (operation_id, unit_id, time_ms, json) VALUES (?, ?, ?, ?)');
const upsertLatest = db.prepare(
  `INSERT INTO latest (operation_id, unit_id, time_ms, json) VALUES (?, ?, ?, ?)
   ON CONFLICT (operation_id, unit_id) DO UPDATE SET time_ms = excluded.time_ms, json = excluded.json
   WHERE excluded.time_ms >= latest.time_ms`,
);
const historyOps = db.prepare('SELECT DISTINCT operation_id FROM positions UNION SELECT DISTINCT operation_id FROM alert_log');
const sweepPositions = db.prepare(
  'DELETE FROM positions WHERE rowid IN (SELECT rowid FROM positions WHERE operation_id = ? AND time_ms < ? LIMIT ?)',
);
const sweepAlertLog = db.prepare(
  'DELETE FROM alert_log WHERE rowid IN (SELECT rowid FROM alert_log WHERE operation_id = ? AND at_ms < ? LIMIT ?)',
);
const sweepAlerts = db.prepare('DELETE FROM alerts WHERE open = 0 AND updated_ms < ?');
const SWEEP_CHUNK = 20000;
const SWEEP_MAX_CHUNKS = 500;

/** rows: [unitId, timeMs, json][] */
const write = db.transaction((operationId, rows) => {
  const newest = new Map();
  for (const row of rows) {
    insertPosition.run(operationId, row[0], row[1], row[2]);
    const cur = newest.get(row[0]);
    if (!cur || row[1] >= cur[1]) newest.set(row[0], row);
  }
  for (const [id, row] of newest) upsertLatest.run(operationId, id, row[1], row[2]);
});

function sweep(beforeMs) {
  let positions = 0;
  let alertVersions = 0;
  for (const { operation_id: op } of historyOps.all()) {
    for (let i = 0; i < SWEEP_MAX_CHUNKS; i++) {
      const n = sweepPositions.run(op, beforeMs, SWEEP_CHUNK).changes;
      positions += n;
      if (n < SWEEP_CHUNK) break;
    }
    for (let i = 0; i < SWEEP_MAX_CHUNKS; i++) {
      const n = sweepAlertLog.run(op, beforeMs, SWEEP_CHUNK).changes;
      alertVersions += n;
      if (n < SWEEP_CHUNK) break;
    }
  }
  sweepAlerts.run(beforeMs);
  return { positions, alertVersions };
}

parentPort.on('message', (m) => {
  try {
    if (m.type === 'positions') {
      write(m.operationId, m.rows);
      parentPort.postMessage({ type: 'written', count: m.rows.length });
    } else if (m.type === 'flush') {
      parentPort.postMessage({ type: 'done', id: m.id });
    } else if (m.type === 'sweep') {
      parentPort.postMessage({ type: 'done', id: m.id, value: sweep(m.beforeMs) });
    } else if (m.type === 'close') {
      db.close();
      parentPort.postMessage({ type: 'done', id: m.id });
    }
  } catch (e) {
    parentPort.postMessage({ type: 'error', id: m.id, message: e instanceof Error ? e.message : String(e) });
  }
});
