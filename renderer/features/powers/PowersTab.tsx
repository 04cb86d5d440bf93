/**
 * The legal powers register in the Plan workspace: every power with its status (draft, planned, in force, expired,
 * cancelled), its statutory issues naming the section, and the actions a planner or commander takes on it. Every
 * edit is a registry command (undoable, in History); authorising, extending and cancelling also tell the decision
 * log hook (powerDecisions.ts).
 */
import { useState } from 'react';
import { OFFICER_RANKS, newId, type OperationBundle } from '../../../shared/domain';
import { POWER_RULES, POWER_STATUS_LABELS, effectiveEnd, powerStatus, validatePower, type Officer, type Power } from '../../../shared/powers';
import { Section, formatTime } from '../../app/fields';
import type { PlanSession } from '../../app/session';
import { CancelDialog, ExtendDialog, NotifyDialog } from './PowerActionDialogs';
import { PowerDialog } from './PowerDialog';
import { IssueList } from './IssueList';
import { blankPower } from './powerForm';
import { emitPowerDecision, type PowerDecisionEvent } from './powerDecisions';
import { useNow } from './useNow';
import './powers.css';

type Open = { kind: 'edit'; power: Power; isNew: boolean } | { kind: 'extend' | 'notify' | 'cancel'; id: string } | null;

const officerText = (o: Officer) => [OFFICER_RANKS[o.rank].split(' / ')[0], o.name, o.collar && `(${o.collar})`].filter(Boolean).join(' ');

