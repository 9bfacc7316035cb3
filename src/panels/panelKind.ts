import * as vscode from 'vscode';
import type { HiverSession } from '../session';
import type { CommonHostMessage, EntityRef } from './protocol';

/**
 * What one panel offers its kind: the host side of one open webview. A kind uses it in
 * `handleMessage` and `attach` to answer its webview, show new data or reload.
 */
export interface PanelHost<R extends EntityRef = EntityRef, D = unknown> {
  readonly ref: R;
  readonly session: HiverSession;
  readonly panel: vscode.WebviewPanel;
  /** The data on screen (undefined before the first load). */
  readonly data: D | undefined;
  /** Posts to the webview if it is ready; false when it is not (it asks again with `ready`). */
  post(message: CommonHostMessage<D> | ({ type: string } & Record<string, unknown>)): Thenable<boolean>;
  /** Shows new data (e.g. after the server accepted a change) and sets the tab title. */
  show(data: D): void;
  /** Loads again and shows the result; `fresh` asks the server even if the model has it. */
  reload(fresh?: boolean): Promise<void>;
}

/** What a kind may ask of the panels: open one (or reveal it) and reach its host. */
export interface PanelOpener {
  show(ref: EntityRef, options?: { preserveFocus?: boolean }): Promise<void>;
  hostFor(ref: EntityRef): PanelHost | undefined;
}

export interface LoadRequest {
  /** True: ask the server even when the model holds the entity. */
  fresh: boolean;
  /**
   * What the panel showed before a window reload, from the webview's state. Untrusted:
   * check every field before using it (e.g. a user's email to search for).
   */
  previous?: unknown;
  signal: AbortSignal;
}

/**
 * One kind of detail panel (inbox, user, tag, conversation). Register it with
 * `DetailPanels.registerKind`; the infrastructure does the rest: one panel per entity,
 * the HTML shell with CSP, the ready handshake, the common messages, restore after reload.
 */
export interface PanelKind<R extends EntityRef = EntityRef, D = unknown> {
  readonly kind: R['kind'];
  /** Its webview script: media/panels/<script>.ts, built to dist/webview/<script>.js. */
  readonly script: string;
  /** Extra stylesheets in media/panels/ (panel.css always comes first). */
  readonly styles?: readonly string[];
  /** The tab title, before (data undefined) and after loading. */
  title(ref: R, data: D | undefined): string;
  /** The data from what the model already holds, with no request; undefined when it lacks it. Re-run on every model change. */
  peek?(ref: R, session: HiverSession): D | undefined;
  /** The data, asking the server when needed. Throws a HiverError on failure. */
  load(ref: R, session: HiverSession, request: LoadRequest): Promise<D>;
  /** Its own webview messages (validate every field). Return false for a type it does not know. */
  handleMessage?(message: { type: string } & Record<string, unknown>, host: PanelHost<R, D>): boolean | Promise<boolean>;
  /** Called once per panel; what it returns is disposed with the panel (e.g. event listeners). */
  attach?(host: PanelHost<R, D>): vscode.Disposable | undefined;
}
