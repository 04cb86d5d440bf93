/** The properties of the selected plan feature: common fields, kind-specific fields and live measurements. */
import {
  AUTHORITY_TYPES,
  CORDON_TYPES,
  FEATURE_KINDS,
  KEY_LOCATION_TYPES,
  ROUTE_TYPES,
  type FeatureKind,
  type OperationBundle,
  type PlanFeature,
} from '../../../shared/domain';
import { centroid, circlePolygon, circleRadiusM } from '../../../shared/geo';
import { SelectField, TextField, isoToLocalInput, localInputToIso, optionsOf, Section } from '../../app/fields';
import { defaultPropsFor } from '../../map/symbology';
import { AccessPointsEditor } from './AccessPointsEditor';
import { CheckpointsEditor } from './CheckpointsEditor';
import { Measurements } from './Measurements';
import { PhasePicker } from './PhasePicker';
import type { PropsEdit } from '../../data';
import { bronzeOfTarget, buildPlanIndex, describeBronze } from '../../../shared/validation';

export type FeatureChanges = Partial<Pick<PlanFeature, 'name' | 'notes' | 'kind' | 'phaseIds' | 'bronze' | 'props' | 'geometry'>>;

interface Props {
  feature: PlanFeature;
  bundle: OperationBundle;
  /** `propsEdit` is applied to the stored props when the edit runs, so an edit never rewrites props from a stale render. */
  onChange: (changes: FeatureChanges, label: string, propsEdit?: PropsEdit) => void;
  onDelete: () => void;
  onBuffer: (metres: number) => void;
  onZoom: () => void;
  onPlaceAccessPoint: (accessPointId: string) => void;
}

/** Kinds a feature may switch to without redrawing: same geometry family. */
function compatibleKinds(f: PlanFeature): FeatureKind[] {
  const t = f.geometry.type;
  const all = Object.keys(FEATURE_KINDS) as FeatureKind[];
  return all.filter((k) => {
    if (t === 'Point') return k === 'keyLocation' || k === 'post' || k === 'annotation';
    if (t === 'LineString') return k === 'route' || k === 'cordon';
    return k === 'sector' || k === 'cordon' || k === 'authority' || k === 'circle';
  });
}

