/**
 * The development config's people (loopback only, like the development tokens): one of each role in the demo
 * operation, and an administrator. Their passwords are documented (README "Signing in") and printed at start; they
 * exist so that `npm start` and the tests sign in out of the box. Never created on a server with a config file.
 */
import type { OperationRole } from '../../shared/protocol';
import type { AccountService } from './accountService';
import { hashPassword } from './passwords';

export interface DevUser {
  userName: string;
  password: string;
  name: string;
  rank: string;
  collar: string;
  role: OperationRole | null;
  admin: boolean;
}

export const DEV_USERS: readonly DevUser[] = [
  { userName: 'planner', password: 'cordon-dev-planner', name: 'Dev Planner', rank: 'PS', collar: '1101', role: 'planner', admin: false },
  { userName: 'controller', password: 'cordon-dev-controller', name: 'Dev Controller', rank: 'Insp', collar: '1102', role: 'controller', admin: false },
  { userName: 'commander', password: 'cordon-dev-commander', name: 'Dev Commander', rank: 'Supt', collar: '1103', role: 'commander', admin: false },
  { userName: 'loggist', password: 'cordon-dev-loggist', name: 'Dev Loggist', rank: 'PC', collar: '1104', role: 'loggist', admin: false },
  { userName: 'viewer', password: 'cordon-dev-viewer', name: 'Dev Viewer', rank: 'PC', collar: '1105', role: 'viewer', admin: false },
  { userName: 'admin', password: 'cordon-dev-admin', name: 'Dev Administrator', rank: 'Staff', collar: '1100', role: null, admin: true },
];

/**
 * Their passwords are published, so a memory-hard hash protects nothing: a cheap scrypt (N=2^10) keeps a development
 * server's start fast (tests start many, several in fresh processes at once). Hashed once per process too.
 */
const DEV_SCRYPT = { log2N: 10, r: 8, p: 1 };
const hashes = new Map<string, Promise<string>>();
const devHash = (password: string) => {
  let h = hashes.get(password);
  if (!h) hashes.set(password, (h = hashPassword(password, DEV_SCRYPT)));
  return h;
};

/** Makes the missing ones (an existing account keeps its password and roles: someone may have changed them). */
export async function ensureDevUsers(accounts: AccountService, operationId: string, atMs: number): Promise<number> {
  let made = 0;
  for (const u of DEV_USERS) {
    if (await accounts.store.userByName(u.userName)) continue;
    const a = await accounts.store.createUser(
      {
        userName: u.userName,
        name: u.name,
        rank: u.rank,
        collar: u.collar,
        enabled: true,
        admin: u.admin,
        passwordHash: await devHash(u.password),
        externalId: null,
      },
      atMs,
    );
    if (u.role) await accounts.store.setRoles(a.id, operationId, [u.role]);
    await accounts.record(
      { action: 'user.create', object: `user:${a.id}`, operationId: u.role ? operationId : null, result: 'ok', detail: `development user ${u.userName}` },
      null,
    );
    made++;
  }
  return made;
}
