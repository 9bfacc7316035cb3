import * as vscode from 'vscode';
import { GroupKind, HiverModel, INBOXES, ListRef } from '../model/hiverModel';
import { formatTime } from '../common/errors';
import { BudgetExhaustedError } from '../hiver/errors';
import { ConversationFilters, describeFilter, matches } from './conversationFilter';
import { conversationDescription, conversationTooltip, statusIcon } from './conversationLabels';
import { userName } from '../common/users';
import { tagIcon } from './tagIcon';
import { labelText } from '../common/display';
import { builtInRowId, groupRowId, inboxRowId, itemRowId } from './treeIds';
import { cachedLabel, cachedTooltip } from './cachedLabel';

// The rows of the Inboxes view. Nodes hold only ids: what they show is read from the model
// when VS Code asks (getTreeItem), so a node object can be kept and reused across refreshes
// (VS Code matches `onDidChangeTreeData(node)` and `reveal(node)` by object).
// Ids are paths (`inbox/101/users/456`, built in treeIds.ts): stable, unique, and the same on
// every refresh, whatever the API's ids hold.

/** What the nodes read to render themselves. */
export interface TreeState {
  readonly model: HiverModel;
  readonly filters: ConversationFilters;
  isLoadingAll(ref: ListRef): boolean;
  budgetStop(ref: ListRef): BudgetExhaustedError | undefined;
  pageSize(): number;
  /** Marks from watching (src/watch): a watched inbox, a new conversation not opened yet. */
  isWatched(inboxId: string): boolean;
  isNew(inboxId: string, conversationId: string): boolean;
  /** `hiver.cacheMaxAgeMinutes`: cached data older than this is re-read when shown. */
  cacheMaxAgeMinutes(): number;
}

/** What the tree asks the watcher about its rows. */
export interface WatchMarks {
  isWatched(inboxId: string): boolean;
  isNew(inboxId: string, conversationId: string): boolean;
}

/**
 * The command a click on a row runs. It carries no arguments on purpose: VS Code keeps a row's
 * command arguments only until the row is redrawn, so a click that lands during a redraw
 * (names arriving, a page loading) would fail with "Actual command not found". The handlers
 * read the row from the view's selection instead, which the click has just set.
 */
function rowCommand(command: string, title: string): vscode.Command {
  return { command, title };
}

export abstract class TreeNode {
  constructor(
    readonly id: string,
    readonly parent: TreeNode | undefined,
    protected readonly state: TreeState,
  ) {}

  abstract getTreeItem(): vscode.TreeItem;

  protected item(label: string, collapsible = vscode.TreeItemCollapsibleState.None): vscode.TreeItem {
    const item = new vscode.TreeItem(label, collapsible);
    item.id = this.id;
    return item;
  }
}

export class InboxNode extends TreeNode {
  constructor(state: TreeState, readonly inboxId: string) {
    super(inboxRowId(inboxId), undefined, state);
  }

  getTreeItem(): vscode.TreeItem {
    const inbox = this.state.model.inbox(this.inboxId);
    // Cut here too (the provider cuts every label) because the screen reader line below is built from them.
    const item = this.item(labelText(inbox?.displayName ?? this.inboxId), vscode.TreeItemCollapsibleState.Collapsed);
    const watched = this.state.isWatched(this.inboxId);
    item.contextValue = watched ? 'hiver.inbox watched' : 'hiver.inbox';
    item.description = inbox && labelText(inbox.email);
    const lines = inbox
      ? [
          inbox.displayName,
          vscode.l10n.t('Mailbox: {0}', inbox.email),
          vscode.l10n.t('Inbox ID: {0}', inbox.id),
          vscode.l10n.t('Type: {0} ({1})', inbox.inboxType, inbox.channelType),
        ]
      : [this.inboxId];
    if (inbox?.sourceUser) lines.push(vscode.l10n.t('Mail arrives through: {0}', inbox.sourceUser.email));
    if (watched) lines.push(vscode.l10n.t('Watched: new conversations show in the view’s badge'));
    const freshness = this.state.model.freshness(INBOXES);
    if (freshness?.cached) lines.push('', cachedTooltip(freshness, this.state.cacheMaxAgeMinutes()));
    if (inbox && !inbox.isAuthorised) {
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      lines.unshift(vscode.l10n.t('⚠ Hiver lost access to this mailbox: an admin must reconnect it in Hiver.'), '');
    } else {
      item.iconPath = new vscode.ThemeIcon(watched ? 'eye' : 'inbox');
    }
    item.tooltip = lines.join('\n');
    // What a screen reader reads: the row, the lost access and watching (the icon says them to the eye).
    const lostAccess = inbox && !inbox.isAuthorised ? vscode.l10n.t('Hiver lost access to this mailbox') : undefined;
    item.accessibilityInformation = { label: [item.label, item.description, lostAccess, watched && vscode.l10n.t('watched')].filter(Boolean).join(', ') };
    return item;
  }
}

