/**
 * The protective marking of the open operation: marking, OFFICIAL-SENSITIVE descriptor and handling instructions.
 * Lowering the marking asks first, with a reason that goes into the operation's history (see 'operation.update').
 */
import { useId, useState } from 'react';
import { MARKING_DESCRIPTORS, PROTECTIVE_MARKINGS, isLowering, type Operation, type ProtectiveMarking } from '../../../shared/domain';
import { SelectField, TextField } from '../../app/fields';
import type { PlanSession } from '../../app/session';
import { Dialog } from '../../app/ui';

export function MarkingFields({ operation: op, session }: { operation: Operation; session: PlanSession }) {
  const [lowering, setLowering] = useState<ProtectiveMarking | null>(null);
  const listId = useId();
  const update = (changes: Partial<Operation>, label: string) => void session.run('operation.update', { changes, label });
  const choose = (marking: ProtectiveMarking) => {
    if (marking === op.marking) return;
    if (isLowering(op.marking, marking)) setLowering(marking);
    else update({ marking }, `Raise protective marking from ${op.marking} to ${marking}`);
  };
  return (
    <>
      <div className="row">
        <SelectField
          label="Protective marking"
          value={op.marking}
          testId="op-marking"
          options={PROTECTIVE_MARKINGS.map((m) => ({ value: m, label: m }))}
          onChange={choose}
        />
        {op.marking === 'OFFICIAL-SENSITIVE' && (
          <TextField
            label="Descriptor (optional)"
            value={op.markingDescriptor ?? ''}
            testId="op-marking-descriptor"
            placeholder="e.g. PERSONAL"
            list={listId}
            onCommit={(v) => update({ markingDescriptor: v.trim().toUpperCase() }, 'Set marking descriptor')}
          />
        )}
      </div>
      <datalist id={listId}>
        {MARKING_DESCRIPTORS.map((d) => (
          <option key={d} value={d} />
        ))}
      </datalist>
      <TextField
        label="Handling instructions (printed under the marking)"
        value={op.handlingInstructions ?? ''}
        testId="op-handling"
        placeholder="e.g. Not to be shared outside the command team"
        onCommit={(v) => update({ handlingInstructions: v.trim() }, 'Set handling instructions')}
      />
      <p className="muted" style={{ fontSize: 12 }}>
        Cordon holds OFFICIAL and OFFICIAL-SENSITIVE material only; SECRET and TOP SECRET plans belong on an accredited system.
      </p>
      {lowering && <LowerMarkingDialog from={op.marking} to={lowering} session={session} onClose={() => setLowering(null)} />}
    </>
  );
}

function LowerMarkingDialog({ from, to, session, onClose }: { from: ProtectiveMarking; to: ProtectiveMarking; session: PlanSession; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const id = useId();
  const confirm = async () => {
    if (await session.run('operation.update', { changes: { marking: to }, lowerMarking: { reason } })) onClose();
  };
  return (
    <Dialog
      title="Lower the protective marking?"
      onClose={onClose}
      actions={
        <>
          <button className="btn" onClick={onClose} data-testid="keep-marking">
            Keep {from}
          </button>
          <button className="btn danger" onClick={() => void confirm()} disabled={!reason.trim()} data-testid="confirm-lower-marking">
            Lower to {to}
          </button>
        </>
      }
    >
      <p>
        Everything in this operation, and every pack and file exported from now on, will be marked <strong>{to}</strong> instead of <strong>{from}</strong>.
        Only lower a marking when the sensitive material has gone or its owner agrees. The change and your reason are kept in the operation&apos;s history.
      </p>
      <div className="field">
        <label htmlFor={id}>Reason</label>
        <input
          id={id}
          data-testid="lower-marking-reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="e.g. Personal data removed from the annexes"
        />
      </div>
    </Dialog>
  );
}
