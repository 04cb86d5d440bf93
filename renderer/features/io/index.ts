/** Import/export of plan layers, operation files and nominal rolls: pure functions on bytes and strings. */
export { parsePlanFile, type ImportPreview, type ParsePlanFileOptions, type PlanFileFormat } from './importFeatures';
export { toFeatureCollection, toGeoJson, toKml } from './exportFeatures';
export {
  CORDON_FILE_EXTENSION,
  CORDON_FILE_FORMAT,
  CORDON_FILE_SCHEMA_VERSION,
  readCordonFile,
  readCordonFileWithManifest,
  writeCordonFile,
  type CordonManifest,
  type WriteCordonOptions,
} from './cordonFile';
export { parseNominalRoll, resolveUnitType, type NominalRollOptions, type NominalRollPreview, type NominalRollRow, type RollField } from './nominalRoll';
export { bundleProblems } from './bundleIntegrity';
export * from './limits';
