/**
 * "Your account": who the server says you are, the operations you are a member of (the only ones you may watch) with
 * your role in each, when the session ends, and Sign out.
 */
import type { AccountView } from '../../../shared/protocol';
import { Dialog } from '../../app/ui';
import { who } from './accountApi';

export function MyAccountDialog({ user, expiresAt, onSignOut, onClose }: { user: AccountView; expiresAt: string; onSignOut: () => void; onClose: () => void }) {
  return (
    <Dialog
      title="Your account"
      onClose={onClose}
      actions={
        <>
          <button className="btn" onClick={onSignOut}>
            Sign out
          </button>
          <button className="btn" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      <p>
        {who(user)} — user name <strong>{user.userName}</strong>
        {user.admin ? ', administrator' : ''}
      </p>
      <p className="muted">Session ends {new Date(expiresAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}.</p>
      <h3>Your operations</h3>
      {user.memberships.length === 0 ? (
        <p className="muted" data-testid="my-operations-none">
          You are not a member of any operation yet: ask an administrator.
        </p>
      ) : (
        <table className="data-table" data-testid="my-operations">
          <thead>
            <tr>
              <th scope="col">Operation id</th>
              <th scope="col">Your role</th>
            </tr>
          </thead>
          <tbody>
            {user.memberships.map((m) => (
              <tr key={m.operationId}>
                <td>{m.operationId}</td>
                <td>{m.roles.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Dialog>
  );
}
