// A conversation arriving while a test runs (the watcher's new mail): the next id after every
// stored one, in one inbox, with one message. From a test: `sim.addConversation('101')`; from
// another process: `POST /__sim/inboxes/101/conversations {"status"?, "assignee_id"?, "tag_ids"?}`.

import { ApiError } from './apiError';
import { findInbox } from './lookup';
import type { SimulatorState, StoredConversation } from './types';

export interface NewConversationFields {
  /** open (default), pending or closed. */
  status?: string;
  /** An inbox member's user id; unassigned (assignee null) when missing. */
  assignee_id?: string;
  tag_ids?: string[];
}

export function addConversation(state: SimulatorState, inboxId: string, fields: NewConversationFields = {}): StoredConversation {
  findInbox(state, inboxId);
  const status = fields.status ?? 'open';
  if (!['open', 'pending', 'closed'].includes(status)) throw new ApiError(400, `status must be open, pending or closed, not ${JSON.stringify(status)}`);
  const members = state.users[inboxId] ?? [];
  const assignee = fields.assignee_id;
  if (assignee !== undefined && !members.some((u) => u.id === assignee)) throw new ApiError(400, `User ${assignee} is not a member of inbox ${inboxId}`);
  const tags = fields.tag_ids ?? [];
  if (tags.some((id) => !(state.tags[inboxId] ?? []).some((t) => t.id === id))) throw new ApiError(400, `Unknown tag in ${JSON.stringify(tags)}`);
  const id = Math.max(0, ...state.conversations.map((c) => c.id)) + 1;
  const messageId = Math.max(0, ...state.conversations.flatMap((c) => c.message_ids.map((m) => m.hiver_message_id))) + 1;
  const threadId = `19new${id.toString(16)}`;
  const conversation: StoredConversation = {
    id,
    inbox_ids: [inboxId],
    status,
    tag_ids: tags,
    gmail_thread_id: threadId,
    private_permalink: `https://v2.hiverhq.com/permalinks/pvt/new${id}`,
    public_permalink: `https://v2.hiverhq.com/permalinks/pub/new${id}`,
    message_ids: [{ hiver_message_id: messageId, gmail_message_id: threadId }],
    assignee: assignee === undefined ? null : { assignee_type: 'user', assignee_id: /^\d+$/.test(assignee) ? Number(assignee) : assignee },
  };
  state.conversations.push(conversation);
  return conversation;
}
