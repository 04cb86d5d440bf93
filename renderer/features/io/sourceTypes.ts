/** What every reader hands to the importer: raw, untrusted features plus what the user should be told. */

export type PlanFileFormat = 'geojson' | 'kml' | 'kmz' | 'gpx' | 'csv' | 'shapefile' | 'geopackage';

export const FORMAT_LABELS: Record<PlanFileFormat, string> = {
  geojson: 'GeoJSON',
  kml: 'KML',
  kmz: 'KMZ',
  gpx: 'GPX',
  csv: 'CSV',
  shapefile: 'Shapefile',
  geopackage: 'GeoPackage',
};

/** How the preview introduces the file: "GeoJSON file with 3 features". */
export const FORMAT_PHRASES: Record<PlanFileFormat, string> = {
  geojson: 'GeoJSON file',
  kml: 'KML file',
  kmz: 'KMZ file',
  gpx: 'GPX file',
  csv: 'CSV file',
  shapefile: 'Zipped Shapefile',
  geopackage: 'GeoPackage',
};

export interface RawFeature {
  properties: Record<string, unknown> | null;
  geometry: unknown;
  /** Where the feature sat in the file: a KML folder, a shapefile or GeoPackage layer, a GPX part. */
  group?: string;
}

export interface PlanSource {
  format: PlanFileFormat;
  features: RawFeature[];
  /** Problems: skipped rows, ignored parts of the file. */
  warnings: string[];
  /** Plain facts the planner should see, e.g. "Reprojected from British National Grid (EPSG:27700)." */
  notices: string[];
}
