/**
 * The operations on this workstation by id and name, for the Decisions workspace: the logs are kept on the command
 * server by the operation's id, which no commander knows by heart, so the picker offers names and the heading shows
 * the name rather than the id.
 */
import { useEffect, useState } from 'react';
import { listOperations, type CordonDb } from '../../data';
import type { ProtectiveMarking } from '../../../shared/domain';

export interface OperationName {
  id: string;
  name: string;
  /** The operation's protective marking: the log of a decision is marked as its operation is. */
  marking: ProtectiveMarking;
}

/** `readAgain`: read the list again each time it turns true (e.g. a dialog opening), as operations come and go. */
export function useOperationNames(db: CordonDb, readAgain = true): OperationName[] {
  const [names, setNames] = useState<OperationName[]>([]);
  useEffect(() => {
    if (!readAgain) return;
    let live = true;
    listOperations(db, { includeArchived: true }).then(
      (ops) => live && setNames(ops.map((o) => ({ id: o.id, name: o.name, marking: o.marking }))),
      () => live && setNames([]),
    );
    return () => {
      live = false;
    };
  }, [db, readAgain]);
  return names;
}
