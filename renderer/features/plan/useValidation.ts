/**
 * Plan validation off the edit path: it runs once the planner pauses (a short debounce), so a burst of edits costs
 * one validation, and saving an edit never waits for it.
 */
import { useEffect, useState } from 'react';
import type { OperationBundle } from '../../../shared/domain';
import { validatePlan, type PlanWarning } from '../../../shared/validation';

const SETTLE_MS = 250;

export function useValidation(bundle: OperationBundle | null): readonly PlanWarning[] {
  const [warnings, setWarnings] = useState<readonly PlanWarning[]>([]);
  useEffect(() => {
    if (!bundle) return setWarnings([]);
    const t = setTimeout(() => setWarnings(validatePlan(bundle)), SETTLE_MS);
    return () => clearTimeout(t);
  }, [bundle]);
  return warnings;
}
