/**
 * Help > About: the version, where the open-source licence notices are, and whom the maps credit. The credits follow
 * the basemap chosen in Settings; the map's own attribution control names an archive's exact wording.
 */
import { useEffect, useState } from 'react';
import { Dialog } from '../ui';
import { platform } from '../../platform';
import type { BasemapSetting } from '../../features/settings/settings';
import { OSM_ATTRIBUTION } from '../../map/styles/openMapTilesStyle';
import { NATURAL_EARTH_ATTRIBUTION } from '../../map/styles/worldStyle';

export function basemapCredits(basemap: BasemapSetting): string[] {
  switch (basemap.kind) {
    case 'world':
      return [`World map: ${NATURAL_EARTH_ATTRIBUTION} (public domain).`];
    case 'online':
      return [
        `Street map: as credited by the provider of ${new URL(basemap.styleUrl).host} in the map's corner.`,
        `Fallback world map: ${NATURAL_EARTH_ATTRIBUTION}.`,
      ];
    default:
      return [
        `Street map: ${OSM_ATTRIBUTION}, licensed under the Open Database License (ODbL).`,
        `Fallback world map: ${NATURAL_EARTH_ATTRIBUTION} (public domain).`,
      ];
  }
}

export function AboutDialog({ basemap, onClose }: { basemap: BasemapSetting; onClose: () => void }) {
  const [info, setInfo] = useState<string>('…');
  useEffect(() => {
    let live = true;
    void platform.appInfo().then((r) => live && setInfo(r.ok ? `${r.value.version} (${r.value.platform === 'web' ? 'web mode' : r.value.platform})` : r.error));
    return () => {
      live = false;
    };
  }, []);
  return (
    <Dialog title="About Cordon" onClose={onClose}>
      <div className="about" data-testid="about-dialog">
        <p>Public order planning, control room and command briefing.</p>
        <dl>
          <dt>Version</dt>
          <dd data-testid="about-version">{info}</dd>
          <dt>Licence notices</dt>
          <dd>
            Cordon is built on open-source software (React, MapLibre GL JS, Dexie, socket.io, zod and others). Their licence notices ship with the desktop app
            (LICENSE.electron.txt and LICENSES.chromium.html beside the program) and, in the source, with each library under
            node_modules/&lt;library&gt;/LICENSE.
          </dd>
          <dt>Map data</dt>
          <dd data-testid="about-attribution">
            {basemapCredits(basemap).map((line) => (
              <span key={line} style={{ display: 'block' }}>
                {line}
              </span>
            ))}
          </dd>
        </dl>
      </div>
    </Dialog>
  );
}
