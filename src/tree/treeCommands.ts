import * as vscode from 'vscode';
import { InboxTree } from './inboxTree';
import type { HiverSession } from '../session';
import type { DetailPanels, EntityRef } from '../panels/panelRegistry';
import { GroupKind, ListRef } from '../model/hiverModel';
import { describeError } from '../common/errors';
import { features } from '../lazyFeatures';
import { messageText } from '../common/display';
import { showError, showStatus, showWarning } from '../common/notify';
import { parseConversationFilter } from './filterShape';
import { ConversationNode, ErrorNode, GroupNode, InboxNode, ItemNode, LoadAllNode, LoadMoreNode, refOf, TagNode, TreeNode, UserNode } from './nodes';
import { GROUP_KINDS } from './treeProvider';

/** The commands on the tree's rows and title: refresh, paging, retry, copy, details, filters. */
export function registerTreeCommands(tree: InboxTree, session: HiverSession, panels: DetailPanels): vscode.Disposable[] {
  const model = session.model;
  const selected = (node: TreeNode | undefined) => node ?? tree.view.selection[0];

  /** The list a paging row or group row stands for. */
  const listOf = (node: TreeNode | undefined): ListRef | undefined => {
    if (node instanceof LoadMoreNode || node instanceof LoadAllNode || node instanceof ErrorNode) return refOf(node.owner);
    if (node instanceof GroupNode) return node.ref;
    return undefined;
  };

  const refresh = () => {
    tree.loads.forget();
    model.refresh();
  };

  /**
   * A user, tag or conversation read again with one request; the new state replaces the item in
   * place (its row and any open panel redraw through the model).
   */
  const refreshItem = async (node: ItemNode) => {
    const { inboxId, itemId } = node;
    try {
      if (node instanceof ConversationNode) {
        await features().conversationServices(session).actions.refresh(inboxId, itemId);
      } else if (node instanceof UserNode) {
        const email = model.list({ kind: 'users', inboxId }).get(itemId)?.email;
        if (!(await model.reread({ kind: 'users', inboxId }, itemId))) return void showWarning('User {0} is no longer in this inbox: refresh its group.', email ?? itemId);
      } else if (node instanceof TagNode) {
        const name = model.list({ kind: 'tags', inboxId }).get(itemId)?.name;
        if (!(await model.reread({ kind: 'tags', inboxId }, itemId))) return void showWarning('Tag "{0}" is no longer in this inbox under that name: refresh its group.', name ?? itemId);
      }
    } catch (error) {
      void showError('{0}', describeError(error));
    }
  };

  const refreshRow = (node: TreeNode | undefined) => {
    node = selected(node);
    if (node instanceof ItemNode) return refreshItem(node);
    const refs = node instanceof InboxNode ? GROUP_KINDS.map((kind) => ({ kind, inboxId: node.inboxId })) : node instanceof GroupNode ? [node.ref] : [];
    for (const ref of refs) {
      tree.loads.forget(ref);
      model.refresh(ref);
    }
    if (node) tree.provider.refreshNode(node);
  };

  const loadAll = (node: TreeNode | undefined) => {
    const ref = listOf(selected(node));
    if (!ref) return;
    const what = ref.kind === 'inboxes' ? vscode.l10n.t('inboxes') : `${groupName(ref.kind)} · ${messageText(model.inbox(ref.inboxId)?.displayName ?? ref.inboxId)}`;
    return tree.loads.loadAll(ref, vscode.l10n.t('Loading all {0}…', what));
  };

  /** Retry: a level that never loaded loads again; a failed Load more is sent again. */
  const retry = (node: TreeNode | undefined) => {
    const ref = listOf(selected(node));
    return ref && model.retry(ref);
  };

  const copy = async (text: string | undefined) => {
    if (text === undefined) return;
    await vscode.env.clipboard.writeText(text);
    showStatus('Copied {0}', [text], 3000);
  };

  const copyEmail = (node: TreeNode | undefined) => {
    node = selected(node);
    if (node instanceof InboxNode) return copy(model.inbox(node.inboxId)?.email);
    if (node instanceof UserNode) return copy(model.list({ kind: 'users', inboxId: node.inboxId }).get(node.itemId)?.email);
  };

  const copyId = (node: TreeNode | undefined) => {
    node = selected(node);
    if (node instanceof InboxNode) return copy(node.inboxId);
    if (node instanceof ItemNode) return copy(node.itemId);
  };

  const showDetails = async (node: TreeNode | undefined) => {
    const ref = entityRef(selected(node));
    if (!ref) return;
    try {
      await panels.show(ref);
    } catch (error) {
      void showError('{0}', describeError(error));
    }
  };

  /** `filter` lets scripts and tests set a filter without the QuickPick; any caller can pass anything, so it is checked. */
  const filterConversations = async (node: TreeNode | undefined, filter?: unknown) => {
    const inboxId = inboxOf(selected(node));
    if (inboxId === undefined) return;
    const given = filter === undefined ? undefined : parseConversationFilter(filter);
    if (filter !== undefined && !given) {
      void showError('The filter given to Filter Conversations is not a filter (lists of statuses, assignees and tag ids); the filter was not changed.');
      return;
    }
    const chosen = given ?? (await features().pickConversationFilter(model, inboxId, tree.filters.get(inboxId)));
    if (chosen) tree.setConversationFilter(inboxId, chosen);
  };

  const clearConversationFilter = (node: TreeNode | undefined) => {
    const inboxId = inboxOf(selected(node));
    if (inboxId !== undefined) tree.setConversationFilter(inboxId, undefined);
  };

  return [
    vscode.commands.registerCommand('hiver.refresh', refresh),
    vscode.commands.registerCommand('hiver.refreshNode', refreshRow),
    vscode.commands.registerCommand('hiver.loadMore', (node?: TreeNode) => {
      const ref = listOf(selected(node));
      return ref && model.loadMore(ref);
    }),
    vscode.commands.registerCommand('hiver.loadAll', loadAll),
    vscode.commands.registerCommand('hiver.cancelLoadAll', (node?: TreeNode) => {
      const ref = listOf(selected(node));
      if (ref) model.cancelLoadAll(ref);
    }),
    vscode.commands.registerCommand('hiver.retry', retry),
    vscode.commands.registerCommand('hiver.copyEmail', copyEmail),
    vscode.commands.registerCommand('hiver.copyId', copyId),
    vscode.commands.registerCommand('hiver.showDetails', showDetails),
    vscode.commands.registerCommand('hiver.filterConversations', filterConversations),
    vscode.commands.registerCommand('hiver.clearConversationFilter', clearConversationFilter),
  ];
}