const GROUP_ICONS: Record<GroupKind, string> = { users: 'person', tags: 'tag', conversations: 'comment-discussion' };

function groupLabel(kind: GroupKind): string {
  switch (kind) {
    case 'users':
      return vscode.l10n.t('Users');
    case 'tags':
      return vscode.l10n.t('Tags');
    case 'conversations':
      return vscode.l10n.t('Conversations');
  }
}

export class GroupNode extends TreeNode {
  constructor(
    state: TreeState,
    override readonly parent: InboxNode,
    readonly kind: GroupKind,
  ) {
    super(groupRowId(parent.inboxId, kind), parent, state);
  }

  get inboxId(): string {
    return this.parent.inboxId;
  }

  get ref(): { kind: GroupKind; inboxId: string } {
    return { kind: this.kind, inboxId: this.inboxId };
  }

  getTreeItem(): vscode.TreeItem {
    const list = this.state.model.list(this.ref);
    const item = this.item(groupLabel(this.kind), vscode.TreeItemCollapsibleState.Collapsed);
    const loadingAll = this.state.isLoadingAll(this.ref);
    const filter = this.kind === 'conversations' ? this.state.filters.get(this.inboxId) : undefined;
    const flags = [list.hasMore && 'hasMore', loadingAll && 'loadingAll', filter && 'filtered'].filter(Boolean);
    item.contextValue = ['hiver.group.' + this.kind, ...flags].join(' ');
    item.iconPath = new vscode.ThemeIcon(list.loading || loadingAll ? 'loading~spin' : GROUP_ICONS[this.kind]);
    const count = list.loaded ? `${list.size}${list.hasMore ? '+' : ''}` : undefined;
    const filtered = filter && filterCounts(this.state, this.inboxId);
    if (filter && filtered) {
      // Before the first page the counts would read "0 of 0", and the row is not redrawn when it comes.
      const scanned = list.loaded ? vscode.l10n.t('{0} of {1} scanned', filtered.matched, filtered.scanned) : undefined;
      item.description = [describeFilter(this.state.model, this.inboxId, filter), scanned].filter(Boolean).join(' · ');
    } else {
      item.description = count;
    }
    const freshness = this.state.model.freshness(this.ref);
    if (freshness?.cached) {
      item.description = [item.description, cachedLabel(freshness)].filter(Boolean).join(' · ');
      item.tooltip = cachedTooltip(freshness, this.state.cacheMaxAgeMinutes());
    }
    // The spinning icon says "loading" only to the eye.
    const loading = loadingAll ? vscode.l10n.t('loading all') : list.loading ? vscode.l10n.t('loading') : undefined;
    item.accessibilityInformation = { label: [groupLabel(this.kind), item.description, loading].filter(Boolean).join(', ') };
    return item;
  }
}

/** How many loaded conversations a filtered group scanned and how many matched; undefined without a filter. */
export function filterCounts(state: TreeState, inboxId: string): { matched: number; scanned: number } | undefined {
  const filter = state.filters.get(inboxId);
  if (!filter) return undefined;
  const conversations = state.model.list({ kind: 'conversations', inboxId }).items;
  return { matched: conversations.filter((c) => matches(filter, c)).length, scanned: conversations.length };
}

