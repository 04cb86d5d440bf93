/**
 * The Live workspace's connection: one socket per server setting (url, user, token), one subscription per operation,
 * one LiveStore holding the picture. React reads the store through useSyncExternalStore and re-renders on a 1 s tick
 * (and at once for a snapshot, a plan, an alert or a link change), never per message; the map pulls from the store
 * on its own frame loop.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { AckAlertsResult, Alert, ClearedEmergency } from '../../../shared/protocol';
import { err, type Result } from '../../../shared/util/result';
import { connectLive, type ClusterLinkState, type HistoryQuery, type LiveConnection, type LiveStats } from '../../net/liveClient';
import type { ServerSetting } from '../settings/settings';
import { emergencyBeep } from './beep';
import { evaluationTime } from './linkView';
import { LiveStore } from './liveStore';
import { applyNotice, fromSnapshot, NO_VERSION, type LiveVersionState } from '../versions/liveVersion';

export interface LiveProblem {
  at: number;
  text: string;
}

export interface LiveSession {
  store: LiveStore;
  /** Bumps once a second and on news worth showing at once; components read the store when it changes. */
  tick: number;
  /** The server-clock instant unit ages are measured at (frozen while the link is down or stalled). */
  clock: () => number;
  stats: LiveStats | null;
  /** Whether the server reaches the other processes of a scale-out ('down': it serves its own sources only). */
  cluster: ClusterLinkState;
  problems: readonly LiveProblem[];
  ackAlert: (alertId: string) => Promise<Result<Alert>>;
  clearEmergency: (unitId: string, reason: string) => Promise<Result<ClearedEmergency>>;
  history: (query: Omit<HistoryQuery, 'operationId'>) => ReturnType<LiveConnection['history']>;
  reconnect: () => void;
  /** The watched operation's plan versions: in force, approved, and a newer one published while watching. */
  versions: LiveVersionState;
  dismissNewerVersion: () => void;
  /** The connection, for requests beyond the live picture (operation list, versions); null until made. */
  connection: LiveConnection | null;
  /** Several alerts acknowledged at once; the store takes the server's answer at once, as for one. */
  ackAlerts: (alertIds: readonly string[]) => Promise<Result<AckAlertsResult>>;
  /** The watched operation's acknowledged alerts, from the server's store. */
  acknowledgedAlerts: () => Promise<Result<Alert[]>>;
}

const MAX_PROBLEMS = 20;

