/**
 * JSON text the server already has, sent inside a socket.io message without being parsed and encoded again.
 *
 * Why: a history page is stored as JSON rows; parsing 5,000 of them into objects (in the reader thread), copying the
 * objects to the main thread and encoding them again for the socket cost tens of milliseconds of the main thread per
 * page, which is event-loop lag every feed and control room feels. With RawJson the reader joins the rows into one
 * array text and the socket.io encoder splices that text into the packet as it is: the client receives the very same
 * bytes it would have received for the parsed array.
 *
 * How: `installRawJson(io)` wraps the server's encoder. While it encodes a packet, each RawJson's `toJSON` answers a
 * placeholder string (unique to this process: a random nonce) and records its text; the placeholders (with their
 * quotes) are then replaced by the texts. Outside the encoder a RawJson encodes as its placeholder, so it must only be
 * handed to socket.io emits and acknowledgements of this server, never stored or logged.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'socket.io';

const PREFIX = `__cordon_raw_json_${randomBytes(8).toString('hex')}_`;
const PLACEHOLDER = new RegExp(`"${PREFIX}(\\d+)"`, 'g');
let nextId = 0;
/** The texts met while the encoder runs (null outside it). */
let active: Map<string, string> | null = null;

export class RawJson {
  private readonly id = String(nextId++);
  /** `text` must be valid JSON (not checked: it comes from the server's own store or encoder). */
  constructor(readonly text: string) {}
  toJSON(): string {
    active?.set(this.id, this.text);
    return `${PREFIX}${this.id}`;
  }
}

/** `encode()` with every RawJson inside the value spliced in as its text. */
export function withRawJson(encode: () => string): string {
  const outer = active;
  const found = new Map<string, string>();
  active = found;
  let out: string;
  try {
    out = encode();
  } finally {
    active = outer;
  }
  if (found.size === 0) return out;
  return out.replace(PLACEHOLDER, (placeholder: string, id: string) => found.get(id) ?? placeholder);
}

/** JSON.stringify that splices RawJson texts in (what a client decodes from the packet). */
export function stringifyWithRawJson(value: unknown): string {
  return withRawJson(() => JSON.stringify(value));
}

interface StringEncoder {
  encodeAsString?: (packet: unknown) => string;
}

/** Makes the server's socket.io encoder splice RawJson texts into every packet it encodes. */
export function installRawJson(io: Server): void {
  const encoder = io.encoder as unknown as StringEncoder;
  const original = encoder.encodeAsString;
  // socket.io-parser 4 encodes every text packet here; fail at start, not with garbled packets, if that changes.
  if (typeof original !== 'function') throw new Error('socket.io encoder has no encodeAsString: RawJson cannot be installed');
  encoder.encodeAsString = (packet: unknown) => withRawJson(() => original.call(encoder, packet));
}