/** A user, tag or conversation row. */
export abstract class ItemNode extends TreeNode {
  constructor(
    state: TreeState,
    override readonly parent: GroupNode,
    readonly itemId: string,
  ) {
    super(itemRowId(parent.inboxId, parent.kind, itemId), parent, state);
  }

  get inboxId(): string {
    return this.parent.inboxId;
  }
}

export class UserNode extends ItemNode {
  getTreeItem(): vscode.TreeItem {
    const user = this.state.model.list({ kind: 'users', inboxId: this.inboxId }).get(this.itemId);
    const item = this.item(user ? userName(user) : this.itemId);
    item.contextValue = 'hiver.user';
    item.iconPath = new vscode.ThemeIcon('person');
    if (user) {
      item.description = user.email;
      const lines = [userName(user), user.email, vscode.l10n.t('User ID: {0}', user.id)];
      if (user.phoneNumber) lines.push(vscode.l10n.t('Phone: {0}', user.phoneNumber));
      if (user.isJoined === false) lines.push(vscode.l10n.t('Has not joined Hiver yet'));
      item.tooltip = lines.join('\n');
    }
    return item;
  }
}

export class TagNode extends ItemNode {
  getTreeItem(): vscode.TreeItem {
    const tag = this.state.model.list({ kind: 'tags', inboxId: this.inboxId }).get(this.itemId);
    const item = this.item(tag?.name ?? this.itemId);
    item.contextValue = 'hiver.tag';
    item.iconPath = tagIcon(tag?.color);
    if (tag) {
      const lines = [tag.name, vscode.l10n.t('Tag ID: {0}', tag.id)];
      if (tag.color) lines.push(vscode.l10n.t('Colour: {0}', tag.color));
      if (tag.description) lines.push(tag.description);
      item.tooltip = lines.join('\n');
    }
    return item;
  }
}

export class ConversationNode extends ItemNode {
  getTreeItem(): vscode.TreeItem {
    const conversation = this.state.model.list({ kind: 'conversations', inboxId: this.inboxId }).get(this.itemId);
    const item = this.item(this.itemId);
    item.contextValue = 'hiver.conversation';
    const isNew = this.state.isNew(this.inboxId, this.itemId);
    if (isNew) item.label = { label: this.itemId, highlights: [[0, this.itemId.length]] };
    if (conversation) {
      item.iconPath = statusIcon(conversation.status);
      const description = conversationDescription(this.state.model, this.inboxId, conversation);
      // "New" until the conversation is opened (watching found it).
      item.description = isNew ? `${vscode.l10n.t('New')} · ${description}` : description;
      item.tooltip = conversationTooltip(this.state.model, this.inboxId, conversation);
    }
    // Conversations are what people triage: a click opens the panel.
    item.command = rowCommand('hiver.showDetails', vscode.l10n.t('Show Details'));
    return item;
  }
}

/** The node whose paged list a paging, message or error row belongs to (undefined: the inbox list). */
export type ListOwner = GroupNode | undefined;

export function refOf(owner: ListOwner): ListRef {
  return owner ? owner.ref : INBOXES;
}

function childId(owner: ListOwner, suffix: string): string {
  return builtInRowId(owner?.id, suffix);
}

/** "Load more (100)": fetches the next page of its owner's list. */
export class LoadMoreNode extends TreeNode {
  constructor(
    state: TreeState,
    readonly owner: ListOwner,
  ) {
    super(childId(owner, 'loadMore'), owner, state);
  }

  getTreeItem(): vscode.TreeItem {
    const ref = refOf(this.owner);
    const list = this.state.model.list(ref);
    const item = this.item(vscode.l10n.t('Load more ({0})', this.state.pageSize()));
    item.contextValue = 'hiver.loadMore';
    item.iconPath = new vscode.ThemeIcon(list.loading ? 'loading~spin' : 'fold-down');
    const filtered = ref.kind === 'conversations' ? filterCounts(this.state, ref.inboxId) : undefined;
    if (filtered) {
      item.description = vscode.l10n.t('{0} of {1} scanned match the filter', filtered.matched, filtered.scanned);
    } else {
      item.description = vscode.l10n.t('{0} loaded', list.size);
    }
    item.tooltip = vscode.l10n.t('Fetch the next {0} from Hiver (one request)', this.state.pageSize());
    item.command = rowCommand('hiver.loadMore', vscode.l10n.t('Load More'));
    return item;
  }
}

