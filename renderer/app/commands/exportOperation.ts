/**
 * File > Export, from any workspace with an open operation: the operation is read from IndexedDB at the moment of
 * export (the rendered bundle can trail an edit just made by a live-query round, and a file that silently lacks it
 * would mislead), encoded, and saved through the platform (a dialog in Electron, a download in web mode).
 */
import type { OperationBundle } from '../../../shared/domain';
import { err, ok, type Result } from '../../../shared/util/result';
import { loadBundle, type CordonDb } from '../../data';
import type { Platform } from '../../platform/types';
import { toGeoJson, toKml, writeCordonFile } from '../../features/io';
import { buildTakPackage } from '../../features/brief/takPackage';
import type { MadeFile } from '../../features/exports/exportRecord';

/** The file's own name from a path either platform gave ("C:\\Users\\p\\x.kml", "/home/p/x.kml", "x.kml"). */
export const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;

export const EXPORT_FORMATS = ['cordon', 'geojson', 'kml', 'tak'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface EncodedExport {
  /** What the user is told was saved ("GeoJSON"). */
  label: string;
  fileName: string;
  extension: string;
  bytes: Uint8Array<ArrayBuffer>;
}

export const fileBase = (name: string) =>
  name
    .replace(/[^\w\- ]+/g, '')
    .trim()
    .replace(/\s+/g, '-') || 'operation';
const encoder = new TextEncoder();

export function encodeExport(format: ExportFormat, bundle: OperationBundle): EncodedExport {
  const base = fileBase(bundle.operation.name);
  switch (format) {
    case 'cordon':
      return { label: 'Cordon operation file', extension: 'cordon', fileName: `${base}.cordon`, bytes: writeCordonFile(bundle) as Uint8Array<ArrayBuffer> };
    case 'geojson':
      return { label: 'GeoJSON', extension: 'geojson', fileName: `${base}.geojson`, bytes: encoder.encode(toGeoJson(bundle)) };
    case 'kml':
      return { label: 'KML', extension: 'kml', fileName: `${base}.kml`, bytes: encoder.encode(toKml(bundle)) };
    case 'tak': {
      const pkg = buildTakPackage(bundle);
      return { label: 'TAK data package', extension: 'zip', fileName: pkg.fileName, bytes: pkg.bytes as Uint8Array<ArrayBuffer> };
    }
  }
}

/** Notes a saved file for the audit trail (features/exports/exportRecorder.ts); answers a problem to show, or null. */
export type NoteMadeFile = (file: MadeFile) => Promise<string | null>;

/**
 * ok(message to show) when saved, ok(null) when the user cancelled, err(why) otherwise. Nothing is written on error.
 * A saved file is noted for the audit trail with the SHA-256 of the very bytes saved.
 */
export async function exportOperation(
  db: CordonDb,
  operationId: string,
  format: ExportFormat,
  save: Platform['saveFile'],
  note: NoteMadeFile,
): Promise<Result<string | null>> {
  let bundle: OperationBundle | null;
  try {
    bundle = await loadBundle(db, operationId);
  } catch (e) {
    return err(`Could not read the operation to export it: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!bundle) return err('The open operation is no longer stored on this computer, so there is nothing to export.');
  let file: EncodedExport;
  try {
    file = encodeExport(format, bundle);
  } catch (e) {
    return err(e instanceof Error ? e.message : String(e));
  }
  const saved = await save({
    title: `Export ${file.label}`,
    defaultName: file.fileName,
    filters: [{ name: file.label, extensions: [file.extension] }],
    data: file.bytes,
  });
  if (!saved.ok) return saved;
  if (!saved.value) return ok(null);
  const problem = await note({
    kind: format,
    operationId,
    fileName: baseName(saved.value.path) || file.fileName,
    data: file.bytes,
    marking: bundle.operation.marking,
  });
  return ok(`Exported ${file.label}${saved.value.path ? ` to ${saved.value.path}` : ''}.${problem ? ` ${problem}` : ''}`);
}
