/** The basemap a user chose (kept in settings, validated on every read); the map resolves it into a style. */
import { z } from 'zod';

/**
 * The basemap. 'default': the offline street map Cordon was started with (runtimeConfig.ts; the OpenStreetMap map of
 * central London in a demo), else the shipped world map. 'pmtiles': an archive read by range (a file the desktop app
 * serves, or a URL). 'mbtiles': the TileJSON URL the desktop app serves a picked MBTiles file under. 'online': a
 * MapLibre style URL.
 */
export const BasemapSetting = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('default') }),
  z.object({ kind: z.literal('world') }),
  z.object({ kind: z.literal('pmtiles'), url: z.string().min(1).max(2000), name: z.string().max(300).default('') }),
  z.object({ kind: z.literal('mbtiles'), url: z.string().min(1).max(2000), name: z.string().max(300).default('') }),
  z.object({ kind: z.literal('online'), styleUrl: z.url({ protocol: /^https?$/ }).max(2000) }),
]);
export type BasemapSetting = z.infer<typeof BasemapSetting>;
