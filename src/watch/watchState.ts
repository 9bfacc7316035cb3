// What the watcher keeps per account, shared by every window: which inboxes are watched, the
// ids already seen on their first pages, what is new and unseen, what each inbox's last poll
// changed, the watcher's spending today and the last announcement. Read back from disk, so
// every field is checked. Maps keyed by API ids have no prototype: an id such as `__proto__` or
// `constructor` is a key like any other.
import { createHash } from 'node:crypto';
import type { Conversation } from '../hiver/models';
import { compareIds } from './ids';

export interface Announcement {
  /** Counts up; each is shown at most once, by one window. */
  seq: number;
  inboxId: string;
  /** New conversations on the polled page, and ones there newly assigned to "me". */
  newIds: string[];
  assignedIds: string[];
  at: number;
}

/** What one poll of an inbox brought: its conversations that are new or changed since the poll before. */
export interface PollUpdate {
  /** Unique per poll (state.pollSeq when it was recorded): each window applies it once. */
  seq: number;
  /**
   * When the poll's request was queued (epoch ms). A row a window learned after this (a change
   * it made, a read) is newer than the poll's copy, which must not replace it.
   */
  queuedAt: number;
  conversations: Conversation[];
}

export type IdMap<T> = Record<string, T>;

export interface WatchState {
  watched: string[];
  /** Per inbox: the ids seen on its polled pages, each with its stamp (assignee, status, tags). */
  known: IdMap<IdMap<string>>;
  /** Per inbox: conversations found new (or newly assigned to me) and not opened yet. */
  unseen: IdMap<Conversation[]>;
  /** Per inbox: what its last poll changed, for the loaded rows of every window. */
  updates: IdMap<PollUpdate>;
  pollSeq: number;
  /** The watcher's own requests today (UTC day), across windows. */
  spent: { day: string; count: number };
  /** Wall-clock ms of the last poll (any window), so a new poller keeps the pace. */
  lastPollAt: number;
  /** Round-robin position in `watched`. */
  cursor: number;
  announcement?: Announcement;
  /** The highest announcement seq some window has shown (or dropped). */
  shownSeq: number;
}

/** Bounds, so a long-running watch cannot grow the record without limit. */
export const MAX_KNOWN_PER_INBOX = 1000;
export const MAX_UNSEEN_PER_INBOX = 200;
const MAX_INBOXES = 200;
const MAX_PAGE = 100;

export function idMap<T>(entries: Iterable<[string, T]> = []): IdMap<T> {
  const map = Object.create(null) as IdMap<T>;
  for (const [key, value] of entries) map[key] = value;
  return map;
}

/** A map's own value for an id (never an inherited one). */
export function own<T>(map: IdMap<T> | undefined, id: string): T | undefined {
  return map && Object.prototype.hasOwnProperty.call(map, id) ? map[id] : undefined;
}

export function emptyState(): WatchState {
  return { watched: [], known: idMap(), unseen: idMap(), updates: idMap(), pollSeq: 0, spent: { day: '', count: 0 }, lastPollAt: 0, cursor: 0, shownSeq: 0 };
}

/**
 * What the watcher remembers of a conversation: its assignee, then a short hash of its status
 * and tags, so a poll can tell what changed without keeping whole conversations.
 */
/** New, unseen conversations in the watched inboxes (the view's badge). */
export function unseenCount(state: WatchState): number {
  return state.watched.reduce((sum, id) => sum + (state.unseen[id]?.length ?? 0), 0);
}

export function stampOf(conversation: Conversation): string {
  const rest = createHash('sha256').update(JSON.stringify([conversation.status, conversation.tagIds])).digest('hex').slice(0, 8);
  return `${conversation.assigneeId ?? ''}/${rest}`;
}

export function assigneeOfStamp(stamp: string): string {
  return /\/[0-9a-f]{8}$/.test(stamp) ? stamp.slice(0, -9) : stamp;
}

/** The newest `max` ids of a known map (highest ids kept). */
export function boundKnown(known: IdMap<string>, max = MAX_KNOWN_PER_INBOX): IdMap<string> {
  const ids = Object.keys(known);
  if (ids.length <= max) return known;
  return idMap(ids.sort(compareIds).slice(-max).map((id) => [id, known[id]]));
}

// --- reading back what is on disk: anything malformed is dropped, never trusted ---

const isString = (v: unknown): v is string => typeof v === 'string' && v.length <= 1000;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown, max: number): string[] => (Array.isArray(v) ? v.filter(isString).slice(0, max) : []);
const conversations = (v: unknown, max: number): Conversation[] =>
  Array.isArray(v) ? v.map(parseConversation).filter((c): c is Conversation => c !== undefined).slice(-max) : [];

export function parseState(raw: unknown): WatchState {
  const state = emptyState();
  if (!isRecord(raw)) return state;
  state.watched = [...new Set(strings(raw.watched, MAX_INBOXES))];
  if (isRecord(raw.known)) {
    for (const [inboxId, ids] of Object.entries(raw.known).slice(0, MAX_INBOXES)) {
      if (isRecord(ids)) state.known[inboxId] = boundKnown(idMap(Object.entries(ids).filter((e): e is [string, string] => isString(e[1]))));
    }
  }
  if (isRecord(raw.unseen)) {
    for (const [inboxId, list] of Object.entries(raw.unseen).slice(0, MAX_INBOXES)) {
      const found = conversations(list, MAX_UNSEEN_PER_INBOX);
      if (found.length) state.unseen[inboxId] = found;
    }
  }
  if (isRecord(raw.updates)) {
    for (const [inboxId, update] of Object.entries(raw.updates).slice(0, MAX_INBOXES)) {
      if (isRecord(update) && isNumber(update.seq)) state.updates[inboxId] = { seq: update.seq, queuedAt: isNumber(update.queuedAt) ? update.queuedAt : 0, conversations: conversations(update.conversations, MAX_PAGE) };
    }
  }
  if (isNumber(raw.pollSeq)) state.pollSeq = raw.pollSeq;
  // Never below 0: a negative spend would let the watcher poll past its share.
  if (isRecord(raw.spent) && isString(raw.spent.day) && isNumber(raw.spent.count)) state.spent = { day: raw.spent.day, count: Math.max(0, raw.spent.count) };
  if (isNumber(raw.lastPollAt)) state.lastPollAt = raw.lastPollAt;
  if (isNumber(raw.cursor)) state.cursor = Math.max(0, Math.floor(raw.cursor));
  const a = raw.announcement;
  if (isRecord(a) && isNumber(a.seq) && isString(a.inboxId) && isNumber(a.at)) {
    state.announcement = { seq: a.seq, inboxId: a.inboxId, newIds: strings(a.newIds, MAX_UNSEEN_PER_INBOX), assignedIds: strings(a.assignedIds, MAX_UNSEEN_PER_INBOX), at: a.at };
  }
  if (isNumber(raw.shownSeq)) state.shownSeq = raw.shownSeq;
  return state;
}

function parseConversation(v: unknown): Conversation | undefined {
  if (!isRecord(v) || !isString(v.id) || !isString(v.status)) return undefined;
  const optional = (x: unknown) => (isString(x) ? x : undefined);
  return {
    id: v.id,
    status: v.status,
    assigneeId: optional(v.assigneeId),
    assigneeType: optional(v.assigneeType),
    tagIds: strings(v.tagIds, 100),
    gmailThreadId: optional(v.gmailThreadId),
    privatePermalink: optional(v.privatePermalink),
    publicPermalink: optional(v.publicPermalink),
  };
}
