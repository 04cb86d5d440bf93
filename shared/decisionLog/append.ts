/**
 * How the server turns a draft into a recorded entry: the next number, the logged time, the authenticated author and
 * the previous entry's hash; then the entry's own hash. One function, so that the three stores and the tests chain
 * entries the same way.
 */
import { leafHash } from './hash';
import { ZERO_HASH, type EntryDraft, type LogEntry, type StoredEntry } from './schema';

export interface Stamp {
  loggedAt: string;
  author: { user: string; role: string };
  typedName?: string;
}

/** The entry that follows `previous` (null: the log's first). */
export function stampEntry(draft: EntryDraft, previous: StoredEntry | null, stamp: Stamp): { entry: LogEntry; hash: string } {
  const entry: LogEntry = {
    ...draft,
    seq: previous ? Number(previous.entry.seq) + 1 : 1,
    loggedAt: stamp.loggedAt,
    author: stamp.author,
    ...(stamp.typedName && stamp.typedName !== stamp.author.user ? { typedName: stamp.typedName } : {}),
    prevHash: previous ? previous.hash : ZERO_HASH,
  };
  return { entry, hash: leafHash(entry) };
}

/** Who may write a log: commanders for themselves, loggists on a commander's behalf (named). */
export function authorProblem(role: string, draft: EntryDraft): string | null {
  if (role === 'loggist' && !draft.onBehalfOf) return 'a loggist writes on behalf of a commander: name the commander';
  return null;
}
