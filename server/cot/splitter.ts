/**
 * Splits a Cursor-on-Target TCP stream (TAK protocol version 0: XML events back to back, no framing) into whole
 * `<event>...</event>` messages. Robust to messages split across chunks, to multi-byte characters split across
 * chunks, and to garbage between messages (XML declarations, whitespace, stray bytes); a message longer than the cap
 * is dropped and the splitter resynchronises on the next `<event`. So does an event cut short anywhere (inside an attribute
 * value included): a new `<event` before its end means the fragment before it is junk.
 */
import { StringDecoder } from 'node:string_decoder';

export interface SplitResult {
  messages: string[];
  /** Characters skipped because they were not inside an event. */
  junk: number;
  /** Events dropped for exceeding the size cap. */
  oversize: number;
}

const OPEN = '<event';
const CLOSE = '</event>';

export class CotSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private buf = '';
  /** True while skipping the rest of an oversize event. */
  private skipping = false;

  constructor(private readonly maxMessageChars: number) {}

  push(chunk: Buffer | string): SplitResult {
    this.buf += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const out: SplitResult = { messages: [], junk: 0, oversize: 0 };
    // Bounded: each pass consumes at least one character or returns.
    for (let guard = 0; guard < 1_000_000; guard++) {
      if (this.skipping) {
        const end = this.buf.indexOf(CLOSE);
        const next = this.findOpen(1);
        if (end >= 0 && (next < 0 || end < next)) {
          this.buf = this.buf.slice(end + CLOSE.length);
          this.skipping = false;
          continue;
        }
        if (next >= 0) {
          this.buf = this.buf.slice(next);
          this.skipping = false;
          continue;
        }
        this.buf = this.buf.slice(Math.max(0, this.buf.length - CLOSE.length));
        return out;
      }
      const start = this.findOpen(0);
      if (start < 0) {
        // Keep a short unterminated tail from the last '<': it may be the start of "<event" or of a declaration.
        const lt = this.buf.lastIndexOf('<');
        const keepFrom = lt >= 0 && this.buf.length - lt < 256 && this.buf.indexOf('>', lt) < 0 ? lt : this.buf.length;
        out.junk += countJunk(this.buf.slice(0, keepFrom));
        this.buf = this.buf.slice(keepFrom);
        return out;
      }
      if (start > 0) {
        out.junk += countJunk(this.buf.slice(0, start));
        this.buf = this.buf.slice(start);
      }
      const end = this.messageEnd();
      if (end === 'incomplete') {
        if (this.buf.length > this.maxMessageChars) {
          out.oversize++;
          this.buf = this.buf.slice(OPEN.length);
          this.skipping = true;
          continue;
        }
        return out;
      }
      if (end === 'restart') {
        // Another "<event" began before this one closed: drop the broken one.
        out.junk += 1;
        this.buf = this.buf.slice(1);
        continue;
      }
      const message = this.buf.slice(0, end);
      this.buf = this.buf.slice(end);
      if (message.length > this.maxMessageChars) out.oversize++;
      else out.messages.push(message);
    }
    return out;
  }

  /** Buffered characters (for tests and limits). */
  get pending(): number {
    return this.buf.length;
  }

  /** Index of the next "<event" followed by whitespace, '>' or '/' (not "<events" or "<eventually"). */
  private findOpen(from: number): number {
    let i = from;
    for (;;) {
      i = this.buf.indexOf(OPEN, i);
      if (i < 0) return -1;
      const c = this.buf[i + OPEN.length];
      if (c === undefined) return i; // could still become a tag
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '>' || c === '/') return i;
      i += 1;
    }
  }

  /** End index (exclusive) of the event starting at 0, 'incomplete', or 'restart' when another event starts first. */
  private messageEnd(): number | 'incomplete' | 'restart' {
    // Find the end of the start tag, honouring quotes. XML allows no '<' in an attribute value either, so a '<' inside
    // quotes means the tag was cut off (a dropped connection, a truncated write): honouring the open quote instead
    // would swallow the following events until the size cap, stalling the connection for ~64 KB.
    let quote: string | null = null;
    let i = OPEN.length;
    for (; i < this.buf.length; i++) {
      const c = this.buf[i];
      if (c === '<') return 'restart';
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
    }
    if (i >= this.buf.length) return 'incomplete';
    if (this.buf[i - 1] === '/') return i + 1; // <event .../>
    const close = this.buf.indexOf(CLOSE, i + 1);
    const again = this.findOpen(i + 1);
    if (again >= 0 && (close < 0 || again < close)) return 'restart';
    if (close < 0) return 'incomplete';
    return close + CLOSE.length;
  }
}

/** Whitespace and XML declarations between events are normal; anything else counts as junk. */
function countJunk(s: string): number {
  return s.replace(/<\?xml[^>]*\?>/g, '').replace(/\s+/g, '').length;
}
