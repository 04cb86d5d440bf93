/**
 * Import (GeoJSON, KML, KMZ, GPX, CSV, Shapefile, GeoPackage, previewed first) into the open operation, for File >
 * Import. Nothing is written until the user confirms the preview, and then in one command. (Exports work from any
 * workspace: renderer/app/commands/exportOperation.ts.)
 */
import { useCallback, useState } from 'react';
import type { OperationBundle, PlanFeature, PlanGeometry } from '../../../shared/domain';
import type { PlanSession } from '../../app/session';
import { platform } from '../../platform';
import { parsePlanFile, type ImportPreview } from '../io/importFeatures';
import { importedToast } from '../io/importSummary';
import { ImportPreviewDialog } from './ImportPreviewDialog';

interface Options {
  bundle: OperationBundle | null;
  session: PlanSession;
  report: (e: string) => void;
  inform: (t: string) => void;
  onImported: (geometries: PlanGeometry[]) => void;
}

export function useFileCommands({ bundle, session, report, inform, onImported }: Options) {
  const [preview, setPreview] = useState<ImportPreview | null>(null);

  const importFile = useCallback(() => {
    if (!bundle) return;
    void (async () => {
      const picked = await platform.openFile({
        title: 'Import features',
        filters: [{ name: 'Map files', extensions: ['geojson', 'json', 'kml', 'kmz', 'gpx', 'csv', 'zip', 'gpkg'] }],
      });
      if (!picked.ok) return report(picked.error);
      if (!picked.value) return;
      const parsed = await parsePlanFile(picked.value.name, picked.value.data, bundle.operation.id, { phases: bundle.phases });
      if (!parsed.ok) return report(parsed.error);
      setPreview(parsed.value);
    })();
  }, [bundle, report]);

  const commit = async (features: PlanFeature[]) => {
    if (!preview) return;
    setPreview(null);
    if (await session.run('plan.importFeatures', { features, label: `Import ${preview.fileName}` })) {
      inform(importedToast(features.length, preview.fileName));
      onImported(features.map((f) => f.geometry));
    }
  };

  const dialog = preview ? <ImportPreviewDialog preview={preview} onCancel={() => setPreview(null)} onConfirm={(f) => void commit(f)} /> : null;
  return { importFile, dialog };
}
