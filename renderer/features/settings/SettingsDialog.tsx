/**
 * Settings: the basemap (shipped world map, a local PMTiles file, or an online style), theme, default pace, and the
 * command server (address, user name, and the token, which is kept apart as a secret: serverToken.ts).
 */
import { useEffect, useId, useState } from 'react';
import { Dialog } from '../../app/ui';
import { platform } from '../../platform';
import { loadRuntimeConfig } from '../../platform/runtimeConfig';
import { forgetServerToken, readServerToken, writeServerToken } from './serverToken';
import { BasemapSetting, ServerSetting, type Settings } from './settings';
import { effectiveServer } from './useServerLink';

type BasemapChoice = 'default' | 'world' | 'file' | 'online';

const choiceOf = (basemap: BasemapSetting): BasemapChoice => (basemap.kind === 'pmtiles' || basemap.kind === 'mbtiles' ? 'file' : basemap.kind);

/** What the default street map is on this run, for its label: the archive found at start-up, or none. */
function useDefaultBasemapName(): string | null | undefined {
  const [name, setName] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    let current = true;
    void loadRuntimeConfig().then(({ config }) => {
      const archives = config.defaultBasemap?.archives ?? [];
      if (current) setName(archives[archives.length - 1]?.name ?? null);
    });
    return () => {
      current = false;
    };
  }, []);
  return name;
}

