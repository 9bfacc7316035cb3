// The conversation panel: a panel kind on the detail-panel infrastructure. It shows the
// conversation as the server last accepted it and offers the triage actions, a note composer
// (with @mentions and replies to earlier notes) and a shared-draft composer.
import * as vscode from 'vscode';
import { describeError, isCancellation } from '../../common/errors';
import type { ConversationServices } from '../../conversations/services';
import { TriageFlows } from '../../conversations/flows';
import type { ConversationTarget } from '../../conversations/targetPicker';
import type { ComposerKind } from '../../conversations/draftStore';
import type { ConversationHostMessage, ConversationView } from './conversationView';
import { buildConversationView } from './conversationPanelData';
import { parseConversationMessage } from './conversationMessages';
import type { PanelHost, PanelKind, PanelOpener } from '../panelKind';
import { entityKey } from '../protocol';
import { logger } from '../../common/logger';
import { parseConversationRef } from '../../search/conversationRef';

type ConversationRef = { kind: 'conversation'; inboxId: string; id: string };
type Host = PanelHost<ConversationRef, ConversationView>;
const KINDS: readonly ComposerKind[] = ['note', 'draft'];
const log = logger('panels');

export class ConversationPanels {
  /** Composers to focus once a panel's webview is ready (Add Note / Create Shared Draft). */
  private readonly pendingFocus = new Map<string, ComposerKind>();
  /** Panels opened by Gmail thread id: the Hiver id the server answered with. */
  private readonly resolvedIds = new Map<string, string>();
  readonly kind: PanelKind<ConversationRef, ConversationView>;
  private readonly flows: TriageFlows;

  constructor(
    /** Public for the extension-host tests (the composer's state). */
    readonly services: ConversationServices,
    private readonly panels: PanelOpener,
  ) {
    this.flows = new TriageFlows(services);
    this.kind = {
      kind: 'conversation',
      script: 'conversation',
      styles: ['conversation.css'],
      title: (ref) => vscode.l10n.t('Conversation {0}', this.idOf(ref)),
      peek: (ref) => this.view(ref),
      load: (ref, _session, request) => this.load(ref, request.fresh, request.signal),
      handleMessage: (message, host) => this.handleMessage(message, host),
      attach: (host) => this.attach(host),
    };
  }

  /** Opens (or reveals) the panel; `focus` puts the cursor in the note or draft composer. */
  async open(target: ConversationTarget, focus?: ComposerKind): Promise<void> {
    const ref: ConversationRef = { kind: 'conversation', inboxId: target.inboxId, id: target.conversationId };
    if (focus) this.pendingFocus.set(entityKey(ref), focus);
    await this.panels.show(ref);
    const host = this.panels.hostFor(ref);
    if (focus && host && (await host.post({ type: 'focusComposer', kind: focus } satisfies ConversationHostMessage))) {
      this.pendingFocus.delete(entityKey(ref));
    }
  }

  private idOf(ref: ConversationRef): string {
    return this.resolvedIds.get(entityKey(ref)) ?? ref.id;
  }

  /**
   * The Hiver id the composers are kept under, or undefined until it is known: a Gmail thread id
   * the model does not hold is known only once its GET answered. A Hiver id is known at once, so
   * a panel restored offline still shows the kept note.
   */
  private composerId(ref: ConversationRef): string | undefined {
    const resolved = this.resolvedIds.get(entityKey(ref));
    if (resolved !== undefined) return resolved;
    return parseConversationRef(ref.id).kind === 'id' || this.services.actions.known(ref.inboxId, ref.id) ? ref.id : undefined;
  }

  private target(ref: ConversationRef): ConversationTarget {
    return { inboxId: ref.inboxId, conversationId: this.idOf(ref) };
  }

  /** The view from what is known, with no request; undefined when nothing is known. */
  private view(ref: ConversationRef, warning?: string): ConversationView | undefined {
    const known = this.services.actions.known(ref.inboxId, this.idOf(ref));
    return known && buildConversationView(this.services, ref.inboxId, known, warning);
  }

  private async load(ref: ConversationRef, fresh: boolean, signal: AbortSignal): Promise<ConversationView> {
    const { model } = this.services.session;
    // Names for the assignee and tags: the inbox's first pages, loaded once (failures only cost names).
    await Promise.allSettled([
      model.ensureLoaded({ kind: 'users', inboxId: ref.inboxId }, { signal }),
      model.ensureLoaded({ kind: 'tags', inboxId: ref.inboxId }, { signal }),
    ]);
    const known = this.services.actions.known(ref.inboxId, this.idOf(ref));
    if (!fresh && known?.messageIds) return buildConversationView(this.services, ref.inboxId, known);
    try {
      const read = await this.services.actions.refresh(ref.inboxId, this.idOf(ref), signal);
      if (!this.resolvedIds.has(entityKey(ref))) {
        this.resolvedIds.set(entityKey(ref), read.id);
        // A webview that asked before this answer got no composers (they stayed locked): now it can.
        const host = this.panels.hostFor(ref) as Host | undefined;
        if (host) for (const kind of KINDS) this.postComposer(host, kind);
      }
      return buildConversationView(this.services, ref.inboxId, read);
    } catch (error) {
      // Opened from the tree: show what the list said, and why message ids are missing.
      if (known && !fresh && !isCancellation(error)) return buildConversationView(this.services, ref.inboxId, known, describeError(error));
      throw error;
    }
  }

