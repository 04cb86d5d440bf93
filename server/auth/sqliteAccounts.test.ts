import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing';
import { SqliteStore } from '../store/sqliteStore';
import { accountsSuite, person } from './accounts.suite';
import { SqliteAccounts } from './sqliteAccounts';

accountsSuite('sqlite', () => {
  const dir = tempDir('h-users-accounts-');
  const file = path.join(dir.dir, 'accounts.sqlite');
  return Promise.resolve({
    store: new SqliteAccounts(file),
    exec: (sql: string) => {
      const db = new Database(file);
      try {
        return Promise.resolve(db.exec(sql));
      } catch (e) {
        return Promise.reject(e as Error);
      } finally {
        db.close();
      }
    },
    dispose: () => Promise.resolve(dir.remove()),
  });
});

describe('SqliteAccounts beside the position store', () => {
  it('shares the store file and keeps its accounts across a restart', async () => {
    const dir = tempDir('h-users-accounts-');
    try {
      const store = new SqliteStore(dir.dir);
      const a = new SqliteAccounts(store.file);
      await a.createUser(person('jsmith'), Date.now());
      await store.writePositions('op', []);
      await a.close();
      await store.close();
      const again = new SqliteAccounts(path.join(dir.dir, 'cordon-server.sqlite'));
      expect((await again.userByName('jsmith'))?.rank).toBe('Insp');
      await again.close();
    } finally {
      dir.remove();
    }
  });
});
