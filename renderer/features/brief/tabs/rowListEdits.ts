/**
 * Edits to one of the briefing's tables (risks, distribution): update, remove or append a row by id, each worked out
 * from the stored list when the edit runs (see BriefingChange), so two quick edits to different rows both stay.
 */
import type { Briefing } from '../../../../shared/brief/schema';
import type { BriefTabProps } from './types';

type RowListKey = 'risks' | 'distribution';
type RowOf<K extends RowListKey> = Briefing[K][number];

export function rowListEdits<K extends RowListKey>(key: K, save: BriefTabProps['save']) {
  const change = (make: (rows: RowOf<K>[]) => RowOf<K>[]) => (stored: Briefing) => ({ [key]: make(stored[key] as RowOf<K>[]) }) as Partial<Briefing>;
  return {
    update: (id: string, fields: Partial<RowOf<K>>, label: string) =>
      save(
        change((rows) => rows.map((x) => (x.id === id ? { ...x, ...fields } : x))),
        label,
      ),
    remove: (id: string, label: string) =>
      save(
        change((rows) => rows.filter((x) => x.id !== id)),
        label,
      ),
    /** `make` sees the stored rows (e.g. to number the next copy). */
    append: (make: (rows: readonly RowOf<K>[]) => RowOf<K>, label: string) =>
      save(
        change((rows) => [...rows, make(rows)]),
        label,
      ),
  };
}
