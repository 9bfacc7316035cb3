// The disk cache's file format, and the one place its content is checked on the way back in.
// What the cache holds came from Hiver (and a file can be edited by anyone), so it is read as
// hostile API text: items are stored in Hiver's own wire shape and read back through the same
// parsers as Hiver's answers (src/hiver/parse.ts); the envelope around them is checked as
// strictly. Anything that does not pass makes the whole file unusable (the caller discards it).
import { parseConversation, parseConversationDetail, parseInbox, parseTag, parseUser, ResponseReader } from '../hiver/parse';
import type { Conversation, ConversationDetail, Inbox, InboxUser, Tag } from '../hiver/models';
import { storedTime } from '../hiver/clock';
import { mostPages } from './pagedCollection';

export const CACHE_VERSION = 1;

/** A list kind in the cache: the inbox list, or one group of one inbox. */
export type CachedKind = 'inboxes' | 'users' | 'tags' | 'conversations';

type Item = Inbox | InboxUser | Tag | Conversation;

/** One list as the model held it. */
export interface CachedList {
  kind: CachedKind;
  /** Undefined for the inbox list. */
  inboxId?: string;
  /** When its data was fetched from Hiver (epoch ms). */
  fetchedAt: number;
  /** Pages loaded, so a refresh loads as many again. */
  pages: number;
  nextPage?: string;
  items: Item[];
  /** Items found by a search or a lookup, kept beside the pages. */
  found: Item[];
  /**
   * Ours, not Hiver's: rows learned after `fetchedAt` (a change made here, a read), by id, and
   * when. A row's copy is as new as this, else `fetchedAt`; a merge keeps the newer copy.
   */
  learned?: ReadonlyMap<string, number>;
}

/** A conversation read singly (with its message ids), for the panel that shows it. */
export interface CachedDetail {
  inboxId: string;
  conversation: ConversationDetail;
}

export interface CacheSnapshot {
  lists: CachedList[];
  details: CachedDetail[];
}

/**
 * The JSON text of a snapshot, within `maxBytes` (UTF-8). Over it, whole lists are left out,
 * the largest first, conversation lists before users and tags; the inbox list is always kept.
 * A list left out loads from Hiver when it is next shown. Details: the newest `maxDetails`.
 */
export function encodeCache(account: string, savedAt: number, snapshot: CacheSnapshot, limits: { maxBytes: number; maxDetails: number }): { text: string; dropped: number } {
  const lists = snapshot.lists.map((list) => ({ list, text: JSON.stringify(listToWire(list)) }));
  const details = snapshot.details.slice(-limits.maxDetails).map((d) => JSON.stringify({ inboxId: d.inboxId, conversation: conversationToWire(d.conversation) }));
  const head = JSON.stringify({ version: CACHE_VERSION, account, savedAt });
  const size = (texts: string[]) => texts.reduce((sum, text) => sum + Buffer.byteLength(text) + 1, 0);
  let total = Buffer.byteLength(head) + size(lists.map((l) => l.text)) + size(details) + 32;
  const dropOrder = lists
    .filter((l) => l.list.kind !== 'inboxes')
    .sort((a, b) => dropRank(a.list.kind) - dropRank(b.list.kind) || b.text.length - a.text.length);
  const dropped = new Set<(typeof lists)[number]>();
  for (const candidate of dropOrder) {
    if (total <= limits.maxBytes) break;
    dropped.add(candidate);
    total -= Buffer.byteLength(candidate.text) + 1;
  }
  const kept = lists.filter((l) => !dropped.has(l)).map((l) => l.text);
  const text = `${head.slice(0, -1)},"lists":[${kept.join(',')}],"details":[${details.join(',')}]}`;
  return { text, dropped: dropped.size };
}

function dropRank(kind: CachedKind): number {
  return kind === 'conversations' ? 0 : 1;
}

/**
 * Reads a cache file's text back. Throws (with the reason) when anything in it is not what
 * this version writes for `account`: wrong version or account, a wrong type, a bad item.
 * A time ahead of `now` (clock.ts: `storedTime`) reads as long ago, so the list is re-read and
 * loses every merge instead of looking fresh for ever.
 */
export function decodeCache(text: string, account: string, now = Date.now()): CacheSnapshot & { savedAt: number } {
  const r = new ResponseReader('the disk cache');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return r.fail('the file', 'is not JSON');
  }
  const top = r.object(body, 'the file');
  if (top.version !== CACHE_VERSION) r.fail('version', `is not ${CACHE_VERSION}`);
  if (top.account !== account) r.fail('account', 'is not this account');
  const savedAt = time(r, top.savedAt, 'savedAt', now);
  const lists = r.array(top.lists, 'lists').map((value, i) => readList(r, value, `lists[${i}]`, now));
  const details = r.array(top.details, 'details').map((value, i): CachedDetail => {
    const o = r.object(value, `details[${i}]`);
    const wire = r.object(o.conversation, `details[${i}].conversation`);
    return { inboxId: r.id(o.inboxId, `details[${i}].inboxId`), conversation: withUnconfirmedAssignee(r, parseConversationDetail(r, wire), wire, `details[${i}].conversation`) };
  });
  return { savedAt, lists, details };
}

const KINDS: readonly CachedKind[] = ['inboxes', 'users', 'tags', 'conversations'];

