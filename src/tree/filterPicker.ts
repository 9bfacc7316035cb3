// The conversation filter's picker (Filter Conversations…), loaded with its first use
// (lazyFeatures.ts); the filter itself is applied in conversationFilter.ts.
import * as vscode from 'vscode';
import { showQuickPick } from '../common/quickInputs';
import type { HiverModel } from '../model/hiverModel';
import { statusLabel, tagText } from './conversationLabels';
import { userName } from '../common/users';
import { labelText, pickText } from '../common/display';
import type { ConversationFilter } from './filterShape';
import { UNASSIGNED } from './conversationFilter';

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
