/** Edit one assignment: its time window, posture, the Bronze the unit reports to, and for routes the segment. */
import { POSTURES, type Assignment, type OperationBundle } from '../../../shared/domain';
import { lengthM } from '../../../shared/geo';
import { SelectField, TextField, isoToLocalInput, localInputToIso } from '../../app/fields';
import type { PlanSession } from '../../app/session';
import { Dialog } from '../../app/ui';
import { describeTarget } from './targets';
import { bronzeOfTarget, buildPlanIndex, describeBronze } from '../../../shared/validation';

export function AssignmentDialog({
  assignment: a,
  bundle,
  session,
  onClose,
}: {
  assignment: Assignment;
  bundle: OperationBundle;
  session: PlanSession;
  onClose: () => void;
}) {
  const unit = bundle.units.find((u) => u.id === a.unitId);
  const route = a.target.kind === 'routeSegment' ? bundle.features.find((f) => f.id === a.target.featureId) : undefined;
  const routeLength = route?.geometry.type === 'LineString' ? Math.round(lengthM(route.geometry)) : 0;
  // With no Bronze of its own the unit reports to its post's, or the sector's the post stands in: shown as the hint.
  const inherited = bronzeOfTarget(buildPlanIndex(bundle), a.target);
  const update = (changes: Partial<Assignment>, label: string) => void session.run('assignment.update', { id: a.id, changes, label });
  return (
    <Dialog title={`${unit?.callSign ?? 'Unit'} at ${describeTarget(bundle, a)}`} onClose={onClose}>
      <div className="row">
        <TextField
          label="From"
          type="datetime-local"
          testId="assignment-start"
          value={isoToLocalInput(a.startsAt)}
          onCommit={(v) => {
            const iso = localInputToIso(v);
            if (iso && iso < a.endsAt) update({ startsAt: iso }, 'Change assignment window');
          }}
        />
        <TextField
          label="Until"
          type="datetime-local"
          testId="assignment-end"
          value={isoToLocalInput(a.endsAt)}
          onCommit={(v) => {
            const iso = localInputToIso(v);
            if (iso && iso > a.startsAt) update({ endsAt: iso }, 'Change assignment window');
          }}
        />
      </div>
      <div className="row">
        <SelectField
          label="Posture"
          value={a.posture}
          options={POSTURES.map((p) => ({ value: p, label: p }))}
          onChange={(posture) => update({ posture }, 'Change posture')}
        />
        <TextField
          label="Reports to (Bronze)"
          value={a.bronze}
          placeholder={inherited.from === 'none' ? 'no Bronze' : describeBronze(inherited)}
          onCommit={(bronze) => update({ bronze: bronze.trim() }, 'Change Bronze')}
        />
      </div>
      {route && (
        <div className="row">
          <TextField
            label={`Segment from (m, route is ${routeLength} m)`}
            type="number"
            min={0}
            value={String(a.target.fromM ?? 0)}
            onCommit={(v) => update({ target: { ...a.target, fromM: Math.max(0, Number(v) || 0) } }, 'Change route segment')}
          />
          <TextField
            label="to (m)"
            type="number"
            min={0}
            value={String(a.target.toM ?? routeLength)}
            onCommit={(v) => update({ target: { ...a.target, toM: Math.min(routeLength, Math.max(0, Number(v) || 0)) } }, 'Change route segment')}
          />
        </div>
      )}
    </Dialog>
  );
}
