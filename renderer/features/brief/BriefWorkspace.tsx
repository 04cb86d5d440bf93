/**
 * The Brief workspace: the commander writes the order (IIMARCH, in blocks), keeps the risk register and distribution
 * list, names Gold, Silver and the Bronzes' call signs, adjusts the map frames, and exports the briefing pack (PDF)
 * and data packages (GeoJSON, KML, .cordon, TAK). Every edit is one `operation.update` command: saved at once and
 * undoable like any other edit. The generated tables (deployment matrix etc.) come from the plan, never retyped.
 * Each tab is its own file under tabs/; this file holds the header fields, the tab strip and what the tabs share.
 */
import { useCallback, useMemo, useState } from 'react';
import { markingText } from '../../../shared/brief/marking';
import { defaultFrames } from '../../../shared/brief/frames';
import { H_LABELS, PAPER_SIZES, readBriefing, type Briefing, type SectionKey } from '../../../shared/brief/schema';
import { commandChart, deploymentMatrix } from '../../../shared/brief/tables';
import type { Operation } from '../../../shared/domain';
import type { PlanSession } from '../../app/session';
import { SelectField, TextField } from '../../app/fields';
import { OrderTab } from './tabs/OrderTab';
import { RisksTab } from './tabs/RisksTab';
import { DistributionTab } from './tabs/DistributionTab';
import { CommandTab } from './tabs/CommandTab';
import { MapsTab } from './tabs/MapsTab';
import { ExportTab } from './tabs/ExportTab';
import type { BriefingChange } from './tabs/types';
import './pack.css';

interface Props {
  session: PlanSession;
  report: (error: string) => void;
  inform: (text: string) => void;
}

const TABS = { order: 'Order', risks: 'Risks', distribution: 'Distribution', command: 'Command', maps: 'Maps', export: 'Export' } as const;
type Tab = keyof typeof TABS;

export function BriefWorkspace({ session, report, inform }: Props) {
  const { bundle } = session;
  const [tab, setTab] = useState<Tab>('order');
  const [section, setSection] = useState<SectionKey>('information');
  const briefing = useMemo(() => readBriefing(bundle?.operation.briefing), [bundle]);
  const chart = useMemo(() => (bundle ? commandChart(bundle, briefing) : null), [bundle, briefing]);
  const frames = useMemo(() => (bundle ? defaultFrames(bundle, briefing.frames) : []), [bundle, briefing.frames]);
  const matrixRows = useMemo(() => (bundle ? deploymentMatrix(bundle).length : 0), [bundle]);

  const save = useCallback(
    (change: BriefingChange, label: string) => {
      // Worked out from the stored operation when the edit runs, never from this render's copy (see BriefingChange).
      const edit = (stored: Operation) => {
        const current = readBriefing(stored.briefing);
        return { briefing: { ...current, ...(typeof change === 'function' ? change(current) : change) } };
      };
      void session.run('operation.update', { changes: {}, edit, label });
    },
    [session],
  );

  if (!bundle) return <div className="brief-workspace muted">Loading the operation…</div>;
  const op = bundle.operation;

  return (
    <div className="brief-workspace" data-testid="brief-workspace">
      <div className="brief-head row">
        <TextField
          label="Version"
          value={briefing.version}
          testId="brief-version"
          onCommit={(v) => save({ version: v.trim() || '1.0' }, 'Edit briefing version')}
        />
        <SelectField
          label="H in IIMARCH reads"
          value={briefing.hLabel}
          options={Object.entries(H_LABELS).map(([value, label]) => ({ value: value as Briefing['hLabel'], label }))}
          onChange={(v) => save({ hLabel: v }, 'Change H label')}
        />
        <SelectField
          label="Paper"
          value={briefing.paper}
          options={Object.entries(PAPER_SIZES).map(([value, label]) => ({ value: value as Briefing['paper'], label }))}
          onChange={(v) => save({ paper: v }, 'Change paper size')}
        />
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
        {tab === 'order' && <OrderTab briefing={briefing} save={save} section={section} onSection={setSection} />}
        {tab === 'risks' && <RisksTab briefing={briefing} save={save} />}
        {tab === 'distribution' && <DistributionTab briefing={briefing} save={save} report={report} />}
        {tab === 'command' && chart && <CommandTab briefing={briefing} save={save} chart={chart} matrixRows={matrixRows} />}
        {tab === 'maps' && <MapsTab save={save} frames={frames} />}
        {tab === 'export' && <ExportTab op={op} briefing={briefing} frames={frames} report={report} inform={inform} />}
      </div>
    </div>
  );
}
