import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import * as realFs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MIN_HEIGHT,
  MIN_WIDTH,
  clampToDisplays,
  defaultWindowState,
  loadWindowState,
  saveWindowState,
  type DisplayArea,
  type WindowStateFs,
} from './windowState';

const primary: DisplayArea = { workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
const right: DisplayArea = { workArea: { x: 1920, y: 0, width: 1280, height: 1024 } };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cordon-ws-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadWindowState', () => {
  it('gives centred defaults when there is no file', async () => {
    const state = await loadWindowState(path.join(dir, 'missing.json'), [primary]);
    expect(state).toEqual(defaultWindowState(primary));
    expect(state.bounds.x).toBe((1920 - state.bounds.width) / 2);
    expect(state.isMaximized).toBe(false);
  });

  it.each([
    ['not json', '{"bounds": {'],
    ['wrong shape', JSON.stringify({ bounds: { x: 'a', y: 0, width: 100, height: 100 }, isMaximized: false })],
    ['negative size', JSON.stringify({ bounds: { x: 0, y: 0, width: -5, height: 100 }, isMaximized: false })],
    ['NaN-ish', '{"bounds":{"x":1e999,"y":0,"width":900,"height":700},"isMaximized":false}'],
    ['empty', ''],
  ])('falls back to defaults on a corrupt file (%s)', async (_label, content) => {
    const file = path.join(dir, 'window-state.json');
    await writeFile(file, content);
    expect(await loadWindowState(file, [primary])).toEqual(defaultWindowState(primary));
  });

  it('restores a valid state', async () => {
    const file = path.join(dir, 'window-state.json');
    const saved = { bounds: { x: 100, y: 80, width: 1200, height: 800 }, isMaximized: true };
    await writeFile(file, JSON.stringify(saved));
    expect(await loadWindowState(file, [primary])).toEqual(saved);
  });

  it('clamps bounds saved on a display that has gone', async () => {
    const file = path.join(dir, 'window-state.json');
    await writeFile(file, JSON.stringify({ bounds: { x: 2100, y: 100, width: 1000, height: 700 }, isMaximized: false }));
    const state = await loadWindowState(file, [primary]);
    expect(state.bounds).toEqual({ x: 460, y: 170, width: 1000, height: 700 });
  });
});

describe('clampToDisplays', () => {
  it('keeps a window that is on screen', () => {
    const state = { bounds: { x: 2000, y: 50, width: 1000, height: 800 }, isMaximized: false };
    expect(clampToDisplays(state, [primary, right])).toEqual(state);
  });

  it('re-centres a window far off screen', () => {
    const state = clampToDisplays({ bounds: { x: -5000, y: -4000, width: 1200, height: 800 }, isMaximized: false }, [primary]);
    expect(state.bounds).toEqual({ x: 360, y: 120, width: 1200, height: 800 });
  });

  it('pulls back a window whose title bar is above the screen', () => {
    const state = clampToDisplays({ bounds: { x: 100, y: -300, width: 1200, height: 800 }, isMaximized: false }, [primary]);
    expect(state.bounds.y).toBeGreaterThanOrEqual(0);
    expect(state.bounds.x).toBe(100);
  });

  it('shrinks a window larger than its display and keeps it inside', () => {
    const state = clampToDisplays({ bounds: { x: 1900, y: 0, width: 3000, height: 2000 }, isMaximized: false }, [primary, right]);
    expect(state.bounds.width).toBeLessThanOrEqual(1920);
    expect(state.bounds.height).toBeLessThanOrEqual(1040);
    const b = state.bounds;
    const area = [primary, right].find((d) => b.x >= d.workArea.x && b.x + b.width <= d.workArea.x + d.workArea.width);
    expect(area).toBeDefined();
  });

  it('enforces the minimum size', () => {
    const state = clampToDisplays({ bounds: { x: 10, y: 10, width: 200, height: 100 }, isMaximized: false }, [primary]);
    expect(state.bounds.width).toBe(MIN_WIDTH);
    expect(state.bounds.height).toBe(MIN_HEIGHT);
  });

  it('handles a display smaller than the minimum size', () => {
    const tiny: DisplayArea = { workArea: { x: 0, y: 0, width: 640, height: 480 } };
    const state = clampToDisplays({ bounds: { x: 0, y: 0, width: 1400, height: 900 }, isMaximized: false }, [tiny]);
    expect(state.bounds).toEqual({ x: 0, y: 0, width: 640, height: 480 });
  });
});

describe('saveWindowState', () => {
  const state = { bounds: { x: 1, y: 2, width: 1000, height: 700 }, isMaximized: false };

  it('writes the file and leaves no temp files', async () => {
    const file = path.join(dir, 'nested', 'window-state.json');
    expect(await saveWindowState(file, state)).toBe(true);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(state);
    expect(await readdir(path.dirname(file))).toEqual(['window-state.json']);
  });

  it('leaves the previous file intact when the write fails', async () => {
    const file = path.join(dir, 'window-state.json');
    await saveWindowState(file, state);
    const failing: WindowStateFs = {
      ...realFs,
      readFile: realFs.readFile as WindowStateFs['readFile'],
      writeFile: async (target, data, encoding) => {
        await realFs.writeFile(target, data.slice(0, 5), encoding);
        throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
      },
    };
    expect(await saveWindowState(file, { ...state, isMaximized: true }, failing)).toBe(false);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(state);
    expect(await readdir(dir)).toEqual(['window-state.json']);
  });

  it('refuses to write an invalid state', async () => {
    const file = path.join(dir, 'window-state.json');
    expect(await saveWindowState(file, { bounds: { x: 0.5, y: 0, width: 0, height: 1 }, isMaximized: false })).toBe(false);
    expect(await readdir(dir)).toEqual([]);
  });
});
