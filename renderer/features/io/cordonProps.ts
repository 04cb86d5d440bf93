/**
 * The namespaced properties a Cordon GeoJSON/KML export carries, so that re-importing it restores each feature's
 * kind and kind-specific fields. Shared by exportFeatures.ts and importFeatures.ts.
 */
export const CORDON_PROP = {
  id: 'cordon:id',
  kind: 'cordon:kind',
  props: 'cordon:props',
  phaseIds: 'cordon:phaseIds',
  phaseNames: 'cordon:phaseNames',
  updatedAt: 'cordon:updatedAt',
} as const;

/** Foreign members on an exported FeatureCollection. */
export const CORDON_COLLECTION = {
  format: 'cordon:format',
  schemaVersion: 'cordon:schemaVersion',
  operation: 'cordon:operation',
} as const;

export const CORDON_FEATURES_FORMAT = 'cordon-features';
export const CORDON_FEATURES_SCHEMA_VERSION = 1;
