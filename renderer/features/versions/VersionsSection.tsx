/**
 * The version history in the Plan's History tab: every published version (number, who, when, note, approved by),
 * approval by a commander, and "Compare" between two versions or a version and the working copy.
 */
import { useState } from 'react';
import type { OperationBundle } from '../../../shared/domain';
import type { VersionDiff } from '../../../shared/plan/versionDiff';
import { Section } from '../../app/fields';
import { CompareView } from './CompareView';
import { comparePlans } from './compare';
import { approvalText, mayApprove, shortTime } from './draftState';
import type { PlanVersions } from './usePlanVersions';
import './versions.css';

const WORKING = 'working';

export function VersionsSection({ pv, bundle, report }: { pv: PlanVersions; bundle: OperationBundle; report: (e: string) => void }) {
  const versions = pv.versions;
  const newest = versions?.at(-1)?.version ?? null;
  const [from, setFrom] = useState<string>('');
  const [to, setTo] = useState<string>(WORKING);
  const [result, setResult] = useState<{ title: string; diff: VersionDiff } | null>(null);
  const fromValue = from || (newest !== null ? String(newest) : '');

  const planFor = async (choice: string) => {
    if (choice === WORKING) return { ok: true as const, value: bundle };
    return pv.planOf(Number(choice));
  };
  const label = (choice: string) => (choice === WORKING ? 'the working copy' : `v${choice}`);
  const compare = async () => {
    const [a, b] = await Promise.all([planFor(fromValue), planFor(to)]);
    if (!a.ok) return report(a.error);
    if (!b.ok) return report(b.error);
    setResult({ title: `Changes from ${label(fromValue)} to ${label(to)}`, diff: comparePlans(a.value, b.value) });
  };
  const approve = async (version: number) => {
    const r = await pv.approve(version);
    if (!r.ok) report(`Version ${version} was not approved: ${r.error}`);
  };

  if (versions === null) {
    return (
      <Section title="Published versions">
        {pv.refused ? (
          <p className="error-text" data-testid="versions-refused">
            {pv.refused}
          </p>
        ) : (
          <p className="muted">Not connected to the command server (Settings): versions are kept there.</p>
        )}
      </Section>
    );
  }
  return (
    <Section title={`Published versions (${versions.length})`}>
      {versions.length === 0 && <p className="muted">None yet. “Publish version…” above makes version 1.</p>}
      <ul className="list version-list" data-testid="version-list">
        {[...versions].reverse().map((v) => (
          <li key={v.version} data-testid={`version-${v.version}`}>
            <div className="row" style={{ alignItems: 'baseline' }}>
              <strong>v{v.version}</strong>
              <span className="muted meta" style={{ flex: 1 }}>
                {shortTime(v.publishedAt)} by {v.publishedBy}
              </span>
              {!v.approvedAt && mayApprove(pv.you) && (
                <button
                  className="btn"
                  style={{ flex: 'none' }}
                  onClick={() => void approve(v.version)}
                  aria-label={`Approve version ${v.version}`}
                  title="Commanders only: approve this version"
                >
                  Approve
                </button>
              )}
            </div>
            {v.note && <div data-testid="version-note">{v.note}</div>}
            <div className={v.approvedAt ? 'v-ok meta' : 'muted meta'} data-testid="version-approval">
              {approvalText(v)}
            </div>
          </li>
        ))}
      </ul>
      {versions.length > 0 && (
        <div style={{ marginTop: 8 }}>
          <div className="row" style={{ gap: 6, alignItems: 'end' }}>
            {/* "v12" needs little room; "Working copy" needs the rest (it was cut to "Working cop" at 1280 px). */}
            <div className="field" style={{ flex: 'none', width: '5.5em' }}>
              <label htmlFor="compare-from">Compare</label>
              <select id="compare-from" value={fromValue} onChange={(e) => setFrom(e.target.value)} data-testid="compare-from">
                {versions.map((v) => (
                  <option key={v.version} value={String(v.version)}>
                    v{v.version}
                  </option>
                ))}
              </select>
            </div>
            <div className="field" style={{ flex: 1 }}>
              <label htmlFor="compare-to">with</label>
              <select id="compare-to" value={to} onChange={(e) => setTo(e.target.value)} data-testid="compare-to">
                <option value={WORKING}>Working copy</option>
                {versions.map((v) => (
                  <option key={v.version} value={String(v.version)}>
                    v{v.version}
                  </option>
                ))}
              </select>
            </div>
            <button className="btn" style={{ flex: 'none', marginBottom: 8 }} onClick={() => void compare()} data-testid="compare-versions">
              Compare
            </button>
          </div>
          {result && <CompareView title={result.title} diff={result.diff} />}
        </div>
      )}
    </Section>
  );
}
