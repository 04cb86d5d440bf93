import { describe, expect, it } from 'vitest';
import { featureListOrder } from './featureOrder';

const f = (id: string, kind: string, name: string) => ({ id, kind, name }) as Parameters<typeof featureListOrder>[0][number];

describe('featureListOrder', () => {
  it('lists by kind in the plan order, then by name with numbers in numeric order, the same whatever the stored order', () => {
    const stored = [
      f('z', 'post', 'Post 1'),
      f('b', 'sector', 'Sector 10'),
      f('y', 'route', 'Route 1'),
      f('a', 'sector', 'Sector 2'),
      f('c', 'cordon', 'Outer'),
    ];
    const expected = ['Sector 2', 'Sector 10', 'Outer', 'Route 1', 'Post 1'];
    expect(featureListOrder(stored).map((x) => x.name)).toEqual(expected);
    expect(featureListOrder([...stored].reverse()).map((x) => x.name)).toEqual(expected);
  });

  it('keeps two features of one kind and name apart by id, so the order never flips', () => {
    const twins = [f('b', 'post', 'Post'), f('a', 'post', 'Post')];
    expect(featureListOrder(twins).map((x) => x.id)).toEqual(['a', 'b']);
    expect(featureListOrder([...twins].reverse()).map((x) => x.id)).toEqual(['a', 'b']);
  });
});
