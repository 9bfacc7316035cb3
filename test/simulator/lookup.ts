// Finding stored records by the ids the API accepts; unknown path ids answer 404.

import { ApiError } from './apiError';
import type { SimulatorState, StoredConversation, StoredInbox } from './types';

export function findInbox(state: SimulatorState, inboxId: string): StoredInbox {
  const inbox = state.inboxes.find((i) => i.id === inboxId);
  if (!inbox) throw new ApiError(404, `Inbox ${inboxId} not found`);
  return inbox;
}

/** By Hiver conversation id or Gmail thread id; it must belong to the inbox. */
export function findConversation(state: SimulatorState, inboxId: string, idOrThread: string): StoredConversation {
  findInbox(state, inboxId);
  const conversation = state.conversations.find(
    (c) => (String(c.id) === idOrThread || c.gmail_thread_id === idOrThread) && c.inbox_ids.includes(inboxId),
  );
  if (!conversation) throw new ApiError(404, `Conversation ${idOrThread} not found in inbox ${inboxId}`);
  return conversation;
}

export function conversationsOf(state: SimulatorState, inboxId: string): StoredConversation[] {
  return state.conversations.filter((c) => c.inbox_ids.includes(inboxId));
}
