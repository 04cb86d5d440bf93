/**
 * The open operation as the UI sees it: the whole bundle (kept current by a live query on IndexedDB), and `run`,
 * which sends every edit through the one command registry so it is saved at once, undoable and recorded as a revision.
 * A failed save comes back as a message; the bundle then still shows what is safely stored.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { OperationBundle } from '../../shared/domain';
import { createEditor, observeOperation, type CordonDb, type CommandName, type CommandArgs } from '../data';

export interface PlanSession {
  bundle: OperationBundle | null;
  run: <N extends CommandName>(name: N, args: CommandArgs[N]) => Promise<boolean>;
  undo: () => Promise<void>;
  redo: () => Promise<void>;
  canUndo: boolean;
  canRedo: boolean;
}

export function usePlanSession(db: CordonDb, operationId: string | null, report: (error: string) => void): PlanSession {
  const [bundle, setBundle] = useState<OperationBundle | null>(null);
  const [, setVersion] = useState(0);
  const editor = useMemo(() => (operationId ? createEditor(db, operationId) : null), [db, operationId]);

  useEffect(() => {
    setBundle(null);
    if (!operationId) return;
    return observeOperation(db, operationId, (b) => {
      if (b && performance.getEntriesByName('cordon:bundle-loaded').length === 0) performance.mark('cordon:bundle-loaded');
      setBundle(b);
    });
  }, [db, operationId]);

  const after = useCallback(
    (result: { ok: true; value: unknown } | { ok: false; error: string }) => {
      setVersion((v) => v + 1);
      if (!result.ok) report(result.error);
      return result.ok;
    },
    [report],
  );

  const run = useCallback(
    async <N extends CommandName>(name: N, args: CommandArgs[N]) => {
      if (!editor) return false;
      // User Timing marks let the benchmark (and a curious engineer in devtools) see what each save costs.
      const start = performance.now();
      const result = await editor.run(name, args);
      performance.measure('cordon:save', { start, end: performance.now(), detail: name });
      return after(result);
    },
    [editor, after],
  );
  const undo = useCallback(async () => {
    if (editor) after(await editor.undo());
  }, [editor, after]);
  const redo = useCallback(async () => {
    if (editor) after(await editor.redo());
  }, [editor, after]);

  return { bundle, run, undo, redo, canUndo: editor?.canUndo() ?? false, canRedo: editor?.canRedo() ?? false };
}
