import { describe, expect, it } from 'vitest';
import { FEATURE_KINDS, FeatureProps, type FeatureKind, type PlanGeometry } from '../../shared/domain';
import { defaultPropsFor, legendEntries, symbolFor } from './symbology';

const point: PlanGeometry = { type: 'Point', coordinates: [0, 51] };
const area: PlanGeometry = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 51],
      [1, 51],
      [1, 52],
      [0, 51],
    ],
  ],
};

describe('symbology', () => {
  it('gives every kind valid default fields and a symbol', () => {
    for (const kind of Object.keys(FEATURE_KINDS) as FeatureKind[]) {
      const props = defaultPropsFor(kind);
      expect(FeatureProps.safeParse(props).success, kind).toBe(true);
      expect(symbolFor({ kind, props, geometry: kind === 'post' || kind === 'keyLocation' || kind === 'annotation' ? point : area }).colour).toMatch(/^#/);
    }
  });
  it('tells cordon types apart', () => {
    const inner = symbolFor({ kind: 'cordon', props: { cordonType: 'inner' }, geometry: area });
    const outer = symbolFor({ kind: 'cordon', props: { cordonType: 'outer' }, geometry: area });
    expect(inner.colour).not.toBe(outer.colour);
    expect(inner.label).toBe('Inner cordon');
  });
  it('lists each symbol in use once in the legend, sectors first', () => {
    const entries = legendEntries([
      { kind: 'post', props: {}, geometry: point },
      { kind: 'sector', props: { colour: '#ff0000' }, geometry: area },
      { kind: 'sector', props: { colour: '#00ff00' }, geometry: area },
      { kind: 'keyLocation', props: { locationType: 'rvp' }, geometry: point },
    ]);
    expect(entries.map((e) => e.label)).toEqual(['Sector', 'Rendezvous point (RVP)', 'Post']);
  });
});
