/**
 * Which operations a user may watch (subscribe to, find in `operations:list`, read the versions of). One seam, so
 * that membership per operation can replace it without touching the handlers: today every user role may watch
 * every operation (feeds are not users).
 */
import type { Role } from '../shared/protocol';

export interface Identity {
  role: Role;
  name: string;
}

export const mayWatch = (identity: Identity, _operationId: string): boolean => identity.role !== 'feed';
