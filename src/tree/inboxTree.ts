import * as vscode from 'vscode';
import { HiverSession } from '../session';
import { GroupKind, INBOXES } from '../model/hiverModel';
import { cachedLabel } from './cachedLabel';
import { onDidChangeSettings } from '../common/settings';
import { logger } from '../common/logger';
import { onDidHideQuickInput, onWillShowQuickInput } from '../common/quickInputs';
import { ConversationFilter, ConversationFilters, matches } from './conversationFilter';
import { GroupLoads } from './groupLoading';
import { TreeNode, TreeState, WatchMarks } from './nodes';
import { InboxTreeProvider } from './treeProvider';

export type { TreeNode } from './nodes';
export type { GroupKind } from '../model/hiverModel';

export const VIEW_ID = 'hiver.inboxes';
const log = logger('tree');

/** The Inboxes view: its TreeView, provider, loads and conversation filters. */
export class InboxTree implements vscode.Disposable {
  readonly view: vscode.TreeView<TreeNode>;
  readonly provider: InboxTreeProvider;
  readonly loads: GroupLoads;
  readonly filters: ConversationFilters;
  private readonly disposables: vscode.Disposable[] = [];
  private marks: WatchMarks | undefined;

  constructor(readonly session: HiverSession) {
    const model = session.model;
    this.filters = new ConversationFilters(session.context.workspaceState);
    const cacheMaxAgeMinutes = () => session.settings.cacheMaxAgeMinutes;
    this.loads = new GroupLoads(model, VIEW_ID, () => cacheMaxAgeMinutes() * 60_000);
    const state: TreeState = {
      model,
      filters: this.filters,
      isLoadingAll: (ref) => model.list(ref).loadingAll,
      budgetStop: (ref) => model.list(ref).budgetStop,
      pageSize: () => session.settings.pageSize,
      isWatched: (inboxId) => this.marks?.isWatched(inboxId) ?? false,
      isNew: (inboxId, conversationId) => this.marks?.isNew(inboxId, conversationId) ?? false,
      cacheMaxAgeMinutes,
    };
    this.provider = new InboxTreeProvider(state, () => session.keys.get() !== undefined, (inboxId) => this.loads.loadNamesFor(inboxId));
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this.provider, showCollapseAll: true });
    this.showInboxesCached();
    this.disposables.push(
      this.view,
      this.provider,
      model.onDidChange((change) => {
        if (!change || change.kind === 'inboxes') this.showInboxesCached();
        if (!change) this.loads.forget();
        if (change?.kind !== 'inboxes' && change?.itemId !== undefined) this.provider.refreshItem(change, change.itemId);
        else this.provider.refreshList(change);
      }),
      onWillShowQuickInput(() => this.provider.queue.holdAll()),
      onDidHideQuickInput(() => this.provider.queue.releaseAll()),
      session.keys.onDidChange(() => this.provider.refreshList(undefined)),
      // Load more's label says how many it fetches.
      onDidChangeSettings(() => this.provider.refreshList(undefined)),
    );
  }

  /** The inbox list from the disk cache: said in the view's title bar, with its age. */
  private showInboxesCached(): void {
    const freshness = this.session.model.freshness(INBOXES);
    this.view.description = freshness?.cached ? cachedLabel(freshness) : undefined;
  }

  /**
   * Shows an inbox, one of its groups, or a row in a group, expanding what is needed.
   * Loads the inbox list and the group's first page(s) if they are not there yet; an item
   * that no loaded page holds (or that the conversation filter hides) reveals its group.
   */
  async reveal(target: { inboxId: string; kind?: GroupKind; itemId?: string }, options: { select?: boolean; focus?: boolean; expand?: boolean } = {}): Promise<void> {
    const model = this.session.model;
    await model.ensureLoaded(INBOXES).catch(() => undefined);
    if (!model.inboxes.hasPaged(target.inboxId)) {
      log.warn(`reveal: inbox ${target.inboxId} is not in the loaded inbox list`);
      return;
    }
    let node: TreeNode = this.provider.inboxNode(target.inboxId);
    if (target.kind) {
      const group = this.provider.groupNode(target.inboxId, target.kind);
      node = group;
      if (target.itemId !== undefined) {
        const list = model.list(group.ref);
        if (!list.loaded) await model.ensureLoaded(group.ref).catch(() => undefined);
        const conversation = target.kind === 'conversations' ? model.list({ kind: 'conversations', inboxId: target.inboxId }).get(target.itemId) : undefined;
        const hidden = conversation !== undefined && !matches(this.filters.get(target.inboxId), conversation);
        if (list.hasPaged(target.itemId) && !hidden) node = this.provider.itemNode(group, target.itemId);
      }
    }
    // Refreshes wait for the reveal: showing a Conversations group starts loading the names,
    // and redraws sent while VS Code is still expanding to the row leave it unselected.
    const reveal = { select: options.select ?? true, focus: options.focus ?? false, expand: options.expand ?? false };
    await this.provider.queue.whileRevealing(() => this.view.reveal(node, reveal));
  }

  /** Where the rows read their watch marks (set once watching is registered). */
  setWatchMarks(marks: WatchMarks): void {
    this.marks = marks;
  }

  /** Redraws a conversation's row after the model changed it (a filter may now hide or show it). */
  refreshConversation(inboxId: string, conversationId: string): void {
    this.provider.refreshItem({ kind: 'conversations', inboxId }, conversationId);
  }

  /** Sets (or with undefined / an empty filter, clears) an inbox's conversation filter. */
  setConversationFilter(inboxId: string, filter: ConversationFilter | undefined): void {
    this.filters.set(inboxId, filter);
    this.provider.refreshNode(this.provider.groupNode(inboxId, 'conversations'));
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
