import * as vscode from 'vscode';
import { Conversation, Tag } from '../hiver/models';
import { HiverModel } from '../model/hiverModel';
import { userName } from '../common/users';


// How a conversation reads without a subject: status, assignee name and tag names, resolved
// from the inbox's users and tags already in the model (never one request per row).

export function statusLabel(status: string): string {
  switch (status) {
    case 'open':
      return vscode.l10n.t('open');
    case 'pending':
      return vscode.l10n.t('pending');
    case 'closed':
      return vscode.l10n.t('closed');
    default:
      // Hiver's full set of statuses is undocumented: show unknown ones as they come.
      return status;
  }
}

export function statusIcon(status: string): vscode.ThemeIcon {
  switch (status) {
    case 'open':
      return new vscode.ThemeIcon('issues', new vscode.ThemeColor('charts.green'));
    case 'pending':
      return new vscode.ThemeIcon('clock', new vscode.ThemeColor('charts.yellow'));
    case 'closed':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('disabledForeground'));
    default:
      return new vscode.ThemeIcon('question');
  }
}

/** The assignee's name; "user 1028399" when the id is not among the inbox's loaded users. */
export function assigneeText(model: HiverModel, inboxId: string, conversation: Conversation): string {
  if (conversation.assigneeId === undefined && conversation.assigneeEmail) return vscode.l10n.t('{0} (refresh needed)', conversation.assigneeEmail);
  if (conversation.assigneeId === undefined) return vscode.l10n.t('unassigned');
  const user = model.list({ kind: 'users', inboxId }).get(conversation.assigneeId);
  return user ? userName(user) : vscode.l10n.t('user {0}', conversation.assigneeId);
}

export function tagText(model: HiverModel, inboxId: string, tagId: string): string {
  const tag: Tag | undefined = model.list({ kind: 'tags', inboxId }).get(tagId);
  return tag ? tag.name : vscode.l10n.t('tag {0}', tagId);
}

/** "open · Phoebe Buffay · Priority, VIP" */
export function conversationDescription(model: HiverModel, inboxId: string, conversation: Conversation): string {
  const parts = [statusLabel(conversation.status), assigneeText(model, inboxId, conversation)];
  if (conversation.tagIds.length > 0) parts.push(conversation.tagIds.map((id) => tagText(model, inboxId, id)).join(', '));
  return parts.join(' · ');
}

export function conversationTooltip(model: HiverModel, inboxId: string, conversation: Conversation): string {
  const assignee = conversation.assigneeId === undefined ? undefined : model.list({ kind: 'users', inboxId }).get(conversation.assigneeId);
  const lines = [
    vscode.l10n.t('Conversation {0}', conversation.id),
    vscode.l10n.t('Status: {0}', statusLabel(conversation.status)),
    vscode.l10n.t('Assignee: {0}', assigneeText(model, inboxId, conversation) + (assignee ? ` <${assignee.email}>` : '')),
    vscode.l10n.t('Tags: {0}', conversation.tagIds.map((id) => tagText(model, inboxId, id)).join(', ') || vscode.l10n.t('none')),
  ];
  if (conversation.gmailThreadId) lines.push(vscode.l10n.t('Gmail thread: {0}', conversation.gmailThreadId));
  return lines.join('\n');
}
