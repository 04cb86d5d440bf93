/**
 * Import (GeoJSON, KML, KMZ, GPX, CSV, Shapefile, GeoPackage, previewed first) and export (GeoJSON, KML, .cordon) for the open operation,
 * answering the File menu commands. Nothing is written until the user confirms the preview, and then in one command.
 */
import { useEffect, useState } from 'react';
import type { OperationBundle, PlanFeature, PlanGeometry } from '../../../shared/domain';
import { onCommand } from '../../app/commandBus';
import { loadBundle, type CordonDb } from '../../data';
import type { PlanSession } from '../../app/session';
import { platform } from '../../platform';
import { parsePlanFile, type ImportPreview } from '../io/importFeatures';
import { importedToast } from '../io/importSummary';
import { ImportPreviewDialog } from './ImportPreviewDialog';
import { toGeoJson, toKml } from '../io/exportFeatures';
import { writeCordonFile } from '../io/cordonFile';

interface Options {
  db: CordonDb;
  bundle: OperationBundle | null;
  session: PlanSession;
  report: (e: string) => void;
  inform: (t: string) => void;
  onImported: (geometries: PlanGeometry[]) => void;
}

const safeName = (name: string) => name.replace(/[^\w\- ]+/g, '').trim().replace(/\s+/g, '-') || 'operation';
const encoder = new TextEncoder();

export function useFileCommands({ db, bundle, session, report, inform, onImported }: Options) {
  const [preview, setPreview] = useState<ImportPreview | null>(null);

  useEffect(() => {
    if (!bundle) return;
    const save = async (data: Uint8Array<ArrayBuffer>, ext: string, label: string) => {
      const r = await platform.saveFile({ title: `Export ${label}`, defaultName: `${safeName(bundle.operation.name)}.${ext}`, filters: [{ name: label, extensions: [ext] }], data });
      if (!r.ok) report(r.error);
      else if (r.value) inform(`Exported ${label}${r.value.path ? ` to ${r.value.path}` : ''}.`);
    };
    return onCommand((c) => {
      if (c === 'file:import') {
        void (async () => {
          const picked = await platform.openFile({ title: 'Import features', filters: [{ name: 'Map files', extensions: ['geojson', 'json', 'kml', 'kmz', 'gpx', 'csv', 'zip', 'gpkg'] }] });
          if (!picked.ok) return report(picked.error);
          if (!picked.value) return;
          const parsed = await parsePlanFile(picked.value.name, picked.value.data, bundle.operation.id, { phases: bundle.phases });
          if (!parsed.ok) return report(parsed.error);
          setPreview(parsed.value);
        })();
      }
      // An export writes what is stored, read at the moment of export: the rendered bundle can trail an edit
      // (an import just confirmed) by a live-query round, and a file that silently lacks it would mislead.
      const exportAs = (encode: (b: OperationBundle) => Uint8Array<ArrayBuffer>, ext: string, label: string) =>
        void loadBundle(db, bundle.operation.id).then(
          (stored) => save(encode(stored ?? bundle), ext, label),
          (e: unknown) => report(`Could not read the operation to export it: ${e instanceof Error ? e.message : String(e)}`),
        );
      if (c === 'file:export-geojson') exportAs((b) => encoder.encode(toGeoJson(b)), 'geojson', 'GeoJSON');
      if (c === 'file:export-kml') exportAs((b) => encoder.encode(toKml(b)), 'kml', 'KML');
      if (c === 'file:export-cordon') exportAs((b) => writeCordonFile(b) as Uint8Array<ArrayBuffer>, 'cordon', 'Cordon operation file');
    });
  }, [db, bundle, report, inform]);

  const commit = async (features: PlanFeature[]) => {
    if (!preview) return;
    setPreview(null);
    if (await session.run('plan.importFeatures', { features, label: `Import ${preview.fileName}` })) {
      inform(importedToast(features.length, preview.fileName));
      onImported(features.map((f) => f.geometry));
    }
  };

  return preview ? <ImportPreviewDialog preview={preview} onCancel={() => setPreview(null)} onConfirm={(f) => void commit(f)} /> : null;
}
