import Database from 'better-sqlite3';
import path from 'node:path';
import { tempDir } from '../testing';
import { syncSuite } from './sync.suite';
import { SqliteStore } from './sqliteStore';

syncSuite(
  'sqlite',
  () => {
    const d = tempDir();
    return Promise.resolve({
      store: new SqliteStore(d.dir),
      another: () => Promise.resolve(new SqliteStore(d.dir)),
      exec: (sql: string) => {
        const db = new Database(path.join(d.dir, 'cordon-server.sqlite'));
        try {
          return Promise.resolve(db.exec(sql));
        } catch (e) {
          return Promise.reject(e as Error);
        } finally {
          db.close();
        }
      },
      dispose: () => Promise.resolve(d.remove()),
    });
  },
  { persistent: true },
);
