/**
 * Who is signed in, in the top bar: "Signed in as Jane Smith (Insp 4521)" with Sign out, and the Users (admins) and
 * Audit (admins and commanders) screens; or Sign in when nobody is. Nothing when no command server answers (Plan
 * and Brief work offline).
 */
import './account.css';
import type { LedgerState } from '../exports/exportRecorder';
import type { Account } from './useAccount';
import { who } from './accountApi';

/** "2 exports not yet in the audit trail": files made here wait until a signed-in link records them. */
function LedgerNote({ ledger, signedIn }: { ledger: LedgerState; signedIn: boolean }) {
  if (ledger.waiting === 0 && ledger.refused === 0) return null;
  const waiting = ledger.waiting
    ? `${ledger.waiting} export${ledger.waiting === 1 ? '' : 's'} not yet in the audit trail${signedIn ? '' : ': sign in to record'}`
    : null;
  const refused = ledger.refused ? `${ledger.refused} refused by the server` : null;
  return (
    <span
      className={`ledger-note${ledger.refused ? ' refused' : ''}`}
      role="status"
      title={
        ledger.lastRefusal
          ? `Last refusal: ${ledger.lastRefusal}. Refused records stay on this computer.`
          : 'Files made here are recorded in the command server’s audit trail when this workstation is signed in and connected.'
      }
      data-testid="export-ledger"
    >
      {[waiting, refused].filter(Boolean).join('; ')}
    </span>
  );
}

export function AccountBar({
  account,
  ledger,
  onSignIn,
  onMine,
  onUsers,
  onAudit,
}: {
  account: Account;
  ledger: LedgerState;
  onSignIn: () => void;
  onMine: () => void;
  onUsers: () => void;
  onAudit: () => void;
}) {
  const s = account.state;
  if (s.kind === 'checking' || s.kind === 'unreachable') return <LedgerNote ledger={ledger} signedIn={false} />;
  if (s.kind === 'signedOut') {
    return (
      <>
        <LedgerNote ledger={ledger} signedIn={false} />
        <button className="btn" onClick={onSignIn} data-testid="sign-in">
          Sign in
        </button>
      </>
    );
  }
  const commander = s.user.memberships.some((m) => m.roles.includes('commander'));
  return (
    <span className="account-bar" data-testid="account-bar">
      <LedgerNote ledger={ledger} signedIn />
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
