/** Small HTTP helpers of the app protocol: MIME types and Range header parsing (shared with web mode's server). */

// One implementation for both file servers (this protocol and web mode's static server): scripts/fileServing.mjs.
export { mimeTypeFor, parseRange } from '../scripts/fileServing.mjs';

/** An inclusive byte range within a resource. */
export interface ByteRange {
  start: number;
  end: number;
}