function groupName(kind: GroupKind): string {
  return kind === 'users' ? vscode.l10n.t('users') : kind === 'tags' ? vscode.l10n.t('tags') : vscode.l10n.t('conversations');
}

function entityRef(node: TreeNode | undefined): EntityRef | undefined {
  if (node instanceof InboxNode) return { kind: 'inbox', inboxId: node.inboxId };
  if (node instanceof UserNode) return { kind: 'user', inboxId: node.inboxId, id: node.itemId };
  if (node instanceof TagNode) return { kind: 'tag', inboxId: node.inboxId, id: node.itemId };
  if (node instanceof ConversationNode) return { kind: 'conversation', inboxId: node.inboxId, id: node.itemId };
  return undefined;
}

/** The inbox whose conversations a row is about (its Conversations group, the inbox, or a conversation). */
function inboxOf(node: TreeNode | undefined): string | undefined {
  if (node instanceof GroupNode || node instanceof ItemNode || node instanceof InboxNode) return node.inboxId;
  return undefined;
}

/** The Inboxes view and its commands. */
export function registerTree(context: vscode.ExtensionContext, session: HiverSession, panels: DetailPanels): InboxTree {
  const tree = new InboxTree(session);
  context.subscriptions.push(tree, ...registerTreeCommands(tree, session, panels));
  return tree;
}
