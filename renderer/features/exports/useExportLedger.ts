/**
 * Keeps the export recorder told who is signed in, and drains the ledger to the audit trail whenever the account's
 * link is up: at sign-in, each time a file is made, each time the link (re)connects, and every 30 s.
 */
import { useEffect, useState } from 'react';
import type { CordonDb } from '../../data';
import { who } from '../account/accountApi';
import type { Account } from '../account/useAccount';
import { configureExportRecorder, ledgerState, onExportNoted, sendPendingExports, type LedgerState } from './exportRecorder';

const RETRY_MS = 30_000;

export function useExportLedger(db: CordonDb, account: Account): LedgerState {
  const [state, setState] = useState<LedgerState>({ waiting: 0, refused: 0, lastRefusal: null });
  const user = account.state.kind === 'signedIn' ? account.state.user : null;
  const userId = user?.id ?? null;
  const label = user ? who(user) : null;

  useEffect(() => {
    configureExportRecorder(db, userId && label ? { userId, label } : null);
  }, [db, userId, label]);

  const link = account.link;
  useEffect(() => {
    let live = true;
    let sending = false;
    let again = false;
    const drain = async () => {
      if (sending) {
        again = true;
        return;
      }
      sending = true;
      try {
        do {
          again = false;
          // The count first (a send can wait on a slow server), then what the send left.
          const waiting = await ledgerState(db);
          if (live) setState((s) => ({ ...waiting, lastRefusal: s.lastRefusal }));
          if (!link) continue;
          const next = await sendPendingExports(db, link);
          if (live) setState((s) => ({ ...next, lastRefusal: next.lastRefusal ?? s.lastRefusal }));
        } while (again && live);
      } catch {
        // IndexedDB closing as the window goes: the notes are still there for the next start.
      } finally {
        sending = false;
      }
    };
    void drain();
    const off = onExportNoted(() => void drain());
    // The server back after an outage (the link reconnects by itself): send what waited at once, not at the next beat.
    const offConnected = link?.onConnected(() => void drain());
    const timer = setInterval(() => void drain(), RETRY_MS);
    return () => {
      live = false;
      off();
      offConnected?.();
      clearInterval(timer);
    };
  }, [db, link]);

  return state;
}
