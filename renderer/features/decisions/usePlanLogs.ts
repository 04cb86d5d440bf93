/**
 * The logs the operation's plan names, when the plan is on this workstation (a loggist's machine may have only the
 * logs, in which case Gold and Silver are offered and other Bronzes are added by name).
 */
import { useEffect, useState } from 'react';
import { planLogs, type PlanLog } from '../../../shared/decisionLog/planLogs';
import { loadBundle, type CordonDb } from '../../data';

export function usePlanLogs(db: CordonDb, operationId: string): { logs: PlanLog[]; planHere: boolean } {
  const [state, setState] = useState<{ logs: PlanLog[]; planHere: boolean }>(() => ({ logs: planLogs(null), planHere: false }));
  useEffect(() => {
    let live = true;
    loadBundle(db, operationId).then(
      (b) => live && setState({ logs: planLogs(b), planHere: b !== null }),
      () => live && setState({ logs: planLogs(null), planHere: false }),
    );
    return () => {
      live = false;
    };
  }, [db, operationId]);
  return state;
}
