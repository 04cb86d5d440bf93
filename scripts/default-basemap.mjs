/**
 * The offline street map Cordon uses by default when it finds one: the OpenStreetMap extracts of central London in
 * ../shared/data (test and demo data, never copied into the project). One list, read by the web server (start.mjs)
 * and by Electron's main process, so both offer the same archives in the same order.
 * Types for TypeScript callers: default-basemap.d.mts.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/** Drawn in this order: the low-detail overview of all London underneath, the detailed streets on top. */
export const DEFAULT_BASEMAP_FILES = [
  { file: 'london-overview.pmtiles', name: 'London overview (OpenStreetMap)' },
  { file: 'central-london.pmtiles', name: 'Central London streets (OpenStreetMap)' },
];

/**
 * The folder holding the default basemap: CORDON_DATA_DIR when set, else ../shared/data beside the project; null
 * when it does not exist (the app then falls back to its shipped world map).
 * @param {string} projectRoot
 * @param {Record<string, string | undefined>} [env]
 * @returns {string | null}
 */
export function findDataDir(projectRoot, env = process.env) {
  const dir = env.CORDON_DATA_DIR ? path.resolve(env.CORDON_DATA_DIR) : path.resolve(projectRoot, '..', 'shared', 'data');
  try {
    return statSync(dir).isDirectory() ? dir : null;
  } catch {
    return null;
  }
}

/**
 * The default basemap's archives that exist in dataDir, as URLs under urlPrefix (e.g. "/data/" or
 * "app://cordon/data/"); null when the detailed map is missing (an overview alone is no street map).
 * @param {string | null} dataDir
 * @param {string} urlPrefix
 * @returns {{ archives: { url: string, name: string }[] } | null}
 */
export function defaultBasemapArchives(dataDir, urlPrefix) {
  if (!dataDir) return null;
  const present = DEFAULT_BASEMAP_FILES.filter((f) => existsSync(path.join(dataDir, f.file)));
  if (!present.some((f) => f.file === 'central-london.pmtiles')) return null;
  return { archives: present.map((f) => ({ url: `${urlPrefix}${encodeURIComponent(f.file)}`, name: f.name })) };
}
