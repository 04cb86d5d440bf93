/** Plan validation as a list of warnings; each links to the feature it is about. */
import type { PlanWarning } from '../../../shared/validation';
import { Section } from '../../app/fields';

/** Enough to work through; a plan with thousands of problems needs fixing at the source, not scrolling. */
const SHOWN = 300;

export function WarningsTab({ warnings, onShow }: { warnings: readonly PlanWarning[]; onShow: (featureId: string) => void }) {
  return (
    <Section title={`Warnings (${warnings.length})`}>
      {warnings.length === 0 ? (
        <p className="ok-text">No problems found in this plan.</p>
      ) : (
        <ul className="list" data-testid="warning-list">
          {warnings.slice(0, SHOWN).map((w) => (
            <li key={w.id}>
              <button
                className="item"
                onClick={() => w.featureIds[0] && onShow(w.featureIds[0])}
                disabled={w.featureIds.length === 0}
                style={{ alignItems: 'start' }}
              >
                <span className={w.severity === 'error' ? 'error-text' : 'warning'} aria-label={w.severity}>
                  {w.severity === 'error' ? '●' : '▲'}
                </span>
                <span>{w.message}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {warnings.length > SHOWN && (
        <p className="muted">
          Showing the first {SHOWN} of {warnings.length}, most serious first.
        </p>
      )}
    </Section>
  );
}
