import { describe, expect, it } from 'vitest';
import { openTestDb } from './testing';

/**
 * The store definitions of every Dexie version that has shipped, exactly as shipped. Users' databases were created
 * with these: editing a shipped `version(n)` in db.ts (instead of appending `version(n + 1)` with an upgrade) fails
 * here. Add a new entry when a new version ships; never change an existing one.
 */
const SHIPPED: Record<number, Record<string, string | null>> = {
  1: {
    operations: 'id, updatedAt',
    phases: 'id, operationId',
    features: 'id, operationId, [operationId+kind]',
    units: 'id, operationId, [operationId+callSign]',
    assignments: 'id, operationId, [operationId+unitId], [operationId+phaseId], [operationId+target.featureId]',
    revisions: '++id, operationId',
    revisionChanges: 'revisionId, operationId',
    settings: 'key',
  },
  2: { logOutbox: 'entryId, operationId' },
  3: { syncOutbox: 'changeSetId, operationId, [operationId+revisionId]', syncState: 'operationId' },
  4: { logCache: 'entryId, operationId, [operationId+logId]', logCacheHeads: '[operationId+logId], operationId' },
  5: { exportLedger: 'exportId, at' },
};

/** Dexie keeps each declared version's stores as written; it has no public accessor for them, hence the cast. */
type VersionInternals = { _versions: { _cfg: { version: number; storesSource: Record<string, string | null> } }[] };

describe('Dexie schema versions', () => {
  it('still declares every shipped version with exactly the stores it shipped with', () => {
    const { db } = openTestDb();
    const declared = new Map((db as unknown as VersionInternals)._versions.map((v) => [v._cfg.version, v._cfg.storesSource]));
    for (const [version, stores] of Object.entries(SHIPPED)) expect(declared.get(Number(version)), `version(${version})`).toEqual(stores);
    db.close();
  });
});
