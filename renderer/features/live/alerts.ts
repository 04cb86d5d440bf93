/** Ordering and describing alerts for the control room. Pure. */
import { ALERT_KINDS, ALERT_SEVERITIES, type Alert, type AlertSeverity } from '../../../shared/protocol';
import { toGridRef } from '../../../shared/geo';

export const SEVERITY_LABELS: Record<AlertSeverity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };

/** Emergency activations come first, whatever severity the source gave them. */
function rank(a: Alert): number {
  return a.kind === 'emergency' ? -1 : ALERT_SEVERITIES.indexOf(a.severity);
}

/**
 * Open alerts before acknowledged ones; then emergencies, then by severity (critical first); then newest first;
 * then by id, so the order is stable between screens.
 */
export function sortAlerts(alerts: readonly Alert[]): Alert[] {
  return [...alerts].sort(
    (a, b) =>
      Number(Boolean(a.acknowledgedAt)) - Number(Boolean(b.acknowledgedAt)) ||
      rank(a) - rank(b) ||
      b.raisedAt.localeCompare(a.raisedAt) ||
      a.id.localeCompare(b.id),
  );
}

export function isOpenEmergency(a: Alert): boolean {
  return a.kind === 'emergency' && !a.acknowledgedAt;
}

export function alertTitle(a: Alert): string {
  return ALERT_KINDS[a.kind];
}

/** 10-figure grid reference of an alert's place, or null when it has none / lies outside the grid. */
export function alertPlace(a: Pick<Alert, 'lon' | 'lat'>): string | null {
  if (a.lon === undefined || a.lat === undefined) return null;
  const g = toGridRef(a.lon, a.lat);
  return g.ok ? g.value : null;
}

export function countOpen(alerts: readonly Alert[]): { open: number; emergencies: number } {
  let open = 0;
  let emergencies = 0;
  for (const a of alerts) {
    if (a.acknowledgedAt) continue;
    open++;
    if (a.kind === 'emergency') emergencies++;
  }
  return { open, emergencies };
}
