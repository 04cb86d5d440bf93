import { describe, expect, it } from 'vitest';
import { sampleBundle } from '../../../tests/fixtures/io/sampleBundle';
import { bundleProblems } from './bundleIntegrity';

describe('bundleProblems', () => {
  it('finds nothing wrong with a consistent bundle', () => {
    expect(bundleProblems(sampleBundle())).toEqual([]);
  });

  it('reports foreign records, repeated ids and dangling references', () => {
    const b = sampleBundle();
    b.units[1]!.operationId = 'other';
    b.phases[1]!.id = b.phases[0]!.id;
    b.assignments[0]!.target.accessPointId = 'ap-404';
    expect(bundleProblems(b)).toEqual([
      'phases[1] repeats the id "ph-build"',
      'units[1] belongs to operation "other", not "5a0c1c52-5b0e-4f43-9d0e-000000000001"',
      'features[1] ("Outer cordon north") refers to a phase "ph-proc" that is not in the file',
      'features[2] ("Procession route") refers to a phase "ph-proc" that is not in the file',
      'features[4] ("Post 12") refers to a phase "ph-proc" that is not in the file',
      'assignments[0] refers to a phase "ph-proc" that is not in the file',
      'assignments[0] refers to an access point "ap-404" that "Outer cordon north" does not have',
    ]);
  });

  it('caps the list', () => {
    const b = sampleBundle();
    b.features.forEach((f) => (f.operationId = 'x'));
    expect(bundleProblems(b, 3)).toHaveLength(4);
    expect(bundleProblems(b, 3)[3]).toBe('and 5 more');
  });
});
