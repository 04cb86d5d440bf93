/**
 * Cursor-on-Target over TCP: a TAK server or device connects and streams XML events (TAK protocol version 0). Each
 * connection gets a splitter; whole events are parsed and ingested in one batch per chunk. Malformed or oversize
 * events are counted and skipped; a connection sending faster than its token bucket allows is closed and counted.
 * An emergency stays latched for its device (its ordinary position reports keep status 'emergency') until cancelled.
 *
 * Plain TCP (TAK's 8087 input) has no authentication: the server only binds it to loopback unless the config says
 * `cot.allowPlainOnNetwork` (see security.ts). With `tls` it is a mutual-TLS listener like TAK Server's 8089: a
 * device without a client certificate signed by the configured CA never gets past the handshake (counted in
 * `cot.tls.refused`), so nothing it sends is read.
 */
import net from 'node:net';
import tls from 'node:tls';
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
/** A device gets this long to finish the TLS handshake (Node's default, 120 s, lets idle sockets pile up). */
const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;
/** Refused handshakes are logged at most this often (a port scanner must not flood the log). */
const REFUSAL_LOG_EVERY_MS = 10_000;

export async function startCotListener(opts: {
  host: string;
  port: number;
  config: ServerConfig;
  hub: Hub;
  metrics: Metrics;
  log: Logger;
  /** Server certificate, key and the CA that signs device certificates (from readCotTls): mutual TLS. */
  tls?: tls.SecureContextOptions;
}): Promise<CotListener> {
  const { config, hub, metrics, log } = opts;
  const operationId = config.cot.operationId ?? config.defaultOperationId;
  const limits = config.limits;
  /** Device uid -> emergency label, while latched. */
  const latched = new Map<string, string>();
  const sockets = new Set<net.Socket>();

  const onConnection = (socket: net.Socket) => {
    if (sockets.size >= limits.maxCotConnections) {
      metrics.inc('cot.connections.refused');
      socket.destroy();
      return;
    }
    sockets.add(socket);
    metrics.inc('cot.connections');
    const who = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}${socket instanceof tls.TLSSocket ? ` (${certName(socket)})` : ''}`;
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
          if (r.emergency.cancel) {
            latched.delete(report.id);
            report = { ...report, cancelEmergency: true };
          }
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
      if (reports.length > 0) hub.ingest(operationId, reports, { origin: 'cot', labels });
    });
  };
  const server = opts.tls
    ? tls.createServer(
        { ...opts.tls, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2', handshakeTimeout: TLS_HANDSHAKE_TIMEOUT_MS },
        onConnection,
      )
    : net.createServer(onConnection);
  if (server instanceof tls.Server) {
    let refused = 0;
    let loggedAt = -Infinity;
    server.on('tlsClientError', (e: Error & { code?: string }, socket: tls.TLSSocket) => {
      metrics.inc('cot.tls.refused');
      refused++;
      if (Date.now() - loggedAt < REFUSAL_LOG_EVERY_MS) return;
      loggedAt = Date.now();
      log(`cot: refused a TLS connection from ${socket.remoteAddress ?? '?'}: ${e.code ?? e.message}${refused > 1 ? ` (${refused} refused so far)` : ''}`);
    });
  }
  // Every TCP connection, including TLS handshakes still under way, so that close() need not wait for them.
  const raw = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    raw.add(socket);
    socket.once('close', () => raw.delete(socket));
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
        for (const s of [...sockets, ...raw]) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The device's certificate common name, for the log. */
function certName(socket: tls.TLSSocket): string {
  const cn = socket.getPeerCertificate().subject?.CN;
  return cn ? `CN=${String(cn).slice(0, 100)}` : 'no CN';
}
