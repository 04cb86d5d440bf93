/**
 * How live units look: status colours, type codes and freshness styles. One module, read by the map layers and the
 * on-map live legend, so a change is made once (in the spirit of the plan's symbology module).
 */
import { UNIT_TYPES } from '../../../shared/domain';
import type { LiveStatus } from '../../../shared/protocol';
import type { Freshness } from '../../../shared/live/freshness';

export const STATUS_LABELS: Record<LiveStatus, string> = {
  available: 'Available',
  deployed: 'Deployed',
  committed: 'Committed',
  refreshment: 'Refreshment',
  offDuty: 'Off duty',
  emergency: 'Emergency',
};

export const STATUS_COLOURS: Record<LiveStatus, string> = {
  available: '#43a047',
  deployed: '#1e88e5',
  committed: '#fb8c00',
  refreshment: '#8e24aa',
  offDuty: '#78909c',
  emergency: '#e53935',
};

/** Fill opacity, outline colour and width by freshness: fresh solid, late amber ring, lost hollow and dashed, expired faint. */
export const FRESHNESS_STYLE: Record<Freshness, { opacity: number; stroke: string; strokeWidth: number; dashed: boolean }> = {
  fresh: { opacity: 1, stroke: '#ffffff', strokeWidth: 1.5, dashed: false },
  late: { opacity: 0.85, stroke: '#ffca28', strokeWidth: 3, dashed: false },
  lost: { opacity: 0.3, stroke: '#e0e0e0', strokeWidth: 0, dashed: true },
  expired: { opacity: 0.12, stroke: '#9e9e9e', strokeWidth: 1, dashed: true },
};

const TYPE_CODES: Record<keyof typeof UNIT_TYPES, string> = {
  psu: 'P',
  tsg: 'T',
  serial: 'S',
  mounted: 'M',
  dogs: 'D',
  plt: 'L',
  evidence: 'E',
  polsa: 'PS',
  removal: 'R',
  medics: '+',
  drone: 'U',
  traffic: 'TR',
  armed: 'AR',
  other: '?',
  ambulance: 'AMB',
  fire: 'FRS',
};

/** Individual radios are small dots; units (carriers, teams, vehicles) are bigger symbols with a type code. */
export function isIndividual(type: string): boolean {
  return type === 'officer';
}

export function typeCode(type: string): string {
  if (isIndividual(type)) return '';
  return (TYPE_CODES as Record<string, string>)[type] ?? type.slice(0, 2).toUpperCase();
}

export function typeLabel(type: string): string {
  if (type === 'officer') return 'Officer (radio)';
  return (UNIT_TYPES as Record<string, string>)[type] ?? type;
}
