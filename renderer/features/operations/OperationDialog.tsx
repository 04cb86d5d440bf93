/** The open operation's own details: name, type, status, protective marking, dates, Gold strategy, Silver's plan, cordon crossing. */
import { OPERATION_STATUSES, OPERATION_TYPES, type Operation } from '../../../shared/domain';
import { SelectField, TextField, isoToLocalInput, localInputToIso, optionsOf } from '../../app/fields';
import type { PlanSession } from '../../app/session';
import { Dialog } from '../../app/ui';
import { CordonCrossingEditor } from './CordonCrossingEditor';
import { MarkingFields } from './MarkingFields';

/**
 * "Approved" is not a status a planner can pick: approval is recorded on the server against a published version. A
 * status already "approved" (older files) stays shown so that it can be changed.
 */
const statusOptions = (current: Operation['status']) =>
  OPERATION_STATUSES.filter((s) => s !== 'approved' || current === 'approved').map((s) => ({ value: s, label: s }));

export function OperationDialog({ operation: op, session, onClose }: { operation: Operation; session: PlanSession; onClose: () => void }) {
  const update = (changes: Partial<Operation>, label: string) => void session.run('operation.update', { changes, label });
  return (
    <Dialog title="Operation details" onClose={onClose}>
      <TextField label="Name" value={op.name} testId="op-name" onCommit={(name) => name.trim() && update({ name: name.trim() }, 'Rename operation')} />
      <div className="row">
        <SelectField label="Type" value={op.type} options={optionsOf(OPERATION_TYPES)} onChange={(type) => update({ type }, 'Set operation type')} />
        <SelectField
          label="Status"
          value={op.status}
          testId="op-status"
          options={statusOptions(op.status)}
          onChange={(status) => update({ status }, `Mark operation ${status}`)}
        />
      </div>
      <p className="muted" style={{ marginTop: 0 }} data-testid="op-approval-hint">
        Approval is given by a commander on a published version: Publish version in the Plan, approve in its History tab or in Live.
      </p>
      <MarkingFields operation={op} session={session} />
      <div className="row">
        <TextField
          label="Starts"
          type="datetime-local"
          value={isoToLocalInput(op.startsAt)}
          onCommit={(v) => {
            const iso = localInputToIso(v);
            if (iso && iso < op.endsAt) update({ startsAt: iso }, 'Set operation start');
          }}
        />
        <TextField
          label="Ends"
          type="datetime-local"
          value={isoToLocalInput(op.endsAt)}
          onCommit={(v) => {
            const iso = localInputToIso(v);
            if (iso && iso > op.startsAt) update({ endsAt: iso }, 'Set operation end');
          }}
        />
      </div>
      <TextField
        label="Gold strategy and objectives"
        multiline
        value={op.goldStrategy}
        onCommit={(goldStrategy) => update({ goldStrategy }, 'Edit Gold strategy')}
      />
      <TextField label="Silver's tactical plan" multiline value={op.silverPlan} onCommit={(silverPlan) => update({ silverPlan }, "Edit Silver's plan")} />
      <CordonCrossingEditor operation={op} session={session} />
    </Dialog>
  );
}
