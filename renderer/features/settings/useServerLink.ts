/**
 * The command server to connect to, paired with its token. The token is read asynchronously (Electron asks the main
 * process), so this is null until the first read; after that a new server setting keeps the previous pair until the
 * new token is known. A server is therefore never sent another server's token, not even for a moment.
 */
import { useEffect, useRef, useState } from 'react';
import { readServerToken } from './serverToken';
import type { ServerSetting } from './settings';

export interface ServerLink {
  server: ServerSetting;
  token: string;
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
    void readServerToken(server.url).then((read) => {
      if (!current) return;
      if (read.problem) reportRef.current(read.problem);
      setLink({ server, token: read.token });
    });
    return () => {
      current = false;
    };
  }, [server]);

  return link;
}
