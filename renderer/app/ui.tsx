/** Small shared UI pieces: a modal dialog with focus handling, and a message banner. */
import { useEffect, useRef, type ReactNode } from 'react';

export function Dialog({ title, onClose, children, actions }: { title: string; onClose: () => void; children: ReactNode; actions?: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>('input, select, textarea, button');
    first?.focus();
    return () => previous?.focus();
  }, []);
  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label={title} ref={ref}>
        <h2>{title}</h2>
        {children}
        <div className="actions">
          {actions ?? (
            <button className="btn" onClick={onClose}>
              Close
            </button>
          )}
        </div>
      </div>
    </div>
  );
}

export interface Message {
  kind: 'info' | 'error';
  text: string;
}

export function Toast({ message, onDismiss }: { message: Message; onDismiss: () => void }) {
  useEffect(() => {
    if (message.kind === 'error') return;
    const t = setTimeout(onDismiss, 6000);
    return () => clearTimeout(t);
  }, [message, onDismiss]);
  return (
    <div className={`toast ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="toast">
      <span>{message.text}</span>
      <button className="btn" onClick={onDismiss} aria-label="Dismiss message">
        ✕
      </button>
    </div>
  );
}
