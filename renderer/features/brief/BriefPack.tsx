/**
 * The printed briefing pack as React: cover, contents, the IIMARCH sections, command and deployment tables, maps and
 * annexes. Static markup only (text through React, never injected HTML), laid out for Chromium's print engine with
 * the `@page` rules from shared/brief/printTemplates. Maps are PNG images made off-screen (renderer/map/print) with
 * the cartography (BNG ticks, scale bar, north arrow) drawn as SVG over them, and a legend of the symbols shown.
 */
import type { ReactNode } from 'react';
import { gridLines, gridTicks, scaleBar, mapScale } from '../../../shared/brief/frames';
import { pageCss } from '../../../shared/brief/printTemplates';
import { PAPER_SIZES, SECTION_KEYS, sectionTitle, type BriefBlock } from '../../../shared/brief/schema';
import { formatDate, formatDateTime, POSTURE_LABELS } from '../../../shared/brief/tables';
import { OPERATION_TYPES, describeHeadcount } from '../../../shared/domain';
import { markingText } from '../../../shared/brief/marking';
import { legendEntries, type Symbol as MapSymbol } from '../../map/symbology';
import type { DecisionAnnex } from '../../../shared/brief/decisionAnnex';
import { DECISION_ANNEX_TITLE, DecisionAnnexPage } from './DecisionAnnexPage';
import { MAP_LAYOUT_MM, mapPaper, PX_PER_MM, type PackFrame, type PackModel } from './packModel';

export interface PrintedMapImage {
  dataUrl: string;
  widthPx: number;
  heightPx: number;
}

interface Props {
  model: PackModel;
  maps: ReadonlyMap<string, PrintedMapImage>;
  attribution: readonly string[];
  copy: number | null;
  furniture: 'css' | 'templates';
  /** When the pack was produced (printed on the cover). */
  producedAt: string;
  /** Annex E, the decision logs up to `producedAt` from this workstation's verified copy. */
  decisions: DecisionAnnex;
}

