/**
 * GeoPackage geometry blobs: a small "GP" header (version, flags, SRS id, optional envelope), then standard WKB,
 * which @loaders.gl/gis decodes. The header layout is from the OGC GeoPackage 1.3 standard, clause 2.1.3.
 */
import { convertWKBToGeometry } from '@loaders.gl/gis';
import { err, ok, type Result } from '../../../shared/util/result';
import { errorMessage } from './text';

const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

/** The GeoJSON geometry in a GeoPackage blob; null for an empty geometry. */
export function decodeGpkgGeometry(blob: Uint8Array): Result<unknown> {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) return err('its geometry is not a GeoPackage geometry (no "GP" header)');
  const flags = blob[3] ?? 0;
  if (flags & 0b10_0000) return err('its geometry uses a GeoPackage extension type, which Cordon cannot read');
  if (flags & 0b1_0000) return ok(null);
  const envelope = ENVELOPE_BYTES[(flags >> 1) & 0b111];
  if (envelope === undefined) return err('its geometry header is malformed (unknown envelope)');
  const start = 8 + envelope;
  if (blob.length <= start) return err('its geometry is cut short');
  try {
    const wkb = blob.slice(start).buffer;
    return ok(convertWKBToGeometry(wkb));
  } catch (e) {
    return err(`its geometry cannot be decoded (${errorMessage(e)})`);
  }
}

/** True when the bytes are an SQLite database (a GeoPackage is one). */
export function looksLikeSqlite(bytes: Uint8Array): boolean {
  const magic = 'SQLite format 3\u0000';
  if (bytes.length < 100) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic.charCodeAt(i)) return false;
  return true;
}
