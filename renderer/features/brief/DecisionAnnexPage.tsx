/**
 * Annex E of the briefing pack: the commanders' decision logs up to the pack's time (shared/brief/decisionAnnex.ts),
 * from the verified copy this workstation kept. A corrected decision is struck through with the number of the entry
 * that corrects it, as on the log itself. Static markup, text through React only.
 */
import type { DecisionAnnex, DecisionAnnexLog } from '../../../shared/brief/decisionAnnex';
import { formatDateTime } from '../../../shared/brief/tables';

export const DECISION_ANNEX_TITLE = 'Annex E: Decision log';

function LogTable({ log }: { log: DecisionAnnexLog }) {
  return (
    <table className="pack-table dense decision-annex-table" data-testid={`pack-decisions-${log.logId}`}>
      <thead>
        <tr>
          <th>No.</th>
          <th>Decided</th>
          <th>Written</th>
          <th>Decision</th>
          <th>Rationale</th>
          <th>Who</th>
        </tr>
      </thead>
      <tbody>
        {log.rows.map((r) => (
          <tr key={r.seq} className={r.correctedBy.length ? 'struck' : undefined}>
            <td>#{r.seq}</td>
            <td className="nowrap">{r.decidedAt}</td>
            <td className="nowrap">
              {r.writtenAt}
              {r.delayReason && <div className="small">Late: {r.delayReason}</div>}
            </td>
            <td>
              {r.corrects !== null && <div className="small">Corrects #{r.corrects}</div>}
              {r.correctedBy.length ? <del>{r.decision}</del> : r.decision}
              {r.correctedBy.length > 0 && <div className="small">Corrected by #{r.correctedBy.join(', #')}</div>}
            </td>
            <td>{r.correctedBy.length ? <del>{r.rationale}</del> : r.rationale}</td>
            <td>{r.who}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DecisionAnnexPage({ annex }: { annex: DecisionAnnex }) {
  return (
    <section className="pack-page decision-annex" data-testid="pack-decision-annex">
      <h2>{DECISION_ANNEX_TITLE}</h2>
      {!annex.available ? (
        <p className="annex-unavailable" data-testid="pack-decisions-unavailable">
          {annex.message}
        </p>
      ) : (
        <>
          <p className="small">
            Decisions made up to {formatDateTime(annex.upTo)}, from the copy of the decision logs this workstation kept after verifying them. Entries are never
            edited: a corrected decision is struck through and names the entry that corrects it.
          </p>
          {annex.logs.map((log) => (
            <div key={log.logId} className="decision-annex-log">
              <h3>{log.title}</h3>
              {log.verifiedAgainst ? (
                <p className="small hash-line">
                  {log.verifiedAgainst}. Copy fetched {log.fetchedAt}.
                </p>
              ) : null}
              {log.rows.length > 0 ? (
                <LogTable log={log} />
              ) : (
                <p className="muted-print">Nil: no decisions logged up to the pack's time (logs fetched {log.fetchedAt}).</p>
              )}
              {log.later > 0 && (
                <p className="small">
                  {log.later} later {log.later === 1 ? 'entry is' : 'entries are'} not shown: decided after the pack's time.
                </p>
              )}
            </div>
          ))}
        </>
      )}
      {annex.problems.map((p) => (
        <p key={p} className="small" role="alert">
          Not printed: {p}.
        </p>
      ))}
    </section>
  );
}
