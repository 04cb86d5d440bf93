/**
 * What this run of the desktop app was started with, for the renderer ('app:runtime-config'): the command server
 * `npm start` launched (CORDON_COMMAND_SERVER_URL, which may be on another port than the default), and the default
 * street map found in the data folder (served by the app protocol under /data/). Parsed with the contract's schema,
 * so a malformed environment variable is dropped rather than handed to the page.
 */
import { RuntimeConfig } from '../shared/ipc/contract';
import { defaultBasemapArchives } from '../scripts/default-basemap.mjs';
import { DATA_PATH_PREFIX } from './protocol';
import { APP_ORIGIN } from './security';

export function electronRuntimeConfig(env: Record<string, string | undefined>, dataRoot: string | null): RuntimeConfig {
  const serverUrl = RuntimeConfig.shape.serverUrl.safeParse(env.CORDON_COMMAND_SERVER_URL);
  const defaultBasemap = defaultBasemapArchives(dataRoot, `${APP_ORIGIN}${DATA_PATH_PREFIX}`);
  return RuntimeConfig.parse({
    ...(serverUrl.success && serverUrl.data ? { serverUrl: serverUrl.data } : {}),
    ...(defaultBasemap ? { defaultBasemap } : {}),
  });
}
