import * as vscode from 'vscode';
import type { HiverSession } from '../session';
import { describeError, isCancellation } from '../common/errors';
import { logger } from '../common/logger';
import { renderShell, webviewOptions } from './html';
import { PanelHost, PanelKind } from './panelKind';
import { openHiverLink } from '../conversations/openLink';
import { showError, showStatus } from '../common/notify';
import { CommonHostMessage, EntityRef, parseWebviewMessage } from './protocol';
import { labelText } from '../common/display';

/** A tab shows a name, not a paragraph: API names are cut (the panel's heading has the full text). */
export const tabTitle = (title: string): string => labelText(title, 60);

const log = logger('panels');

/**
 * The host side of one open panel: sets its HTML, answers the webview's `ready` with the
 * data, handles the common messages and passes the rest to its kind. Also keeps what it
 * sent (`html`, and in test builds `posted`) and asks the webview for its document
 * (`requestRendered`, test builds only: see src/testHooks.d.ts) for the tests.
 */
export class DetailPanel<R extends EntityRef = EntityRef, D = unknown> implements PanelHost<R, D> {
  data: D | undefined;
  /** The last HTML shell set on the webview. */
  html = '';
  /** Test builds only: every message posted to the webview, oldest first (the tests read it). */
  readonly posted: unknown[] = [];
  /** Test builds only: what the webview had saved with setState (JSON) at its last `rendered` answer. */
  savedState: string | undefined;
  loading: Promise<void> | undefined;
  /** Whether the running load reads from Hiver whatever the model holds (a Refresh). */
  private loadingFresh = false;
  error: string | undefined;

