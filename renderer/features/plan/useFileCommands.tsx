/**
 * Import (GeoJSON, KML, KMZ, GPX, previewed first) and export (GeoJSON, KML, .cordon) for the open operation,
 * answering the File menu commands. Nothing is written until the user confirms the preview, and then in one command.
 */
import { useEffect, useState } from 'react';
import { FEATURE_KINDS, type FeatureKind, type OperationBundle, type PlanGeometry } from '../../../shared/domain';
import { onCommand } from '../../app/commandBus';
import type { PlanSession } from '../../app/session';
import { Dialog } from '../../app/ui';
import { platform } from '../../platform';
import { parsePlanFile, type ImportPreview } from '../io/importFeatures';
import { toGeoJson, toKml } from '../io/exportFeatures';
import { writeCordonFile } from '../io/cordonFile';

interface Options {
  bundle: OperationBundle | null;
  session: PlanSession;
  report: (e: string) => void;
  inform: (t: string) => void;
  onImported: (geometries: PlanGeometry[]) => void;
}

const safeName = (name: string) => name.replace(/[^\w\- ]+/g, '').trim().replace(/\s+/g, '-') || 'operation';
const encoder = new TextEncoder();

export function useFileCommands({ bundle, session, report, inform, onImported }: Options) {
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
          const picked = await platform.openFile({ title: 'Import features', filters: [{ name: 'Map files', extensions: ['geojson', 'json', 'kml', 'kmz', 'gpx'] }] });
          if (!picked.ok) return report(picked.error);
          if (!picked.value) return;
          const parsed = parsePlanFile(picked.value.name, picked.value.data, bundle.operation.id, { phases: bundle.phases });
          if (!parsed.ok) return report(parsed.error);
          setPreview(parsed.value);
        })();
      }
      if (c === 'file:export-geojson') void save(encoder.encode(toGeoJson(bundle)), 'geojson', 'GeoJSON');
      if (c === 'file:export-kml') void save(encoder.encode(toKml(bundle)), 'kml', 'KML');
      if (c === 'file:export-cordon') void save(writeCordonFile(bundle) as Uint8Array<ArrayBuffer>, 'cordon', 'Cordon operation file');
    });
  }, [bundle, report, inform]);

  const commit = async () => {
    if (!preview) return;
    const features = preview.features;
    setPreview(null);
    if (await session.run('plan.importFeatures', { features, label: `Import ${preview.fileName}` })) {
      inform(`Imported ${features.length} features from ${preview.fileName}.`);
      onImported(features.map((f) => f.geometry));
    }
  };

  return preview ? (
    <Dialog
      title={`Import ${preview.fileName}`}
      onClose={() => setPreview(null)}
      actions={
        <>
          <button className="btn" onClick={() => setPreview(null)}>
            Cancel
          </button>
          <button className="btn primary" onClick={() => void commit()} data-testid="confirm-import" disabled={preview.features.length === 0}>
            Import {preview.features.length} features
          </button>
        </>
      }
    >
      <p>
        {preview.sourceFormat.toUpperCase()} file with {preview.features.length} features:{' '}
        {(Object.entries(preview.counts) as [FeatureKind, number][])
          .filter(([, n]) => n > 0)
          .map(([k, n]) => `${n} ${FEATURE_KINDS[k].toLowerCase()}${n === 1 ? '' : 's'}`)
          .join(', ')}
        . You can change each feature's kind after import.
      </p>
      {preview.warnings.length > 0 && (
        <>
          <h3 style={{ fontSize: 14 }}>Warnings</h3>
          <ul data-testid="import-warnings">
            {preview.warnings.map((w, i) => (
              <li key={i} className="warning">
                {w}
              </li>
            ))}
          </ul>
        </>
      )}
      <table className="grid" data-testid="import-preview">
        <thead>
          <tr>
            <th>Name</th>
            <th>Becomes</th>
            <th>Shape</th>
          </tr>
        </thead>
        <tbody>
          {preview.features.slice(0, 100).map((f) => (
            <tr key={f.id}>
              <td>{f.name || '(unnamed)'}</td>
              <td>{FEATURE_KINDS[f.kind]}</td>
              <td>{f.geometry.type}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview.features.length > 100 && <p className="muted">…and {preview.features.length - 100} more.</p>}
    </Dialog>
  ) : null;
}
