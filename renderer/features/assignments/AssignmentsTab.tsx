/**
 * Assign units to posts, sectors, cordon access points or route segments for a phase and time window, with posture
 * and the Bronze they report to; totals per phase and per sector.
 */
import { useMemo, useState } from 'react';
import { ASSIGNMENT_TARGETS, POSTURES, UNIT_TYPES, newId, type AssignmentTargetKind, type OperationBundle, type Posture } from '../../../shared/domain';
import { bronzeOfAssignment, buildPlanIndex, describeBronze, totalsByPhase, totalsBySector } from '../../../shared/validation';
import { Section, SelectField, formatTime } from '../../app/fields';
import type { PlanSession } from '../../app/session';
import { targetOptions, describeTarget } from './targets';
import { TotalsTable } from './TotalsTable';
import { AssignmentDialog } from './AssignmentDialog';

export function AssignmentsTab({
  bundle,
  session,
  phaseId,
  selectedFeatureId,
}: {
  bundle: OperationBundle;
  session: PlanSession;
  phaseId: string | null;
  selectedFeatureId: string | null;
}) {
  const phases = [...bundle.phases].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const [unitId, setUnitId] = useState('');
  const [formPhase, setFormPhase] = useState(phaseId ?? phases[0]?.id ?? '');
  const [targetKind, setTargetKind] = useState<AssignmentTargetKind>('post');
  const [target, setTarget] = useState(selectedFeatureId ?? '');
  const [posture, setPosture] = useState<Posture>('deployed');
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const editingAssignment = bundle.assignments.find((a) => a.id === editing);
  const options = targetOptions(bundle, targetKind);
  const phase = phases.find((p) => p.id === (formPhase || phases[0]?.id));

  const add = async () => {
    const unit = bundle.units.find((u) => u.id === unitId) ?? bundle.units[0];
    const chosen = options.find((o) => o.value === target) ?? options[0];
    if (!unit) return setError('Add units to the roster first.');
    if (!phase) return setError('Add a phase first (Phases tab).');
    if (!chosen) return setError(`This plan has no ${ASSIGNMENT_TARGETS[targetKind].toLowerCase()} yet: draw one first.`);
    setError(null);
    // No Bronze of its own: the unit reports to its post's (or the post's sector's) Bronze, and follows it if that changes.
    await session.run('assignment.add', { id: newId(), unitId: unit.id, phaseId: phase.id, target: chosen.target, posture, bronze: '' });
  };
  const ix = useMemo(() => buildPlanIndex(bundle), [bundle]);
  const shownPhase = phaseId ? bundle.phases.find((p) => p.id === phaseId) : undefined;

  const shown = bundle.assignments.filter((a) => !phaseId || a.phaseId === phaseId);
  const unitName = (id: string) => bundle.units.find((u) => u.id === id)?.callSign ?? '(removed unit)';
  const phaseName = (id: string) => bundle.phases.find((p) => p.id === id)?.name ?? '(removed phase)';
  return (
    <>
      <Section title="Assign a unit">
        <SelectField
          label="Unit"
          value={unitId || bundle.units[0]?.id || ''}
          testId="assign-unit"
          options={bundle.units.map((u) => ({ value: u.id, label: `${u.callSign} (${UNIT_TYPES[u.type]})` }))}
          onChange={setUnitId}
        />
        <SelectField
          label="Phase"
          value={phase?.id ?? ''}
          testId="assign-phase"
          options={phases.map((p) => ({ value: p.id, label: p.name }))}
          onChange={setFormPhase}
        />
        <div className="row">
          <SelectField
            label="To a"
            value={targetKind}
            testId="assign-target-kind"
            options={(Object.keys(ASSIGNMENT_TARGETS) as AssignmentTargetKind[]).map((k) => ({ value: k, label: ASSIGNMENT_TARGETS[k] }))}
            onChange={(k) => {
              setTargetKind(k);
              setTarget('');
            }}
          />
          <SelectField label="Posture" value={posture} testId="assign-posture" options={POSTURES.map((p) => ({ value: p, label: p }))} onChange={setPosture} />
        </div>
        <SelectField
          label={ASSIGNMENT_TARGETS[targetKind]}
          value={target || options[0]?.value || ''}
          testId="assign-target"
          options={options.map((o) => ({ value: o.value, label: o.label }))}
          onChange={setTarget}
        />
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <button className="btn primary" onClick={() => void add()} data-testid="add-assignment">
          Assign
        </button>
        {phase && (
          <p className="muted" style={{ fontSize: 12 }}>
            Window: the whole phase ({formatTime(phase.startsAt)} – {formatTime(phase.endsAt)}); click an assignment below to change its window, posture or
            Bronze.
          </p>
        )}
      </Section>
      <Section title={`Assignments ${phaseId ? 'in this phase' : ''} (${shown.length})`}>
        <table className="grid" data-testid="assignment-table">
          <thead>
            <tr>
              <th>Unit</th>
              <th>Phase</th>
              <th>Where</th>
              <th>Posture</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, 300).map((a) => (
              <tr key={a.id}>
                <td>{unitName(a.unitId)}</td>
                <td>{phaseName(a.phaseId)}</td>
                <td>
                  <button
                    className="btn"
                    style={{ textAlign: 'left' }}
                    onClick={() => setEditing(a.id)}
                    aria-label={`Edit assignment of ${unitName(a.unitId)} to ${describeTarget(bundle, a)}`}
                  >
                    {describeTarget(bundle, a)}
                  </button>
                  <div className="muted" data-testid="assignment-bronze">
                    {formatTime(a.startsAt)} – {formatTime(a.endsAt)} · {describeBronze(bronzeOfAssignment(ix, a))}
                  </div>
                </td>
                <td>
                  <select
                    aria-label={`Posture of ${unitName(a.unitId)}`}
                    value={a.posture}
                    onChange={(e) => void session.run('assignment.update', { id: a.id, changes: { posture: e.target.value as Posture } })}
                  >
                    {POSTURES.map((p) => (
                      <option key={p}>{p}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <button
                    className="btn"
                    aria-label={`Remove assignment of ${unitName(a.unitId)}`}
                    onClick={() => void session.run('assignment.delete', { ids: [a.id] })}
                  >
                    ✕
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      {editingAssignment && <AssignmentDialog assignment={editingAssignment} bundle={bundle} session={session} onClose={() => setEditing(null)} />}
      <Section title="Totals per phase">
        <TotalsTable rows={totalsByPhase(bundle)} testId="totals-by-phase" />
      </Section>
      <Section title={`Totals per sector ${shownPhase ? `in ${shownPhase.name}` : '(all phases)'}`}>
        <TotalsTable rows={totalsBySector(bundle, shownPhase?.id ?? null)} testId="totals-by-sector" />
      </Section>
    </>
  );
}
