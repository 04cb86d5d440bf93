/**
 * Who is signed in, in the top bar: "Signed in as Jane Smith (Insp 4521)" with Sign out, and the Users (admins) and
 * Audit (admins and commanders) screens; or Sign in when nobody is. Nothing when no command server answers (Plan
 * and Brief work offline).
 */
import './account.css';
import type { Account } from './useAccount';
import { who } from './accountApi';

export function AccountBar({
  account,
  onSignIn,
  onMine,
  onUsers,
  onAudit,
}: {
  account: Account;
  onSignIn: () => void;
  onMine: () => void;
  onUsers: () => void;
  onAudit: () => void;
}) {
  const s = account.state;
  if (s.kind === 'checking' || s.kind === 'unreachable') return null;
  if (s.kind === 'signedOut') {
    return (
      <button className="btn" onClick={onSignIn} data-testid="sign-in">
        Sign in
      </button>
    );
  }
  const commander = s.user.memberships.some((m) => m.roles.includes('commander'));
  return (
    <span className="account-bar" data-testid="account-bar">
      <button className="btn link-like" onClick={onMine} title="Your account and operations" data-testid="signed-in-as">
        Signed in as {who(s.user)}
      </button>
      {s.user.admin && (
        <button className="btn" onClick={onUsers} data-testid="open-users">
          Users
        </button>
      )}
      {(s.user.admin || commander) && (
        <button className="btn" onClick={onAudit} data-testid="open-audit">
          Audit
        </button>
      )}
      <button className="btn" onClick={() => void account.signOut()} data-testid="sign-out">
        Sign out
      </button>
    </span>
  );
}
