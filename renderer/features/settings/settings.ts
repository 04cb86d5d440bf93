/**
 * App settings: small, non-secret preferences kept in localStorage and validated on every read, so a corrupt or
 * hand-edited value falls back to defaults with a message instead of breaking the app. (Server tokens are secrets:
 * they never live here; see serverToken.ts.)
 */
import { formatZodError } from '../../../shared/util/zodError';
import { z } from 'zod';
// The basemap setting is the map's own type (renderer/map/basemapSetting.ts): the map layer must not import features.
import { BasemapSetting } from '../../map/basemapSetting';

export { BasemapSetting };

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:4870';

/**
 * Where the command server is and who is at this screen (the token is kept apart: serverToken.ts). With `auto` the
 * app connects to the server Cordon was started with (`npm start` may put it on another port), falling back to `url`.
 * Settings saved before `auto` existed follow the started server only if they still held the old default address.
 */
export const ServerSetting = z.preprocess(
  (raw) =>
    raw && typeof raw === 'object' && !('auto' in raw) ? { ...raw, auto: !('url' in raw) || (raw as { url?: unknown }).url === DEFAULT_SERVER_URL } : raw,
  z.object({
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .default(DEFAULT_SERVER_URL),
    /** Shown on acknowledgements and in the server's audit trail. */
    userName: z.string().trim().max(120).default(''),
    auto: z.boolean().default(true),
  }),
);
export type ServerSetting = z.infer<typeof ServerSetting>;

export const Settings = z.object({
  basemap: BasemapSetting.default({ kind: 'default' }),
  theme: z.enum(['dark', 'light']).default('dark'),
  /** Default walking pace for new routes, km/h. */
  defaultPaceKmh: z.number().min(0.5).max(20).default(3),
  server: ServerSetting.default({ url: DEFAULT_SERVER_URL, userName: '', auto: true }),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});
const KEY = 'cordon.settings.v1';

export function readSettings(storage: Pick<Storage, 'getItem'>): { settings: Settings; problem: string | null } {
  const raw = storage.getItem(KEY);
  if (raw === null) return { settings: DEFAULT_SETTINGS, problem: null };
  try {
    const parsed = Settings.safeParse(JSON.parse(raw));
    if (parsed.success) return { settings: parsed.data, problem: null };
    return {
      settings: DEFAULT_SETTINGS,
      problem: `Saved settings were invalid (${formatZodError(parsed.error, { max: 1, root: 'settings' })}); defaults are in use.`,
    };
  } catch {
    return { settings: DEFAULT_SETTINGS, problem: 'Saved settings could not be read (not JSON); defaults are in use.' };
  }
}

export function writeSettings(storage: Pick<Storage, 'setItem'>, settings: Settings): void {
  storage.setItem(KEY, JSON.stringify(Settings.parse(settings)));
}