export function useLive(server: ServerSetting, token: string, operationId: string | null, options: { sound: boolean }): LiveSession {
  const store = useMemo(() => {
    void operationId;
    return new LiveStore({ trailCapacity: 120 });
  }, [operationId]);
  const storeRef = useRef(store);
  storeRef.current = store;
  const [connection, setConnection] = useState<LiveConnection | null>(null);
  const tick = useSyncExternalStore(store.subscribe, store.getViewVersion);
  const [problems, setProblems] = useState<LiveProblem[]>([]);
  const [cluster, setCluster] = useState<ClusterLinkState>({ state: null, since: Date.now() });
  const [versions, setVersions] = useState<{ operationId: string | null; state: LiveVersionState }>({ operationId, state: NO_VERSION });
  const sound = useRef(options.sound);
  sound.current = options.sound;

  const note = useCallback((text: string) => {
    setProblems((ps) => (ps[0]?.text === text ? ps : [{ at: Date.now(), text }, ...ps].slice(0, MAX_PROBLEMS)));
  }, []);

  useEffect(() => {
    let conn: LiveConnection;
    try {
      conn = connectLive({ url: server.url, token, ...(server.userName ? { userName: server.userName } : {}) });
    } catch (e) {
      note(`Cannot connect: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    setConnection(conn);
    return () => {
      conn.close();
      setConnection(null);
    };
  }, [server.url, server.userName, token, note]);

  // The link state goes to the store of the operation in view (a new store learns the current state at once).
  useEffect(() => connection?.onLink((link) => store.setLink(link)), [connection, store]);

  useEffect(() => connection?.onCluster(setCluster), [connection]);

  useEffect(() => {
    if (!connection || !operationId) return;
    const sub = connection.subscribe(operationId, {
      onSnapshot: (s, at) => {
        store.applySnapshot(s, at);
        setVersions((v) => ({ operationId, state: fromSnapshot(s, v.operationId === operationId ? v.state : NO_VERSION) }));
      },
      onDelta: (d, at) => {
        const r = store.applyDelta(d, at);
        if (r.kind === 'gap') sub.resync(`the picture skipped from #${r.expected - 1} to #${r.got}`);
      },
      onHeartbeat: (h, at) => store.applyHeartbeat(h, at),
      onPlan: (plan) => store.setPlan(plan),
      onVersion: (n) => setVersions((v) => ({ operationId, state: applyNotice(v.operationId === operationId ? v.state : NO_VERSION, n) })),
      onProblem: note,
      onAccessEnded: (message) => store.endAccess(message, Date.now()),
    });
    return () => sub.close();
  }, [connection, operationId, store, note]);

  // New alerts show at once (the store tells its readers); a new emergency also sounds.
  useEffect(
    () =>
      store.onAlert((a, isNew) => {
        if (isNew && a.kind === 'emergency' && !a.acknowledgedAt && sound.current) emergencyBeep();
      }),
    [store],
  );

  // Ages and freshness move with the clock: the screen looks again once a second.
  useEffect(() => {
    const t = setInterval(() => store.notify(), 1000);
    return () => clearInterval(t);
  }, [store]);

  const clock = useCallback(() => {
    const now = Date.now();
    const s = storeRef.current;
    return evaluationTime(s.linkView(now), now, s.clockOffsetMs).atMs;
  }, []);

  const ackAlert = useCallback(
    async (alertId: string): Promise<Result<Alert>> => {
      if (!connection || !operationId) return err('Not connected to the command server.');
      const r = await connection.ackAlert(operationId, alertId);
      if (r.ok) store.upsertAlert(r.value);
      return r;
    },
    [connection, operationId, store],
  );

  const history = useCallback(
    async (query: Omit<HistoryQuery, 'operationId'>) => {
      if (!connection || !operationId) return err('Not connected to the command server.');
      return connection.history({ ...query, operationId });
    },
    [connection, operationId],
  );

  const reconnect = useCallback(() => connection?.reconnect(), [connection]);

  // Reading the stats each tick is cheap (a copy of six numbers).
  const stats = useMemo(() => {
    void tick;
    return connection?.stats() ?? null;
  }, [connection, tick]);

  const clearEmergency = useCallback(
    async (unitId: string, reason: string): Promise<Result<ClearedEmergency>> => {
      if (!connection || !operationId) return err('Not connected to the command server.');
      return connection.clearEmergency(operationId, unitId, reason);
    },
    [connection, operationId],
  );

  const dismissNewerVersion = useCallback(() => setVersions((v) => ({ ...v, state: { ...v.state, newer: null } })), []);
  const versionState = versions.operationId === operationId ? versions.state : NO_VERSION;

  const ackAlerts = useCallback(
    async (alertIds: readonly string[]): Promise<Result<AckAlertsResult>> => {
      if (!connection || !operationId) return err('Not connected to the command server.');
      const r = await connection.ackAlerts(operationId, alertIds);
      if (r.ok) {
        for (const a of r.value.acknowledged) store.upsertAlert(a);
      }
      return r;
    },
    [connection, operationId, store],
  );
  const acknowledgedAlerts = useCallback(
    async (): Promise<Result<Alert[]>> =>
      connection && operationId ? connection.acknowledgedAlerts(operationId) : err('Not connected to the command server.'),
    [connection, operationId],
  );

  return {
    store,
    tick,
    clock,
    stats,
    cluster,
    problems,
    ackAlert,
    clearEmergency,
    history,
    reconnect,
    versions: versionState,
    dismissNewerVersion,
    connection,
    ackAlerts,
    acknowledgedAlerts,
  };
}