function readList(r: ResponseReader, value: unknown, path: string, now: number): CachedList {
  const o = r.object(value, path);
  const kind = KINDS.find((k) => k === o.kind);
  if (!kind) return r.fail(`${path}.kind`, 'is not a list kind');
  const inboxId = kind === 'inboxes' ? undefined : r.id(o.inboxId, `${path}.inboxId`);
  const pages = o.pages;
  if (typeof pages !== 'number' || !Number.isSafeInteger(pages) || pages < 1) r.fail(`${path}.pages`, 'is not a page count');
  const item = (v: unknown, p: string) => parseItem(r, kind, v, p);
  const items = r.array(o.items, `${path}.items`).map((v, i) => item(v, `${path}.items[${i}]`));
  const found = r.array(o.found, `${path}.found`).map((v, i) => item(v, `${path}.found[${i}]`));
  return {
    kind,
    inboxId,
    fetchedAt: time(r, o.fetchedAt, `${path}.fetchedAt`, now),
    // A refresh and a re-read load as many pages again: never more than these items could fill.
    pages: Math.min(pages as number, mostPages(items.length)),
    nextPage: r.optionalString(o.nextPage, `${path}.nextPage`) || undefined,
    items,
    found,
    learned: readLearned(r, o.learned, `${path}.learned`, new Set([...items, ...found].map((row) => row.id)), now),
  };
}

/** Optional (older files have none): [id, time] pairs, at most one per row of the list. */
function readLearned(r: ResponseReader, value: unknown, path: string, rows: Set<string>, now: number): Map<string, number> | undefined {
  if (value === undefined) return undefined;
  const pairs = r.array(value, path);
  if (pairs.length > rows.size) r.fail(path, 'has more entries than the list has rows');
  const learned = new Map<string, number>();
  pairs.forEach((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2) r.fail(`${path}[${i}]`, 'is not an [id, time] pair');
    const id = r.id(pair[0], `${path}[${i}][0]`);
    if (!rows.has(id)) r.fail(`${path}[${i}][0]`, 'is not a row of the list');
    learned.set(id, time(r, pair[1], `${path}[${i}][1]`, now));
  });
  return learned.size > 0 ? learned : undefined;
}

function parseItem(r: ResponseReader, kind: CachedKind, value: unknown, path: string): Item {
  switch (kind) {
    case 'inboxes':
      return parseInbox(r, value, path);
    case 'users':
      return parseUser(r, value, path);
    case 'tags':
      return parseTag(r, value, path);
    case 'conversations': {
      // A conversation found by Go to Conversation was read singly: it keeps its message ids.
      const o = r.object(value, path);
      const conversation = o.message_ids === undefined ? parseConversation(r, o, path) : parseConversationDetail(r, o);
      return withUnconfirmedAssignee(r, conversation, o, path);
    }
  }
}

function time(r: ResponseReader, value: unknown, path: string, now: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return r.fail(path, 'is not a time');
  return storedTime(value, now);
}

// Back to Hiver's wire shape, which parse.ts reads into the same object.

function listToWire(list: CachedList): object {
  const wire = (item: Item) => itemToWire(list.kind, item);
  return { kind: list.kind, inboxId: list.inboxId, fetchedAt: list.fetchedAt, pages: list.pages, nextPage: list.nextPage, items: list.items.map(wire), found: list.found.map(wire), learned: list.learned?.size ? [...list.learned] : undefined };
}

function itemToWire(kind: CachedKind, item: Item): object {
  switch (kind) {
    case 'inboxes':
      return inboxToWire(item as Inbox);
    case 'users':
      return userToWire(item as InboxUser);
    case 'tags':
      return tagToWire(item as Tag);
    case 'conversations':
      return conversationToWire(item as Conversation & { messageIds?: ConversationDetail['messageIds'] });
  }
}

export function inboxToWire(inbox: Inbox): object {
  return {
    id: inbox.id,
    display_name: inbox.displayName,
    channel_type: inbox.channelType,
    email: inbox.email,
    inbox_type: inbox.inboxType,
    is_authorised: inbox.isAuthorised,
    source_user: inbox.sourceUser && { id: inbox.sourceUser.id, email: inbox.sourceUser.email },
    created_at: inbox.createdAt,
    updated_at: inbox.updatedAt,
  };
}

export function userToWire(user: InboxUser): object {
  return { id: user.id, first_name: user.firstName, last_name: user.lastName, email: user.email, phone_number: user.phoneNumber, is_joined: user.isJoined };
}

export function tagToWire(tag: Tag): object {
  return { id: tag.id, name: tag.name, color_code: tag.color, background_hexcode: tag.backgroundColor, type: tag.type, description: tag.description, created_at: tag.createdAt };
}

export function conversationToWire(conversation: Conversation & { messageIds?: ConversationDetail['messageIds'] }): object {
  return {
    id: conversation.id,
    status: conversation.status,
    assignee: conversation.assigneeId === undefined ? null : { assignee_id: conversation.assigneeId, assignee_type: conversation.assigneeType },
    // Ours, not Hiver's: assigned here by email, its id not read back yet (models.ts).
    assignee_email_unconfirmed: conversation.assigneeEmail,
    tag_ids: conversation.tagIds,
    gmail_thread_id: conversation.gmailThreadId,
    private_permalink: conversation.privatePermalink,
    public_permalink: conversation.publicPermalink,
    message_ids: conversation.messageIds?.map((m) => ({ hiver_message_id: m.hiverMessageId, gmail_message_id: m.gmailMessageId })),
  };
}

/** A conversation assigned here by email whose new assignee was not read back keeps saying so. */
function withUnconfirmedAssignee<C extends Conversation>(r: ResponseReader, conversation: C, wire: Record<string, unknown>, path: string): C {
  const email = conversation.assigneeId === undefined ? r.optionalString(wire.assignee_email_unconfirmed, `${path}.assignee_email_unconfirmed`) : undefined;
  return email ? { ...conversation, assigneeEmail: email } : conversation;
}
