/**
 * Whole-operation actions for the operations list. They run through the same command registry as plan edits (so
 * they are recorded as revisions), except permanent deletion, which purges the operation and its history.
 */
import { newId } from '../../shared/domain';
import type { Result } from '../../shared/util/result';
import { createEditor, deleteOperation, type CordonDb } from '../data';
import type { NewOperationInput } from '../features/operations/NewOperationDialog';

const STANDARD_PHASES = ['Build-up', 'Assembly', 'Procession', 'Dispersal', 'Stand-down'];

/** The usual phases, spread evenly over the operation's window. */
export function standardPhases(startsAt: string, endsAt: string) {
  const start = Date.parse(startsAt);
  const step = (Date.parse(endsAt) - start) / STANDARD_PHASES.length;
  return STANDARD_PHASES.map((name, i) => ({
    id: newId(),
    name,
    startsAt: new Date(start + Math.round(i * step)).toISOString(),
    endsAt: new Date(start + Math.round((i + 1) * step)).toISOString(),
  }));
}

export async function createOperation(db: CordonDb, input: NewOperationInput): Promise<Result<string>> {
  const id = newId();
  const { standardPhases: withPhases, ...rest } = input;
  const r = await createEditor(db, id).run('operation.create', {
    id,
    ...rest,
    status: 'draft',
    phases: withPhases ? standardPhases(input.startsAt, input.endsAt) : [],
    label: `Create ${input.name}`,
  });
  return r.ok ? { ok: true, value: id } : r;
}

export async function duplicateAsTemplate(db: CordonDb, operationId: string): Promise<Result<string>> {
  const r = await createEditor(db, operationId).run('operation.duplicateAsTemplate', {});
  return r.ok ? { ok: true, value: r.value.operationId } : r;
}

export async function setArchived(db: CordonDb, operationId: string, archived: boolean): Promise<Result<unknown>> {
  return createEditor(db, operationId).run('operation.archive', { archived });
}

export async function deleteOperationPermanently(db: CordonDb, operationId: string): Promise<Result<unknown>> {
  return deleteOperation(db, operationId);
}