export function PropertiesPanel({ feature: f, bundle, onChange, onDelete, onBuffer, onZoom, onPlaceAccessPoint }: Props) {
  const props = f.props;
  const setProps = (edit: PropsEdit, label: string) => onChange({}, label, edit);
  const bronzes = [...new Set(bundle.features.filter((x) => x.kind === 'sector' && x.bronze).map((x) => x.bronze))];
  // A post or key location with no Bronze of its own reports to the sector's it stands in: say so in the empty field.
  const inherited = f.kind === 'post' || f.kind === 'keyLocation' ? bronzeOfTarget(buildPlanIndex(bundle), { kind: 'post', featureId: f.id }) : null;
  const bronzeHint = inherited && inherited.from === 'sector' ? describeBronze(inherited) : 'e.g. Sector 1 Bronze';
  return (
    <div data-testid="properties">
      <Section title={`${FEATURE_KINDS[f.kind]} properties`}>
        <TextField label="Name" value={f.name} testId="prop-name" onCommit={(name) => onChange({ name }, 'Rename')} />
        <SelectField
          label="Kind"
          value={f.kind}
          testId="prop-kind"
          options={compatibleKinds(f).map((k) => ({ value: k, label: FEATURE_KINDS[k] }))}
          onChange={(kind) => onChange({ kind }, 'Change kind', (current) => ({ ...defaultPropsFor(kind), ...current }))}
        />
        <TextField
          label="Owner (Bronze)"
          value={f.bronze}
          testId="prop-bronze"
          placeholder={bronzeHint}
          onCommit={(bronze) => onChange({ bronze }, 'Set Bronze')}
        />
        {bronzes.length > 0 && (
          <p className="muted" style={{ marginTop: -4, fontSize: 12 }}>
            Bronzes in this plan: {bronzes.join(', ')}
          </p>
        )}
        <PhasePicker phases={bundle.phases} value={f.phaseIds} onChange={(phaseIds) => onChange({ phaseIds }, 'Set phases')} />
        <TextField label="Notes" multiline value={f.notes} onCommit={(notes) => onChange({ notes }, 'Edit notes')} />
      </Section>

      {f.kind === 'sector' && (
        <Section title="Sector">
          <div className="row">
            <TextField
              label="Code"
              value={props.sectorCode ?? ''}
              placeholder="S1"
              testId="prop-sector-code"
              onCommit={(v) => setProps({ sectorCode: v || undefined }, 'Set sector code')}
            />
            <TextField label="Colour" type="color" value={props.colour ?? '#2f80ed'} onCommit={(v) => setProps({ colour: v }, 'Set colour')} />
          </div>
        </Section>
      )}

      {f.kind === 'cordon' && (
        <Section title="Cordon">
          <SelectField
            label="Cordon type"
            value={props.cordonType ?? 'inner'}
            testId="prop-cordon-type"
            options={optionsOf(CORDON_TYPES)}
            onChange={(v) => setProps({ cordonType: v }, 'Set cordon type')}
          />
          <AccessPointsEditor
            feature={f}
            onChange={(edit, label) => setProps((current) => ({ accessPoints: edit(current.accessPoints ?? []) }), label)}
            onPlace={onPlaceAccessPoint}
          />
        </Section>
      )}

      {f.kind === 'route' && (
        <Section title="Route">
          <SelectField
            label="Route type"
            value={props.routeType ?? 'procession'}
            options={optionsOf(ROUTE_TYPES)}
            onChange={(v) => setProps({ routeType: v }, 'Set route type')}
          />
          <div className="row">
            <TextField
              label="Pace (km/h)"
              type="number"
              min={0.5}
              step={0.1}
              value={String(props.paceKmh ?? 3)}
              testId="prop-pace"
              onCommit={(v) => Number(v) >= 0.5 && setProps({ paceKmh: Number(v) }, 'Set pace')}
            />
            <TextField
              label="Steps off at"
              type="datetime-local"
              value={isoToLocalInput(props.routeStartsAt)}
              testId="prop-route-start"
              onCommit={(v) => setProps({ routeStartsAt: localInputToIso(v) }, 'Set route start')}
            />
          </div>
          <CheckpointsEditor feature={f} onChange={(edit, label) => setProps((current) => ({ checkpoints: edit(current.checkpoints ?? []) }), label)} />
        </Section>
      )}

      {f.kind === 'keyLocation' && (
        <Section title="Key location">
          <SelectField
            label="Location type"
            value={props.locationType ?? 'rvp'}
            testId="prop-location-type"
            options={optionsOf(KEY_LOCATION_TYPES)}
            onChange={(v) => setProps({ locationType: v }, 'Set location type')}
          />
        </Section>
      )}

      {f.kind === 'post' && (
        <Section title="Post">
          <TextField
            label="Tolerance radius (m)"
            type="number"
            min={1}
            value={String(props.toleranceM ?? 50)}
            onCommit={(v) => Number(v) > 0 && setProps({ toleranceM: Number(v) }, 'Set tolerance')}
          />
        </Section>
      )}

      {f.kind === 'authority' && (
        <Section title="Legal authority">
          <SelectField
            label="Power"
            value={props.authorityType ?? 's60'}
            testId="prop-authority-type"
            options={optionsOf(AUTHORITY_TYPES)}
            onChange={(v) => setProps({ authorityType: v }, 'Set power')}
          />
          <TextField
            label="Authorising officer"
            value={props.authorisingOfficer ?? ''}
            placeholder="e.g. Supt J Smith"
            onCommit={(v) => setProps({ authorisingOfficer: v }, 'Set authorising officer')}
          />
          <div className="row">
            <TextField
              label="Starts"
              type="datetime-local"
              value={isoToLocalInput(props.authorityStartsAt)}
              testId="prop-auth-start"
              onCommit={(v) => setProps({ authorityStartsAt: localInputToIso(v) }, 'Set authority start')}
            />
            <TextField
              label="Expires"
              type="datetime-local"
              value={isoToLocalInput(props.authorityExpiresAt)}
              testId="prop-auth-expiry"
              onCommit={(v) => setProps({ authorityExpiresAt: localInputToIso(v) }, 'Set authority expiry')}
            />
          </div>
        </Section>
      )}

      {f.kind === 'circle' && f.geometry.type === 'Polygon' && (
        <Section title="Circle">
          <TextField
            label="Radius (m)"
            type="number"
            min={1}
            testId="prop-radius"
            value={String(props.radiusM ?? Math.round(circleRadiusM(f.geometry)))}
            onCommit={(v) => {
              const r = Number(v);
              if (!(r > 0)) return;
              onChange({ geometry: circlePolygon(centroid(f.geometry), r) }, 'Set radius', { radiusM: r });
            }}
          />
        </Section>
      )}

      {f.kind === 'annotation' && (
        <Section title="Text">
          <TextField label="Text shown on the map" value={props.text ?? ''} testId="prop-text" onCommit={(v) => setProps({ text: v }, 'Edit text')} />
        </Section>
      )}

      <Measurements feature={f} onBuffer={onBuffer} />

      <Section title="Actions">
        <div className="row">
          <button className="btn" onClick={onZoom}>
            Zoom to
          </button>
          <button className="btn danger" onClick={onDelete} data-testid="delete-feature" title="Delete (Del)">
            Delete
          </button>
        </div>
      </Section>
    </div>
  );
}
