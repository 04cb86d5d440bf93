/**
 * Replay draws the plan version that was in force at the replayed time (the latest published at or before it), read
 * from the server's version history; null while not replaying, or when no version was in force then.
 */
import { useEffect, useMemo, useState } from 'react';
import type { OperationBundle } from '../../../shared/domain';
import { versionInForce, type PlanVersionInfo } from '../../../shared/protocol';
import type { LiveConnection } from '../../net/liveClient';
import { getVersion, listVersions } from '../../net/versionsApi';

export interface ReplayPlan {
  version: number;
  plan: OperationBundle;
}

/** `atMs`: the replayed time (null: not replaying). `replayKey` changes when a new replay window is loaded. */
export function useReplayPlan(connection: LiveConnection | null, operationId: string, atMs: number | null, replayKey: unknown): ReplayPlan | null {
  const [versions, setVersions] = useState<PlanVersionInfo[]>([]);
  const [loaded, setLoaded] = useState<ReplayPlan | null>(null);
  const replaying = atMs !== null;

  useEffect(() => {
    if (!connection || !replaying || !operationId) return;
    let current = true;
    void listVersions(connection, operationId).then((r) => current && r.ok && setVersions(r.value));
    return () => {
      current = false;
    };
  }, [connection, operationId, replaying, replayKey]);

  const inForce = useMemo(() => (atMs === null ? null : (versionInForce(versions, atMs)?.version ?? null)), [versions, atMs]);
  useEffect(() => {
    if (!connection || inForce === null || loaded?.version === inForce) return;
    let current = true;
    void getVersion(connection, operationId, inForce).then((r) => current && r.ok && setLoaded({ version: inForce, plan: r.value.plan }));
    return () => {
      current = false;
    };
  }, [connection, operationId, inForce, loaded]);

  return replaying && inForce !== null && loaded?.version === inForce ? loaded : null;
}
