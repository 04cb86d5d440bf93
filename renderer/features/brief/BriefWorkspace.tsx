/**
 * The Brief workspace: the commander writes the order (IIMARCH, in blocks), keeps the risk register and distribution
 * list, names Gold, Silver and the Bronzes' call signs, adjusts the map frames, and exports the briefing pack (PDF)
 * and data packages (GeoJSON, KML, .cordon, TAK). Every edit is one `operation.update` command: saved at once and
 * undoable like any other edit. The generated tables (deployment matrix etc.) come from the plan, never retyped.
 */
import { useCallback, useMemo, useState } from 'react';
import { describeHeadcount, newId } from '../../../shared/domain';
import { markingText } from '../../../shared/brief/marking';
import { defaultFrames, type Bounds } from '../../../shared/brief/frames';
import { H_LABELS, PAPER_SIZES, RISK_LEVELS, SECTION_KEYS, sectionTitle, type Briefing, type FrameOverride, type SectionKey } from '../../../shared/brief/schema';
import { commandChart, deploymentMatrix } from '../../../shared/brief/tables';
import type { PlanSession } from '../../app/session';
import { SelectField, TextField } from '../../app/fields';
import { platform } from '../../platform';
import { dispatchCommand } from '../../app/commandBus';
import { fileBase } from '../../app/commands/exportOperation';
import { readBriefing } from '../../../shared/brief/schema';
import { BlockEditor } from './BlockEditor';
import './pack.css';

interface Props {
  session: PlanSession;
  report: (error: string) => void;
  inform: (text: string) => void;
}

const TABS = { order: 'Order', risks: 'Risks', distribution: 'Distribution', command: 'Command', maps: 'Maps', export: 'Export' } as const;
type Tab = keyof typeof TABS;

function zoomBounds(b: Bounds, factor: number): Bounds {
  const cx = (b[0] + b[2]) / 2;
  const cy = (b[1] + b[3]) / 2;
  const hw = ((b[2] - b[0]) / 2) * factor;
  const hh = ((b[3] - b[1]) / 2) * factor;
  return [cx - hw, cy - hh, cx + hw, cy + hh];
}

