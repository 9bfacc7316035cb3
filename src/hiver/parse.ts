// Run-time validation of Hiver's responses into the normalised models. Liberal in what it
// accepts (ids as numbers or strings, both list envelopes, `data` as a one-item array, absent
// optional fields, numbers in optional text that is only shown: `displayText`), strict about what
// it cannot use: a wrong type or a missing id becomes a MalformedResponseError naming the
// operation and the field, never an `undefined` in the UI.
import { MalformedResponseError } from './errors';
import type { Conversation, ConversationDetail, Inbox, InboxUser, MessageId, Note, Page, SharedDraft, Tag } from './models';
import { requestName } from './operations';

type Json = Record<string, unknown>;

/** Reads one response for one operation; every failure names both. */
export class ResponseReader {
  constructor(readonly operation: string) {}

  fail(path: string, problem: string): never {
    throw new MalformedResponseError(this.operation, `Hiver sent an unexpected response to ${requestName(this.operation)}: ${path} ${problem}.`);
  }

  object(value: unknown, path: string): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, `is ${describe(value)}, not an object`);
    return value as Json;
  }

  /** Ids come as numbers or strings, even for the same object: always a non-empty string here. */
  id(value: unknown, path: string): string {
    if (value === undefined || value === null) this.fail(path, 'is missing');
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value === 'string' && value.trim() !== '') return value;
    return this.fail(path, `is ${describe(value)}, not an id`);
  }

  optionalId(value: unknown, path: string): string | undefined {
    return value === undefined || value === null || value === '' ? undefined : this.id(value, path);
  }

  /** A string; absent/null gives `fallback`. */
  string(value: unknown, path: string, fallback = ''): string {
    return this.optionalString(value, path) ?? fallback;
  }

  optionalString(value: unknown, path: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') this.fail(path, `is ${describe(value)}, not text`);
    return value;
  }

  /**
   * Optional text that is only shown (a phone number, a colour, a tag's type or description).
   * Numbers and strings are mixed in this API, so a finite number becomes text and any other
   * type is dropped: such a field never fails the page it came in.
   */
  displayText(value: unknown): string | undefined {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return undefined;
  }

  optionalBoolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    return this.fail(path, `is ${describe(value)}, not true/false`);
  }

  /** An array; absent/null gives []. */
  array(value: unknown, path: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(path, `is ${describe(value)}, not a list`);
    return value;
  }

  /** Unix seconds (inboxes, tags) to epoch ms. A value already in ms (≥ 1e11) is kept. */
  unixTime(value: unknown, path: string): number | undefined {
    if (value === undefined || value === null || value === '') return undefined;
    const n = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n)) return this.fail(path, `is ${describe(value)}, not a Unix time`);
    return n >= 1e11 ? n : Math.round(n * 1000);
  }

  /** ISO 8601 (notes) to epoch ms; a number is read as Unix time. */
  isoTime(value: unknown, path: string): number | undefined {
    if (typeof value === 'number') return this.unixTime(value, path);
    const text = this.optionalString(value, path);
    if (text === undefined || text === '') return undefined;
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) this.fail(path, `is "${text.slice(0, 40)}", not a date`);
    return ms;
  }

  /** `{data: ...}` of a single-object answer. */
  data(body: unknown): unknown {
    const top = this.object(body, 'the body');
    if (top.data === undefined || top.data === null) this.fail('data', 'is missing');
    return top.data;
  }

  /** Both list envelopes: `{results, pagination}` and `{data: {results, pagination}}`. */
  list<T>(body: unknown, item: (value: unknown, path: string) => T): Page<T> {
    const top = this.object(body, 'the body');
    let inner = top;
    let where = '';
    if (!Array.isArray(top.results) && top.data !== undefined) {
      inner = this.object(top.data, 'data');
      where = 'data.';
    }
    if (!Array.isArray(inner.results)) this.fail(`${where}results`, inner.results === undefined ? 'is missing' : `is ${describe(inner.results)}, not a list`);
    const items = (inner.results as unknown[]).map((value, i) => item(value, `${where}results[${i}]`));
    const paginationValue = inner.pagination ?? top.pagination;
    let nextPage: string | undefined;
    if (paginationValue !== undefined && paginationValue !== null) {
      const pagination = this.object(paginationValue, `${where}pagination`);
      nextPage = this.optionalString(pagination.next_page, `${where}pagination.next_page`) || undefined;
    }
    return { items, nextPage };
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text "${value.slice(0, 40)}"`;
  if (typeof value === 'object') return 'an object';
  return `the ${typeof value} ${String(value)}`;
}

/** `close` and `closed` are one state; other names pass through as they came. */
export function normaliseStatus(status: string): string {
  const lower = status.trim().toLowerCase();
  if (lower === 'close' || lower === 'closed') return 'closed';
  if (lower === 'open' || lower === 'pending') return lower;
  return status;
}

export function parseInbox(r: ResponseReader, value: unknown, path: string): Inbox {
  const o = r.object(value, path);
  let sourceUser: Inbox['sourceUser'];
  if (o.source_user !== undefined && o.source_user !== null) {
    const s = r.object(o.source_user, `${path}.source_user`);
    sourceUser = { id: r.id(s.id, `${path}.source_user.id`), email: r.string(s.email, `${path}.source_user.email`) };
  }
  return {
    id: r.id(o.id, `${path}.id`),
    displayName: r.string(o.display_name, `${path}.display_name`),
    channelType: r.string(o.channel_type, `${path}.channel_type`),
    email: r.string(o.email, `${path}.email`),
    inboxType: r.string(o.inbox_type, `${path}.inbox_type`),
    // Absent means nothing is known to be wrong: do not show a "reconnect" warning for it.
    isAuthorised: r.optionalBoolean(o.is_authorised, `${path}.is_authorised`) ?? true,
    sourceUser,
    createdAt: r.unixTime(o.created_at, `${path}.created_at`),
    updatedAt: r.unixTime(o.updated_at, `${path}.updated_at`),
  };
}

export function parseUser(r: ResponseReader, value: unknown, path: string): InboxUser {
  const o = r.object(value, path);
  return {
    id: r.id(o.id, `${path}.id`),
    firstName: r.string(o.first_name, `${path}.first_name`),
    lastName: r.string(o.last_name, `${path}.last_name`),
    email: r.string(o.email, `${path}.email`),
    phoneNumber: r.displayText(o.phone_number) || undefined,
    isJoined: r.optionalBoolean(o.is_joined, `${path}.is_joined`),
  };
}

/** A Tag as read (id, color_code) or as created (tag_id, color_hexcode, background_hexcode). */
export function parseTag(r: ResponseReader, value: unknown, path: string): Tag {
  const o = r.object(value, path);
  const idKey = o.id !== undefined && o.id !== null ? 'id' : 'tag_id';
  const colorKey = o.color_code !== undefined && o.color_code !== null ? 'color_code' : 'color_hexcode';
  return {
    id: r.id(o[idKey], `${path}.${idKey}`),
    name: r.string(o.name, `${path}.name`),
    color: r.displayText(o[colorKey]) || undefined,
    backgroundColor: r.displayText(o.background_hexcode) || undefined,
    type: r.displayText(o.type),
    description: r.displayText(o.description),
    createdAt: r.unixTime(o.created_at, `${path}.created_at`),
  };
}

export function parseConversation(r: ResponseReader, value: unknown, path: string): Conversation {
  const o = r.object(value, path);
  const status = r.optionalString(o.status, `${path}.status`);
  if (status === undefined) r.fail(`${path}.status`, 'is missing');
  let assigneeId: string | undefined;
  let assigneeType: string | undefined;
  // Unassigned is undocumented: null, a missing key, or an assignee without an id all mean it.
  if (o.assignee !== undefined && o.assignee !== null) {
    const a = r.object(o.assignee, `${path}.assignee`);
    assigneeId = r.optionalId(a.assignee_id, `${path}.assignee.assignee_id`);
    assigneeType = assigneeId === undefined ? undefined : r.optionalString(a.assignee_type, `${path}.assignee.assignee_type`);
  }
  return {
    id: r.id(o.id, `${path}.id`),
    status: normaliseStatus(status),
    assigneeId,
    assigneeType,
    tagIds: r.array(o.tag_ids, `${path}.tag_ids`).map((t, i) => r.id(t, `${path}.tag_ids[${i}]`)),
    gmailThreadId: r.optionalString(o.gmail_thread_id, `${path}.gmail_thread_id`) || undefined,
    privatePermalink: r.optionalString(o.private_permalink, `${path}.private_permalink`) || undefined,
    publicPermalink: r.optionalString(o.public_permalink, `${path}.public_permalink`) || undefined,
  };
}

/** The single GET's `data` is a one-item array; a plain object is accepted too. */
export function parseConversationDetail(r: ResponseReader, data: unknown): ConversationDetail {
  let value = data;
  let path = 'data';
  if (Array.isArray(data)) {
    if (data.length === 0) r.fail('data', 'is an empty list');
    value = data[0];
    path = 'data[0]';
  }
  const o = r.object(value, path);
  const messageIds = r.array(o.message_ids, `${path}.message_ids`).map((m, i): MessageId => {
    const p = `${path}.message_ids[${i}]`;
    const mo = r.object(m, p);
    return { hiverMessageId: r.id(mo.hiver_message_id, `${p}.hiver_message_id`), gmailMessageId: r.optionalString(mo.gmail_message_id, `${p}.gmail_message_id`) || undefined };
  });
  return { ...parseConversation(r, o, path), messageIds };
}

export function parseNote(r: ResponseReader, value: unknown, path: string): Note {
  const o = r.object(value, path);
  const author = r.object(o.author ?? {}, `${path}.author`);
  return {
    id: r.id(o.id, `${path}.id`),
    conversationId: r.id(o.conversation_id, `${path}.conversation_id`),
    content: r.string(o.content, `${path}.content`),
    author: { id: r.optionalId(author.id, `${path}.author.id`) ?? '', email: r.string(author.email, `${path}.author.email`) },
    mentions: r.array(o.mentions, `${path}.mentions`).map((m, i) => r.string(m, `${path}.mentions[${i}]`)),
    parentNoteId: r.optionalId(o.parent_note_id, `${path}.parent_note_id`),
    attachments: r.array(o.attachments, `${path}.attachments`).map((a, i) => {
      const p = `${path}.attachments[${i}]`;
      const ao = r.object(a, p);
      return { id: r.id(ao.id, `${p}.id`), fileName: r.string(ao.file_name, `${p}.file_name`), fileType: r.string(ao.file_type, `${p}.file_type`) };
    }),
    createdAt: r.isoTime(o.created_at, `${path}.created_at`) ?? r.fail(`${path}.created_at`, 'is missing'),
  };
}

export function parseSharedDraft(r: ResponseReader, value: unknown, path: string): SharedDraft {
  const o = r.object(value, path);
  return {
    conversationId: r.id(o.id, `${path}.id`),
    sharedDraftId: r.id(o.shared_draft_id, `${path}.shared_draft_id`),
    replyToMessageId: r.id(o.reply_to_message_id, `${path}.reply_to_message_id`),
  };
}
