/**
 * The start-up configuration (the command server `npm start` launched, the default street map it found), asked for
 * once per page and shared: the map, the print view and the Live workspace all wait on the same promise. A problem
 * reading it is reported once and the built-in defaults apply (the world map, the server on port 4870).
 */
import type { RuntimeConfig } from '../../shared/ipc/contract';
import { platform } from './index';

export interface LoadedRuntimeConfig {
  config: RuntimeConfig;
  problem: string | null;
}

let loading: Promise<LoadedRuntimeConfig> | null = null;

export function loadRuntimeConfig(): Promise<LoadedRuntimeConfig> {
  loading ??= platform.runtimeConfig().then(
    (result) => (result.ok ? { config: result.value, problem: null } : { config: {}, problem: result.error }),
    () => ({ config: {}, problem: 'The start-up configuration could not be read; built-in defaults are in use.' }),
  );
  return loading;
}
