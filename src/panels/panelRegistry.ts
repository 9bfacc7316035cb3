import * as vscode from 'vscode';
import type { HiverSession } from '../session';
import { logger } from '../common/logger';
import { features } from '../lazyFeatures';
import type { DetailPanel } from './detailPanel';
import type { PanelKind } from './panelKind';
import { EntityKind, EntityRef, entityKey, parseEntityRef } from './protocol';
import type { ConversationPanels } from './kinds/conversationPanel';

export type { EntityRef } from './protocol';
export type { PanelKind, PanelHost, LoadRequest } from './panelKind';

/** The one webview type of every Hiver panel (package.json activates on it). */
export const DETAILS_VIEW_TYPE = 'hiver.details';

const log = logger('panels');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyKind = PanelKind<any, any>;

/**
 * All open detail panels, one per entity (keyed `inbox/101/user/456`). Showing an entity
 * that has a panel reveals that panel. Panel kinds register a loader (their code loads with the
 * first panel, lazyFeatures.ts); the serializer restores panels after a window reload from the
 * ref their webview saved.
 *
 * For the tests: `panelFor(ref)` gives the WebviewPanel, `hostFor(ref)` its host side (`all()` every one)
 * (`data` shown, `posted` messages, `requestRendered()` for the document the webview drew),
 * `renderedHtml(ref)` the HTML shell set on it, and `serializer` the restore entry point.
 */
export class DetailPanels implements vscode.Disposable {
  private readonly kinds = new Map<EntityKind, () => AnyKind>();
  private readonly open = new Map<string, DetailPanel>();
  readonly serializer: vscode.WebviewPanelSerializer<unknown>;
  private conversationPanels: ConversationPanels | undefined;

  private readonly shown = new vscode.EventEmitter<EntityRef>();
  /** A panel was opened or brought forward (watching clears the New marker of what was opened). */
  readonly onDidShow = this.shown.event;

  constructor(private readonly session: HiverSession) {
    this.serializer = { deserializeWebviewPanel: (panel, state) => this.restore(panel, state) };
  }

  /** The conversation kind, which the triage commands also open panels with (to focus a composer). */
  get conversations(): ConversationPanels {
    const { ConversationPanels, conversationServices } = features();
    return (this.conversationPanels ??= new ConversationPanels(conversationServices(this.session), this));
  }

  /**
   * Adds a panel kind, which `load` gives when a panel of it opens. Every kind is registered in
   * registerPanels, before any panel is restored.
   */
  registerKind<R extends EntityRef, D>(kind: EntityKind, load: () => PanelKind<R, D>): vscode.Disposable {
    this.kinds.set(kind, load);
    return new vscode.Disposable(() => this.kinds.delete(kind));
  }

  /**
   * Opens the entity's panel, or reveals the one already open. Resolves once its first
   * load settled (a failure shows in the panel, not as a rejection).
   */
  async show(ref: EntityRef, options: { preserveFocus?: boolean } = {}): Promise<void> {
    this.shown.fire(ref);
    const existing = this.open.get(entityKey(ref));
    if (existing) {
      existing.panel.reveal(undefined, options.preserveFocus);
      await existing.loading;
      return;
    }
    const kind = this.kinds.get(ref.kind)?.();
    if (!kind) throw new Error(vscode.l10n.t('There is no detail panel for a {0} yet.', ref.kind));
    const panel = vscode.window.createWebviewPanel(
      DETAILS_VIEW_TYPE,
      features().tabTitle(kind.title(ref, undefined)),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: options.preserveFocus },
      { enableFindWidget: true },
    );
    await this.adopt(panel, ref, kind).loading;
  }

  panelFor(ref: EntityRef): vscode.WebviewPanel | undefined {
    return this.open.get(entityKey(ref))?.panel;
  }

  hostFor(ref: EntityRef): DetailPanel | undefined {
    return this.open.get(entityKey(ref));
  }

  /** The conversation whose panel is the active editor, if one is: what palette commands act on. */
  activeConversation(): { inboxId: string; conversationId: string } | undefined {
    for (const host of this.open.values()) {
      if (host.panel.active && host.ref.kind === 'conversation') return { inboxId: host.ref.inboxId, conversationId: host.ref.id };
    }
    return undefined;
  }

  /** Every open panel's host side (the tests look through them all). */
  all(): DetailPanel[] {
    return [...this.open.values()];
  }

  renderedHtml(ref: EntityRef): string | undefined {
    return this.open.get(entityKey(ref))?.html;
  }

  dispose(): void {
    this.shown.dispose();
    for (const host of [...this.open.values()]) host.panel.dispose();
  }

  private adopt(panel: vscode.WebviewPanel, ref: EntityRef, kind: AnyKind, previous?: unknown): DetailPanel {
    const key = entityKey(ref);
    const host = new (features().DetailPanel)(panel, ref, kind, this.session, this.session.context.extensionUri, previous);
    this.open.set(key, host);
    panel.onDidDispose(() => {
      if (this.open.get(key) === host) this.open.delete(key);
    });
    return host;
  }

  /** Restores a panel after a window reload from what its webview saved with setState. */
  private async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const ref = parseEntityRef((state as { ref?: unknown } | undefined)?.ref);
    if (!ref) {
      log.warn('a Hiver panel had no valid state to restore; closed it');
      panel.dispose();
      return;
    }
    if (this.open.has(entityKey(ref))) {
      panel.dispose();
      this.open.get(entityKey(ref))?.panel.reveal();
      return;
    }
    const kind = this.kinds.get(ref.kind)?.();
    if (!kind) {
      log.warn(`no panel kind "${ref.kind}" registered; closed a restored panel`);
      panel.dispose();
      return;
    }
    await this.adopt(panel, ref, kind, (state as { data?: unknown }).data).loading;
  }
}

export function registerPanels(context: vscode.ExtensionContext, session: HiverSession): DetailPanels {
  const panels = new DetailPanels(session);
  context.subscriptions.push(
    panels,
    panels.registerKind('inbox', () => features().inboxPanelKind),
    panels.registerKind('user', () => features().userPanelKind),
    panels.registerKind('tag', () => features().tagPanelKind),
    panels.registerKind('conversation', () => panels.conversations.kind),
    vscode.window.registerWebviewPanelSerializer(DETAILS_VIEW_TYPE, panels.serializer),
  );
  return panels;
}
