/**
 * Cursor-on-Target over TCP: a TAK server or device connects and streams XML events (TAK protocol version 0). Each
 * connection gets a splitter; whole events are parsed and ingested in one batch per chunk. Malformed or oversize
 * events are counted and skipped; a connection sending faster than its token bucket allows is closed and counted.
 *
 * Emergencies and cancels go to hub.signalEmergency, which latches them (the listener keeps no latch: the hub is the
 * one place that sees every source and survives a restart). An emergency is never lost to the flood limit, and one
 * stamped longer ago than limits.maxEmergencyAgeS (a replayed capture) is refused. Events of one connection are
 * handled in order: a cancel never overtakes the emergency it cancels.
 *
 * Connection hygiene: at most limits.maxCotConnectionsPerAddress connections per remote address; a connection must
 * deliver one complete event within limits.cotFirstEventTimeoutMs of its TCP accept (a TLS handshake included, so a
 * socket that never starts TLS is freed too), and is closed after limits.cotIdleTimeoutMs of silence after that.
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
import { emergencyTooOld, mayBeEmergency, parseCotEvent, type CotDevice, type CotEmergency } from './parse';
import { CotSplitter } from './splitter';

export interface CotListener {
  port: number;
  close(): Promise<void>;
}

/** A device gets at most this long to finish the TLS handshake (Node's default, 120 s, lets idle sockets pile up). */
const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;
/** Refused handshakes and replayed emergencies are logged at most this often (a scanner or replay must not flood the log). */
const REFUSAL_LOG_EVERY_MS = 10_000;
/** Chunks waiting behind an emergency that is being latched before the connection stops reading. */
const MAX_QUEUED_CHUNKS = 4;

