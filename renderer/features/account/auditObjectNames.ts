/**
 * Names for the objects an audit entry is about, so the Audit view reads "Sector 1 North" rather than
 * "feature:0209…/166f…". A row's name comes from the synced changes shown (their rows before and after carry it; the
 * newest wins, so a rename shows the name it has now) and, for operations, from the operations on this workstation.
 * Objects nobody can name stay as their ids: the id is always shown too, as it is what an inquiry searches by.
 */
import type { AuditEntry } from '../../../shared/protocol';

interface Named {
  id: string;
  name: string;
}

/** The readable name in a row as the sync change log holds it (features, phases, operations: name; units: call sign). */
function rowName(row: unknown): string | null {
  if (!row || typeof row !== 'object') return null;
  const r = row as { name?: unknown; callSign?: unknown };
  const name = typeof r.name === 'string' ? r.name : typeof r.callSign === 'string' ? r.callSign : null;
  return name && name.trim() ? name.trim() : null;
}

export function auditObjectNames(entries: readonly AuditEntry[], operations: readonly Named[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const o of operations) if (o.name.trim()) names.set(`operation:${o.id}`, o.name.trim());
  // Oldest first, so a later change's name (after a rename) is the one kept.
  const byTime = [...entries].sort((a, b) => Date.parse(a.loggedAt) - Date.parse(b.loggedAt));
  for (const e of byTime) {
    const name = rowName(e.change?.after) ?? rowName(e.change?.before);
    if (name) names.set(e.object, name);
  }
  return names;
}
