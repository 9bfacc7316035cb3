// Stored records to the exact JSON Hiver sends. Ids are typed as the documentation's examples
// show them: conversation `id` a number in lists but a string in the single GET, tag ids strings
// in reads, `assignee_id` a number.

import type { StoredConversation, StoredNote, StoredTag } from './types';

export function tagToWire(tag: StoredTag): Record<string, unknown> {
  return { id: tag.id, name: tag.name, color_code: tag.color_code, type: tag.type, created_at: tag.created_at };
}

/** A list item: no message_ids. An unassigned conversation keeps its shape (null or no key). */
export function conversationToListWire(c: StoredConversation): Record<string, unknown> {
  const wire: Record<string, unknown> = { id: c.id };
  if (c.assignee !== undefined) wire.assignee = c.assignee === null ? null : { ...c.assignee };
  Object.assign(wire, {
    status: c.status,
    tag_ids: [...c.tag_ids],
    gmail_thread_id: c.gmail_thread_id,
    private_permalink: c.private_permalink,
    public_permalink: c.public_permalink,
  });
  return wire;
}

export function conversationToDetailWire(c: StoredConversation): Record<string, unknown> {
  return { ...conversationToListWire(c), id: String(c.id), message_ids: c.message_ids.map((m) => ({ ...m })) };
}

export function noteToWire(note: StoredNote): Record<string, unknown> {
  return {
    id: note.id,
    conversation_id: note.conversation_id,
    content: note.content,
    author: { ...note.author },
    mentions: [...note.mentions],
    parent_note_id: note.parent_note_id,
    attachments: note.attachments.map((a) => ({ ...a })),
    created_at: note.created_at,
  };
}
