// Seeded, deterministic datasets: 'demo' (the everyday one), 'tiny' (fast tests), 'large'
// (volume) and 'hostile' (payloads in every string, hostileDataset.ts). The same dataset name always builds the same ids and names; README.md lists the
// notable entities.

import { buildHostileDataset } from './hostileDataset';
import { HOSTILE_INBOX_NAME, HOSTILE_TAG_NAMES, HOSTILE_USERS } from './hostileStrings';
import { createPrng, type Prng } from './prng';
import type { SimulatorState, StoredConversation, StoredInbox, StoredTag, StoredUser } from './types';

export type DatasetName = 'demo' | 'large' | 'tiny' | 'hostile';

export interface DatasetOptions {
  /** The simulator's canary URL (`<origin>/__sim/canary`), which the hostile dataset's payloads load. */
  canaryUrl?: string;
}

interface InboxPlan {
  id: string;
  display_name: string;
  email: string;
  is_authorised?: boolean;
  /** Users that belong to this inbox only (the key owner and the shared staff come on top). */
  ownUsers: number;
  tags: number;
  conversations: number;
  /** Adds the hostile users and tags (they count towards `tags`). */
  hostile?: boolean;
  /** The first `count` conversations of this inbox also belong to inbox `inboxId`. */
  alsoIn?: { inboxId: string; count: number };
}

interface DatasetPlan {
  seed: number;
  sharedStaff: number;
  inboxes: InboxPlan[];
}

const PLANS: Record<Exclude<DatasetName, 'hostile'>, DatasetPlan> = {
  demo: {
    seed: 20261125,
    sharedStaff: 8,
    inboxes: [
      { id: '101', display_name: 'Customer Support', email: 'support@acme.example', ownUsers: 114, tags: 30, conversations: 150, hostile: true },
      { id: '102', display_name: 'Sales', email: 'sales@acme.example', ownUsers: 16, tags: 20, conversations: 80, alsoIn: { inboxId: '101', count: 12 } },
      { id: '103', display_name: 'Billing', email: 'billing@acme.example', is_authorised: false, ownUsers: 12, tags: 0, conversations: 40 },
      { id: '104', display_name: HOSTILE_INBOX_NAME, email: 'partners@acme.example', ownUsers: 15, tags: 25, conversations: 50, hostile: true },
      { id: '105', display_name: 'Engineering Escalations', email: 'escalations@acme.example', ownUsers: 22, tags: 18, conversations: 45 },
    ],
  },
  tiny: {
    seed: 7,
    sharedStaff: 3,
    inboxes: [
      { id: '101', display_name: 'Support', email: 'support@acme.example', ownUsers: 6, tags: 6, conversations: 15 },
      { id: '102', display_name: 'Sales', email: 'sales@acme.example', ownUsers: 5, tags: 6, conversations: 10, alsoIn: { inboxId: '101', count: 2 } },
    ],
  },
  large: {
    seed: 99,
    sharedStaff: 8,
    inboxes: [
      { id: '101', display_name: 'Large Support', email: 'support@acme.example', ownUsers: 2491, tags: 300, conversations: 20000 },
      { id: '102', display_name: 'Small Team', email: 'team@acme.example', ownUsers: 5, tags: 10, conversations: 20 },
    ],
  },
};

