import * as vscode from 'vscode';
import { inBackground } from '../common/background';
import { GroupKind, HiverModel, ListRef } from '../model/hiverModel';
import { describeError, errorHeadline } from '../common/errors';
import { UnauthorizedError } from '../hiver/errors';
import { describeFilter, matches } from './conversationFilter';
import { labelText, treeText } from '../common/display';
import {
  budgetStopMessage,
  ConversationNode,
  ErrorNode,
  GroupNode,
  InboxNode,
  ItemNode,
  ListOwner,
  LoadAllNode,
  LoadMoreNode,
  MessageNode,
  refOf,
  TagNode,
  TreeNode,
  TreeState,
  UserNode,
} from './nodes';
import { RefreshQueue } from './refreshQueue';
import { groupRowId, inboxRowId, itemRowId } from './treeIds';

export const GROUP_KINDS: GroupKind[] = ['users', 'tags', 'conversations'];

const ITEM_NODES = { users: UserNode, tags: TagNode, conversations: ConversationNode } as const;

/**
 * The Inboxes view's data: inboxes → Users / Tags / Conversations → rows, read from the model.
 * Nothing is fetched until a row is expanded. Node objects are kept by id so the same row is
 * the same object on every call (refresh and reveal depend on that).
 */
export class InboxTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly nodes = new Map<string, TreeNode>();
  /** The filter text (it holds names) each Conversations group row showed when VS Code last drew it. */
  private readonly drawnFilterText = new WeakMap<TreeNode, string>();
  readonly queue = new RefreshQueue<TreeNode>();
  readonly onDidChangeTreeData = this.queue.onDidChangeTreeData;

  constructor(
    private readonly state: TreeState,
    private readonly hasKey: () => boolean,
    /** Called when a Conversations group is listed, so names can be fetched once. */
    private readonly onConversationsShown: (inboxId: string) => void,
  ) {}

  private get model(): HiverModel {
    return this.state.model;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node instanceof GroupNode && node.kind === 'conversations') this.drawnFilterText.set(node, this.filterText(node.inboxId));
    const item = node.getTreeItem();
    // Every row passes here, so API text in labels and string tooltips is cleaned in one place:
    // labels and descriptions are also cut (labelText), the tooltip keeps the full text.
    if (typeof item.label === 'string') item.label = labelText(item.label);
    else if (item.label) item.label = { ...item.label, label: labelText(item.label.label) };
    if (typeof item.description === 'string') item.description = labelText(item.description);
    if (typeof item.tooltip === 'string') item.tooltip = treeText(item.tooltip);
    // VS Code reads a string tooltip to screen readers instead of the row; read the row.
    const label = typeof item.label === 'string' ? item.label : item.label?.label;
    item.accessibilityInformation ??= { label: [label, item.description].filter(Boolean).join(', ') };
    return item;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  getChildren(node?: TreeNode): Promise<TreeNode[]> {
    return this.queue.whileListing(node, () => this.childrenOf(node));
  }

  inboxNode(inboxId: string): InboxNode {
    return this.cached(inboxRowId(inboxId), () => new InboxNode(this.state, inboxId));
  }

  groupNode(inboxId: string, kind: GroupKind): GroupNode {
    const inbox = this.inboxNode(inboxId);
    return this.cached(groupRowId(inboxId, kind), () => new GroupNode(this.state, inbox, kind));
  }

  itemNode(group: GroupNode, itemId: string): ItemNode {
    return this.cached(itemRowId(group.inboxId, group.kind, itemId), () => new ITEM_NODES[group.kind](this.state, group, itemId));
  }

  /** The row already shown for an id, if any (no node is made for it). */
  existing(id: string): TreeNode | undefined {
    return this.nodes.get(id);
  }

  /** Redraws the rows of one list (undefined: everything), when the tree is idle. */
  refreshList(ref: ListRef | undefined): void {
    if (!ref || ref.kind === 'inboxes') return this.queue.request(undefined);
    const group = this.existing(groupRowId(ref.inboxId, ref.kind));
    if (group) this.queue.request(group);
    if (ref.kind !== 'conversations') this.refreshConversationNames(ref.inboxId);
  }

  /**
   * Conversation rows show user and tag names: new names change them. Redraws the rows
   * themselves, not their group, so the rows stay in place (a click on one is not lost to a
   * redraw of the whole list); the group only when the names in its filter text changed. Names
   * start loading as the group is listed: a redraw of the group then would follow its listing
   * (see `listChildren`).
   */
  private refreshConversationNames(inboxId: string): void {
    const group = this.existing(groupRowId(inboxId, 'conversations'));
    if (!group) return;
    const drawn = this.drawnFilterText.get(group);
    if (drawn !== undefined && drawn !== this.filterText(inboxId)) this.queue.request(group);
    for (const conversation of this.model.list({ kind: 'conversations', inboxId }).items) {
      const row = this.existing(itemRowId(inboxId, 'conversations', conversation.id));
      if (row) this.queue.request(row);
    }
  }

  /**
   * Redraws one item's row after the model replaced it, not its list (so the rows stay in
   * place); the Conversations group too when a filter may now hide or show the row.
   */
  refreshItem(ref: { kind: GroupKind; inboxId: string }, itemId: string): void {
    const group = this.existing(groupRowId(ref.inboxId, ref.kind));
    const row = this.existing(itemRowId(ref.inboxId, ref.kind, itemId));
    if (ref.kind === 'conversations' && this.state.filters.get(ref.inboxId) && group) this.queue.request(group);
    else if (row) this.queue.request(row);
    if (ref.kind !== 'conversations') this.refreshConversationNames(ref.inboxId);
  }

  private filterText(inboxId: string): string {
    const filter = this.state.filters.get(inboxId);
    return filter ? describeFilter(this.model, inboxId, filter) : '';
  }

  refreshNode(node: TreeNode): void {
    this.queue.request(node);
  }

  private cached<T extends TreeNode>(id: string, create: () => T): T {
    let node = this.nodes.get(id);
    if (!node) {
      node = create();
      this.nodes.set(id, node);
    }
    return node as T;
  }

  private async childrenOf(node: TreeNode | undefined): Promise<TreeNode[]> {
    if (!node) return this.hasKey() ? this.listChildren(undefined) : []; // no key: the welcome view shows
    if (node instanceof InboxNode) return GROUP_KINDS.map((kind) => this.groupNode(node.inboxId, kind));
    if (node instanceof GroupNode) return this.listChildren(node);
    return [];
  }

  /** The rows of one paged list, then what to say about it: empty, stopped, failed, or Load more / Load all. */
  private async listChildren(owner: ListOwner): Promise<TreeNode[]> {
    const ref = refOf(owner);
    const list = this.model.list(ref);
    if (!list.loaded) {
      // A level that failed stays failed until Retry, so reopening it does not spend requests.
      if (list.error !== undefined && !list.loading) return [this.errorRow(owner, list.error)];
      try {
        await this.model.ensureLoaded(ref);
      } catch (error) {
        return [this.errorRow(owner, error)];
      }
      // No redraw of the group's row here, for its count: a redraw of a row makes the extension
      // host forget the rows under it, and VS Code asks for them again, so for a moment a click
      // on one does nothing, just when the user reaches for the rows. And when that redraw
      // reaches VS Code together with these rows, VS Code keeps them and never asks again: a
      // command on them then gets no row at all. The count shows the next time the row is drawn
      // (Load more says how many are loaded meanwhile).
    }

    const rows: TreeNode[] = this.itemRows(owner, ref);
    this.revalidateLater(ref);
    if (owner?.kind === 'conversations') this.onConversationsShown(owner.inboxId);
    if (list.size === 0 && !list.hasMore) {
      rows.push(new MessageNode(this.state, owner, 'empty', emptyText(ref), 'info'));
    } else if (rows.length === 0 && owner?.kind === 'conversations') {
      const text = vscode.l10n.t('No conversation among the {0} loaded matches the filter', list.size);
      const clear = { command: 'hiver.clearConversationFilter', title: vscode.l10n.t('Clear Conversation Filter') };
      rows.push(new MessageNode(this.state, owner, 'noMatch', text, 'filter', vscode.l10n.t('{0}. Click to clear the filter.', text), clear));
    }
    const stop = this.state.budgetStop(ref);
    if (stop && list.hasMore) rows.push(budgetStopMessage(this.state, owner, stop));
    if (list.error !== undefined && !list.loading) {
      rows.push(this.errorRow(owner, list.error));
    } else if (list.hasMore) {
      rows.push(new LoadMoreNode(this.state, owner), new LoadAllNode(this.state, owner));
    }
    return rows;
  }

  /**
   * Shown from the disk cache and older than the setting: re-read in the background, started
   * after these rows are handed over (the first paint costs no request). Nothing is redrawn
   * until the re-read ends (the model says so then), for the reason in `listChildren`.
   */
  private revalidateLater(ref: ListRef): void {
    if (!this.model.freshness(ref)?.cached) return;
    setTimeout(() => inBackground(this.model.revalidateIfStale(ref, this.state.cacheMaxAgeMinutes() * 60_000), 're-reading a cached list'), 0);
  }

  private itemRows(owner: ListOwner, ref: ListRef): TreeNode[] {
    if (!owner) return this.model.inboxes.items.map((inbox) => this.inboxNode(inbox.id));
    if (owner.kind === 'conversations') {
      const filter = this.state.filters.get(owner.inboxId);
      const conversations = this.model.list({ kind: 'conversations', inboxId: owner.inboxId }).items;
      return conversations.filter((c) => matches(filter, c)).map((c) => this.itemNode(owner, c.id));
    }
    return this.model.list(ref).items.map((item) => this.itemNode(owner, item.id));
  }

  private errorRow(owner: ListOwner, error: unknown): ErrorNode {
    const keyHelp = error instanceof UnauthorizedError ? (error.status === 403 ? 'too' : 'only') : undefined;
    return new ErrorNode(this.state, owner, errorHeadline(error), describeError(error), keyHelp);
  }

  dispose(): void {
    this.queue.dispose();
  }
}

function emptyText(ref: ListRef): string {
  switch (ref.kind) {
    case 'inboxes':
      return vscode.l10n.t('No shared inboxes');
    case 'users':
      return vscode.l10n.t('No users');
    case 'tags':
      return vscode.l10n.t('No tags');
    case 'conversations':
      return vscode.l10n.t('No conversations');
  }
}
