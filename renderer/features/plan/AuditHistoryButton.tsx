/**
 * "Audit history…" for the selected row of a shared operation: opens the Audit view following it (who changed it,
 * when, and what changed, field by field). Shown only to people who may read the audit trail of this operation.
 */
import { rowObject, type RowRef } from '../../../shared/protocol';

export function AuditHistoryButton({ row, what, onOpen }: { row: RowRef; what: string; onOpen: (object: string) => void }) {
  return (
    <div className="section">
      <button
        className="btn"
        onClick={() => onOpen(rowObject(row))}
        title={`Every synced change of this ${what}: who, when, and before → after`}
        data-testid="audit-history"
      >
        Audit history…
      </button>
    </div>
  );
}
