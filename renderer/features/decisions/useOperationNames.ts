/**
 * The operations on this workstation by id and name, for the Decisions workspace: the logs are kept on the command
 * server by the operation's id, which no commander knows by heart, so the picker offers names and the heading shows
 * the name rather than the id.
 */
import { useEffect, useState } from 'react';
import { listOperations, type CordonDb } from '../../data';

export interface OperationName {
  id: string;
  name: string;
}

export function useOperationNames(db: CordonDb): OperationName[] {
  const [names, setNames] = useState<OperationName[]>([]);
  useEffect(() => {
    let live = true;
    listOperations(db, { includeArchived: true }).then(
      (ops) => live && setNames(ops.map((o) => ({ id: o.id, name: o.name }))),
      () => live && setNames([]),
    );
    return () => {
      live = false;
    };
  }, [db]);
  return names;
}
