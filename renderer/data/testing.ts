/**
 * Helpers for tests of code that uses the data layer: an isolated in-memory database per call (fake-indexeddb),
 * and a deterministic clock and id source for editors.
 */
import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange, indexedDB as sharedIndexedDB } from 'fake-indexeddb';
import { openCordonDb, type CordonDb } from './db';

// Dexie's liveQuery does nothing unless it sees a global IndexedDB (always there in a browser): give it one in Node.
if (!Dexie.dependencies.indexedDB) Object.assign(Dexie.dependencies, { indexedDB: sharedIndexedDB, IDBKeyRange });

let counter = 0;

/** A fresh, empty database in its own in-memory IndexedDB (nothing shared with other tests). */
export function openTestDb(name = `cordon-test-${++counter}`): { db: CordonDb; reopen: () => CordonDb } {
  const factory = new IDBFactory();
  const open = () => openCordonDb(name, { indexedDB: factory, IDBKeyRange });
  return { db: open(), reopen: open };
}

/** Ids "id-1", "id-2", ... and a clock that ticks one second per call, from 2026-06-13T06:00:00Z. */
export function deterministic(prefix = 'id') {
  let n = 0;
  let t = Date.parse('2026-06-13T06:00:00.000Z');
  return {
    newId: () => `${prefix}-${++n}`,
    now: () => new Date((t += 1000)).toISOString(),
  };
}
