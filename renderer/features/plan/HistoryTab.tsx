/**
 * Revision history of the operation, newest first, with restore. Revisions are numbered per operation (`seq`: a new
 * operation's history starts at #1), not by the database's global key.
 */
import { useEffect, useState } from 'react';
import { Section, formatTime } from '../../app/fields';
import { listRevisions, restoreRevision, type CordonDb, type RevisionRecord } from '../../data';

export function HistoryTab({ db, operationId, version, report }: { db: CordonDb; operationId: string; version: unknown; report: (e: string) => void }) {
  const [revisions, setRevisions] = useState<RevisionRecord[]>([]);
  useEffect(() => {
    void listRevisions(db, operationId).then((r) => setRevisions([...r].reverse()));
  }, [db, operationId, version]);
  const restore = async (id: number) => {
    const r = await restoreRevision(db, operationId, id);
    if (!r.ok) report(r.error);
  };
  return (
    <Section title={`History (${revisions.length} ${revisions.length === 1 ? 'revision' : 'revisions'})`}>
      <ul className="list" data-testid="revision-list">
        {revisions.slice(0, 300).map((r, i) => (
          <li key={r.id} className="row" style={{ padding: '4px 0' }} data-testid="revision">
            <span>
              <strong data-testid="revision-number">#{r.seq}</strong> {r.label}
              <div className="muted" style={{ fontSize: 12 }}>
                {formatTime(r.at)}
              </div>
            </span>
            {i > 0 && (
              <button className="btn" style={{ flex: 'none' }} onClick={() => void restore(r.id!)} aria-label={`Restore to revision ${r.seq}`}>
                Restore
              </button>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}
