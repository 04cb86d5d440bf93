/** What the control room is told while history loads page by page, and when it could not all be kept. Pure. */
import { hhmmss } from './format';

const count = (n: number) => n.toLocaleString('en-GB');

export function loadingText(positions: number | null): string {
  return positions === null || positions === 0 ? 'Loading history…' : `Loading history… ${count(positions)} positions`;
}

/** Null when the whole window was loaded. */
export function truncationNotice(h: { capped: boolean; truncated: boolean; positions: readonly { time: string }[] }): string | null {
  const last = h.positions[h.positions.length - 1];
  if (h.capped) {
    return (
      `That window holds more positions than this screen keeps: only the first ${count(h.positions.length)}` +
      `${last ? ` (up to ${hhmmss(Date.parse(last.time))})` : ''} were loaded. Choose a shorter window for the whole picture.`
    );
  }
  return h.truncated ? 'The server sent only part of that window: choose a shorter one for the whole picture.' : null;
}
