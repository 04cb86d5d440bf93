/**
 * Remembers the main window's bounds and maximised state in a JSON file in userData.
 * Read leniently (a missing or corrupt file gives defaults), validated with zod, clamped onto a visible display,
 * and written atomically (temp file + rename) so a crash mid-write never leaves a half-written file.
 */
import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  isMaximized: boolean;
}

/** A display's work area (Electron's `screen.getAllDisplays()[i].workArea`). */
export interface DisplayArea {
  workArea: Rect;
}

export const MIN_WIDTH = 800;
export const MIN_HEIGHT = 560;
const DEFAULT_WIDTH = 1440;
const DEFAULT_HEIGHT = 900;

export const WindowStateSchema = z.object({
  bounds: z.object({
    x: z.number().int(),
    y: z.number().int(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
  }),
  isMaximized: z.boolean(),
});

export const WINDOW_STATE_FILE = 'window-state.json';

/** Centre a window of the default size (shrunk to fit) on the given display. */
export function defaultWindowState(primary: DisplayArea | undefined): WindowState {
  const area = primary?.workArea ?? { x: 0, y: 0, width: DEFAULT_WIDTH, height: DEFAULT_HEIGHT };
  const width = Math.max(Math.min(DEFAULT_WIDTH, area.width), Math.min(MIN_WIDTH, area.width));
  const height = Math.max(Math.min(DEFAULT_HEIGHT, area.height), Math.min(MIN_HEIGHT, area.height));
  return {
    bounds: {
      x: Math.round(area.x + (area.width - width) / 2),
      y: Math.round(area.y + (area.height - height) / 2),
      width,
      height,
    },
    isMaximized: false,
  };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

/**
 * Make saved bounds usable on today's displays: the window is moved wholly onto the display it overlaps most (so its
 * title bar can be grabbed), no bigger than that display and at least the minimum size. A window that overlaps no
 * display (its display has gone) is re-centred on the primary display (displays[0]).
 */
export function clampToDisplays(state: WindowState, displays: readonly DisplayArea[]): WindowState {
  if (displays.length === 0) return state;
  const { bounds } = state;
  // The display the window is most on.
  let best: DisplayArea | undefined;
  let bestArea = 0;
  for (const display of displays) {
    const o = overlap(bounds, display.workArea);
    if (o.width * o.height > bestArea) {
      bestArea = o.width * o.height;
      best = display;
    }
  }
  if (!best) {
    // Entirely off screen (its display has gone): keep the size that fits, centre it on the primary display.
    const area = displays[0]!.workArea;
    const width = Math.min(Math.max(bounds.width, Math.min(MIN_WIDTH, area.width)), area.width);
    const height = Math.min(Math.max(bounds.height, Math.min(MIN_HEIGHT, area.height)), area.height);
    return {
      bounds: { x: Math.round(area.x + (area.width - width) / 2), y: Math.round(area.y + (area.height - height) / 2), width, height },
      isMaximized: state.isMaximized,
    };
  }
  const area = best.workArea;
  const width = Math.min(Math.max(bounds.width, Math.min(MIN_WIDTH, area.width)), area.width);
  const height = Math.min(Math.max(bounds.height, Math.min(MIN_HEIGHT, area.height)), area.height);
  // Move it wholly inside the display, which keeps the title bar on screen.
  const x = Math.min(Math.max(bounds.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(bounds.y, area.y), area.y + area.height - height);
  return { bounds: { x, y, width, height }, isMaximized: state.isMaximized };
}

/** The file operations windowState needs (node:fs/promises by default; tests inject failures). */
export interface WindowStateFs {
  readFile(file: string, encoding: 'utf8'): Promise<string>;
  writeFile(file: string, data: string, encoding: 'utf8'): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(file: string, options: { force: true }): Promise<void>;
  mkdir(dir: string, options: { recursive: true }): Promise<unknown>;
}

const defaultFs: WindowStateFs = nodeFs;

/** Load the saved state, falling back to defaults on a missing, unreadable or invalid file; then clamp it. */
export async function loadWindowState(file: string, displays: readonly DisplayArea[], fs: WindowStateFs = defaultFs): Promise<WindowState> {
  let parsed: WindowState | undefined;
  try {
    const result = WindowStateSchema.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
    if (result.success) parsed = result.data;
  } catch {
    parsed = undefined;
  }
  if (!parsed) return defaultWindowState(displays[0]);
  return clampToDisplays(parsed, displays);
}

/** Write the state atomically: a temp file beside the target, then rename over it. Never throws. */
export async function saveWindowState(file: string, state: WindowState, fs: WindowStateFs = defaultFs): Promise<boolean> {
  const checked = WindowStateSchema.safeParse(state);
  if (!checked.success) return false;
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(temp, JSON.stringify(checked.data, null, 2), 'utf8');
    await fs.rename(temp, file);
    return true;
  } catch {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    return false;
  }
}