  private attach(host: Host): vscode.Disposable {
    const ref = host.ref;
    const matches = (conversationId: string) => conversationId === this.idOf(ref);
    const showLatest = () => {
      const view = this.view(ref);
      if (view && JSON.stringify(view) !== JSON.stringify(host.data)) host.show(view);
    };
    const subscriptions = [
      // Changes that do not go through a model list (a conversation no loaded page holds).
      this.services.actions.onDidChange((key) => key.inboxId === ref.inboxId && matches(key.conversationId) && showLatest()),
      this.services.sentNotes.onDidChange((conversationId) => (conversationId === undefined || matches(conversationId)) && showLatest()),
      // The host owns the composers: every change is shown (a hidden panel asks again when shown).
      this.services.composer.onDidChange((key) => {
        if (key.inboxId === ref.inboxId && key.conversationId === this.composerId(ref)) this.postComposer(host, key.kind);
      }),
    ];
    // Known from a tree row but never read singly: message ids need one GET (the panel shows
    // the row's data meanwhile). Started here so the panel's `loading` tracks it.
    const known = this.services.actions.known(ref.inboxId, this.idOf(ref));
    if (known && !known.messageIds) void host.reload(true);
    return vscode.Disposable.from(...subscriptions);
  }

  private async handleMessage(raw: { type: string } & Record<string, unknown>, host: Host): Promise<boolean> {
    const message = parseConversationMessage(raw);
    if (!message) return false;
    const target = this.target(host.ref);
    if ((message.type === 'saveDraft' || message.type === 'send' || message.type === 'unreadable') && !this.composerId(host.ref)) {
      // Never shown a composer yet (see postComposer): a save here would land under the wrong key.
      log.warn(`ignored a ${message.type} from a conversation panel whose Hiver id is not known yet`);
      return true;
    }
    switch (message.type) {
      case 'composerReady': {
        // A new webview (opened, shown again after being hidden, restored): it shows what the host
        // holds, once the Hiver id is known (else when load() learns it).
        for (const kind of KINDS) this.postComposer(host, kind);
        const focus = this.pendingFocus.get(entityKey(host.ref));
        if (focus && (await host.post({ type: 'focusComposer', kind: focus } satisfies ConversationHostMessage))) {
          this.pendingFocus.delete(entityKey(host.ref));
        }
        return true;
      }
      case 'saveDraft': {
        // Ignored while a send runs or when made on an older state (the host decides): the
        // panel is shown what the host holds instead.
        const kept = await this.services.composer.save({ ...target, kind: message.kind }, message.value, message.revision);
        if (!kept) this.postComposer(host, message.kind);
        return true;
      }
      case 'unreadable':
        this.services.composer.refuseUnreadable({ ...target, kind: message.kind }, message.reason);
        return true;
      case 'send': {
        // The composer posts every state change (sending, then sent or why not) through onDidChange.
        const options = { revision: message.revision, sendAnyway: message.sendAnyway };
        if (message.kind === 'note') await this.flows.sendNote(target, message.value, options);
        else await this.flows.sendSharedDraft(target, message.value, options);
        return true;
      }
      case 'action': {
        // No "busy" line: most actions first wait in a QuickPick for the user, not for Hiver.
        const outcome = await this.runAction(message.action, target);
        const error = !outcome.ok && !('cancelled' in outcome && outcome.cancelled) ? (outcome as { message: string }).message : undefined;
        void host.post({ type: 'actionState', busy: false, error } satisfies ConversationHostMessage);
        return true;
      }
    }
  }

  /**
   * Shows the webview the host's composer; nothing until the Hiver id is known. Under a Gmail
   * thread id it would show an empty composer, and its first save would replace the kept text.
   */
  private postComposer(host: Host, kind: ComposerKind): void {
    const conversationId = this.composerId(host.ref);
    if (!conversationId) return;
    void host.post({ type: 'composer', state: this.services.composer.snapshot(host.ref.inboxId, conversationId, kind) } satisfies ConversationHostMessage);
  }

  private runAction(action: string, target: ConversationTarget) {
    switch (action) {
      case 'setStatus':
        return this.flows.setStatus(target);
      case 'assign':
        return this.flows.assign(target);
      case 'editTags':
        return this.flows.editTags(target);
      case 'newTag':
        return this.flows.createTag(target);
      case 'openInHiver':
        return this.flows.openInHiver(target);
      default:
        return this.flows.copyPermalink(target);
    }
  }
}
