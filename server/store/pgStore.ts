/** Placeholder until the PostgreSQL store lands (being written on its own branch). */
import type { Store } from './types';

export class PgStore {
  static open(url: string, _options: { log?: (line: string) => void } = {}): Promise<Store> {
    void _options;
    return Promise.reject(new Error(`the PostgreSQL store is not available in this build (${new URL(url).protocol})`));
  }
}
