/**
 * The import preview: what the file holds, grouped as it arrived (layer, folder, GPX part), and what each group will
 * become. The planner changes a group's target here, before anything is written; the counts and the button follow.
 */
import { useMemo, useState } from 'react';
import { Dialog } from '../../app/ui';
import { applyTargets } from '../io/applyTargets';
import { defaultTargets, type GroupTarget, type ImportPreview } from '../io/importFeatures';
import { SHAPE_WORDS, shapeOf, targetLabel } from '../io/importGroups';
import { becomes, describeOutcome, plural } from '../io/importSummary';
import { FORMAT_PHRASES } from '../io/sourceTypes';
import type { PlanFeature } from '../../../shared/domain';

const LISTED = 100;

export function ImportPreviewDialog({
  preview,
  onCancel,
  onConfirm,
}: {
  preview: ImportPreview;
  onCancel: () => void;
  onConfirm: (features: PlanFeature[]) => void;
}) {
  const [targets, setTargets] = useState(() => defaultTargets(preview.groups));
  const applied = useMemo(() => applyTargets(preview.drafts, targets), [preview.drafts, targets]);
  const features = applied.ok ? applied.value.features : [];
  const choose = (key: string, target: GroupTarget) => setTargets((t) => new Map(t).set(key, target));
  const warnings = [...preview.warnings, ...(applied.ok ? applied.value.warnings.filter((w) => !preview.warnings.includes(w)) : [])];

  return (
    <Dialog
      title={`Import ${preview.fileName}`}
      onClose={onCancel}
      actions={
        <>
          <button className="btn" onClick={onCancel}>
            Cancel
          </button>
          <button className="btn primary" onClick={() => onConfirm(features)} data-testid="confirm-import" disabled={features.length === 0}>
            Import {plural(features.length, 'feature')}
          </button>
        </>
      }
    >
      {preview.notices.length > 0 && (
        <div data-testid="import-notices" role="status" style={{ borderLeft: '3px solid var(--accent)', padding: '2px 0 2px 10px', margin: '0 0 10px' }}>
          {preview.notices.map((n) => (
            <div key={n}>{n}</div>
          ))}
        </div>
      )}
      <p>
        {FORMAT_PHRASES[preview.sourceFormat]} with {plural(preview.drafts.length, 'feature')}
        {preview.groups.length > 1 ? ` in ${plural(preview.groups.length, 'group')}` : ''}. Choose what each group becomes; you can still change any feature
        after import.
      </p>
      <table className="grid" data-testid="import-groups">
        <thead>
          <tr>
            <th>In the file</th>
            <th>Count</th>
            <th>Becomes</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {preview.groups.map((g) => (
            <tr key={g.key} data-testid="import-group">
              <td>{g.label}</td>
              <td>{g.count.toLocaleString('en-GB')}</td>
              <td>
                <select
                  aria-label={`What ${g.label} becomes`}
                  value={targets.get(g.key) ?? g.target}
                  onChange={(e) => choose(g.key, e.target.value as GroupTarget)}
                >
                  {g.options.map((o) => (
                    <option key={o} value={o}>
                      {targetLabel(o)}
                    </option>
                  ))}
                </select>
              </td>
              <td className="muted">{targets.get(g.key) === g.target ? (g.reason ?? '') : 'Your choice.'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p data-testid="import-summary">{applied.ok ? <>Will add {describeOutcome(applied.value)}.</> : <span className="warning">{applied.error}</span>}</p>
      {warnings.length > 0 && (
        <details open={warnings.length <= 5}>
          <summary>{plural(warnings.length, 'warning')}</summary>
          <ul data-testid="import-warnings">
            {warnings.map((w, i) => (
              <li key={i} className="warning">
                {w}
              </li>
            ))}
          </ul>
        </details>
      )}
      <table className="grid" data-testid="import-preview">
        <thead>
          <tr>
            <th>Name</th>
            <th>Becomes</th>
            <th>Shape</th>
          </tr>
        </thead>
        <tbody>
          {features.slice(0, LISTED).map((f) => (
            <tr key={f.id}>
              <td>{f.name || '(unnamed)'}</td>
              <td>{becomes(f)}</td>
              <td>{capitalise(SHAPE_WORDS[shapeOf(f)].one)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {features.length > LISTED && <p className="muted">…and {(features.length - LISTED).toLocaleString('en-GB')} more.</p>}
    </Dialog>
  );
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