/** "Load all", or "Cancel loading…" while it runs. */
export class LoadAllNode extends TreeNode {
  constructor(
    state: TreeState,
    readonly owner: ListOwner,
  ) {
    super(childId(owner, 'loadAll'), owner, state);
  }

  getTreeItem(): vscode.TreeItem {
    const running = this.state.isLoadingAll(refOf(this.owner));
    const item = this.item(running ? vscode.l10n.t('Cancel loading…') : vscode.l10n.t('Load all'));
    item.contextValue = running ? 'hiver.loadAll loadingAll' : 'hiver.loadAll';
    item.iconPath = new vscode.ThemeIcon(running ? 'stop-circle' : 'cloud-download');
    item.tooltip = running
      ? vscode.l10n.t('Stop loading the remaining pages')
      : vscode.l10n.t('Fetch every remaining page in the background (stops before the daily budget reserve)');
    item.command = running
      ? rowCommand('hiver.cancelLoadAll', vscode.l10n.t('Cancel Load All'))
      : rowCommand('hiver.loadAll', vscode.l10n.t('Load All'));
    return item;
  }
}

/** A line of information: "No users", "Load all stopped…". */
export class MessageNode extends TreeNode {
  constructor(
    state: TreeState,
    readonly owner: ListOwner,
    key: string,
    readonly text: string,
    readonly icon: string,
    readonly tooltip?: string,
    /** What clicking the row does (the row's owner is its argument); nothing when undefined. */
    readonly action?: { command: string; title: string },
  ) {
    super(childId(owner, key), owner, state);
  }

  getTreeItem(): vscode.TreeItem {
    const item = this.item(this.text);
    item.contextValue = 'hiver.message';
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.tooltip = this.tooltip ?? this.text;
    if (this.action) item.command = { ...this.action, arguments: [this.owner] };
    return item;
  }
}

export function budgetStopMessage(state: TreeState, owner: ListOwner, stop: BudgetExhaustedError): MessageNode {
  return new MessageNode(
    state,
    owner,
    'budget',
    vscode.l10n.t('Load all stopped: the rest of today’s requests are kept for your own actions'),
    'warning',
    vscode.l10n.t('Background loading stops at 95% of the daily request limit so your own actions still go through. The budget resets at {0}. Load more still works.', formatTime(stop.resetAt)),
  );
}

/**
 * Whether a new key could help a failed level: 'only' when Hiver refused the key (401) or none
 * is set (after the one re-authentication prompt was declined, Retry alone is refused again);
 * 'too' for a 403, which may also be a block that ends (the prompt says: wait, or set a new key).
 */
export type KeyHelp = 'only' | 'too' | undefined;

/** What went wrong loading a level, with Retry (click or inline), and Set API Key where it may help. */
export class ErrorNode extends TreeNode {
  constructor(
    state: TreeState,
    readonly owner: ListOwner,
    readonly headline: string,
    readonly message: string,
    readonly keyHelp: KeyHelp = undefined,
  ) {
    super(childId(owner, 'error'), owner, state);
  }

  /** The row shows the headline beside its action; the tooltip and the screen reader line have the whole message. */
  getTreeItem(): vscode.TreeItem {
    const item = this.item(this.headline);
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    item.contextValue = this.keyHelp ? 'hiver.error keyRefused' : 'hiver.error';
    if (this.keyHelp === 'only') {
      item.description = vscode.l10n.t('Set API Key');
      item.tooltip = vscode.l10n.t('{0}\nClick to set a new API key.', this.message);
      item.command = rowCommand('hiver.setApiKey', vscode.l10n.t('Set API Key'));
    } else {
      item.description = vscode.l10n.t('Retry');
      item.tooltip = vscode.l10n.t('{0}\nClick to retry.', this.message);
      item.command = rowCommand('hiver.retry', vscode.l10n.t('Retry'));
    }
    // A screen reader hears the whole message, then the row's action, as the row read before.
    item.accessibilityInformation = { label: `${this.message} ${item.description}` };
    return item;
  }
}
