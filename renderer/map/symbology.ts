/**
 * The one symbology module: colours, outline styles and short codes for every plan feature kind. The map layers, the
 * on-map legend and (later) printed maps all read from here, so a style change is made once. Drawn in the spirit of
 * the Civil Protection Common Map Symbology: cordons red, sectors in their own colour, authorities purple hatching,
 * routes blue with direction, medical green.
 */
import { AUTHORITY_TYPES, CORDON_TYPES, KEY_LOCATION_TYPES, ROUTE_TYPES, type FeatureKind, type PlanFeature } from '../../shared/domain';

export type Geom = 'fill' | 'line' | 'point';

export interface Symbol {
  /** Stable key used by map expressions, e.g. `cordon:inner`. */
  key: string;
  label: string;
  colour: string;
  geom: Geom;
  /** Dashed outline/line pattern, if any. */
  dash?: number[];
  /** Short code drawn in point markers. */
  code?: string;
}

const SECTOR_DEFAULT = '#2f80ed';

const CORDON_COLOURS: Record<keyof typeof CORDON_TYPES, { colour: string; dash?: number[] }> = {
  inner: { colour: '#e53935' },
  outer: { colour: '#fb8c00' },
  traffic: { colour: '#fdd835', dash: [4, 2] },
  sterile: { colour: '#d81b60', dash: [1, 1] },
  containment: { colour: '#8e24aa' },
  filter: { colour: '#f4511e', dash: [3, 1] },
  policeLine: { colour: '#1e88e5', dash: [2, 1] },
  vehicleBarrier: { colour: '#6d4c41', dash: [1, 0.5] },
};

const ROUTE_COLOURS: Record<keyof typeof ROUTE_TYPES, string> = {
  procession: '#1565c0',
  dispersal: '#00897b',
  carrier: '#546e7a',
  casevac: '#2e7d32',
  diversion: '#ef6c00',
};

const LOCATION_CODES: Record<keyof typeof KEY_LOCATION_TYPES, { code: string; colour: string }> = {
  rvp: { code: 'RVP', colour: '#1565c0' },
  fha: { code: 'FHA', colour: '#283593' },
  muster: { code: 'MB', colour: '#3949ab' },
  welfare: { code: 'W', colour: '#6d4c41' },
  ppp: { code: 'PPP', colour: '#5d4037' },
  casualtyClearing: { code: 'CC', colour: '#2e7d32' },
  hospital: { code: 'H', colour: '#1b5e20' },
  controlRoom: { code: 'CR', colour: '#37474f' },
  stage: { code: 'ST', colour: '#7b1fa2' },
  pinchPoint: { code: 'PP', colour: '#c62828' },
  sensitiveSite: { code: 'SS', colour: '#ad1457' },
  cctv: { code: 'TV', colour: '#455a64' },
  fcp: { code: 'FCP', colour: '#0d47a1' },
  marshalling: { code: 'MA', colour: '#1a237e' },
};

const AUTHORITY_COLOUR = '#7e57c2';

/** The symbol a feature is drawn with. */
export function symbolFor(f: Pick<PlanFeature, 'kind' | 'props' | 'geometry'>): Symbol {
  const p = f.props;
  const geom: Geom = f.geometry.type === 'Polygon' ? 'fill' : f.geometry.type === 'LineString' ? 'line' : 'point';
  switch (f.kind) {
    case 'sector':
      return { key: 'sector', label: 'Sector', colour: p.colour ?? SECTOR_DEFAULT, geom };
    case 'cordon': {
      const t = p.cordonType ?? 'inner';
      return { key: `cordon:${t}`, label: CORDON_TYPES[t], geom, ...CORDON_COLOURS[t] };
    }
    case 'route': {
      const t = p.routeType ?? 'procession';
      return { key: `route:${t}`, label: ROUTE_TYPES[t], colour: ROUTE_COLOURS[t], geom };
    }
    case 'keyLocation': {
      const t = p.locationType ?? 'rvp';
      return { key: `loc:${t}`, label: KEY_LOCATION_TYPES[t], geom, ...LOCATION_CODES[t] };
    }
    case 'post':
      return { key: 'post', label: 'Post', colour: '#00acc1', geom, code: 'P' };
    case 'authority': {
      const t = p.authorityType ?? 's60';
      return { key: `auth:${t}`, label: AUTHORITY_TYPES[t], colour: AUTHORITY_COLOUR, geom, dash: [3, 2] };
    }
    case 'circle':
      return { key: 'circle', label: 'Circle', colour: p.colour ?? '#f9a825', geom, dash: [2, 2] };
    case 'annotation':
      return { key: 'annotation', label: 'Text annotation', colour: '#fafafa', geom };
  }
}

/** Default kind-specific props for a newly drawn feature, so it is drawn and validated sensibly at once. */
export function defaultPropsFor(kind: FeatureKind): PlanFeature['props'] {
  switch (kind) {
    case 'sector':
      return { colour: SECTOR_DEFAULT };
    case 'cordon':
      return { cordonType: 'inner', accessPoints: [] };
    case 'route':
      return { routeType: 'procession', paceKmh: 3, checkpoints: [] };
    case 'keyLocation':
      return { locationType: 'rvp' };
    case 'post':
      return { toleranceM: 50 };
    case 'authority':
      return { authorityType: 's60' };
    case 'circle':
      return {};
    case 'annotation':
      return { text: 'Note' };
  }
}

/** The distinct symbols in use, for the legend, in a stable order. */
export function legendEntries(features: readonly Pick<PlanFeature, 'kind' | 'props' | 'geometry'>[]): Symbol[] {
  const seen = new Map<string, Symbol>();
  for (const f of features) {
    const s = symbolFor(f);
    const key = s.key === 'sector' ? 'sector' : s.key;
    if (!seen.has(key)) seen.set(key, s.key === 'sector' ? { ...s, colour: SECTOR_DEFAULT } : s);
  }
  const order = ['sector', 'cordon', 'route', 'loc', 'post', 'auth', 'circle', 'annotation'];
  const rank = (s: Symbol) => order.indexOf(s.key.split(':')[0] ?? '');
  return [...seen.values()].sort((a, b) => rank(a) - rank(b) || a.label.localeCompare(b.label));
}
