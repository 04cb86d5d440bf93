/** Ordering and describing alerts for the control room. Pure. */
import { ALERT_KINDS, ALERT_SEVERITIES, PERMISSIONS, type Alert, type AlertSeverity, type Role } from '../../../shared/protocol';
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

/**
 * The list as a control room reads it: `current` (emergencies always, and every alert whose condition still holds or
 * that someone acknowledged) one by one, and `cleared`: conditions that have gone and only wait for someone to say
 * they have been seen, grouped so that sixty of them do not bury the one that matters. Emergencies are never in
 * `cleared`: each is read and acknowledged on its own.
 */
export function groupAlerts(alerts: readonly Alert[]): { current: Alert[]; cleared: Alert[] } {
  const current: Alert[] = [];
  const cleared: Alert[] = [];
  for (const a of sortAlerts(alerts)) (isBulkAcknowledgeable(a) && a.clearedAt ? cleared : current).push(a);
  return { current, cleared };
}

/** May this alert be acknowledged together with others? Not an emergency, and not yet acknowledged. */
export function isBulkAcknowledgeable(a: Alert): boolean {
  return a.kind !== 'emergency' && !a.acknowledgedAt;
}

/**
 * Whether the screen's user may acknowledge (the server's PERMISSIONS for `alert:ack`). Unknown (no snapshot yet, or
 * a server too old to say) offers the button: the server still refuses, and says so.
 */
export function mayAcknowledge(you: { role: Role } | null | undefined): boolean {
  return !you || PERMISSIONS['alert:ack'].includes(you.role);
}
