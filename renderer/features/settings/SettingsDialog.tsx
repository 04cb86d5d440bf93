/** Settings: the basemap (shipped world map, a local PMTiles file, or an online style), theme and default pace. */
import { useId, useState } from 'react';
import { Dialog } from '../../app/ui';
import { platform } from '../../platform';
import { BasemapSetting, type Settings } from './settings';

export function SettingsDialog({ settings, onChange, onClose }: { settings: Settings; onChange: (s: Settings) => void; onClose: () => void }) {
  const [kind, setKind] = useState(settings.basemap.kind);
  const [pmtilesUrl, setPmtilesUrl] = useState(settings.basemap.kind === 'pmtiles' ? settings.basemap.url : '');
  const [pmtilesName, setPmtilesName] = useState(settings.basemap.kind === 'pmtiles' ? settings.basemap.name : '');
  const [styleUrl, setStyleUrl] = useState(settings.basemap.kind === 'online' ? settings.basemap.styleUrl : '');
  const [error, setError] = useState<string | null>(null);
  const ids = { pm: useId(), style: useId(), theme: useId(), pace: useId() };

  const applyBasemap = () => {
    const candidate = kind === 'world' ? { kind } : kind === 'pmtiles' ? { kind, url: pmtilesUrl.trim(), name: pmtilesName || pmtilesUrl.trim() } : { kind, styleUrl: styleUrl.trim() };
    const parsed = BasemapSetting.safeParse(candidate);
    if (!parsed.success) {
      setError(kind === 'online' ? 'Enter a full http(s) URL of a MapLibre style JSON.' : 'Choose a PMTiles file or enter its URL.');
      return;
    }
    setError(null);
    onChange({ ...settings, basemap: parsed.data });
  };

  const pickFile = async () => {
    const picked = await platform.pickPmtiles();
    if (!picked.ok) return setError(picked.error);
    if (picked.value) {
      setPmtilesUrl(picked.value.url);
      setPmtilesName(picked.value.name);
    }
  };

  return (
    <Dialog title="Settings" onClose={onClose}>
      <fieldset className="field" style={{ border: '1px solid var(--border)', borderRadius: 4, padding: 10 }}>
        <legend>Basemap</legend>
        <label className="row" style={{ justifyContent: 'start' }}>
          <input type="radio" name="basemap" checked={kind === 'world'} onChange={() => setKind('world')} style={{ flex: 'none' }} />
          <span>World map (offline, ships with Cordon; Natural Earth)</span>
        </label>
        <label className="row">
          <input type="radio" name="basemap" checked={kind === 'pmtiles'} onChange={() => setKind('pmtiles')} style={{ flex: 'none' }} />
          <span>Local PMTiles street map (OpenMapTiles schema)</span>
        </label>
        {kind === 'pmtiles' && (
          <div className="field" style={{ marginLeft: 24 }}>
            <label htmlFor={ids.pm}>{platform.canPickLocalFiles ? 'File' : 'PMTiles URL (web mode reads the file over HTTP)'}</label>
            <div className="row">
              <input id={ids.pm} data-testid="pmtiles-url" value={pmtilesUrl} onChange={(e) => setPmtilesUrl(e.target.value)} placeholder="/data/central-london.pmtiles" />
              {platform.canPickLocalFiles && (
                <button className="btn" style={{ flex: 'none' }} onClick={() => void pickFile()}>
                  Choose file…
                </button>
              )}
            </div>
          </div>
        )}
        <label className="row">
          <input type="radio" name="basemap" checked={kind === 'online'} onChange={() => setKind('online')} style={{ flex: 'none' }} />
          <span>Online style URL (e.g. Ordnance Survey or OpenStreetMap vector style)</span>
        </label>
        {kind === 'online' && (
          <div className="field" style={{ marginLeft: 24 }}>
            <label htmlFor={ids.style}>Style URL</label>
            <input id={ids.style} value={styleUrl} onChange={(e) => setStyleUrl(e.target.value)} placeholder="https://…/style.json" />
          </div>
        )}
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <button className="btn primary" data-testid="apply-basemap" onClick={applyBasemap}>
          Use this basemap
        </button>
      </fieldset>
      <div className="row">
        <div className="field">
          <label htmlFor={ids.theme}>Theme</label>
          <select id={ids.theme} value={settings.theme} onChange={(e) => onChange({ ...settings, theme: e.target.value as Settings['theme'] })}>
            <option value="dark">Dark (control room)</option>
            <option value="light">Light</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.pace}>Default walking pace (km/h)</label>
          <input
            id={ids.pace}
            type="number"
            min={0.5}
            max={20}
            step={0.1}
            defaultValue={settings.defaultPaceKmh}
            onBlur={(e) => {
              const v = Number(e.target.value);
              if (v >= 0.5 && v <= 20) onChange({ ...settings, defaultPaceKmh: v });
            }}
          />
        </div>
      </div>
    </Dialog>
  );
}
