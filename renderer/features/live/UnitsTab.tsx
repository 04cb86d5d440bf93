/** Which units to show (type, status, sector), trails, counts by freshness, and search by call sign. */
import { useId, useMemo, useState, type ReactNode } from 'react';
import type { Phase } from '../../../shared/domain';
import { LIVE_STATUSES, type LiveStatus } from '../../../shared/protocol';
import { Section } from '../../app/fields';
import { STATUS_LABELS, typeLabel } from '../../map/live/liveSymbology';
import type { TrailMode } from '../../map/live/LiveLayers';
import type { UnitFeed } from '../../../shared/live/liveUnit';
import { isFiltering, NO_FILTER, searchCallSigns, toggle, unitMatches, type LiveFilter } from '../../../shared/live/filters';
import { FRESHNESS, FRESHNESS_LABELS, freshnessOf, type Freshness } from '../../../shared/live/freshness';
import type { LiveUnit } from '../../../shared/live/liveUnit';
import { sectorAt, type SectorArea } from './planContext';

interface Props {
  feed: UnitFeed;
  tick: number;
  clock: () => number;
  filter: LiveFilter;
  onFilter: (f: LiveFilter) => void;
  sectors: readonly SectorArea[];
  onSelect: (id: string) => void;
  onFollow: (id: string) => void;
  trailMode: TrailMode;
  onTrailMode: (m: TrailMode) => void;
  trailMinutes: number;
  onTrailMinutes: (m: number) => void;
  operationInput: string;
  onOperation: (id: string) => void;
  /** Chooses the operation to watch from the server's list (versions/OperationPicker). */
  operationPicker: ReactNode;
  /** The operation open on this workstation, when it is not the one watched. */
  localOperation: { id: string; name: string } | null;
  phases: readonly Phase[];
  phaseChoice: string;
  onPhaseChoice: (choice: string) => void;
}

