/** Brief > Export: the briefing pack (PDF, per numbered copy) and the data packages (the File > Export commands). */
import { useState } from 'react';
import type { Operation } from '../../../../shared/domain';
import type { defaultFrames } from '../../../../shared/brief/frames';
import { dispatchCommand } from '../../../app/commandBus';
import { baseName, fileBase } from '../../../app/commands/exportOperation';
import { SelectField } from '../../../app/fields';
import { platform } from '../../../platform';
import { recordMadeFile } from '../../exports/exportRecorder';
import type { BriefTabProps } from './types';

interface Props extends Pick<BriefTabProps, 'briefing'> {
  op: Operation;
  frames: ReturnType<typeof defaultFrames>;
  report: (error: string) => void;
  inform: (text: string) => void;
}

export function ExportTab({ op, briefing, frames, report, inform }: Props) {
  const [copy, setCopy] = useState<number>(0);
  const [exporting, setExporting] = useState<string | null>(null);
  const exportPdf = async () => {
    setExporting('PDF');
    const defaultName = `${fileBase(op.name)}-briefing-v${briefing.version}${copy ? `-copy${copy}` : ''}.pdf`;
    const r = await platform.printPdf({ operationId: op.id, copy: copy || null, defaultName });
    setExporting(null);
    if (!r.ok) return report(r.error);
    if (!r.value) return;
    const web = platform.kind === 'web';
    // Every pack made, numbered copy or not, goes into the audit trail (with its SHA-256 where the app wrote it).
    const notRecorded = await recordMadeFile({
      kind: 'briefing-pack',
      operationId: op.id,
      fileName: web ? defaultName : baseName(r.value.path),
      data: null,
      written: web ? null : r.value,
      marking: op.marking,
      copy: copy || null,
      note: `briefing v${briefing.version}${web ? '; print view opened (web mode)' : ''}`,
    });
    const done = web ? 'The print view opened in a new tab: choose "Save as PDF" there.' : `Saved ${r.value.path}`;
    inform(notRecorded ? `${done} ${notRecorded}` : done);
  };
  return (
    <div className="brief-export">
      <h2>Briefing pack (PDF)</h2>
      <SelectField
        label="Copy number"
        value={String(copy)}
        options={[
          { value: '0', label: 'Uncontrolled copy' },
          ...briefing.distribution.map((d) => ({ value: String(d.copy), label: `Copy ${d.copy}: ${d.recipient}` })),
        ]}
        onChange={(v) => setCopy(Number(v))}
      />
      <button className="btn primary" data-testid="export-pdf" disabled={exporting !== null} onClick={() => void exportPdf()}>
        {exporting === 'PDF' ? 'Making the pack…' : 'Export briefing pack (PDF)'}
      </button>
      <p className="muted">
        {frames.filter((f) => f.include).length} maps at 216 dpi; the marking ({op.marking}) and "Page n of N" on every page.
      </p>
      <h2>Data packages</h2>
      {/* The same commands as File > Export (and the palette): they read the stored operation at that moment. */}
      <div className="row">
        <button className="btn" data-testid="export-geojson" onClick={() => dispatchCommand('file:export-geojson')}>
          GeoJSON
        </button>
        <button className="btn" data-testid="export-kml" onClick={() => dispatchCommand('file:export-kml')}>
          KML
        </button>
        <button className="btn" data-testid="export-cordon-file" onClick={() => dispatchCommand('file:export-cordon')}>
          .cordon
        </button>
        <button className="btn" data-testid="export-tak" onClick={() => dispatchCommand('file:export-tak')}>
          TAK data package
        </button>
      </div>
    </div>
  );
}
