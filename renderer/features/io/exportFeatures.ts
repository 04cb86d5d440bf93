/**
 * Exports an operation's plan features for other GIS tools: GeoJSON (RFC 7946) and KML (one folder per kind, inside
 * a folder that carries the protective marking, with a <Style> per symbol). Both carry namespaced `cordon:*` properties so that importing the
 * file back into Cordon restores every feature's kind and kind-specific fields.
 */
import { foldersToKML } from '@placemarkio/tokml';
import type { Folder, Root } from '@tmcw/togeojson';
import type { Feature, FeatureCollection, GeoJsonProperties } from 'geojson';
import {
  AUTHORITY_TYPES,
  CORDON_TYPES,
  FEATURE_KINDS,
  KEY_LOCATION_TYPES,
  ROUTE_TYPES,
  type FeatureKind,
  type OperationBundle,
  type PlanFeature,
  type PlanGeometry,
} from '../../../shared/domain';
import { addKmlStyles } from './kmlStyles';
import { CORDON_COLLECTION, CORDON_FEATURES_FORMAT, CORDON_FEATURES_SCHEMA_VERSION, CORDON_PROP } from './cordonProps';

export type ExportedCollection = FeatureCollection<PlanGeometry> & Record<string, unknown>;

/** The FeatureCollection behind both exports; its properties are what other tools show in their attribute tables. */
export function toFeatureCollection(bundle: OperationBundle): ExportedCollection {
  const { operation } = bundle;
  return {
    type: 'FeatureCollection',
    name: operation.name,
    marking: operation.marking,
    [CORDON_COLLECTION.format]: CORDON_FEATURES_FORMAT,
    [CORDON_COLLECTION.schemaVersion]: CORDON_FEATURES_SCHEMA_VERSION,
    [CORDON_COLLECTION.operation]: { id: operation.id, name: operation.name, marking: operation.marking },
    features: bundle.features.map((f) => toGeoJsonFeature(f, bundle)),
  };
}

/** GeoJSON text of the operation's plan features. */
export function toGeoJson(bundle: OperationBundle): string {
  return JSON.stringify(toFeatureCollection(bundle));
}

/** KML text: a folder named with the marking and operation, holding one folder per feature kind, styled as the map draws. */
export function toKml(bundle: OperationBundle): string {
  const { operation } = bundle;
  const byKind = new Map<FeatureKind, Feature<PlanGeometry>[]>();
  for (const f of bundle.features) {
    const feature = toGeoJsonFeature(f, bundle);
    const { notes, ...rest } = feature.properties ?? {};
    // tokml writes `name` and `description` as KML elements and everything else as ExtendedData.
    feature.properties = typeof notes === 'string' && notes ? { ...rest, description: notes } : rest;
    const list = byKind.get(f.kind) ?? [];
    list.push(feature);
    byKind.set(f.kind, list);
  }
  const kindFolders: Folder[] = (Object.keys(FEATURE_KINDS) as FeatureKind[])
    .filter((k) => byKind.has(k))
    .map((k) => ({ type: 'folder', meta: { name: FEATURE_KINDS[k] }, children: byKind.get(k) ?? [] }));
  const root: Root = {
    type: 'root',
    children: [
      {
        type: 'folder',
        meta: {
          name: `${operation.marking}: ${operation.name}`,
          description: `Protective marking: ${operation.marking}. ${operation.name}, exported from Cordon.`,
        },
        children: kindFolders,
      },
    ],
  };
  return addKmlStyles(foldersToKML(root), bundle.features);
}

function toGeoJsonFeature(f: PlanFeature, bundle: OperationBundle): Feature<PlanGeometry> {
  const phaseName = new Map(bundle.phases.map((p) => [p.id, p.name]));
  const phaseNames = f.phaseIds.map((id) => phaseName.get(id) ?? id);
  const category = categoryOf(f);
  const properties: GeoJsonProperties = {
    name: f.name,
    kind: FEATURE_KINDS[f.kind],
    ...(category ? { category } : {}),
    notes: f.notes,
    bronze: f.bronze,
    phases: phaseNames.length ? phaseNames.join(', ') : 'All phases',
    marking: bundle.operation.marking,
    // simplestyle, so geojson.io and QGIS show sector colours
    ...(f.props.colour ? { stroke: f.props.colour, fill: f.props.colour } : {}),
    [CORDON_PROP.id]: f.id,
    [CORDON_PROP.kind]: f.kind,
    [CORDON_PROP.phaseIds]: f.phaseIds,
    [CORDON_PROP.phaseNames]: phaseNames,
    [CORDON_PROP.props]: f.props,
    [CORDON_PROP.updatedAt]: f.updatedAt,
  };
  return { type: 'Feature', id: f.id, properties, geometry: f.geometry };
}

/** The words for the feature's sub-type ("Outer cordon", "Rendezvous point (RVP)"), if it has one. */
function categoryOf(f: PlanFeature): string | undefined {
  const p = f.props;
  if (f.kind === 'cordon' && p.cordonType) return CORDON_TYPES[p.cordonType];
  if (f.kind === 'route' && p.routeType) return ROUTE_TYPES[p.routeType];
  if (f.kind === 'keyLocation' && p.locationType) return KEY_LOCATION_TYPES[p.locationType];
  if (f.kind === 'authority' && p.authorityType) return AUTHORITY_TYPES[p.authorityType];
  if (f.kind === 'sector' && p.sectorCode) return p.sectorCode;
  return undefined;
}
