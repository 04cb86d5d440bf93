/** Presence over a command-server connection: "I have this operation open, with this selected", and leaving it. */
import { z } from 'zod';
import type { PresenceUpdate } from '../../shared/protocol/sync';
import { PresenceNotice } from '../../shared/protocol/sync';
import type { Result } from '../../shared/util/result';
import type { LiveConnection } from './liveClient';

export function updatePresence(c: LiveConnection, req: z.infer<typeof PresenceUpdate>): Promise<Result<PresenceNotice>> {
  return c.ask('presence:update', req, PresenceNotice, 'presence was not sent');
}

export function leavePresence(c: LiveConnection, operationId: string): Promise<Result<null>> {
  return c.ask('presence:leave', { operationId }, z.null(), 'presence was not withdrawn');
}