export function SettingsDialog({ settings, onChange, onClose }: { settings: Settings; onChange: (s: Settings) => void; onClose: () => void }) {
  const [kind, setKind] = useState<BasemapChoice>(choiceOf(settings.basemap));
  const file = settings.basemap.kind === 'pmtiles' || settings.basemap.kind === 'mbtiles' ? settings.basemap : null;
  const [fileUrl, setFileUrl] = useState(file?.url ?? '');
  const [fileName, setFileName] = useState(file?.name ?? '');
  const [fileFormat, setFileFormat] = useState<'pmtiles' | 'mbtiles'>(settings.basemap.kind === 'mbtiles' ? 'mbtiles' : 'pmtiles');
  const [styleUrl, setStyleUrl] = useState(settings.basemap.kind === 'online' ? settings.basemap.styleUrl : '');
  const [error, setError] = useState<string | null>(null);
  const ids = { pm: useId(), style: useId(), theme: useId(), pace: useId() };
  const defaultName = useDefaultBasemapName();

  const applyBasemap = () => {
    const url = fileUrl.trim();
    const candidate = kind === 'file' ? { kind: fileFormat, url, name: fileName || url } : kind === 'online' ? { kind, styleUrl: styleUrl.trim() } : { kind };
    const parsed = BasemapSetting.safeParse(candidate);
    if (!parsed.success) {
      setError(
        kind === 'online' ? 'Enter a full http(s) URL of a MapLibre style JSON.' : 'Choose a PMTiles or MBTiles file, or enter the URL of a PMTiles file.',
      );
      return;
    }
    setError(null);
    onChange({ ...settings, basemap: parsed.data });
  };

  const pickFile = async () => {
    const picked = await platform.pickPmtiles();
    if (!picked.ok) return setError(picked.error);
    if (picked.value) {
      setFileUrl(picked.value.url);
      setFileName(picked.value.name);
      setFileFormat(picked.value.format);
    }
  };

  return (
    <Dialog title="Settings" onClose={onClose}>
      <fieldset className="field" style={{ border: '1px solid var(--border)', borderRadius: 4, padding: 10 }}>
        <legend>Basemap</legend>
        <label className="row" style={{ justifyContent: 'start' }}>
          <input
            type="radio"
            name="basemap"
            checked={kind === 'default'}
            onChange={() => setKind('default')}
            style={{ flex: 'none' }}
            data-testid="basemap-default"
          />
          <span>
            Default street map{defaultName ? ` (${defaultName}, offline)` : defaultName === null ? ' (none was found at start-up: the world map is shown)' : ''}
          </span>
        </label>
        <label className="row" style={{ justifyContent: 'start' }}>
          <input type="radio" name="basemap" checked={kind === 'world'} onChange={() => setKind('world')} style={{ flex: 'none' }} />
          <span>World map (offline, ships with Cordon; Natural Earth)</span>
        </label>
        <label className="row">
          <input type="radio" name="basemap" checked={kind === 'file'} onChange={() => setKind('file')} style={{ flex: 'none' }} data-testid="basemap-file" />
          <span>Local street map: a PMTiles{platform.canPickLocalFiles ? ' or MBTiles' : ''} vector archive (OpenMapTiles or Protomaps schema)</span>
        </label>
        {kind === 'file' && (
          <div className="field" style={{ marginLeft: 24 }}>
            <label htmlFor={ids.pm}>{platform.canPickLocalFiles ? 'File' : 'PMTiles URL (web mode reads the file over HTTP)'}</label>
            <div className="row">
              <input
                id={ids.pm}
                data-testid="pmtiles-url"
                value={fileUrl}
                onChange={(e) => {
                  // A typed URL is a PMTiles archive read by range; MBTiles comes only from the desktop file picker.
                  setFileUrl(e.target.value);
                  setFileName('');
                  setFileFormat('pmtiles');
                }}
                placeholder="/data/central-london.pmtiles"
              />
              {platform.canPickLocalFiles && (
                <button className="btn" style={{ flex: 'none' }} onClick={() => void pickFile()}>
                  Choose file…
                </button>
              )}
            </div>
          </div>
        )}
        <label className="row">
          <input
            type="radio"
            name="basemap"
            checked={kind === 'online'}
            onChange={() => setKind('online')}
            style={{ flex: 'none' }}
            data-testid="basemap-online"
          />
          <span>Online style URL (e.g. Ordnance Survey or OpenStreetMap vector style)</span>
        </label>
        {kind === 'online' && (
          <div className="field" style={{ marginLeft: 24 }}>
            <label htmlFor={ids.style}>Style URL</label>
            <input id={ids.style} data-testid="style-url" value={styleUrl} onChange={(e) => setStyleUrl(e.target.value)} placeholder="https://…/style.json" />
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
      <ServerSection settings={settings} onChange={onChange} />
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

/** What Settings knows of the saved token of the server in use: loading, saved or not, or why it could not be read. */
type TokenStatus = { kind: 'loading' } | { kind: 'read'; saved: boolean; problem: string | null };

function ServerSection({ settings, onChange }: { settings: Settings; onChange: (s: Settings) => void }) {
  const ids = { url: useId(), user: useId(), token: useId() };
  const [url, setUrl] = useState(settings.server.url);
  const [auto, setAuto] = useState(settings.server.auto);
  const [startedUrl, setStartedUrl] = useState<string | null>(null);
  const [userName, setUserName] = useState(settings.server.userName);
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<TokenStatus>({ kind: 'loading' });

  // The server `npm start` started, if any: "auto" connects there (it may not be on the default port).
  useEffect(() => {
    let current = true;
    void loadRuntimeConfig().then(({ config }) => current && setStartedUrl(config.serverUrl ?? null));
    return () => {
      current = false;
    };
  }, []);
  const inUse = effectiveServer(settings.server, startedUrl ? { serverUrl: startedUrl } : {}).url;

  // The token status of the server in use (re-read whenever Settings applies a server, so after a save too).
  useEffect(() => {
    let current = true;
    void readServerToken(inUse).then((read) => {
      if (current) setStatus({ kind: 'read', saved: read.saved, problem: read.problem });
    });
    return () => {
      current = false;
    };
  }, [settings.server, inUse]);

  const apply = async () => {
    setSaved(false);
    const parsed = ServerSetting.safeParse({ url: url.trim(), userName, auto: auto && startedUrl !== null });
    if (!parsed.success) return setError('Enter the full http(s) address of the command server, e.g. http://127.0.0.1:4870.');
    if (token) {
      setBusy(true);
      const problem = await writeServerToken(effectiveServer(parsed.data, startedUrl ? { serverUrl: startedUrl } : {}).url, token);
      setBusy(false);
      if (problem) return setError(problem);
      setToken('');
    }
    setError(null);
    setSaved(true);
    // A new object even when only the token changed, so the Live workspace reads it again and reconnects with it.
    onChange({ ...settings, server: { ...parsed.data } });
  };

  const forget = async () => {
    setSaved(false);
    setBusy(true);
    const problem = await forgetServerToken(inUse);
    setBusy(false);
    if (problem) return setError(problem);
    setError(null);
    onChange({ ...settings, server: { ...settings.server } });
  };

  const encrypted = platform.tokenStorage === 'encrypted';
  const tokenLabel =
    status.kind === 'loading'
      ? ''
      : status.saved
        ? encrypted
          ? '(a token is saved for this server)'
          : '(a token is set for this server, this session)'
        : '(now: the development server token)';

  return (
    <fieldset className="field" style={{ border: '1px solid var(--border)', borderRadius: 4, padding: 10 }}>
      <legend>Command server (Live workspace)</legend>
      {startedUrl && (
        <label className="row" style={{ justifyContent: 'start' }}>
          <input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} style={{ flex: 'none' }} data-testid="server-auto" />
          <span>The server Cordon was started with ({startedUrl})</span>
        </label>
      )}
      <div className="row">
        <div className="field">
          <label htmlFor={ids.url}>Address</label>
          <input
            id={ids.url}
            value={auto && startedUrl ? startedUrl : url}
            disabled={auto && startedUrl !== null}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="http://127.0.0.1:4870"
            data-testid="server-url"
          />
        </div>
        <div className="field">
          <label htmlFor={ids.user}>Your name (shown on acknowledgements)</label>
          <input id={ids.user} value={userName} onChange={(e) => setUserName(e.target.value)} placeholder="e.g. Insp Smith" data-testid="server-user" />
        </div>
      </div>
      <div className="field">
        <label htmlFor={ids.token}>Token {tokenLabel}</label>
        <input
          id={ids.token}
          type="password"
          autoComplete="off"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          placeholder="Leave empty to keep the current token"
          data-testid="server-token"
        />
        <span className="muted" style={{ fontSize: 12 }}>
          {encrypted
            ? 'Kept per server by Cordon, encrypted with the system keychain; never in saved settings.'
            : 'Kept per server for this window only (session storage), never in saved settings.'}
        </span>
        {status.kind === 'read' && status.problem && (
          <p className="error-text" role="alert" data-testid="server-token-problem">
            {status.problem}
          </p>
        )}
        {status.kind === 'read' && status.saved && (
          <button className="btn" style={{ alignSelf: 'start' }} disabled={busy} onClick={() => void forget()} data-testid="forget-server-token">
            Forget the saved token
          </button>
        )}
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {saved && !error && (
        <p className="ok-text" role="status">
          Saved: the Live workspace reconnects.
        </p>
      )}
      <button className="btn primary" disabled={busy} onClick={() => void apply()} data-testid="apply-server">
        Use this server
      </button>
    </fieldset>
  );
}
