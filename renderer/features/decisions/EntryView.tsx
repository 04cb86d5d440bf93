/** One decision-log entry as read back: the NDM parts in order, who wrote it (and for whom), when decided and logged. */
import type { LogEntry } from '../../../shared/decisionLog';
import { formatTime } from '../../app/fields';

export function EntryView({ entry }: { entry: LogEntry }) {
  const b = entry.body;
  const who = `${entry.author.user} (${entry.author.role})${entry.onBehalfOf ? ` for ${entry.onBehalfOf}` : ''}`;
  return (
    <div className="entry-body">
      <div className="entry-meta muted">
        Decided {formatTime(entry.decidedAt)} · written {formatTime(entry.writtenAt)} · logged {formatTime(entry.loggedAt)} · {who}
        {entry.corrects ? ` · corrects #${entry.corrects.seq}` : ''}
      </div>
      {entry.delayReason && <p className="warning">Late entry: {entry.delayReason}</p>}
      {b.type === 'decision' ? (
        <dl>
          <dt>Information</dt>
          <dd>
            {b.information.map((i, k) => (
              <span key={k}>
                {i.text}
                {i.reference ? ` [${i.reference}]` : ''}
              </span>
            ))}
          </dd>
          <dt>Threat and risk</dt>
          <dd>{b.threatAndRisk}</dd>
          <dt>Working strategy</dt>
          <dd>{b.workingStrategy}</dd>
          <dt>Powers and policy</dt>
          <dd>{b.powersAndPolicy}</dd>
          {b.optionsRejected.length > 0 && (
            <>
              <dt>Options rejected</dt>
              <dd>
                {b.optionsRejected.map((o, k) => (
                  <span key={k}>
                    {o.option}: {o.whyRejected}
                  </span>
                ))}
              </dd>
            </>
          )}
          <dt>Decision</dt>
          <dd className="entry-decision">{b.decision}</dd>
          <dt>Rationale</dt>
          <dd>{b.rationale}</dd>
          <dt>Code of Ethics</dt>
          <dd>{b.codeOfEthics}</dd>
          {b.reviewAt && (
            <>
              <dt>Review at</dt>
              <dd>{formatTime(b.reviewAt)}</dd>
            </>
          )}
        </dl>
      ) : (
        <p>{b.text}</p>
      )}
    </div>
  );
}
