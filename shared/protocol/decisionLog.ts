/**
 * Socket payloads of the decision logs and the control-room log (see server/PROTOCOL.md, "Decision logs").
 * `log:append` is idempotent by the draft's entryId: a client resends an unanswered draft (e.g. from its offline outbox)
 * and gets back the entry the server stored the first time.
 */
import { z } from 'zod';
import { Checkpoint, EntryDraft, StoredEntry } from '../decisionLog/schema';

const OperationId = z.string().min(1).max(100);

export const LogAppendRequest = z.object({ draft: EntryDraft });
export const LogListRequest = z.object({ operationId: OperationId });
/** Every log of the operation: entries (by log, then number), checkpoints, and the key that signed them. */
export const LogListResponse = z.object({
  operationId: OperationId,
  entries: z.array(StoredEntry),
  checkpoints: z.array(Checkpoint),
  publicKey: z.string().regex(/^[0-9a-f]{64}$/),
});
export type LogListResponse = z.infer<typeof LogListResponse>;
export const LogKeyResponse = z.object({ publicKey: z.string().regex(/^[0-9a-f]{64}$/) });
export { StoredEntry as LogAppendResponse };
