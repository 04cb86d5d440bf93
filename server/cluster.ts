/**
 * Scale-out through Redis: socket.io's Redis adapter joins the processes, and its server-side events carry what one
 * process ingested (reports), published (plans) and recorded (acknowledgements) to all the others. Each process thus
 * holds the whole live picture and ticks for its own clients (deltas go out with `io.local`, never through Redis).
 * Run the simulator in one process only; give each process its own data directory.
 */
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Alert, PositionReport } from '../shared/protocol';
import type { OperationBundle } from '../shared/domain';
import type { ClusterBus, CordonServer, Hub } from './hub';
import type { Metrics } from './metrics';
import type { EmergencyRecord } from './store/types';
import { errorMessage, type Logger } from './util';

export interface Cluster extends ClusterBus {
  close(): Promise<void>;
}

export async function joinCluster(opts: { url: string; io: CordonServer; hub: Hub; metrics: Metrics; log: Logger }): Promise<Cluster> {
  const { url, io, hub, metrics, log } = opts;
  const pub = createClient({ url, socket: { connectTimeout: 5000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5000) } });
  const sub = pub.duplicate();
  let lastError = 0;
  const onError = (e: unknown) => {
    metrics.inc('redis.errors');
    if (Date.now() - lastError > 5000) log(`redis: ${errorMessage(e)}`);
    lastError = Date.now();
  };
  pub.on('error', onError);
  sub.on('error', onError);
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub, { key: 'cordon' }));

  io.on('cordon:positions', (operationId, reports, labels) => {
    if (typeof operationId !== 'string' || !Array.isArray(reports)) return;
    metrics.inc('redis.positionsReceived', reports.length);
    hub.ingest(operationId, reports, { origin: 'remote', relayed: true, labels: Array.isArray(labels) ? labels : [] });
  });
  io.on('cordon:plan', (plan) => {
    if (plan?.operation?.id) void hub.publishPlan(plan, 'remote');
  });
  io.on('cordon:ack', (alert) => {
    if (alert?.operationId) hub.applyRemoteAck(alert);
  });
  io.on('cordon:emergency', (emergency) => {
    if (emergency?.operationId && emergency.unitId) hub.applyRemoteEmergency(emergency);
  });

  const emit = (fn: () => void) => {
    try {
      fn();
    } catch (e) {
      onError(e);
    }
  };
  return {
    publishPositions: (operationId: string, reports: PositionReport[], labels: [string, string][]) =>
      emit(() => io.serverSideEmit('cordon:positions', operationId, reports, labels)),
    publishPlan: (plan: OperationBundle) => emit(() => io.serverSideEmit('cordon:plan', plan)),
    publishEmergency: (emergency: EmergencyRecord) => emit(() => io.serverSideEmit('cordon:emergency', emergency)),
    publishAck: (alert: Alert) => emit(() => io.serverSideEmit('cordon:ack', alert)),
    close: async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
