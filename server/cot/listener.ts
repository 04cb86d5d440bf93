/**
 * Cursor-on-Target over TCP: a TAK server or device connects and streams XML events (TAK protocol version 0). Each
 * connection gets a splitter; whole events are parsed and ingested in one batch per chunk. Malformed or oversize
 * events are counted and skipped; a connection sending faster than its token bucket allows is closed and counted.
 * An emergency stays latched for its device (its ordinary position reports keep status 'emergency') until cancelled.
 *
 * There is no authentication on this port (TAK's plain TCP input has none): keep it on loopback or behind a TAK
 * server, as the default configuration does.
 */
import net from 'node:net';
import type { PositionReport } from '../../shared/protocol';
import type { ServerConfig } from '../config';
import type { Hub } from '../hub';
import type { Metrics } from '../metrics';
import { TokenBucket, type Logger } from '../util';
import { parseCotEvent } from './parse';
import { CotSplitter } from './splitter';

export interface CotListener {
  port: number;
  close(): Promise<void>;
}

const IDLE_TIMEOUT_MS = 10 * 60_000;

export async function startCotListener(opts: {
  host: string;
  port: number;
  config: ServerConfig;
  hub: Hub;
  metrics: Metrics;
  log: Logger;
}): Promise<CotListener> {
  const { config, hub, metrics, log } = opts;
  const operationId = config.cot.operationId ?? config.defaultOperationId;
  const limits = config.limits;
  /** Device uid -> emergency label, while latched. */
  const latched = new Map<string, string>();
  const sockets = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    if (sockets.size >= limits.maxCotConnections) {
      metrics.inc('cot.connections.refused');
      socket.destroy();
      return;
    }
    sockets.add(socket);
    metrics.inc('cot.connections');
    const who = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    const splitter = new CotSplitter(limits.maxCotMessageBytes);
    const bucket = new TokenBucket(limits.cotMessagesPerSecond, limits.cotMessageBurst, Date.now());
    socket.setTimeout(IDLE_TIMEOUT_MS, () => socket.destroy());
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', (chunk: Buffer) => {
      const { messages, junk, oversize } = splitter.push(chunk);
      if (junk > 0) metrics.inc('cot.junkChars', junk);
      if (oversize > 0) metrics.inc('cot.oversize', oversize);
      if (messages.length === 0) return;
      if (!bucket.take(Date.now(), messages.length)) {
        metrics.inc('cot.disconnected.flood');
        log(`cot: closing ${who}: more than ${limits.cotMessagesPerSecond} events per second`);
        socket.destroy();
        return;
      }
      const reports: PositionReport[] = [];
      const labels: [string, string][] = [];
      for (const xml of messages) {
        metrics.inc('cot.events');
        const r = parseCotEvent(xml, { expectedIntervalS: config.cot.expectedIntervalS });
        if (!r.ok) {
          metrics.inc(`cot.${r.kind}`);
          continue;
        }
        let report = r.report;
        if (r.emergency) {
          if (r.emergency.cancel) latched.delete(report.id);
          else {
            latched.set(report.id, r.emergency.label);
            labels.push([report.id, r.emergency.label]);
            metrics.inc('cot.emergencies');
          }
        } else if (latched.has(report.id)) {
          report = { ...report, status: 'emergency' };
          labels.push([report.id, latched.get(report.id)!]);
        }
        const why = hub.checkReport(report);
        if (why) {
          metrics.inc('cot.invalid');
          continue;
        }
        reports.push(report);
      }
      if (reports.length > 0) hub.ingest(operationId, reports, 'local', labels);
    });
  });
  server.maxConnections = limits.maxCotConnections + 10;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
