/**
 * A change set too big for one push (an imported plan of thousands of features) goes as several parts, each within
 * MAX_SYNC_CHANGES rows and a byte budget under the server's socket message cap (4 MB). Part ids are derived from the
 * change set's id, so resending after a lost answer is still idempotent. A set that fits keeps its own id.
 */
import { MAX_SYNC_CHANGES, type SyncPushRequest } from '../../../shared/protocol/sync';

/** Bytes of JSON per part: well under the server's 4 MB message cap, leaving room for the envelope. */
export const PART_BYTES = 2_500_000;

export function splitChangeSet(req: SyncPushRequest, maxChanges = MAX_SYNC_CHANGES, maxBytes = PART_BYTES): SyncPushRequest[] {
  const parts: SyncPushRequest['changes'][] = [];
  let current: SyncPushRequest['changes'] = [];
  let bytes = 0;
  for (const c of req.changes) {
    const size = JSON.stringify(c).length;
    if (current.length > 0 && (current.length >= maxChanges || bytes + size > maxBytes)) {
      parts.push(current);
      current = [];
      bytes = 0;
    }
    current.push(c);
    bytes += size;
  }
  if (current.length) parts.push(current);
  if (parts.length <= 1) return [req];
  return parts.map((changes, i) => ({ ...req, changeSetId: `${req.changeSetId}/${i + 1}-of-${parts.length}`, label: req.label, changes }));
}
