/**
 * User administration for administrators: everyone with their rank, collar number, roles per operation and status;
 * disable or enable (disabling signs them out everywhere at once), reset a password, give or take roles in an
 * operation, add a person. Every change goes through the server, which checks it and writes it to the audit trail.
 */
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { OPERATION_ROLES, type AccountView, type OperationRole } from '../../../shared/protocol';
import { Dialog } from '../../app/ui';
import type { AccountLink } from '../../net/accountLink';
import { who } from './accountApi';
import { chosenOperationId, knownOperations } from './rolesOperations';

type Say = { kind: 'ok' | 'error'; text: string } | null;

export function UsersDialog({
  link,
  selfId,
  onClose,
  operations = [],
}: {
  link: AccountLink;
  selfId: string;
  onClose: () => void;
  /** Operations on this workstation, offered by name in the roles form. */
  operations?: readonly { id: string; name: string }[];
}) {
  const [users, setUsers] = useState<AccountView[]>([]);
  const [say, setSay] = useState<Say>(null);
  const reload = useCallback(async () => {
    const r = await link.request('users:list', {});
    if (r.ok) setUsers(r.value);
    else setSay({ kind: 'error', text: r.error });
  }, [link]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const done = async (r: { ok: true; value: AccountView } | { ok: false; error: string }, what: (u: AccountView) => string) => {
    setSay(r.ok ? { kind: 'ok', text: what(r.value) } : { kind: 'error', text: r.error });
    await reload();
    return r.ok;
  };

  return (
    <Dialog title="Users" onClose={onClose}>
      <table className="data-table" data-testid="users-table">
        <thead>
          <tr>
            <th scope="col">User name</th>
            <th scope="col">Name</th>
            <th scope="col">Roles by operation</th>
            <th scope="col">Status</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} data-testid={`user-row-${u.userName}`}>
              <td>{u.userName}</td>
              <td>{who(u)}</td>
              <td>
                {[u.admin ? 'administrator' : '', ...u.memberships.map((m) => `${m.operationId}: ${m.roles.join(', ')}`)].filter(Boolean).join('; ') || (
                  <span className="muted">none</span>
                )}
              </td>
              <td>{u.enabled ? 'Enabled' : <strong className="error-text">Disabled</strong>}</td>
              <td>
                <button
                  className={`btn${u.enabled ? ' danger' : ''}`}
                  disabled={u.id === selfId}
                  aria-label={`${u.enabled ? 'Disable' : 'Enable'} ${u.userName}`}
                  data-testid={`toggle-user-${u.userName}`}
                  onClick={() =>
                    void link
                      .request('users:setEnabled', { userId: u.id, enabled: !u.enabled })
                      .then((r) => done(r, (x) => `${x.userName} is now ${x.enabled ? 'enabled' : 'disabled and signed out everywhere'}.`))
                  }
                >
                  {u.enabled ? 'Disable' : 'Enable'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {say && (
        <p className={say.kind === 'error' ? 'error-text' : 'muted'} role={say.kind === 'error' ? 'alert' : 'status'} data-testid="users-message">
          {say.text}
        </p>
      )}
      <div className="users-forms">
        <RolesForm
          users={users}
          operations={operations}
          onSave={(userId, operationId, roles) =>
            link.request('users:setRoles', { userId, operationId, roles }).then((r) => done(r, (x) => `${x.userName}'s roles in ${operationId} are saved.`))
          }
        />
        <PasswordForm
          users={users}
          onSave={(userId, password) =>
            link
              .request('users:resetPassword', { userId, password })
              .then((r) => done(r, (x) => `${x.userName}'s password is reset; their sessions have ended.`))
          }
        />
        <AddForm onAdd={(req) => link.request('users:create', req).then((r) => done(r, (x) => `${x.userName} is added. Give them roles in an operation.`))} />
      </div>
    </Dialog>
  );
}

function UserSelect({ users, value, onChange, id }: { users: AccountView[]; value: string; onChange: (id: string) => void; id: string }) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">Choose a person…</option>
      {users.map((u) => (
        <option key={u.id} value={u.id}>
          {u.userName} — {who(u)}
        </option>
      ))}
    </select>
  );
}