const FIRST_NAMES = ['Phoebe', 'Rachel', 'Monica', 'Chandler', 'Joey', 'Ross', 'Gunther', 'Janice', 'Mike', 'Emily', 'Carol', 'Susan', 'Richard', 'Kathy', 'Julie', 'Pete', 'Amara', 'Bjorn', 'Chen', 'Dana', 'Elif', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kofi', 'Lena', 'Mateo', 'Nadia', 'Omar', 'Priya', 'Quinn', 'Ravi', 'Sofia', 'Tomas', 'Uma', 'Viktor', 'Wen', 'Yara'];
const LAST_NAMES = ['Buffay', 'Green', 'Geller', 'Bing', 'Tribbiani', 'Hannigan', 'Burke', 'Waltham', 'Willick', 'Bunch', 'Adeyemi', 'Berg', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jensen', 'Kowalski', 'Larsen', 'Moreau', 'Novak', 'Okafor', 'Patel', 'Rossi', 'Schmidt', 'Tanaka', 'Varga'];
const TAG_NAMES = ['Priority', 'Billing', 'Refund', 'VIP', 'Bug', 'Feature request', 'Onboarding', 'Churn risk', 'Invoice', 'Shipping', 'Returns', 'Legal', 'Security', 'Partner', 'Renewal', 'Trial', 'Enterprise', 'Feedback', 'Escalated', 'Follow-up', 'Spam', 'Press', 'Integration', 'API', 'Outage', 'Discount', 'Contract', 'Upsell', 'Survey', 'Training'];
const COLORS = ['#ce93d8', '#64b5f6', '#81c784', '#ffb74d', '#e57373', '#4db6ac', '#fff176', '#a1887f', '#90a4ae', '#f06292'];
const BASE_TIME = 1708945347;

export const KEY_OWNER: StoredUser = { id: '450001', first_name: 'Avery', last_name: 'Admin', email: 'admin@acme.example', phone_number: '+19876540001', is_joined: true };

/** A simulator state with nothing in it yet but the key's owner and the id counters. */
export function emptyState(): SimulatorState {
  return {
    inboxes: [],
    users: {},
    tags: {},
    conversations: [],
    notes: {},
    drafts: {},
    keyOwner: { id: KEY_OWNER.id, email: KEY_OWNER.email },
    nextIds: { tag: 0, note: 35040001, draft: 7001, attachment: 1 },
  };
}

export function buildDataset(name: DatasetName, options: DatasetOptions = {}): SimulatorState {
  if (name === 'hostile') return buildHostileDataset(options.canaryUrl ?? 'http://127.0.0.1/__sim/canary');
  const plan = PLANS[name];
  const prng = createPrng(plan.seed);
  const state = emptyState();
  const usedEmails = new Set<string>([KEY_OWNER.email, ...HOSTILE_USERS.map((u) => u.email)]);
  let nextUserId = 450002;
  const makeUser = (): StoredUser => {
    const first = prng.pick(FIRST_NAMES);
    const last = prng.pick(LAST_NAMES);
    let email = `${first}.${last}@acme.example`.toLowerCase();
    for (let n = 2; usedEmails.has(email); n++) email = `${first}.${last}${n}@acme.example`.toLowerCase();
    usedEmails.add(email);
    const user: StoredUser = { id: String(nextUserId++), first_name: first, last_name: last, email, is_joined: prng.next() < 0.8 };
    if (prng.next() < 0.7) user.phone_number = `+1987654${String(prng.int(0, 9999)).padStart(4, '0')}`;
    return user;
  };
  const sharedStaff = Array.from({ length: plan.sharedStaff }, makeUser);
  nextUserId = 451001;
  const hostileUsers: StoredUser[] = HOSTILE_USERS.map((u) => ({ ...u, is_joined: true }));

  let nextTagId = 56001;
  let nextConversationId = 538700001;
  let nextMessageId = 834400001;

  for (const [index, inboxPlan] of plan.inboxes.entries()) {
    const inbox: StoredInbox = {
      id: inboxPlan.id,
      display_name: inboxPlan.display_name,
      channel_type: 'email',
      email: inboxPlan.email,
      inbox_type: 'user',
      is_authorised: inboxPlan.is_authorised ?? true,
      source_user: { id: String(12323 + index), email: inboxPlan.email.replace('@', '.source@') },
      created_at: BASE_TIME + index * 86400,
      updated_at: BASE_TIME + index * 86400 + 3600,
    };
    state.inboxes.push(inbox);

    const members = [KEY_OWNER, ...sharedStaff, ...(inboxPlan.hostile ? hostileUsers : []), ...Array.from({ length: inboxPlan.ownUsers }, makeUser)];
    state.users[inbox.id] = members.map((u) => ({ ...u }));

    const tagNames = [...(inboxPlan.hostile ? HOSTILE_TAG_NAMES : [])];
    for (let i = 0; tagNames.length < inboxPlan.tags; i++) {
      const base = TAG_NAMES[i % TAG_NAMES.length];
      tagNames.push(i < TAG_NAMES.length ? base : `${base} ${Math.floor(i / TAG_NAMES.length) + 1}`);
    }
    const tags: StoredTag[] = tagNames.map((tagName, i) => ({
      id: String(nextTagId++),
      name: tagName,
      color_code: COLORS[i % COLORS.length],
      background_hexcode: '#f2f4f5',
      type: 'user',
      description: `Conversations about ${tagName}`,
      created_at: BASE_TIME + i * 3600,
    }));
    state.tags[inbox.id] = tags;

    const shared = inboxPlan.alsoIn;
    for (let i = 0; i < inboxPlan.conversations; i++) {
      const isShared = shared !== undefined && i < shared.count;
      // A shared conversation's assignee must be a member of both inboxes.
      const candidates = isShared ? [KEY_OWNER, ...sharedStaff] : members;
      state.conversations.push(makeConversation(prng, {
        id: nextConversationId++,
        inboxIds: isShared ? [inbox.id, shared.inboxId] : [inbox.id],
        assigneeCandidates: candidates,
        tags: isShared ? [] : tags,
        unassignedShape: i % 2 === 0 ? 'null' : 'missing',
        nextMessageId: () => nextMessageId++,
      }));
    }
  }
  state.nextIds.tag = nextTagId;
  seedNotes(state);
  return state;
}

function makeConversation(prng: Prng, p: {
  id: number;
  inboxIds: string[];
  assigneeCandidates: StoredUser[];
  tags: StoredTag[];
  unassignedShape: 'null' | 'missing';
  nextMessageId: () => number;
}): StoredConversation {
  const threadId = '19' + prng.hex(14);
  const messageCount = prng.int(1, 4);
  const roll = prng.next();
  const status = roll < 0.5 ? 'open' : roll < 0.7 ? 'pending' : 'closed';
  const conversation: StoredConversation = {
    id: p.id,
    inbox_ids: p.inboxIds,
    status,
    tag_ids: prng.sample(p.tags, prng.int(0, 3)).map((t) => t.id),
    gmail_thread_id: threadId,
    private_permalink: `https://v2.hiverhq.com/permalinks/pvt/${prng.hex(8)}`,
    public_permalink: `https://v2.hiverhq.com/permalinks/pub/${prng.hex(40)}`,
    message_ids: Array.from({ length: messageCount }, (_, m) => ({
      hiver_message_id: p.nextMessageId(),
      gmail_message_id: m === 0 ? threadId : '19' + prng.hex(14),
    })),
  };
  if (prng.next() < 0.8) {
    conversation.assignee = { assignee_type: 'user', assignee_id: Number(prng.pick(p.assigneeCandidates).id) };
  } else if (p.unassignedShape === 'null') {
    conversation.assignee = null;
  }
  return conversation;
}

/** Two notes on the first conversation, the second a reply to the first, so parent_note_id has targets. */
function seedNotes(state: SimulatorState): void {
  const first = state.conversations[0];
  const author = state.keyOwner;
  const base = { conversation_id: String(first.id), author, mentions: [], attachments: [], notify_all: false };
  const topId = String(state.nextIds.note++);
  const replyId = String(state.nextIds.note++);
  state.notes[String(first.id)] = [
    { ...base, id: topId, content: 'Customer called, waiting for the invoice.', parent_note_id: null, created_at: '2026-07-21T14:24:22.000000Z' },
    { ...base, id: replyId, content: 'Invoice sent.', parent_note_id: topId, created_at: '2026-07-21T15:02:10.000000Z' },
  ];
}
