/**
 * Which operations a user may watch (subscribe to, find in `operations:list`, read the versions of). One seam, so
 * that the handlers need not know the rules: a signed-in person watches the operations they are a member of; service
 * accounts (config tokens) every operation; feeds none.
 */
import type { Role } from '../shared/protocol';
import { mayAccess, type AccountPrincipal } from './auth/access';

export interface Identity {
  role: Role;
  name: string;
  /** A signed-in person: membership of the operation decides (server/auth/access.ts). */
  account?: AccountPrincipal;
}

export const mayWatch = (identity: Identity, operationId: string): boolean =>
  identity.role !== 'feed' &&
  mayAccess(
    identity.account ? { kind: 'account', account: identity.account } : { kind: 'service', name: identity.name, role: identity.role },
    operationId,
    'subscribe',
  ).ok;