export function PowersTab({ bundle, session, selectedFeatureId }: { bundle: OperationBundle; session: PlanSession; selectedFeatureId: string | null }) {
  const now = useNow();
  const [open, setOpen] = useState<Open>(null);
  const powers = bundle.operation.powers ?? [];
  const ctx = { eventEndsAt: bundle.operation.endsAt, powers, featureIds: new Set(bundle.features.map((f) => f.id)) };
  const byId = (id: string) => powers.find((p) => p.id === id);
  const areaName = (p: Power) => (p.areaFeatureId ? (bundle.features.find((f) => f.id === p.areaFeatureId)?.name ?? '(area removed)') : 'No area');

  /** Runs a command and, when it saved, tells the decision log hook what was decided. */
  const decide = async (run: Promise<boolean>, event: () => Omit<PowerDecisionEvent, 'power' | 'operationId'> & { id: string }) => {
    if (!(await run)) return false;
    const { id, ...e } = event();
    // The bundle catches up asynchronously: the event carries the power as it stood and what was decided.
    const power = byId(id);
    if (power) emitPowerDecision({ ...e, power, operationId: bundle.operation.id });
    return true;
  };

  const shown = open && open.kind !== 'edit' ? byId(open.id) : undefined;
  return (
    <>
      <Section title="Legal powers">
        <p className="muted">Powers, conditions and notices for this operation, checked against the statute. Select an area on the map to use it.</p>
        <button className="btn primary" data-testid="power-add" onClick={() => setOpen({ kind: 'edit', power: blankPower(bundle, newId()), isNew: true })}>
          Add power…
        </button>
      </Section>
      <Section title={`Register (${powers.length})`}>
        {powers.length === 0 && <p className="muted">No powers yet.</p>}
        <ul className="power-list" data-testid="power-list">
          {powers.map((p) => {
            const rule = POWER_RULES[p.type];
            const status = powerStatus(p, now, ctx);
            const issues = validatePower(p, ctx);
            const end = effectiveEnd(p, ctx);
            const live = status !== 'cancelled' && status !== 'expired';
            return (
              <li key={p.id} className="power-card" data-testid="power-card" aria-label={`${rule.short} ${POWER_STATUS_LABELS[status]}`}>
                <div className="power-head">
                  <strong>{rule.title}</strong>
                  <span className={`power-status status-${status}`} data-testid="power-status">
                    {POWER_STATUS_LABELS[status]}
                  </span>
                </div>
                <div className="muted">
                  {rule.kind === 'notice' ? `Notice from ${p.authoriser.name || '(organiser not named)'}` : `By ${officerText(p.authoriser) || '(no officer)'}`}{' '}
                  · {areaName(p)}
                </div>
                <div data-testid="power-times">
                  {formatTime(p.startsAt)} – {p.endsAt || p.extensions.length ? formatTime(end) : `event end (${formatTime(end)})`}
                  {p.extensions.length > 0 && <span className="muted"> · extended {p.extensions.length}×</span>}
                </div>
                {p.extensions.map((e, i) => (
                  <div key={i} className="muted power-sub" data-testid="power-extension">
                    Extended by {officerText(e.by)} at {formatTime(e.at)} to {formatTime(e.newEndsAt)}
                  </div>
                ))}
                {p.notifications.map((n, i) => (
                  <div key={i} className="muted power-sub">
                    Informed: {n.who}
                    {n.rank ? ` (${OFFICER_RANKS[n.rank].split(' / ')[0]})` : ''} at {formatTime(n.at)}
                  </div>
                ))}
                {p.cancellation && (
                  <div className="power-sub">
                    Cancelled by {officerText(p.cancellation.by)} at {formatTime(p.cancellation.at)}: {p.cancellation.reason}
                  </div>
                )}
                <IssueList issues={issues} testId="power-issues" />
                <div className="btn-group power-actions">
                  {!p.authorisedAt && (
                    <button className="btn" onClick={() => setOpen({ kind: 'edit', power: p, isNew: false })} aria-label={`Edit ${rule.short}`}>
                      Edit
                    </button>
                  )}
                  {!p.authorisedAt && rule.kind !== 'notice' && (
                    <button
                      className="btn primary"
                      data-testid="power-authorise"
                      onClick={() => {
                        const at = new Date(Math.min(now, Date.parse(p.startsAt))).toISOString();
                        void decide(session.run('power.authorise', { id: p.id, at }), () => ({
                          id: p.id,
                          kind: 'authorise',
                          officer: p.authoriser,
                          at,
                          summary: `Authorised ${rule.title}`,
                          rationale: p.grounds,
                        }));
                      }}
                    >
                      Authorise
                    </button>
                  )}
                  {p.authorisedAt && live && rule.extension && (
                    <button className="btn" data-testid="power-extend" onClick={() => setOpen({ kind: 'extend', id: p.id })}>
                      Extend…
                    </button>
                  )}
                  {live && (rule.inform || rule.consent) && (
                    <button className="btn" data-testid="power-notify" onClick={() => setOpen({ kind: 'notify', id: p.id })}>
                      Record informed…
                    </button>
                  )}
                  {p.authorisedAt && live && (
                    <button className="btn danger" data-testid="power-cancel" onClick={() => setOpen({ kind: 'cancel', id: p.id })}>
                      Cancel…
                    </button>
                  )}
                  {!p.authorisedAt && (
                    <button className="btn danger" aria-label={`Delete draft ${rule.short}`} onClick={() => void session.run('power.delete', { id: p.id })}>
                      Delete
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      </Section>
      {open?.kind === 'edit' && (
        <PowerDialog
          bundle={bundle}
          initial={open.power}
          isNew={open.isNew}
          selectedFeatureId={selectedFeatureId}
          onClose={() => setOpen(null)}
          onSave={(p) => {
            const { id, authorisedAt: _a, authorisedRecordedAt: _r, extensions: _e, notifications: _n, cancellation: _c, ...rest } = p;
            return session.run('power.save', { power: { id, ...rest } });
          }}
        />
      )}
      {open?.kind === 'extend' && shown && (
        <ExtendDialog
          bundle={bundle}
          power={shown}
          onClose={() => setOpen(null)}
          onExtend={(a) =>
            decide(session.run('power.extend', { id: shown.id, ...a }), () => ({
              id: shown.id,
              kind: 'extend',
              officer: a.by,
              at: a.at,
              summary: `Extended ${POWER_RULES[shown.type].title} to ${a.newEndsAt}`,
              rationale: a.grounds,
            }))
          }
        />
      )}
      {open?.kind === 'notify' && shown && (
        <NotifyDialog power={shown} onClose={() => setOpen(null)} onNotify={(a) => session.run('power.notify', { id: shown.id, ...a })} />
      )}
      {open?.kind === 'cancel' && shown && (
        <CancelDialog
          power={shown}
          onClose={() => setOpen(null)}
          onCancelPower={(a) =>
            decide(session.run('power.cancel', { id: shown.id, ...a }), () => ({
              id: shown.id,
              kind: 'cancel',
              officer: a.by,
              at: a.at,
              summary: `Cancelled ${POWER_RULES[shown.type].title}`,
              rationale: a.reason,
            }))
          }
        />
      )}
    </>
  );
}
