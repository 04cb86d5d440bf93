/**
 * Which vector tile schema an archive follows, judged from the layer names in its metadata (`vector_layers`), so the
 * right maintained style draws it:
 *  - 'openmaptiles': OpenMapTiles (tilemaker, planetiler's default, MapTiler): `transportation`, `water`, `place`...
 *  - 'protomaps': the Protomaps basemap (`pmtiles extract` of a Protomaps build): `roads`, `water`, `places`, `earth`...
 *  - 'overview': a plain low-detail schema (`roads`, `water`, `labels`), like the London overview test archive.
 * null when none fits: drawing an unknown schema with a guessed style would give an empty map that looks like it works.
 */
export type TileSchema = 'openmaptiles' | 'protomaps' | 'overview';

const OPENMAPTILES = ['transportation', 'transportation_name', 'place', 'building', 'landuse', 'landcover', 'waterway', 'poi', 'park', 'housenumber'];
const PROTOMAPS = ['earth', 'places', 'pois', 'buildings', 'boundaries', 'landcover', 'transit'];

export function detectSchema(layerIds: readonly string[]): TileSchema | null {
  const has = new Set(layerIds);
  // `transportation` alone decides OpenMapTiles: no other schema uses the name, and without it there are no streets.
  if (has.has('transportation')) return 'openmaptiles';
  const protomaps = PROTOMAPS.filter((id) => has.has(id)).length;
  if (has.has('roads') && protomaps >= 2) return 'protomaps';
  if (has.has('roads') && (has.has('labels') || has.has('water'))) return 'overview';
  // A few OpenMapTiles layers without roads (e.g. a water-and-places extract) still draw correctly with its style.
  if (OPENMAPTILES.filter((id) => has.has(id)).length >= 2) return 'openmaptiles';
  return null;
}