  private ready = false;
  private loadAbort: AbortController | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly rendered = new vscode.EventEmitter<string>();

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly ref: R,
    private readonly kind: PanelKind<R, D>,
    readonly session: HiverSession,
    private readonly extensionUri: vscode.Uri,
    previous?: unknown,
  ) {
    panel.webview.options = webviewOptions(extensionUri);
    // A tab icon is drawn as an image, where currentColor is black: one colour per theme kind.
    panel.iconPath = { light: vscode.Uri.joinPath(extensionUri, 'media', 'hiver-light.svg'), dark: vscode.Uri.joinPath(extensionUri, 'media', 'hiver-dark.svg') };
    this.disposables.push(
      this.rendered,
      panel.webview.onDidReceiveMessage((raw) => void this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
      session.model.onDidChange(() => this.refreshFromModel()),
    );
    const attached = kind.attach?.(this);
    if (attached) this.disposables.push(attached);
    this.setHtml();
    const held = this.peek();
    if (held !== undefined) this.show(held);
    else {
      this.loadingFresh = false;
      this.loading = this.load(false, previous);
    }
  }

  post(message: CommonHostMessage<D> | ({ type: string } & Record<string, unknown>)): Thenable<boolean> {
    if (!this.ready) return Promise.resolve(false);
    if (HIVER_TEST_HOOKS) this.posted.push(message);
    return this.panel.webview.postMessage(message);
  }

  show(data: D): void {
    this.data = data;
    this.error = undefined;
    this.panel.title = tabTitle(this.kind.title(this.ref, data));
    void this.post({ type: 'show', data });
  }

  reload(fresh = true): Promise<void> {
    // Restarting a fresh read on its way would drop a request already sent: wait for its answer.
    if (fresh && this.loading && this.loadingFresh) return this.loading;
    this.loadingFresh = fresh;
    this.loading = this.load(fresh);
    return this.loading;
  }

  /**
   * For the tests: the webview's `#root` HTML as drawn now, or undefined when the webview is
   * not ready or does not answer in time. Messages keep their order, so what was posted
   * before is drawn by then. Not in `posted`: tests count what the panel itself sent.
   */
  async requestRendered(timeoutMs = 2000): Promise<string | undefined> {
    // The whole body sits under the flag so esbuild drops it from the packaged extension.
    if (HIVER_TEST_HOOKS) {
      // A hidden webview gets no messages: show it, and let the caller ask again once it is drawn.
      if (!this.panel.visible) {
        this.panel.reveal(undefined, true);
        return undefined;
      }
      if (!this.ready) return undefined;
      let listener: vscode.Disposable | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const reply = new Promise<string | undefined>((resolve) => {
        listener = this.rendered.event(resolve);
        timer = setTimeout(() => resolve(undefined), timeoutMs);
      });
      try {
        await this.panel.webview.postMessage({ type: 'reportRendered' } satisfies CommonHostMessage);
        return await reply;
      } finally {
        listener?.dispose();
        clearTimeout(timer);
      }
    }
    return undefined;
  }

  dispose(): void {
    this.loadAbort?.abort();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  private setHtml(): void {
    this.html = renderShell(this.panel.webview, this.extensionUri, {
      script: this.kind.script,
      styles: [...(this.kind.styles ?? [])],
      ref: this.ref,
      title: this.kind.title(this.ref, this.data),
    });
    this.ready = false;
    this.panel.webview.html = this.html;
  }

  private peek(): D | undefined {
    try {
      return this.kind.peek?.(this.ref, this.session);
    } catch (error) {
      log.warn(`reading ${this.ref.kind} from the model failed: ${describeError(error)}`);
      return undefined;
    }
  }

  /** The model changed (a refresh, a page, an update): show what it holds now, if it differs. */
  private refreshFromModel(): void {
    if (this.loading) return;
    const held = this.peek();
    if (held !== undefined && JSON.stringify(held) !== JSON.stringify(this.data)) this.show(held);
  }

  private async load(fresh: boolean, previous?: unknown): Promise<void> {
    this.loadAbort?.abort();
    const abort = (this.loadAbort = new AbortController());
    this.error = undefined;
    void this.post({ type: 'status', loading: true });
    try {
      const data = await this.kind.load(this.ref, this.session, { fresh, previous: previous ?? this.data, signal: abort.signal });
      if (abort.signal.aborted) return;
      this.show(data);
      void this.post({ type: 'status', loading: false });
    } catch (error) {
      if (abort.signal.aborted || isCancellation(error)) return;
      this.error = describeError(error);
      log.warn(`loading ${this.ref.kind} ${JSON.stringify(this.ref)} failed: ${this.error}`);
      void this.post({ type: 'status', loading: false, error: this.error });
    } finally {
      if (this.loadAbort === abort) {
        this.loadAbort = undefined;
        this.loading = undefined;
      }
    }
  }

  /** A message from the webview, which is not trusted (the tests also play a hostile webview through this). */
  async receive(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      log.warn(`ignored a malformed message from a ${this.ref.kind} panel`);
      return;
    }
    try {
      switch (message.type) {
        case 'ready':
          this.ready = true;
          if (this.data !== undefined) void this.post({ type: 'show', data: this.data });
          void this.post({ type: 'status', loading: this.loading !== undefined, error: this.error });
          return;
        case 'refresh':
          await this.reload(true);
          return;
        case 'copy':
          await vscode.env.clipboard.writeText(message.text as string);
          showStatus('Copied {0}', [(message.what as string | undefined) ?? vscode.l10n.t('to the clipboard')], 3000);
          return;
        case 'openExternal':
          // The webview only offers links that pass the check, so a refusal here is logged only.
          await openHiverLink(message.url, { quiet: true });
          return;
        case 'rendered':
          if (HIVER_TEST_HOOKS) {
            this.savedState = message.state as string | undefined;
            this.rendered.fire(message.html as string);
          }
          return;
        default:
          if (!(await this.kind.handleMessage?.(message as { type: string } & Record<string, unknown>, this))) {
            log.warn(`ignored an unknown message type from a ${this.ref.kind} panel`);
          }
      }
    } catch (error) {
      log.error(`handling a ${message.type} message failed: ${describeError(error)}`);
      void showError('{0}', describeError(error));
    }
  }
}
