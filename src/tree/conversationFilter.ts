import * as vscode from 'vscode';
import { inBackground } from '../common/background';
import { Conversation } from '../hiver/models';
import { HiverModel } from '../model/hiverModel';
import { assigneeText, statusLabel, tagText } from './conversationLabels';
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