function RolesForm({
  users,
  operations,
  onSave,
}: {
  users: AccountView[];
  operations: readonly { id: string; name: string }[];
  onSave: (userId: string, operationId: string, roles: OperationRole[]) => Promise<boolean>;
}) {
  const ids = { user: useId(), op: useId(), known: useId() };
  const [userId, setUserId] = useState('');
  const [operationId, setOperationId] = useState('');
  // Offered by name where this workstation knows it (rolesOperations.ts).
  const known = useMemo(() => knownOperations(users, operations), [users, operations]);
  const chosenId = chosenOperationId(known, operationId);
  const [roles, setRoles] = useState<OperationRole[]>([]);
  // Choosing a person and operation shows the roles they hold there now.
  useEffect(() => {
    const m = users.find((u) => u.id === userId)?.memberships.find((x) => x.operationId === chosenId);
    setRoles(m ? m.roles : []);
  }, [users, userId, chosenId]);
  return (
    <fieldset className="form-box">
      <legend>Roles in an operation</legend>
      <div className="field">
        <label htmlFor={ids.user}>Person</label>
        <UserSelect users={users} value={userId} onChange={setUserId} id={ids.user} />
      </div>
      <div className="field">
        <label htmlFor={ids.op}>Operation</label>
        <input
          id={ids.op}
          value={operationId}
          onChange={(e) => setOperationId(e.target.value)}
          placeholder="Type a name or id, or pick one"
          list={ids.known}
          data-testid="roles-operation"
        />
        <datalist id={ids.known}>
          {known.map(([id, name]) => (
            <option key={id} value={id} label={name === id ? id : `${name} (${id})`} />
          ))}
        </datalist>
      </div>
      <div className="role-checks" role="group" aria-label="Roles">
        {OPERATION_ROLES.map((r) => (
          <label key={r}>
            <input type="checkbox" checked={roles.includes(r)} onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))} />{' '}
            {r}
          </label>
        ))}
      </div>
      <button className="btn" disabled={!userId || !chosenId} onClick={() => void onSave(userId, chosenId, roles)} data-testid="save-roles">
        {roles.length ? 'Save roles' : 'Remove from operation'}
      </button>
    </fieldset>
  );
}

function PasswordForm({ users, onSave }: { users: AccountView[]; onSave: (userId: string, password: string) => Promise<boolean> }) {
  const ids = { user: useId(), pw: useId() };
  const [userId, setUserId] = useState('');
  const [password, setPassword] = useState('');
  return (
    <fieldset className="form-box">
      <legend>Reset a password</legend>
      <div className="field">
        <label htmlFor={ids.user}>Person</label>
        <UserSelect users={users} value={userId} onChange={setUserId} id={ids.user} />
      </div>
      <div className="field">
        <label htmlFor={ids.pw}>New password (at least 10 characters)</label>
        <input id={ids.pw} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </div>
      <button className="btn" disabled={!userId || !password} onClick={() => void onSave(userId, password).then((ok) => ok && setPassword(''))}>
        Reset password
      </button>
    </fieldset>
  );
}

function AddForm({
  onAdd,
}: {
  onAdd: (req: { userName: string; name: string; rank: string; collar: string; password: string; admin: boolean }) => Promise<boolean>;
}) {
  const ids = { user: useId(), name: useId(), rank: useId(), collar: useId(), pw: useId(), admin: useId() };
  const empty = { userName: '', name: '', rank: '', collar: '', password: '', admin: false };
  const [f, setF] = useState(empty);
  const text = (key: 'userName' | 'name' | 'rank' | 'collar' | 'password', label: string, type = 'text') => (
    <div className="field">
      <label htmlFor={ids[key === 'userName' ? 'user' : key === 'password' ? 'pw' : key]}>{label}</label>
      <input
        id={ids[key === 'userName' ? 'user' : key === 'password' ? 'pw' : key]}
        type={type}
        value={f[key]}
        onChange={(e) => setF({ ...f, [key]: e.target.value })}
        autoComplete="off"
        data-testid={`add-${key}`}
      />
    </div>
  );
  return (
    <fieldset className="form-box">
      <legend>Add a person</legend>
      {text('userName', 'User name')}
      {text('name', 'Name')}
      {text('rank', 'Rank (e.g. Insp)')}
      {text('collar', 'Staff / collar number')}
      {text('password', 'First password (at least 10 characters)', 'password')}
      <label htmlFor={ids.admin}>
        <input id={ids.admin} type="checkbox" checked={f.admin} onChange={(e) => setF({ ...f, admin: e.target.checked })} /> Administrator (manages users)
      </label>
      <button className="btn" onClick={() => void onAdd(f).then((ok) => ok && setF(empty))} data-testid="add-user">
        Add person
      </button>
    </fieldset>
  );
}