export function UnitsTab(p: Props) {
  const ids = { search: useId(), searchHint: useId(), sector: useId(), trails: useId(), minutes: useId(), phase: useId() };
  const [query, setQuery] = useState('');
  /** The query Enter found nothing for, said aloud in a status line. */
  const [noMatch, setNoMatch] = useState<string | null>(null);
  const { feed, tick, clock, filter, sectors } = p;

  const { types, counts, shown } = useMemo(() => {
    void tick;
    const now = clock();
    const types = new Set<string>();
    const counts: Record<Freshness, number> = { fresh: 0, late: 0, lost: 0, expired: 0 };
    let shown = 0;
    for (const u of feed.units.values()) {
      types.add(u.type);
      if (!unitMatches(u, filter.sectorId ? sectorAt(u.lon, u.lat, sectors) : '', filter)) continue;
      shown++;
      counts[freshnessOf(u, now)]++;
    }
    return { types: [...types].sort(), counts, shown };
  }, [feed, tick, clock, filter, sectors]);

  const results = useMemo<LiveUnit[]>(() => {
    void tick;
    return searchCallSigns(feed.units.values(), query, 12);
  }, [feed, query, tick]);

  return (
    <>
      <Section title="Operation">
        {p.operationPicker}
        {p.localOperation && (
          <button className="btn" style={{ marginBottom: 8 }} onClick={() => p.onOperation(p.localOperation!.id)}>
            Watch {p.localOperation.name} (open here)
          </button>
        )}
        <div className="field">
          <label htmlFor={ids.phase}>Plan phase on the map and for assignments</label>
          <select id={ids.phase} value={p.phaseChoice} onChange={(e) => p.onPhaseChoice(e.target.value)}>
            <option value="running">The running phase (by the clock)</option>
            <option value="all">All phases</option>
            {p.phases.map((ph) => (
              <option key={ph.id} value={ph.id}>
                {ph.name}
              </option>
            ))}
          </select>
        </div>
      </Section>
      <Section title="Find a unit">
        <div className="field">
          <label htmlFor={ids.search}>Call sign</label>
          <input
            id={ids.search}
            type="search"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setNoMatch(null);
            }}
            // Enter takes the first match, as a controller expects of a search box; with none it says so.
            onKeyDown={(e) => {
              if (e.key !== 'Enter' || !query.trim()) return;
              e.preventDefault();
              const first = results[0];
              if (first) p.onSelect(first.id);
              setNoMatch(first ? null : query.trim());
            }}
            placeholder="e.g. U101"
            data-testid="live-search"
            autoComplete="off"
            aria-describedby={ids.searchHint}
          />
          <span id={ids.searchHint} className="muted" style={{ fontSize: 12 }}>
            Enter selects the first match.
          </span>
        </div>
        <p role="status" className="warning" data-testid="live-search-status" style={{ margin: noMatch ? '0 0 6px' : 0 }}>
          {noMatch ? `No unit matches “${noMatch}”.` : ''}
        </p>
        {query.trim() && (
          <ul className="list" data-testid="live-search-results" aria-label="Matching units">
            {results.map((u) => (
              <li key={u.id} className="row">
                <button className="item" onClick={() => p.onSelect(u.id)}>
                  <strong>{u.callSign}</strong>
                  <span className="muted">{typeLabel(u.type)}</span>
                </button>
                <button className="btn" style={{ flex: 'none' }} onClick={() => p.onFollow(u.id)} aria-label={`Follow ${u.callSign}`}>
                  Follow
                </button>
              </li>
            ))}
            {results.length === 0 && <li className="muted">No unit with that call sign.</li>}
          </ul>
        )}
      </Section>
      <Section title={`Shown: ${shown} of ${feed.units.size} units`}>
        <div className="fresh-counts" data-testid="freshness-counts" aria-label="Shown units by how recently they were heard from">
          {FRESHNESS.map((f) => (
            <div key={f}>
              <strong>{counts[f]}</strong>
              {FRESHNESS_LABELS[f]}
            </div>
          ))}
        </div>
      </Section>
      <Section title="Filter">
        <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend className="label">Status</legend>
          <div className="check-grid">
            {LIVE_STATUSES.map((s) => (
              <label key={s} className="checkline">
                <input
                  type="checkbox"
                  checked={filter.statuses === null || filter.statuses.includes(s)}
                  onChange={() => p.onFilter({ ...filter, statuses: toggle<LiveStatus>(filter.statuses, s, LIVE_STATUSES) })}
                />
                {STATUS_LABELS[s]}
              </label>
            ))}
          </div>
        </fieldset>
        {types.length > 0 && (
          <fieldset className="field" style={{ border: 0, padding: 0, margin: '8px 0 0' }}>
            <legend className="label">Type</legend>
            <div className="check-grid">
              {types.map((t) => (
                <label key={t} className="checkline">
                  <input
                    type="checkbox"
                    checked={filter.types === null || filter.types.includes(t)}
                    onChange={() => p.onFilter({ ...filter, types: toggle(filter.types, t, types) })}
                  />
                  {typeLabel(t)}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <div className="field" style={{ marginTop: 8 }}>
          <label htmlFor={ids.sector}>Sector</label>
          <select
            id={ids.sector}
            value={filter.sectorId ?? ''}
            onChange={(e) => p.onFilter({ ...filter, sectorId: e.target.value || null })}
            data-testid="live-sector-filter"
          >
            <option value="">Anywhere</option>
            {sectors.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <button className="btn" onClick={() => p.onFilter(NO_FILTER)} disabled={!isFiltering(filter)}>
          Show all units
        </button>
      </Section>
      <Section title="Trails">
        <div className="row">
          <div className="field">
            <label htmlFor={ids.trails}>Draw trails for</label>
            <select id={ids.trails} value={p.trailMode} onChange={(e) => p.onTrailMode(e.target.value as TrailMode)}>
              <option value="off">No units</option>
              <option value="selected">The selected unit</option>
              <option value="all">Units in view</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.minutes}>Over the last</label>
            <select id={ids.minutes} value={p.trailMinutes} onChange={(e) => p.onTrailMinutes(Number(e.target.value))}>
              {[2, 5, 10, 30].map((m) => (
                <option key={m} value={m}>
                  {m} minutes
                </option>
              ))}
            </select>
          </div>
        </div>
      </Section>
    </>
  );
}
