/**
 * The Plan workspace's link to the command server for versions: its own connection (the planner's token from
 * Settings), the operation's version history (kept current by the server's version notices), the plan of the latest
 * version (to tell "Draft since vN"), and publish / approve / read a version.
 */
import { useCallback, useEffect, useState } from 'react';
import type { OperationBundle } from '../../../shared/domain';
import type { PlanVersionInfo, Role } from '../../../shared/protocol';
import { err, type Result } from '../../../shared/util/result';
import { connectLive, type LiveConnection } from '../../net/liveClient';
import { approveVersion, getVersion, listVersions, publishVersion } from '../../net/versionsApi';
import type { ServerSetting } from '../settings/settings';
import { useServerLink } from '../settings/useServerLink';

export interface PlanVersions {
  connected: boolean;
  /** Oldest first; null until read. */
  versions: PlanVersionInfo[] | null;
  /** The plan of the newest version, once read. */
  latestPlan: OperationBundle | null;
  publish: (plan: OperationBundle, note: string) => Promise<Result<number>>;
  approve: (version: number) => Promise<Result<PlanVersionInfo>>;
  planOf: (version: number) => Promise<Result<OperationBundle>>;
  /** Who the server says this screen's user is in the operation (from its snapshot); null until known. */
  you: { name: string; role: Role } | null;
  /** Connected, but the server refused to list the versions: its reason, in plain words (renderer/net/refusal.ts). */
  refused: string | null;
}

export function usePlanVersions(server: ServerSetting, operationId: string | null, report: (e: string) => void): PlanVersions {
  const link = useServerLink(server, report);
  const [conn, setConn] = useState<LiveConnection | null>(null);
  const [connected, setConnected] = useState(false);
  const [versions, setVersions] = useState<PlanVersionInfo[] | null>(null);
  const [latestPlan, setLatestPlan] = useState<{ version: number; plan: OperationBundle } | null>(null);
  const [generation, setGeneration] = useState(0);
  const [you, setYou] = useState<{ name: string; role: Role } | null>(null);
  const [refused, setRefused] = useState<string | null>(null);

  useEffect(() => {
    if (!link) return;
    const c = connectLive({ url: link.server.url, token: link.token, ...(link.server.userName ? { userName: link.server.userName } : {}) });
    setConn(c);
    const off = c.onLink((l) => setConnected(l.phase === 'connected'));
    return () => {
      off();
      c.close();
      setConn(null);
      setConnected(false);
    };
  }, [link]);

  // Subscribed for the version notices (a commander's approval, another planner's publish) while the Plan is open.
  useEffect(() => {
    if (!conn || !operationId) return;
    const sub = conn.subscribe(operationId, {
      onSnapshot: (snapshot) => {
        setYou(snapshot.you ?? null);
        setGeneration((g) => g + 1);
      },
      onDelta: () => undefined,
      onVersion: () => setGeneration((g) => g + 1),
    });
    return () => {
      sub.close();
      setYou(null);
    };
  }, [conn, operationId]);

  useEffect(() => {
    if (!conn || !connected || !operationId) return;
    let current = true;
    void listVersions(conn, operationId).then((r) => {
      if (!current) return;
      if (r.ok) setVersions(r.value);
      setRefused(r.ok ? null : r.error);
    });
    return () => {
      current = false;
      setRefused(null);
    };
  }, [conn, connected, operationId, generation]);

  const newest = versions?.at(-1)?.version ?? null;
  useEffect(() => {
    if (!conn || !operationId || newest === null || latestPlan?.version === newest) return;
    let current = true;
    void getVersion(conn, operationId, newest).then((r) => {
      if (current && r.ok) setLatestPlan({ version: newest, plan: r.value.plan });
    });
    return () => {
      current = false;
    };
  }, [conn, operationId, newest, latestPlan]);

  const publish = useCallback(
    async (plan: OperationBundle, note: string): Promise<Result<number>> => {
      if (!conn) return err('Not connected to the command server.');
      const r = await publishVersion(conn, plan, note);
      if (!r.ok) return r;
      setLatestPlan({ version: r.value.version, plan });
      setGeneration((g) => g + 1);
      return { ok: true, value: r.value.version };
    },
    [conn],
  );
  const approve = useCallback(
    async (version: number) => {
      if (!conn || !operationId) return err('Not connected to the command server.');
      const r = await approveVersion(conn, operationId, version);
      if (r.ok) setGeneration((g) => g + 1);
      return r;
    },
    [conn, operationId],
  );
  const planOf = useCallback(
    async (version: number): Promise<Result<OperationBundle>> => {
      if (!conn || !operationId) return err('Not connected to the command server.');
      if (latestPlan?.version === version) return { ok: true, value: latestPlan.plan };
      const r = await getVersion(conn, operationId, version);
      return r.ok ? { ok: true, value: r.value.plan } : r;
    },
    [conn, operationId, latestPlan],
  );

  return {
    connected,
    versions: connected ? versions : null,
    latestPlan: latestPlan && latestPlan.version === newest ? latestPlan.plan : null,
    publish,
    approve,
    planOf,
    you,
    refused: connected ? refused : null,
  };
}
