/**
 * The last line of defence: an error nothing else caught (thrown while rendering or inside an effect) would leave
 * React with nothing to show, a blank window in front of a control room. Instead say what happened, that the plans
 * are safe (they live in IndexedDB, written transaction by transaction), and offer to reload.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

export class CrashScreen extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Cordon: unexpected error', error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="dialog-backdrop" data-testid="crash-screen">
        <div className="dialog" role="alertdialog" aria-labelledby="crash-title" aria-describedby="crash-detail">
          <h2 id="crash-title">Cordon stopped this screen after an unexpected error</h2>
          <p id="crash-detail">
            Everything you saved is kept on this workstation; changes waiting for the server are kept too and go when you are back. Reload to carry on.
          </p>
          <p className="error-text">
            <code>{error.message}</code>
          </p>
          <div className="actions">
            <button className="btn primary" autoFocus onClick={() => window.location.reload()}>
              Reload Cordon
            </button>
          </div>
        </div>
      </div>
    );
  }
}
