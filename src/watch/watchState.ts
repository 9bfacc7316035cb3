// What the watcher keeps per account, shared by every window: which inboxes are watched, the
// ids already seen on their first pages, what is new and unseen, the watcher's spending today,
// who polls, and the last announcement. Read back from disk, so every field is checked.
import type { Conversation } from '../hiver/models';
import { compareIds } from './ids';

export interface Lease {
  owner: string;
  /** Wall-clock epoch ms after which another window may take over. */
  until: number;
}

export interface Announcement {
  /** Counts up; each is shown at most once, by one window. */
  seq: number;
  inboxId: string;
  /** New conversations on the polled page, and ones there newly assigned to "me". */
  newIds: string[];
  assignedIds: string[];
  at: number;
}

export interface WatchState {
  watched: string[];
  /** Per inbox: the ids seen on its polled pages, with their assignee ('' when unassigned). */
  known: Record<string, Record<string, string>>;
  /** Per inbox: conversations found new (or newly assigned to me) and not opened yet. */
  unseen: Record<string, Conversation[]>;
  /** The watcher's own requests today (UTC day), across windows. */
  spent: { day: string; count: number };
  /** Wall-clock ms of the last poll (any window), so a new poller keeps the pace. */
  lastPollAt: number;
  /** Round-robin position in `watched`. */
  cursor: number;
  lease?: Lease;
  announcement?: Announcement;
  /** The highest announcement seq some window has shown (or dropped). */
  shownSeq: number;
}

/** Bounds, so a long-running watch cannot grow the file without limit. */
export const MAX_KNOWN_PER_INBOX = 1000;
export const MAX_UNSEEN_PER_INBOX = 200;
const MAX_INBOXES = 200;

export function emptyState(): WatchState {
  return { watched: [], known: {}, unseen: {}, spent: { day: '', count: 0 }, lastPollAt: 0, cursor: 0, shownSeq: 0 };
}

/** The newest `max` ids of a known map (highest ids kept). */
export function boundKnown(known: Record<string, string>, max = MAX_KNOWN_PER_INBOX): Record<string, string> {
  const ids = Object.keys(known);
  if (ids.length <= max) return known;
  const kept = ids.sort(compareIds).slice(-max);
  return Object.fromEntries(kept.map((id) => [id, known[id]]));
}

// --- reading back what is on disk: anything malformed is dropped, never trusted ---

const isString = (v: unknown): v is string => typeof v === 'string' && v.length <= 1000;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown, max: number): string[] => (Array.isArray(v) ? v.filter(isString).slice(0, max) : []);

export function parseState(raw: unknown): WatchState {
  const state = emptyState();
  if (!isRecord(raw)) return state;
  state.watched = [...new Set(strings(raw.watched, MAX_INBOXES))];
  if (isRecord(raw.known)) {
    for (const [inboxId, ids] of Object.entries(raw.known).slice(0, MAX_INBOXES)) {
      if (!isRecord(ids)) continue;
      const entries = Object.entries(ids).filter((e): e is [string, string] => isString(e[1]));
      state.known[inboxId] = boundKnown(Object.fromEntries(entries));
    }
  }
  if (isRecord(raw.unseen)) {
    for (const [inboxId, list] of Object.entries(raw.unseen).slice(0, MAX_INBOXES)) {
      const conversations = Array.isArray(list) ? list.map(parseConversation).filter((c): c is Conversation => c !== undefined) : [];
      if (conversations.length) state.unseen[inboxId] = conversations.slice(-MAX_UNSEEN_PER_INBOX);
    }
  }
  if (isRecord(raw.spent) && isString(raw.spent.day) && isNumber(raw.spent.count)) state.spent = { day: raw.spent.day, count: raw.spent.count };
  if (isNumber(raw.lastPollAt)) state.lastPollAt = raw.lastPollAt;
  if (isNumber(raw.cursor)) state.cursor = Math.max(0, Math.floor(raw.cursor));
  if (isRecord(raw.lease) && isString(raw.lease.owner) && isNumber(raw.lease.until)) state.lease = { owner: raw.lease.owner, until: raw.lease.until };
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
