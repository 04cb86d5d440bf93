/**
 * The sign-in screen: user name and password for the command server in use. Enter signs in; errors say what went
 * wrong in the server's words (wrong user name or password, disabled, too many tries); "Not now" keeps working
 * offline (Plan and Brief need no server).
 */
import { useId, useState } from 'react';
import { Dialog } from '../../app/ui';

export function LoginDialog({
  serverUrl,
  why,
  onSignIn,
  onClose,
}: {
  serverUrl: string;
  why: string | null;
  onSignIn: (userName: string, password: string) => Promise<string | null>;
  onClose: () => void;
}) {
  const ids = { user: useId(), password: useId() };
  const [userName, setUserName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!userName.trim() || !password) return setError('Enter your user name and password.');
    setBusy(true);
    const problem = await onSignIn(userName.trim(), password);
    setBusy(false);
    if (problem) {
      setError(`Not signed in: ${problem}.`);
      setPassword('');
    }
  };
  return (
    <Dialog
      title="Sign in to the command server"
      onClose={onClose}
      actions={
        <>
          <button className="btn" onClick={onClose} data-testid="login-later">
            Not now
          </button>
          <button className="btn primary" type="submit" form="login-form" disabled={busy} data-testid="login-submit">
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </>
      }
    >
      <form
        id="login-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p className="muted">
          Server: <span data-testid="login-server">{serverUrl}</span>
        </p>
        {why && (
          <p className="muted" role="status" data-testid="login-why">
            {why[0]!.toUpperCase() + why.slice(1)}.
          </p>
        )}
        <div className="field">
          <label htmlFor={ids.user}>User name</label>
          <input id={ids.user} autoComplete="username" value={userName} onChange={(e) => setUserName(e.target.value)} data-testid="login-user" />
        </div>
        <div className="field">
          <label htmlFor={ids.password}>Password</label>
          <input
            id={ids.password}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="login-password"
          />
        </div>
        {error && (
          <p className="error-text" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}