/** One accepted TCP connection, before and after TLS. */
interface Conn {
  raw: net.Socket;
  /** The socket events are read from (the TLS socket once the handshake is done; the raw one for plain TCP). */
  app?: net.Socket;
  /** Cleared by the first complete event. */
  deadline: NodeJS.Timeout | null;
}

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
  const sockets = new Set<net.Socket>();
  /** Every TCP connection by remote address:port, including TLS handshakes still under way. */
  const conns = new Map<string, Conn>();
  const perAddress = new Map<string, number>();
  let tooOldLoggedAt = -Infinity;

  // The one call into hub.ingest. The origin is the connection's (cot or cot:<CN>), the same one its emergencies are
  // latched under, so that only this device's source can cancel them.
  const ingest = (reports: PositionReport[], labels: [string, string][], origin: string) => {
    if (reports.length > 0) hub.ingest(operationId, reports, { origin, labels });
  };

  /** A report the hub would refuse (e.g. a clock far in the future) is counted and left out. */
  const acceptable = (report: PositionReport): boolean => {
    if (!hub.checkReport(report)) return true;
    metrics.inc('cot.invalid');
    return false;
  };

  const signal = async (device: CotDevice, emergency: CotEmergency, report: PositionReport | null, time: string, origin: string, who: string) => {
    metrics.inc(emergency.cancel ? 'cot.emergency.cancels' : 'cot.emergencies');
    try {
      const r = await hub.signalEmergency({
        operationId,
        unitId: device.id,
        callSign: device.callSign,
        type: device.type,
        origin,
        label: emergency.label,
        time,
        cancel: emergency.cancel,
        ...(report ? { lon: report.lon, lat: report.lat } : {}),
      });
      if (!r.ok) throw new Error(r.error);
      if (r.value.state === 'refused') {
        metrics.inc('cot.emergency.refused');
        log(`cot: the hub refused the ${emergency.cancel ? 'cancel' : 'emergency'} of ${device.id} from ${who}: ${r.value.reason ?? 'no reason given'}`);
      }
    } catch (e) {
      metrics.inc('cot.emergency.failed');
      log(`cot: could not signal the ${emergency.cancel ? 'cancel' : 'emergency'} of ${device.id} from ${who}: ${(e as Error).message}`);
    }
  };

  /**
   * Parse and hand over one chunk's events in order. Ordinary reports go in batches; an emergency first flushes the
   * batch before it, then waits for the hub to latch it. `onlyEmergencies`: the chunk tripped the flood limit.
   */
  const handle = async (conn: Conn, messages: string[], origin: string, who: string, onlyEmergencies: boolean) => {
    let batch: PositionReport[] = [];
    for (const xml of messages) {
      if (onlyEmergencies && !mayBeEmergency(xml)) continue;
      metrics.inc('cot.events');
      const r = parseCotEvent(xml, { expectedIntervalS: config.cot.expectedIntervalS });
      if (!r.ok) {
        metrics.inc(`cot.${r.kind}`);
        if (r.kind !== 'malformed') delivered(conn);
        continue;
      }
      delivered(conn);
      if (!r.emergency) {
        if (!onlyEmergencies && r.report && acceptable(r.report)) batch.push(r.report);
        continue;
      }
      const time = r.report?.time ?? r.time;
      if (emergencyTooOld(time, Date.now(), limits.maxEmergencyAgeS)) {
        metrics.inc('cot.emergency.tooOld');
        // A replayed capture may hold thousands: the counter has them all, the log one every REFUSAL_LOG_EVERY_MS.
        if (Date.now() - tooOldLoggedAt < REFUSAL_LOG_EVERY_MS) continue;
        tooOldLoggedAt = Date.now();
        log(
          `cot: ignored an ${r.emergency.cancel ? 'emergency cancel' : 'emergency'} of ${r.device.id} from ${who} stamped ${time} (older than ${limits.maxEmergencyAgeS} s)`,
        );
        continue;
      }
      ingest(batch, [], origin);
      batch = [];
      await signal(r.device, r.emergency, r.report, time, origin, who);
      if (r.report && acceptable(r.report)) ingest([r.report], r.emergency.cancel ? [] : [[r.device.id, r.emergency.label]], origin);
    }
    ingest(batch, [], origin);
  };

  /** The connection has delivered a complete event: the first-event deadline gives way to the idle timeout. */
  const delivered = (conn: Conn) => {
    if (!conn.deadline) return;
    clearTimeout(conn.deadline);
    conn.deadline = null;
    const socket = conn.app ?? conn.raw;
    socket.setTimeout(limits.cotIdleTimeoutMs, () => {
      metrics.inc('cot.connections.timedOut');
      socket.destroy();
      conn.raw.destroy();
    });
  };

  /** Every TCP accept, before TLS: the per-address cap and the first-event deadline. False: refused. */
  const onRaw = (raw: net.Socket): boolean => {
    const address = raw.remoteAddress ?? '?';
    const count = perAddress.get(address) ?? 0;
    if (count >= limits.maxCotConnectionsPerAddress) {
      metrics.inc('cot.connections.refused.perAddress');
      raw.destroy();
      return false;
    }
    perAddress.set(address, count + 1);
    const key = keyOf(raw);
    const conn: Conn = {
      raw,
      deadline: setTimeout(() => {
        metrics.inc('cot.connections.timedOut');
        conn.app?.destroy();
        raw.destroy();
      }, limits.cotFirstEventTimeoutMs),
    };
    conns.set(key, conn);
    raw.on('error', () => undefined);
    raw.once('close', () => {
      if (conn.deadline) clearTimeout(conn.deadline);
      conns.delete(key);
      const n = (perAddress.get(address) ?? 1) - 1;
      if (n > 0) perAddress.set(address, n);
      else perAddress.delete(address);
    });
    return true;
  };

  /** A connection events are read from (after the handshake, for TLS). */
  const onSocket = (socket: net.Socket) => {
    const conn = conns.get(keyOf(socket));
    if (socket.destroyed || !conn) {
      socket.destroy();
      return;
    }
    if (sockets.size >= limits.maxCotConnections) {
      metrics.inc('cot.connections.refused');
      socket.destroy();
      conn.raw.destroy();
      return;
    }
    conn.app = socket;
    sockets.add(socket);
    metrics.inc('cot.connections');
    const cn = socket instanceof tls.TLSSocket ? certName(socket) : null;
    // Only the source that raised an emergency may cancel it: with mutual TLS that is the certificate, not the link.
    const origin = cn === null ? 'cot' : `cot:${cn}`;
    const who = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}${cn === null ? '' : ` (CN=${cn})`}`;
    const splitter = new CotSplitter(limits.maxCotMessageBytes);
    const bucket = new TokenBucket(limits.cotMessagesPerSecond, limits.cotMessageBurst, Date.now());
    let chain: Promise<void> = Promise.resolve();
    let queued = 0;
    let closing = false;
    const enqueue = (messages: string[], onlyEmergencies: boolean): Promise<void> => {
      queued++;
      if (queued > MAX_QUEUED_CHUNKS) socket.pause();
      chain = chain
        .then(() => handle(conn, messages, origin, who, onlyEmergencies))
        .catch((e: unknown) => log(`cot: failed to handle events from ${who}: ${(e as Error).message}`))
        .finally(() => {
          queued--;
          if (queued === 0 && !closing && socket.isPaused()) socket.resume();
        });
      return chain;
    };
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', (chunk: Buffer) => {
      if (closing) return;
      const { messages, junk, oversize } = splitter.push(chunk);
      if (junk > 0) metrics.inc('cot.junkChars', junk);
      if (oversize > 0) metrics.inc('cot.oversize', oversize);
      if (messages.length === 0) return;
      if (!bucket.take(Date.now(), messages.length)) {
        metrics.inc('cot.disconnected.flood');
        log(`cot: closing ${who}: more than ${limits.cotMessagesPerSecond} events per second`);
        // Stop reading, but raise any emergency in this chunk before hanging up.
        closing = true;
        socket.pause();
        void enqueue(messages, true).then(() => socket.destroy());
        return;
      }
      void enqueue(messages, false);
    });
  };

  const server = opts.tls
    ? tls.createServer({
        ...opts.tls,
        requestCert: true,
        rejectUnauthorized: true,
        minVersion: 'TLSv1.2',
        handshakeTimeout: Math.min(TLS_HANDSHAKE_TIMEOUT_MS, limits.cotFirstEventTimeoutMs),
      })
    : net.createServer();
  // tls.Server's own 'connection' listener starts the handshake: it only sees sockets onRaw accepted, so a refused one
  // costs no TLS state and is not counted as a failed handshake.
  const handshake = server.listeners('connection') as Array<(raw: net.Socket) => void>;
  server.removeAllListeners('connection');
  server.on('connection', (raw: net.Socket) => {
    if (!onRaw(raw)) return;
    if (server instanceof tls.Server) for (const start of handshake) start.call(server, raw);
    else onSocket(raw);
  });
  if (server instanceof tls.Server) {
    server.on('secureConnection', onSocket);
    let refused = 0;
    let loggedAt = -Infinity;
    server.on('tlsClientError', (e: Error & { code?: string }, socket: tls.TLSSocket) => {
      socket.destroy();
      metrics.inc('cot.tls.refused');
      refused++;
      if (Date.now() - loggedAt < REFUSAL_LOG_EVERY_MS) return;
      loggedAt = Date.now();
      log(`cot: refused a TLS connection from ${socket.remoteAddress ?? '?'}: ${e.code ?? e.message}${refused > 1 ? ` (${refused} refused so far)` : ''}`);
    });
  }
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
        for (const c of conns.values()) {
          if (c.deadline) clearTimeout(c.deadline);
          c.app?.destroy();
          c.raw.destroy();
        }
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const keyOf = (s: net.Socket) => `${s.remoteAddress ?? '?'}|${s.remotePort ?? '?'}`;

/** The device's certificate common name (or its fingerprint when it has none): its identity as an origin. */
function certName(socket: tls.TLSSocket): string {
  const cert = socket.getPeerCertificate();
  const cn = cert.subject?.CN;
  return cn ? String(cn).slice(0, 100) : `sha256:${cert.fingerprint256 ?? '?'}`;
}
