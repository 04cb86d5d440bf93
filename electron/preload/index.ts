/**
 * Preload (sandboxed, bundled to one CJS file): exposes exactly the DesktopApi as `window.desktop`.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { DesktopApi } from '../../shared/ipc/contract';
import { createDesktopApi } from './api';

const api = createDesktopApi(ipcRenderer);

contextBridge.exposeInMainWorld('desktop', api satisfies DesktopApi);
