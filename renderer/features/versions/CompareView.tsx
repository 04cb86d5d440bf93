/** The differences between two versions (or a version and the working copy): added, changed, removed per table. */
import type { VersionDiff } from '../../../shared/plan/versionDiff';
import { diffHeadline } from '../../../shared/plan/versionDiff';

export function CompareView({ title, diff }: { title: string; diff: VersionDiff }) {
  return (
    <div data-testid="version-compare" aria-label={title}>
      <h3 style={{ margin: '8px 0 4px' }}>{title}</h3>
      <p className="muted" data-testid="version-compare-headline">
        {diffHeadline(diff)}
      </p>
      {diff.sections.map((s) => (
        <div key={s.table} style={{ marginBottom: 6 }}>
          <strong>{s.title}</strong>
          <ul className="list" style={{ margin: '2px 0 0 0' }}>
            {s.added.map((i) => (
              <li key={`a${i.key}`}>
                <span className="v-ok">Added</span> {i.label}
              </li>
            ))}
            {s.changed.map((i) => (
              <li key={`c${i.key}`}>
                <span className="v-warn">Changed</span> {i.label} <span className="muted">({i.fields.join(', ')})</span>
              </li>
            ))}
            {s.removed.map((i) => (
              <li key={`r${i.key}`}>
                <span className="v-bad">Removed</span> {i.label}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
