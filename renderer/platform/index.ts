/**
 * The platform the renderer runs on, chosen once at start-up: Electron when the preload exposed `window.desktop`,
 * otherwise the web fallbacks. Everything desktop-specific in the renderer goes through `platform`.
 */
import type { DesktopApi } from '../../shared/ipc/contract';
import { createElectronPlatform } from './desktop';
import type { Platform } from './types';
import { createWebPlatform } from './web';

declare global {
  interface Window {
    /** Set by electron/preload; absent in a plain browser. */
    readonly desktop?: DesktopApi;
  }
}

function detect(): Platform {
  const desktop = typeof window !== 'undefined' ? window.desktop : undefined;
  return desktop?.kind === 'electron' ? createElectronPlatform(desktop) : createWebPlatform();
}

export const platform: Platform = detect();
export type { Platform } from './types';
