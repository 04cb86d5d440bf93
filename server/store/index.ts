export * from './types';
export { MemoryStore } from './memoryStore';
export { SqliteStore } from './sqliteStore';
export { PgStore, type PgStoreOptions } from './pgStore';