export function Blocks({ blocks }: { blocks: readonly BriefBlock[] }) {
  return (
    <>
      {blocks.map((b, i) => {
        switch (b.type) {
          case 'heading':
            return <h3 key={i}>{b.text}</h3>;
          case 'paragraph':
            return (
              <p key={i} className="pre">
                {b.text}
              </p>
            );
          case 'list':
            return b.ordered ? (
              <ol key={i}>
                {b.items.map((t, j) => (
                  <li key={j}>{t}</li>
                ))}
              </ol>
            ) : (
              <ul key={i}>
                {b.items.map((t, j) => (
                  <li key={j}>{t}</li>
                ))}
              </ul>
            );
          case 'table': {
            const [head, ...body] = b.rows;
            return (
              <table key={i} className="pack-table">
                {head && (
                  <thead>
                    <tr>
                      {head.map((c, j) => (
                        <th key={j}>{c}</th>
                      ))}
                    </tr>
                  </thead>
                )}
                <tbody>
                  {body.map((r, j) => (
                    <tr key={j}>
                      {r.map((c, k) => (
                        <td key={k}>{c}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            );
          }
        }
      })}
    </>
  );
}

function Table({ head, rows, testId, className }: { head: string[]; rows: ReactNode[][]; testId?: string; className?: string }) {
  return (
    <table className={`pack-table ${className ?? ''}`} data-testid={testId}>
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {r.map((c, j) => (
              <td key={j}>{c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Swatch({ s }: { s: MapSymbol }) {
  if (s.geom === 'point')
    return (
      <svg width="22" height="16" aria-hidden="true">
        <circle cx="11" cy="8" r="6" fill={s.colour} stroke="#fff" strokeWidth="1.5" />
        {s.code && (
          <text x="11" y="10.5" fontSize="6" textAnchor="middle" fill="#fff" fontWeight="bold">
            {s.code}
          </text>
        )}
      </svg>
    );
  const dash = s.dash ? s.dash.map((d) => d * 3).join(' ') : undefined;
  if (s.geom === 'line')
    return (
      <svg width="22" height="16" aria-hidden="true">
        <line x1="1" y1="8" x2="21" y2="8" stroke={s.colour} strokeWidth="3" strokeDasharray={dash} />
      </svg>
    );
  return (
    <svg width="22" height="16" aria-hidden="true">
      <rect x="1.5" y="2.5" width="19" height="11" fill={s.colour} fillOpacity="0.25" stroke={s.colour} strokeWidth="2" strokeDasharray={dash} />
    </svg>
  );
}

function NorthArrow() {
  return (
    <svg width="28" height="40" viewBox="0 0 28 40" aria-label="North">
      <polygon points="14,2 24,30 14,24 4,30" fill="#000" stroke="#000" />
      <polygon points="14,2 14,24 4,30" fill="#fff" stroke="#000" />
      <text x="14" y="39" fontSize="10" textAnchor="middle" fontWeight="bold">
        N
      </text>
    </svg>
  );
}

function MapPage({
  model,
  frame,
  image,
  attribution,
  index,
}: {
  model: PackModel;
  frame: PackFrame;
  image: PrintedMapImage | undefined;
  attribution: readonly string[];
  index: number;
}) {
  const cam = frame.camera;
  const ticks = gridTicks(cam);
  const lines = gridLines(cam);
  const bar = scaleBar(cam, cam.width * 0.25);
  const features = model.bundle.features.filter((f) => frame.featureIds.includes(f.id));
  const legend = legendEntries(features);
  const M = MAP_LAYOUT_MM.labelMargin * PX_PER_MM;
  const phase = frame.phaseId ? model.bundle.phases.find((p) => p.id === frame.phaseId)?.name : null;
  const scale = Math.round(mapScale(cam, model.mapMm.widthMm) / 100) * 100;
  return (
    <section className="pack-page map-page" data-testid="pack-map" data-frame={frame.key}>
      <h2 className="map-title">
        Map {index + 1}: {frame.title}
        <span className="map-sub">
          {phase ? `Phase: ${phase}` : 'All phases'} · Scale 1:{scale.toLocaleString('en-GB')} at {PAPER_SIZES[mapPaper(model.paper)]}
        </span>
      </h2>
      <div className="map-row">
        <div
          className="map-frame"
          style={{ width: `${model.mapMm.widthMm + 2 * MAP_LAYOUT_MM.labelMargin}mm`, height: `${model.mapMm.heightMm + 2 * MAP_LAYOUT_MM.labelMargin}mm` }}
        >
          {image ? (
            <img
              className="map-image"
              src={image.dataUrl}
              alt={`Map: ${frame.title}`}
              style={{
                width: `${model.mapMm.widthMm}mm`,
                height: `${model.mapMm.heightMm}mm`,
                left: `${MAP_LAYOUT_MM.labelMargin}mm`,
                top: `${MAP_LAYOUT_MM.labelMargin}mm`,
              }}
            />
          ) : (
            <div className="map-missing">Map not rendered</div>
          )}
          <svg className="map-overlay" viewBox={`${-M} ${-M} ${cam.width + 2 * M} ${cam.height + 2 * M}`} aria-hidden="true">
            {lines.map((l, i) => (
              <polyline key={i} points={l.points.map((p) => p.join(',')).join(' ')} fill="none" stroke="#1a237e" strokeOpacity="0.25" strokeWidth="0.6" />
            ))}
            <rect x="0" y="0" width={cam.width} height={cam.height} fill="none" stroke="#000" strokeWidth="1.2" />
            {ticks.map((t, i) => {
              const len = 6;
              const [x1, y1, x2, y2, tx, ty, anchor] =
                t.edge === 'top'
                  ? [t.at, 0, t.at, -len, t.at, -len - 2, 'middle']
                  : t.edge === 'bottom'
                    ? [t.at, cam.height, t.at, cam.height + len, t.at, cam.height + len + 8, 'middle']
                    : t.edge === 'left'
                      ? [0, t.at, -len, t.at, -len - 1, t.at + 3, 'end']
                      : [cam.width, t.at, cam.width + len, t.at, cam.width + len + 1, t.at + 3, 'start'];
              return (
                <g key={i}>
                  <line x1={x1} y1={y1} x2={x2} y2={y2} stroke="#000" strokeWidth="0.8" />
                  <text x={tx} y={ty} fontSize="8" textAnchor={anchor as 'middle'} fill="#000">
                    {t.label}
                  </text>
                </g>
              );
            })}
            <g transform={`translate(12 ${cam.height - 26})`}>
              <rect x="-6" y="-12" width={bar.px + 44} height="30" fill="#fff" fillOpacity="0.85" />
              <rect x="0" y="0" width={bar.px / 2} height="5" fill="#000" />
              <rect x={bar.px / 2} y="0" width={bar.px / 2} height="5" fill="#fff" stroke="#000" strokeWidth="0.8" />
              <text x="0" y="-3" fontSize="8">
                0
              </text>
              <text x={bar.px} y="-3" fontSize="8" textAnchor="middle">
                {bar.label}
              </text>
              <text x="0" y="15" fontSize="7">
                Scale bar
              </text>
            </g>
          </svg>
          <div className="north-arrow">
            <NorthArrow />
          </div>
        </div>
        <div className="map-legend" style={{ width: `${MAP_LAYOUT_MM.legend}mm` }}>
          <h3>Legend</h3>
          <ul>
            {legend.map((s) => (
              <li key={s.key}>
                <Swatch s={s} />
                <span>{s.label}</span>
              </li>
            ))}
          </ul>
          <p className="small">
            Grid: British National Grid (OSGB36), {ticks.length > 0 ? 'ticks labelled in km within the 100 km square' : 'outside the grid'}. Grid references in
            this pack are 10-figure (1 m).
          </p>
        </div>
      </div>
      <p className="map-attribution">
        {attribution.length ? attribution.join(' · ') : 'Basemap'} · Plan data: {model.bundle.operation.name} (Cordon) · {model.bundle.operation.marking}
      </p>
    </section>
  );
}

export function BriefPack({ model, maps, attribution, copy, furniture, producedAt, decisions }: Props) {
  const { bundle, briefing } = model;
  const op = bundle.operation;
  const recipient = copy ? briefing.distribution.find((d) => d.copy === copy) : undefined;
  const css =
    pageCss(model.paper, furniture, { marking: op.marking, caveat: markingText(op).caveat, title: op.name, version: briefing.version, copy }) +
    `\n@page map { size: ${mapPaper(model.paper) === 'a3-landscape' ? 'A3' : 'A4'} landscape; }`;
  const sections = SECTION_KEYS.map((k) => ({ key: k, title: sectionTitle(k, briefing.hLabel) }));
  const contents = [
    ...sections.map((s, i) => `${i + 1}. ${s.title}`),
    'Command chart',
    'Phase timeline',
    'Deployment matrix',
    `Maps (${model.frames.length})`,
    'Annex A: Key locations',
    'Annex B: Legal authorities',
    'Annex C: Talkgroups by unit',
    'Annex D: Distribution list',
    DECISION_ANNEX_TITLE,
  ];
  return (
    <div className="pack" data-testid="brief-pack" data-paper={model.paper}>
      {/* The page rule is computed CSS text, not markup: the marking is a fixed word, the caveat escaped in pageCss. */}
      <style>{css}</style>
      {furniture === 'css' && (
        <div className="screen-furniture" aria-hidden="true">
          {op.marking}
        </div>
      )}
      <section className="pack-page cover" data-testid="pack-cover">
        <div className="cover-marking">{op.marking}</div>
        {markingText(op).caveat && <div className="cover-caveat">{markingText(op).caveat}</div>}
        <h1>{op.name}</h1>
        <p className="cover-sub">Operational order and briefing pack (IIMARCH)</p>
        <table className="cover-table">
          <tbody>
            <tr>
              <th>Operation type</th>
              <td>{OPERATION_TYPES[op.type]}</td>
            </tr>
            <tr>
              <th>Date</th>
              <td>
                {formatDateTime(op.startsAt)} to {formatDateTime(op.endsAt)}
              </td>
            </tr>
            <tr>
              <th>Version</th>
              <td data-testid="pack-version">{briefing.version}</td>
            </tr>
            <tr>
              <th>Status</th>
              <td>{op.status}</td>
            </tr>
            <tr>
              <th>Protective marking</th>
              <td>{op.marking}</td>
            </tr>
            <tr>
              <th>Copy number</th>
              <td data-testid="pack-copy">
                {copy ? `Copy ${copy} of ${Math.max(copy, briefing.distribution.length)}` : 'Uncontrolled copy'}
                {recipient ? ` (${recipient.recipient}${recipient.role ? `, ${recipient.role}` : ''})` : ''}
              </td>
            </tr>
            <tr>
              <th>Gold</th>
              <td>{[briefing.gold.name, briefing.gold.callSign].filter(Boolean).join(' · ') || 'Not set'}</td>
            </tr>
            <tr>
              <th>Silver</th>
              <td>{[briefing.silver.name, briefing.silver.callSign].filter(Boolean).join(' · ') || 'Not set'}</td>
            </tr>
            <tr>
              <th>Produced</th>
              <td>{formatDateTime(producedAt)}</td>
            </tr>
          </tbody>
        </table>
        <p className="small">
          This document is {op.marking}. Handle, store and return it as its marking requires. Return by:{' '}
          {recipient?.returnBy ? formatDate(recipient.returnBy) : 'see distribution list'}.
        </p>
      </section>

      <section className="pack-page" data-testid="pack-contents">
        <h2>Contents</h2>
        <ul className="contents">
          {contents.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      </section>

      <section className="pack-page">
        {sections.map((s, i) => (
          <div key={s.key} className="iimarch" data-testid={`pack-section-${s.key}`}>
            <h2>
              {i + 1}. {s.title}
            </h2>
            {s.key === 'intent' && op.goldStrategy && (
              <>
                <h3>Gold strategy</h3>
                <p className="pre">{op.goldStrategy}</p>
              </>
            )}
            {s.key === 'method' && op.silverPlan && (
              <>
                <h3>Silver's tactical plan</h3>
                <p className="pre">{op.silverPlan}</p>
              </>
            )}
            <Blocks blocks={briefing.sections[s.key]} />
            {briefing.sections[s.key].length === 0 && !(s.key === 'intent' && op.goldStrategy) && !(s.key === 'method' && op.silverPlan) && (
              <p className="muted-print">Nil.</p>
            )}
            {s.key === 'risk' && (
              <>
                <h3>Risk register</h3>
                <Table
                  testId="pack-risks"
                  head={['Hazard', 'Likelihood', 'Impact', 'Controls', 'Owner']}
                  rows={briefing.risks.map((r) => [r.hazard, r.likelihood, r.impact, <span className="pre">{r.controls}</span>, r.owner])}
                />
              </>
            )}
            {s.key === 'communications' && (
              <>
                <h3>Talkgroups by Bronze</h3>
                <Table head={['Bronze', 'Sectors', 'Talkgroups']} rows={model.talkgroups.byBronze.map((t) => [t.bronze, t.sectors, t.talkgroups.join(', ')])} />
                <p className="small">Talkgroups for every unit: Annex C.</p>
              </>
            )}
            {s.key === 'humanRights' && model.authorities.length > 0 && (
              <>
                <h3>Legal authorities</h3>
                <p className="small">Full table: Annex B.</p>
              </>
            )}
          </div>
        ))}
      </section>

      <section className="pack-page" data-testid="pack-command">
        <h2>Command chart</h2>
        <div className="chart">
          <div className="chart-box gold">
            <strong>GOLD</strong>
            <span>{briefing.gold.name || '—'}</span>
            <span>{briefing.gold.callSign}</span>
          </div>
          <div className="chart-box silver">
            <strong>SILVER</strong>
            <span>{briefing.silver.name || '—'}</span>
            <span>{briefing.silver.callSign}</span>
          </div>
          <div className="chart-bronzes">
            {model.chart.bronzes.map((b) => (
              <div key={b.name} className="chart-box bronze">
                <strong>{b.name}</strong>
                {b.callSign && <span>Call sign {b.callSign}</span>}
                {b.sectors.length > 0 && <span>{b.sectors.join(', ')}</span>}
                <span>
                  {b.units.length} {b.units.length === 1 ? 'unit' : 'units'} · {describeHeadcount(b.headcount)}
                </span>
              </div>
            ))}
          </div>
        </div>
        <h2>Phase timeline</h2>
        <div className="timeline-print">
          {model.phases.map((p) => (
            <div key={p.name} className="timeline-row">
              <span className="timeline-name">{p.name}</span>
              <span className="timeline-track">
                <span className="timeline-bar" style={{ left: `${p.offset * 100}%`, width: `${Math.max(0.5, p.width * 100)}%` }} />
              </span>
              <span className="timeline-times">
                {p.starts} to {p.ends} · {p.units} units
              </span>
            </div>
          ))}
        </div>
      </section>

      <section className="pack-page" data-testid="pack-deployment">
        <h2>Deployment matrix</h2>
        <Table
          className="dense"
          testId="pack-matrix"
          head={['Call sign', 'Type', 'Phase', 'Post', 'Grid ref', 'Time', 'Bronze', 'Posture', 'Talkgroup']}
          rows={model.matrix.map((r) => [
            r.callSign,
            r.unitType,
            r.phase,
            r.post,
            <span className="gridref">{r.gridRef}</span>,
            <span className="nowrap">{r.time}</span>,
            r.bronze,
            r.posture ? POSTURE_LABELS[r.posture] : '',
            r.talkgroup,
          ])}
        />
      </section>

      {model.frames.map((f, i) => (
        <MapPage key={f.key} model={model} frame={f} image={maps.get(f.key)} attribution={attribution} index={i} />
      ))}

      <section className="pack-page" data-testid="pack-locations">
        <h2>Annex A: Key locations</h2>
        <Table
          head={['Name', 'Type', 'Grid reference', 'Bronze', 'Notes']}
          rows={model.locations.map((l) => [l.name, l.type, <span className="gridref">{l.gridRef}</span>, l.bronze, l.notes])}
        />
        <h2>Annex B: Legal authorities</h2>
        <Table
          testId="pack-authorities"
          head={['Area', 'Power', 'Authorising officer', 'Starts', 'Expires', 'Grid reference']}
          rows={model.authorities.map((a) => [
            a.name,
            a.power,
            a.authorisingOfficer || 'NOT SET',
            a.starts,
            <strong>{a.expires}</strong>,
            <span className="gridref">{a.gridRef}</span>,
          ])}
        />
        <h3>Powers register</h3>
        {model.powers.length === 0 && <p className="muted-print">Nil.</p>}
        {model.powers.length > 0 && (
          <Table
            testId="pack-powers"
            head={['Power', 'Authorised by', 'Grounds (summary)', 'Area', 'Times and extensions', 'Status']}
            rows={model.powers.map((p) => [
              p.power,
              p.authoriser,
              p.grounds,
              <span className="gridref">{p.area}</span>,
              <>
                {p.times}
                {p.extensions.map((e) => (
                  <div key={e}>{e}</div>
                ))}
              </>,
              p.status,
            ])}
          />
        )}
      </section>
      <section className="pack-page">
        <h2>Annex C: Talkgroups by unit</h2>
        <Table
          className="dense"
          head={['Call sign', 'Type', 'Talkgroup', 'Bronze']}
          rows={model.talkgroups.byUnit.map((u) => [u.callSign, u.unitType, u.talkgroup, u.bronze])}
        />
        <h2>Annex D: Distribution list</h2>
        <Table
          testId="pack-distribution"
          head={['Copy', 'Recipient', 'Role', 'Return by']}
          rows={[...briefing.distribution]
            .sort((a, b) => a.copy - b.copy)
            .map((d) => [String(d.copy), d.recipient, d.role, d.returnBy ? formatDate(d.returnBy) : 'Not required'])}
        />
      </section>
      <DecisionAnnexPage annex={decisions} />
    </div>
  );
}
