import { describe, expect, it } from 'vitest';
import { detectSchema } from './basemapSchema';

describe('detectSchema', () => {
  it('recognises OpenMapTiles (the central London test archive, built with tilemaker)', () => {
    const central = [
      'place',
      'boundary',
      'poi',
      'housenumber',
      'waterway',
      'transportation',
      'transportation_name',
      'building',
      'water',
      'aeroway',
      'park',
      'landuse',
      'landcover',
      'mountain_peak',
    ];
    expect(detectSchema(central)).toBe('openmaptiles');
    expect(detectSchema(['water', 'place', 'landuse'])).toBe('openmaptiles');
  });

  it('recognises the Protomaps basemap schema', () => {
    expect(detectSchema(['boundaries', 'buildings', 'earth', 'landcover', 'landuse', 'places', 'pois', 'roads', 'transit', 'water'])).toBe('protomaps');
    expect(detectSchema(['earth', 'roads', 'water', 'places'])).toBe('protomaps');
  });

  it('recognises the plain overview schema (the London overview test archive)', () => {
    expect(detectSchema(['labels', 'roads', 'water'])).toBe('overview');
  });

  it('refuses what it does not know, rather than drawing an empty map', () => {
    expect(detectSchema([])).toBeNull();
    expect(detectSchema(['contours'])).toBeNull();
    expect(detectSchema(['roads'])).toBeNull();
  });
});
