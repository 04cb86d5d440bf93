/**
 * The command server to connect to, paired with its token. The token is read asynchronously (Electron asks the main
 * process), so this is null until the first read; after that a new server setting keeps the previous pair until the
 * new token is known. A server is therefore never sent another server's token, not even for a moment.
 * With `auto` (the default) the server is the one Cordon was started with, which may not be on the default port.
 */
import { useEffect, useRef, useState } from 'react';
import type { RuntimeConfig } from '../../../shared/ipc/contract';
import { loadRuntimeConfig } from '../../platform/runtimeConfig';
import { readServerToken } from './serverToken';
import { devSignIn } from '../account/devSignIn';
import type { ServerSetting } from './settings';

export interface ServerLink {
  server: ServerSetting;
  token: string;
}

/** The setting with the address actually used: the started server's when `auto` and one was started. */
export function effectiveServer(server: ServerSetting, config: RuntimeConfig): ServerSetting {
  return server.auto && config.serverUrl ? { ...server, url: config.serverUrl } : server;
}

export function useServerLink(server: ServerSetting, report: (error: string) => void): ServerLink | null {
  const [link, setLink] = useState<ServerLink | null>(null);
  const reportRef = useRef(report);
  useEffect(() => {
    reportRef.current = report;
  }, [report]);

  // Keyed on the setting object: Settings passes a new one whenever the token (or anything else) is applied.
  useEffect(() => {
    let current = true;
    void (async () => {
      const runtime = server.auto ? await loadRuntimeConfig() : { config: {}, problem: null };
      const effective = effectiveServer(server, runtime.config);
      const read = await readServerToken(effective.url, undefined, { autoSignIn: devSignIn });
      if (!current) return;
      if (read.problem) reportRef.current(read.problem);
      setLink({ server: effective, token: read.token });
    })();
    return () => {
      current = false;
    };
  }, [server]);

  return link;
}
