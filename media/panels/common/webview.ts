// The webview half of the panel protocol (src/panels/protocol.ts), shared by every panel
// script: state that survives hiding and window reloads, the ready handshake, posting.
import type { CommonHostMessage, EntityRef, PanelState, WebviewMessage } from '../../../src/panels/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

/** The entity this panel shows, written (escaped) into the HTML by the host. */
export const ref = JSON.parse(document.body.dataset.ref ?? 'null') as EntityRef;

/** The display language VS Code runs in. */
export const locale = document.body.dataset.locale || undefined;

export function post(message: WebviewMessage): void {
  vscode.postMessage(message);
}

export function getState<D>(): PanelState<D> {
  const saved = vscode.getState() as PanelState<D> | undefined;
  return { ...saved, ref };
}

/** Merges into the saved state; the ref always stays (the host restores panels from it). */
export function updateState<D>(patch: Partial<PanelState<D>>): void {
  vscode.setState({ ...getState<D>(), ...patch, ref });
}

export interface PanelScript<D> {
  /** Draws the data; called with saved data first (after a reload), then with each `show`. */
  render(data: D): void;
  /** Loading/error while the data on screen stays. */
  status?(loading: boolean, error: string | undefined): void;
  /** The kind's own host messages. */
  onMessage?(message: { type: string } & Record<string, unknown>): void;
}

/** Test builds only: answers the host's `reportRendered` with what the document and the saved state now hold. */
function reportRendered(): void {
  post({ type: 'rendered', html: document.getElementById('root')?.innerHTML ?? '', state: JSON.stringify(vscode.getState() ?? null) });
}

/**
 * Starts a panel: draws what was saved (so a restored panel has content before the host
 * answers), listens to the host, then says `ready`.
 */
export function start<D>(script: PanelScript<D>): void {
  const saved = getState<D>();
  if (saved.data !== undefined) script.render(saved.data);
  window.addEventListener('message', (event: MessageEvent) => {
    const message = event.data as CommonHostMessage<D> | ({ type: string } & Record<string, unknown>);
    if (typeof message !== 'object' || message === null || typeof message.type !== 'string') return;
    if (message.type === 'show') {
      const data = (message as { data: D }).data;
      updateState<D>({ data });
      script.render(data);
    } else if (HIVER_TEST_HOOKS && message.type === 'reportRendered') {
      reportRendered();
    } else if (message.type === 'status') {
      const status = message as { loading: boolean; error?: string };
      script.status?.(status.loading === true, typeof status.error === 'string' ? status.error : undefined);
    } else {
      script.onMessage?.(message);
    }
  });
  post({ type: 'ready' });
}
