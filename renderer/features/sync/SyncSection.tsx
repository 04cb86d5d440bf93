/** The Plan's sync: the status line and its dialogs (share, open shared operation, conflicts), for the open operation. */
import { useState } from 'react';
import type { OperationBundle } from '../../../shared/domain';
import type { CordonDb } from '../../data';
import type { ServerSetting } from '../settings/settings';
import { ConflictPanel } from './ConflictPanel';
import { OpenSharedDialog } from './OpenSharedDialog';
import { ShareDialog } from './ShareDialog';
import { SyncBar } from './SyncBar';
import type { Sync } from './useSync';

interface Props {
  db: CordonDb;
  /** The open operation's sync, kept by the app shell so it runs in every workspace, not only while the Plan is shown. */
  sync: Sync;
  server: ServerSetting;
  bundle: OperationBundle | null;
  report: (e: string) => void;
  inform: (text: string) => void;
  /** Opens another operation (one just copied from the planning cell). */
  onOpenOperation?: (operationId: string) => void;
}

export function SyncSection({ db, sync, server, bundle, report, inform, onOpenOperation }: Props) {
  const [dialog, setDialog] = useState<'share' | 'open' | 'conflicts' | null>(null);
  return (
    <>
      <SyncBar sync={sync} onShare={() => setDialog('share')} onOpenShared={() => setDialog('open')} onConflicts={() => setDialog('conflicts')} />
      {dialog === 'share' && bundle && sync.link.serverUrl && (
        <ShareDialog
          bundle={bundle}
          serverUrl={sync.link.serverUrl}
          share={sync.share}
          onShared={() => inform(`${bundle.operation.name} is shared with the planning cell.`)}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'open' && (
        <OpenSharedDialog
          db={db}
          server={server}
          report={report}
          onOpened={(id, name) => {
            inform(`${name} is on this workstation now, shared with the planning cell.`);
            onOpenOperation?.(id);
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'conflicts' && (
        <ConflictPanel conflicts={sync.conflicts} bundle={bundle} me={sync.me} resolve={sync.resolve} onClose={() => setDialog(null)} />
      )}
    </>
  );
}
