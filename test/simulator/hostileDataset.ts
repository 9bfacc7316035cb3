// The 'hostile' dataset: every string field of every object carries a payload (script and
// img tags, javascript: and command: links, icon syntax, bidi and zero-width characters, emoji,
// 10,000 characters), rotating through hostilePayloads(); ids include values that would forge
// tree rows if joined naively. Conversation and message ids stay numbers (the API's types).
// Small: 3 inboxes of 14 users, 13 tags and 13 conversations.

import { emptyState, KEY_OWNER } from './datasets';
import { COLLIDING_IDS, hostilePayloads, hostileUrls } from './hostileStrings';
import type { SimulatorState, StoredConversation, StoredInbox, StoredTag, StoredUser } from './types';

/** Inbox ids: a plain one (the common ids live there), one that looks like a group row, one like a built-in row. */
export const HOSTILE_INBOX_IDS = ['101', '101/users', '~loadMore'];
const PER_INBOX = 13;
const BASE_TIME = 1708945347;
const VALID_STATUSES = ['open', 'pending', 'closed'];

export function buildHostileDataset(canaryUrl: string): SimulatorState {
  const payloads = hostilePayloads(canaryUrl);
  const urls = hostileUrls(canaryUrl);
  let turn = 0;
  /** The next payload, after a short readable prefix so a person can tell the fields apart. */
  const text = (prefix: string): string => `${prefix} ${payloads[turn++ % payloads.length]}`;
  const state = emptyState();
  // The key owner keeps its id and email (notes name them as author), the rest is hostile.
  const owner: StoredUser = { ...KEY_OWNER, first_name: text('Avery'), last_name: text('Admin'), phone_number: text('+1') };
  let nextUserId = 450002;
  let nextTagId = 56001;
  let nextConversationId = 538700001;
  let nextMessageId = 834400001;

  for (const [index, inboxId] of HOSTILE_INBOX_IDS.entries()) {
    const inbox: StoredInbox = {
      id: inboxId,
      display_name: text(`Inbox ${index + 1}`),
      channel_type: text('email'),
      email: `inbox${index + 1}+${text('mail')}@acme.example`,
      inbox_type: text('user'),
      is_authorised: index !== 2,
      source_user: { id: COLLIDING_IDS[index], email: text('source') },
      created_at: BASE_TIME + index * 86400,
      updated_at: BASE_TIME + index * 86400 + 3600,
    };
    state.inboxes.push(inbox);

    const users: StoredUser[] = [owner];
    for (let i = 0; i < PER_INBOX; i++) {
      // The first inbox holds the colliding user ids; ids are per account, so once only.
      const id = index === 0 && i < COLLIDING_IDS.length ? COLLIDING_IDS[i] : String(nextUserId++);
      users.push({ id, first_name: text('First'), last_name: text('Last'), email: `user${index + 1}.${i + 1}+${text('u')}@acme.example`, phone_number: text('+1'), is_joined: i % 3 !== 0 });
    }
    state.users[inboxId] = users;

    const tags: StoredTag[] = [];
    for (let i = 0; i < PER_INBOX; i++) {
      tags.push({
        id: index === 0 && i < COLLIDING_IDS.length ? COLLIDING_IDS[i] : String(nextTagId++),
        name: text('Tag'),
        // A valid colour now and then, so swatches show; the rest must never reach a style.
        color_code: i % 4 === 0 ? '#e57373' : text('#'),
        background_hexcode: text('#'),
        type: text('user'),
        description: text('About'),
        created_at: BASE_TIME + i * 3600,
      });
    }
    state.tags[inboxId] = tags;

    for (let i = 0; i < PER_INBOX; i++) {
      const threadId = `19${(nextConversationId % 1e6).toString(16)}-${text('thread')}`;
      const assignee = users[(i * 5) % users.length];
      const conversation: StoredConversation = {
        id: nextConversationId++,
        inbox_ids: [inboxId],
        // Hiver's statuses are undocumented, so any text may come: every other one is a payload.
        status: i % 2 === 0 ? text('status') : VALID_STATUSES[i % 3],
        tag_ids: [tags[i].id, tags[(i + 5) % tags.length].id, tags[(i + 9) % tags.length].id],
        gmail_thread_id: threadId,
        private_permalink: urls[i % urls.length],
        public_permalink: urls[(i + 1) % urls.length],
        message_ids: [
          { hiver_message_id: nextMessageId++, gmail_message_id: threadId },
          { hiver_message_id: nextMessageId++, gmail_message_id: text('message') },
        ],
      };
      if (i % 5 !== 4) conversation.assignee = { assignee_type: text('user'), assignee_id: /^\d+$/.test(assignee.id) ? Number(assignee.id) : assignee.id };
      state.conversations.push(conversation);
    }
  }
  state.nextIds.tag = nextTagId;

  const first = state.conversations[0];
  const base = { conversation_id: String(first.id), author: state.keyOwner, mentions: [], notify_all: false };
  state.notes[String(first.id)] = [
    { ...base, id: String(state.nextIds.note++), content: text('Note'), parent_note_id: null, attachments: [{ id: 'a1', file_name: text('file'), file_type: text('type') }], created_at: '2026-07-21T14:24:22.000000Z' },
    { ...base, id: String(state.nextIds.note++), content: text('Reply'), parent_note_id: '35040001', attachments: [], created_at: '2026-07-21T15:02:10.000000Z' },
  ];
  return state;
}