export function BriefWorkspace({ session, report, inform }: Props) {
  const { bundle } = session;
  const [tab, setTab] = useState<Tab>('order');
  const [section, setSection] = useState<SectionKey>('information');
  const [copy, setCopy] = useState<number>(0);
  const [exporting, setExporting] = useState<string | null>(null);
  const briefing = useMemo(() => readBriefing(bundle?.operation.briefing), [bundle]);
  const chart = useMemo(() => (bundle ? commandChart(bundle, briefing) : null), [bundle, briefing]);
  const frames = useMemo(() => (bundle ? defaultFrames(bundle, briefing.frames) : []), [bundle, briefing.frames]);
  const matrixRows = useMemo(() => (bundle ? deploymentMatrix(bundle).length : 0), [bundle]);

  const save = useCallback(
    (patch: Partial<Briefing>, label: string) => {
      void session.run('operation.update', { changes: { briefing: { ...briefing, ...patch } }, label });
    },
    [session, briefing],
  );
  const setFrame = (key: string, change: Partial<FrameOverride>, label: string) => {
    const existing = briefing.frames.find((f) => f.key === key) ?? { key, include: true, padding: 0.08 };
    save({ frames: [...briefing.frames.filter((f) => f.key !== key), { ...existing, ...change }] }, label);
  };

  const exportPdf = async () => {
    if (!bundle) return;
    setExporting('PDF');
    const r = await platform.printPdf({
      operationId: bundle.operation.id,
      copy: copy || null,
      defaultName: `${fileBase(bundle.operation.name)}-briefing-v${briefing.version}${copy ? `-copy${copy}` : ''}.pdf`,
    });
    setExporting(null);
    if (!r.ok) report(r.error);
    else if (r.value) inform(platform.kind === 'web' ? 'The print view opened in a new tab: choose "Save as PDF" there.' : `Saved ${r.value.path}`);
  };

  if (!bundle) return <div className="brief-workspace muted">Loading the operation…</div>;
  const op = bundle.operation;

  return (
    <div className="brief-workspace" data-testid="brief-workspace">
      <div className="brief-head row">
        <TextField label="Version" value={briefing.version} testId="brief-version" onCommit={(v) => save({ version: v.trim() || '1.0' }, 'Edit briefing version')} />
        <SelectField label="H in IIMARCH reads" value={briefing.hLabel} options={Object.entries(H_LABELS).map(([value, label]) => ({ value: value as Briefing['hLabel'], label }))} onChange={(v) => save({ hLabel: v }, 'Change H label')} />
        <SelectField label="Paper" value={briefing.paper} options={Object.entries(PAPER_SIZES).map(([value, label]) => ({ value: value as Briefing['paper'], label }))} onChange={(v) => save({ paper: v }, 'Change paper size')} />
        <div className="field">
          <span className="label">Protective marking</span>
          <strong data-testid="brief-marking">{op.marking}</strong>
          {markingText(op).caveat && <span className="muted">{markingText(op).caveat}</span>}
        </div>
      </div>
      <div className="tabs" role="tablist">
        {(Object.keys(TABS) as Tab[]).map((t) => (
          <button key={t} role="tab" aria-selected={tab === t} data-testid={`brief-tab-${t}`} onClick={() => setTab(t)}>
            {TABS[t]}
          </button>
        ))}
      </div>
      <div className="brief-body">
        {tab === 'order' && (
          <div className="brief-order">
            <nav className="brief-sections" aria-label="IIMARCH sections">
              {SECTION_KEYS.map((k, i) => (
                <button key={k} className="btn" aria-pressed={section === k} data-testid={`brief-section-${k}`} onClick={() => setSection(k)}>
                  {i + 1}. {sectionTitle(k, briefing.hLabel)} <span className="muted">({briefing.sections[k].length})</span>
                </button>
              ))}
            </nav>
            <div>
              <h2>{sectionTitle(section, briefing.hLabel)}</h2>
              <BlockEditor key={section} testId="brief-blocks" blocks={briefing.sections[section]} onChange={(blocks, label) => save({ sections: { ...briefing.sections, [section]: blocks } }, `${label} (${sectionTitle(section, briefing.hLabel)})`)} />
            </div>
          </div>
        )}

        {tab === 'risks' && (
          <div>
            <table className="grid" data-testid="brief-risks">
              <thead>
                <tr>
                  <th>Hazard</th>
                  <th>Likelihood</th>
                  <th>Impact</th>
                  <th>Controls</th>
                  <th>Owner</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {briefing.risks.map((r, i) => {
                  const set = (c: Partial<typeof r>, label: string) => save({ risks: briefing.risks.map((x) => (x.id === r.id ? { ...x, ...c } : x)) }, label);
                  return (
                    <tr key={r.id}>
                      <td>
                        <TextField label="Hazard" value={r.hazard} testId={`risk-hazard-${i}`} onCommit={(v) => set({ hazard: v }, 'Edit risk')} />
                      </td>
                      <td>
                        <SelectField label="Likelihood" value={r.likelihood} options={RISK_LEVELS.map((l) => ({ value: l, label: l }))} onChange={(v) => set({ likelihood: v }, 'Edit risk')} />
                      </td>
                      <td>
                        <SelectField label="Impact" value={r.impact} options={RISK_LEVELS.map((l) => ({ value: l, label: l }))} onChange={(v) => set({ impact: v }, 'Edit risk')} />
                      </td>
                      <td>
                        <TextField label="Controls" multiline value={r.controls} onCommit={(v) => set({ controls: v }, 'Edit risk')} />
                      </td>
                      <td>
                        <TextField label="Owner" value={r.owner} onCommit={(v) => set({ owner: v }, 'Edit risk')} />
                      </td>
                      <td>
                        <button className="btn danger" onClick={() => save({ risks: briefing.risks.filter((x) => x.id !== r.id) }, 'Remove risk')} aria-label={`Remove risk ${r.hazard}`}>
                          Remove
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <button className="btn" data-testid="add-risk" onClick={() => save({ risks: [...briefing.risks, { id: newId(), hazard: 'New hazard', likelihood: 'medium', impact: 'medium', controls: '', owner: '' }] }, 'Add risk')}>
              + Risk
            </button>
          </div>
        )}

        {tab === 'distribution' && (
          <div>
            <table className="grid" data-testid="brief-distribution">
              <thead>
                <tr>
                  <th>Copy</th>
                  <th>Recipient</th>
                  <th>Role</th>
                  <th>Return by</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {briefing.distribution.map((d, i) => {
                  const set = (c: Partial<typeof d>) => save({ distribution: briefing.distribution.map((x) => (x.id === d.id ? { ...x, ...c } : x)) }, 'Edit distribution');
                  return (
                    <tr key={d.id}>
                      <td>{d.copy}</td>
                      <td>
                        <TextField label="Recipient" value={d.recipient} testId={`dist-recipient-${i}`} onCommit={(v) => set({ recipient: v })} />
                      </td>
                      <td>
                        <TextField label="Role" value={d.role} onCommit={(v) => set({ role: v })} />
                      </td>
                      <td>
                        <TextField label="Return by (yyyy-mm-dd)" value={d.returnBy} onCommit={(v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) || v === '' ? set({ returnBy: v }) : report('Return by must be a date like 2026-06-20, or empty.'))} />
                      </td>
                      <td>
                        <button className="btn danger" onClick={() => save({ distribution: briefing.distribution.filter((x) => x.id !== d.id) }, 'Remove copy')} aria-label={`Remove copy ${d.copy}`}>
                          Remove
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <button
              className="btn"
              data-testid="add-recipient"
              onClick={() => save({ distribution: [...briefing.distribution, { id: newId(), copy: Math.max(0, ...briefing.distribution.map((d) => d.copy)) + 1, recipient: 'New recipient', role: '', returnBy: '' }] }, 'Add copy')}
            >
              + Copy
            </button>
          </div>
        )}

        {tab === 'command' && chart && (
          <div>
            <div className="row">
              <TextField label="Gold" value={briefing.gold.name} testId="gold-name" onCommit={(v) => save({ gold: { ...briefing.gold, name: v } }, 'Edit Gold')} />
              <TextField label="Gold call sign" value={briefing.gold.callSign} onCommit={(v) => save({ gold: { ...briefing.gold, callSign: v } }, 'Edit Gold')} />
            </div>
            <div className="row">
              <TextField label="Silver" value={briefing.silver.name} testId="silver-name" onCommit={(v) => save({ silver: { ...briefing.silver, name: v } }, 'Edit Silver')} />
              <TextField label="Silver call sign" value={briefing.silver.callSign} onCommit={(v) => save({ silver: { ...briefing.silver, callSign: v } }, 'Edit Silver')} />
            </div>
            <table className="grid" data-testid="brief-bronzes">
              <thead>
                <tr>
                  <th>Bronze (from the plan)</th>
                  <th>Call sign</th>
                  <th>Sectors</th>
                  <th>Units · people</th>
                </tr>
              </thead>
              <tbody>
                {chart.bronzes.map((b) => (
                  <tr key={b.name}>
                    <td>{b.name}</td>
                    <td>
                      <TextField label={`${b.name} call sign`} value={b.callSign} onCommit={(v) => save({ bronzeCallSigns: { ...briefing.bronzeCallSigns, [b.name]: v } }, `Edit ${b.name} call sign`)} />
                    </td>
                    <td>{b.sectors.join(', ')}</td>
                    <td>
                      {b.units.length} · {describeHeadcount(b.headcount)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted">The deployment matrix has {matrixRows} rows, generated from the plan's assignments.</p>
          </div>
        )}

        {tab === 'maps' && (
          <div>
            <p className="muted">Maps are drawn from the plan. Leave a map out, widen its margin, or zoom its extent; "Reset" returns to the plan's extent.</p>
            <table className="grid" data-testid="brief-frames">
              <thead>
                <tr>
                  <th>Print</th>
                  <th>Map</th>
                  <th>Margin</th>
                  <th>Extent</th>
                </tr>
              </thead>
              <tbody>
                {frames.map((f) => (
                  <tr key={f.key}>
                    <td>
                      <input type="checkbox" aria-label={`Print ${f.title}`} checked={f.include} onChange={(e) => setFrame(f.key, { include: e.target.checked }, `${e.target.checked ? 'Include' : 'Leave out'} map ${f.title}`)} />
                    </td>
                    <td>{f.title}</td>
                    <td>
                      <select aria-label={`Margin of ${f.title}`} value={String(f.padding)} onChange={(e) => setFrame(f.key, { padding: Number(e.target.value) }, `Margin of map ${f.title}`)}>
                        {[0, 0.04, 0.08, 0.15, 0.3, 0.6].map((p) => (
                          <option key={p} value={String(p)}>
                            {Math.round(p * 100)}%
                          </option>
                        ))}
                      </select>
                    </td>
                    <td className="row">
                      <button className="btn" onClick={() => setFrame(f.key, { bounds: zoomBounds(f.bounds, 0.8) }, `Zoom in map ${f.title}`)}>
                        Zoom in
                      </button>
                      <button className="btn" onClick={() => setFrame(f.key, { bounds: zoomBounds(f.bounds, 1.25) }, `Zoom out map ${f.title}`)}>
                        Zoom out
                      </button>
                      <button className="btn" onClick={() => save({ frames: briefing.frames.filter((x) => x.key !== f.key) }, `Reset map ${f.title}`)}>
                        Reset
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}

        {tab === 'export' && (
          <div className="brief-export">
            <h2>Briefing pack (PDF)</h2>
            <SelectField
              label="Copy number"
              value={String(copy)}
              options={[{ value: '0', label: 'Uncontrolled copy' }, ...briefing.distribution.map((d) => ({ value: String(d.copy), label: `Copy ${d.copy}: ${d.recipient}` }))]}
              onChange={(v) => setCopy(Number(v))}
            />
            <button className="btn primary" data-testid="export-pdf" disabled={exporting !== null} onClick={() => void exportPdf()}>
              {exporting === 'PDF' ? 'Making the pack…' : 'Export briefing pack (PDF)'}
            </button>
            <p className="muted">{frames.filter((f) => f.include).length} maps at 216 dpi; the marking ({op.marking}) and "Page n of N" on every page.</p>
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
        )}
      </div>
    </div>
  );
}
