import * as vscode from 'vscode';
import { showQuickPick } from '../common/quickInputs';
import { inBackground } from '../common/background';
import { Conversation } from '../hiver/models';
import { HiverModel } from '../model/hiverModel';
import { assigneeText, statusLabel, tagText } from './conversationLabels';
import { userName } from '../common/users';
import { labelText, pickText } from '../common/display';
import { parseStoredFilters, type ConversationFilter } from './filterShape';

// Hiver has no server-side filters, so a filter runs on the client over the pages loaded.
export type { ConversationFilter } from './filterShape';

export const UNASSIGNED = 'unassigned';

export function isActive(filter: ConversationFilter | undefined): filter is ConversationFilter {
  return !!filter && filter.statuses.length + filter.assignees.length + filter.tagIds.length > 0;
}

export function matches(filter: ConversationFilter | undefined, conversation: Conversation): boolean {
  if (!isActive(filter)) return true;
  if (filter.statuses.length && !filter.statuses.includes(conversation.status)) return false;
  // Assigned here to a member whose id was not read back ("refresh needed"): not unassigned.
  const assignee = conversation.assigneeId ?? (conversation.assigneeEmail ? undefined : UNASSIGNED);
  if (filter.assignees.length && (assignee === undefined || !filter.assignees.includes(assignee))) return false;
  if (filter.tagIds.length && !conversation.tagIds.some((id) => filter.tagIds.includes(id))) return false;
  return true;
}

/** "status: open · assignee: unassigned · tag: VIP" */
export function describeFilter(model: HiverModel, inboxId: string, filter: ConversationFilter): string {
  const parts: string[] = [];
  if (filter.statuses.length) parts.push(vscode.l10n.t('status: {0}', filter.statuses.map(statusLabel).join(', ')));
  if (filter.assignees.length) {
    const names = filter.assignees.map((id) =>
      assigneeText(model, inboxId, { id: '', status: '', tagIds: [], assigneeId: id === UNASSIGNED ? undefined : id }),
    );
    parts.push(vscode.l10n.t('assignee: {0}', names.join(', ')));
  }
  if (filter.tagIds.length) parts.push(vscode.l10n.t('tag: {0}', filter.tagIds.map((id) => tagText(model, inboxId, id)).join(', ')));
  return parts.join(' · ');
}

const STORAGE_KEY = 'hiver.conversationFilters';

/** The filter of each inbox, in memory and in workspaceState (so it survives a reload). */
export class ConversationFilters {
  private readonly byInbox: Map<string, ConversationFilter>;

  constructor(private readonly storage: vscode.Memento) {
    // Checked: an older or foreign value that is not a filter is dropped (filterShape.ts).
    this.byInbox = parseStoredFilters(storage.get<unknown>(STORAGE_KEY));
  }

  get(inboxId: string): ConversationFilter | undefined {
    const filter = this.byInbox.get(inboxId);
    return isActive(filter) ? filter : undefined;
  }

  set(inboxId: string, filter: ConversationFilter | undefined): void {
    if (isActive(filter)) this.byInbox.set(inboxId, filter);
    else this.byInbox.delete(inboxId);
    inBackground(this.storage.update(STORAGE_KEY, Object.fromEntries(this.byInbox)), 'saving the conversation filters');
  }
}

type FilterItem = vscode.QuickPickItem & { field?: keyof ConversationFilter; value?: string };

/**
 * One multi-select QuickPick with a section per field, preselected with the current filter.
 * Offers the values that occur in the loaded conversations plus the inbox's loaded users and
 * tags. Resolves undefined when dismissed; an empty filter means "show all".
 */
export async function pickConversationFilter(model: HiverModel, inboxId: string, current: ConversationFilter | undefined): Promise<ConversationFilter | undefined> {
  const conversations = model.list({ kind: 'conversations', inboxId }).items;
  const users = model.list({ kind: 'users', inboxId });
  const tags = model.list({ kind: 'tags', inboxId });
  const chosen = (field: keyof ConversationFilter, value: string) => current?.[field].includes(value) ?? false;
  // Labels and descriptions come from API names (users, tags, unknown statuses).
  const item = (field: keyof ConversationFilter, value: string, label: string, description?: string): FilterItem => ({
    field,
    value,
    label: pickText(labelText(label)),
    description: description === undefined ? undefined : pickText(labelText(description)),
    picked: chosen(field, value),
  });
  const separator = (label: string): FilterItem => ({ label, kind: vscode.QuickPickItemKind.Separator });

  const statuses = new Set(['open', 'pending', 'closed', ...conversations.map((c) => c.status), ...(current?.statuses ?? [])]);
  const assigneeIds = new Set([...users.items.map((u) => u.id), ...conversations.flatMap((c) => (c.assigneeId ? [c.assigneeId] : [])), ...(current?.assignees ?? [])]);
  assigneeIds.delete(UNASSIGNED);
  const tagIds = new Set([...tags.items.map((t) => t.id), ...conversations.flatMap((c) => c.tagIds), ...(current?.tagIds ?? [])]);

  const assigneeItems = [...assigneeIds].map((id) => {
    const user = users.get(id);
    return item('assignees', id, user ? userName(user) : vscode.l10n.t('user {0}', id), user?.email);
  });
  const tagItems = [...tagIds].map((id) => item('tagIds', id, tagText(model, inboxId, id)));
  const byLabel = (a: FilterItem, b: FilterItem) => a.label.localeCompare(b.label);

  const items: FilterItem[] = [
    separator(vscode.l10n.t('Status')),
    ...[...statuses].map((status) => item('statuses', status, statusLabel(status))),
    separator(vscode.l10n.t('Assignee')),
    item('assignees', UNASSIGNED, vscode.l10n.t('Unassigned')),
    ...assigneeItems.sort(byLabel),
    separator(vscode.l10n.t('Tag')),
    ...tagItems.sort(byLabel),
  ];
  const inboxName = model.inbox(inboxId)?.displayName ?? inboxId;
  const picked = await showQuickPick(items, {
    canPickMany: true,
    title: vscode.l10n.t('Filter conversations of {0}', pickText(labelText(inboxName))),
    placeHolder: vscode.l10n.t('Pick statuses, assignees and tags to show (pick none to show all)'),
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  const filter: ConversationFilter = { statuses: [], assignees: [], tagIds: [] };
  for (const choice of picked) if (choice.field && choice.value !== undefined) filter[choice.field].push(choice.value);
  return filter;
}
