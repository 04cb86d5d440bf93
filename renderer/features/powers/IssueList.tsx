/** The statutory issues of a power, each naming its section; errors first. Read out when they change. */
import type { PowerIssue } from '../../../shared/powers';

export function IssueList({ issues, testId }: { issues: readonly PowerIssue[]; testId: string }) {
  if (issues.length === 0)
    return (
      <p className="power-ok" data-testid={testId}>
        No statutory issues found.
      </p>
    );
  return (
    <ul className="power-issues" data-testid={testId} aria-live="polite">
      {issues.map((i, n) => (
        <li key={n} className={i.severity === 'error' ? 'error-text' : 'warning'}>
          <strong>{i.severity === 'error' ? 'Error' : 'Warning'}:</strong> {i.message}
        </li>
      ))}
    </ul>
  );
}
