/**
 * Size limits for everything the import/export modules read. Every input is untrusted: these caps keep a hostile or
 * mistaken file from freezing the app, and each error message quotes the limit it hit.
 */

/** Largest plan file (GeoJSON, KML, KMZ, GPX) accepted, in bytes. */
export const MAX_IMPORT_FILE_BYTES = 50 * 1024 * 1024;
/** Largest uncompressed .kml inside a KMZ (guards against zip bombs). */
export const MAX_KMZ_ENTRY_BYTES = 100 * 1024 * 1024;
/** Most plan features one import may produce (after multi-part geometries are split). */
export const MAX_IMPORT_FEATURES = 20_000;
/** Most vertices in one geometry. */
export const MAX_VERTICES_PER_GEOMETRY = 100_000;
/** Most vertices in one whole import. */
export const MAX_TOTAL_VERTICES = 2_000_000;
/** Most warnings listed one by one; the rest are summarised in a count. */
export const MAX_LISTED_WARNINGS = 100;

/** Largest .cordon operation file accepted, in bytes (compressed). */
export const MAX_CORDON_FILE_BYTES = 50 * 1024 * 1024;
/** Largest uncompressed entry (manifest.json, operation.json) inside a .cordon file. */
export const MAX_CORDON_ENTRY_BYTES = 200 * 1024 * 1024;

/** Largest nominal roll CSV accepted, in bytes. */
export const MAX_ROLL_BYTES = 5 * 1024 * 1024;
/** Most data rows in one nominal roll. */
export const MAX_ROLL_ROWS = 5_000;

/** "50 MB", "1.5 KB": sizes for messages. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${trim(n / (1024 * 1024))} MB`;
  if (n >= 1024) return `${trim(n / 1024)} KB`;
  return `${n} bytes`;
}

/** "20,000": counts for messages. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-GB');
}

function trim(x: number): string {
  return (Math.round(x * 10) / 10).toString();
}
