import { describe, expect, it } from 'vitest';
import { emptyCounts } from './applyTargets';
import { becomes, describeOutcome, importedToast, plural } from './importSummary';

describe('import preview words', () => {
  it('says 1 feature, not 1 features', () => {
    expect(importedToast(1, 'a.kml')).toBe('Imported 1 feature from a.kml.');
    expect(importedToast(23, 'a.kml')).toBe('Imported 23 features from a.kml.');
    expect(plural(1206, 'point')).toBe('1,206 points');
  });

  it('lists what will be made, with checkpoints and what is left out', () => {
    const counts = { ...emptyCounts(), cordon: 2, route: 1, keyLocation: 1 };
    expect(describeOutcome({ counts, checkpoints: 0, leftOut: 0 })).toBe('2 cordons, 1 route and 1 key location');
    expect(describeOutcome({ counts: { ...emptyCounts(), route: 1 }, checkpoints: 206, leftOut: 0 })).toBe('1 route and 206 checkpoints on routes');
    expect(describeOutcome({ counts: { ...emptyCounts(), route: 1 }, checkpoints: 0, leftOut: 206 })).toBe('1 route; 206 left out');
    expect(describeOutcome({ counts: emptyCounts(), checkpoints: 0, leftOut: 3 })).toBe('nothing; 3 left out');
  });

  it('names a key location by its type', () => {
    expect(becomes({ kind: 'keyLocation', props: { locationType: 'rvp' } })).toBe('Key location: Rendezvous point (RVP)');
    expect(becomes({ kind: 'route', props: {} })).toBe('Route');
  });
});
