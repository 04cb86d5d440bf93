/**
 * The reports one process ingested, relayed to the others on a Redis channel of their own (`cordon-positions`),
 * beside the socket.io adapter that carries everything else.
 *
 * Why not the adapter's serverSideEmit: it publishes on the request channel that every process, the sender included,
 * subscribes to, and each receiver turns the whole message into a string and JSON-parses it before it can see that it
 * sent it itself. At 10,000 reports a second that was the sending process's biggest avoidable cost in the two-process
 * bench (its own ~2.5 MB/s read back and parsed: `onrequest` + `Buffer.toString`, about a tenth of its samples). Here
 * every message starts with the sender's id and a newline: a process drops its own by comparing those few bytes.
 *
 * Message: `<sender id>\n` + JSON `[operationId, reports, labels]`.

 */
import { randomBytes } from 'node:crypto';
import type { createClient } from 'redis';
import type { PositionReport } from '../shared/protocol';
import type { Metrics } from './metrics';

type RedisClient = ReturnType<typeof createClient>;
export const POSITIONS_CHANNEL = 'cordon-positions';

export interface PositionRelayOptions {
  pub: RedisClient;
  sub: RedisClient;
  metrics: Metrics;
  onError: (e: unknown) => void;
  /** Reports relayed by another process. */
  onReports: (operationId: string, reports: PositionReport[], labels: [string, string][]) => void;
}

export class PositionRelay {
  readonly sender = randomBytes(8).toString('hex');
  private readonly prefix = Buffer.from(`${this.sender}\n`);

  constructor(private readonly o: PositionRelayOptions) {}

  /** Listens on the channel (queued until Redis answers; the client subscribes again after a reconnection). */
  listen(): void {
    this.o.sub.subscribe(POSITIONS_CHANNEL, (message: Buffer) => this.receive(message), true).catch(this.o.onError);
  }

  /** Publishes now; resolves true once Redis took the message, false when the publish failed (counted). */
  publish(operationId: string, reports: readonly PositionReport[], labels: readonly [string, string][]): Promise<boolean> {
    const message = this.sender + '\n' + JSON.stringify([operationId, reports, labels]);
    return this.o.pub.publish(POSITIONS_CHANNEL, message).then(
      () => true,
      (e: unknown) => {
        this.o.metrics.inc('redis.commandsFailed');
        this.o.onError(e);
        return false;
      },
    );
  }

  private receive(message: Buffer): void {
    // Our own message, back from Redis: dropped before any decoding.
    if (message.length > this.prefix.length && message.subarray(0, this.prefix.length).equals(this.prefix)) return;
    const newline = message.indexOf(0x0a);
    let parsed: unknown;
    try {
      parsed = JSON.parse(message.toString('utf8', newline + 1));
    } catch (e) {
      this.o.metrics.inc('redis.relayMalformed');
      return this.o.onError(e);
    }
    if (!Array.isArray(parsed) || typeof parsed[0] !== 'string' || !Array.isArray(parsed[1])) {
      this.o.metrics.inc('redis.relayMalformed');
      return;
    }
    const [operationId, reports, labels] = parsed as [string, PositionReport[], unknown];
    this.o.metrics.inc('redis.positionsReceived', reports.length);
    this.o.onReports(operationId, reports, Array.isArray(labels) ? (labels as [string, string][]) : []);
  }
}
