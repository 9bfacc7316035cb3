// One typed method per Hiver operation (the 12 of API.md), over the Transport. Each method
// builds the request, sends it, and validates the answer into the normalised models.
import { BadRequestError } from './errors';
import type { Conversation, ConversationDetail, ConversationUpdate, Inbox, InboxUser, NewNote, NewSharedDraft, NewTag, Note, Page, PageRequest, SharedDraft, Tag } from './models';
import { sentenceRequestName, type HiverOperation } from './operations';
import { clampLimit } from './pageLimit';
import { parseConversation, parseConversationDetail, parseInbox, parseNote, parseSharedDraft, parseTag, parseUser, ResponseReader } from './parse';
import type { Transport } from './transport';
import type { Priority } from './budget';
import type { TransportRequest } from './transportTypes';

export interface CallOptions {
  signal?: AbortSignal;
  priority?: Priority;
  /** Use this key instead of the stored one (to check a key before saving it). */
  apiKey?: string;
}

/** The status name Hiver expects on writes: reads may say `closed`, writes say `close`. */
const STATUS_ON_WRITE: Record<NonNullable<ConversationUpdate['status']>, string> = { open: 'open', pending: 'pending', closed: 'close' };

export class HiverClient {
  constructor(readonly transport: Transport) {}

  listInboxes(page?: PageRequest, options?: CallOptions): Promise<Page<Inbox>> {
    return this.list('listInboxes', '/inboxes', page, options, parseInbox);
  }

  async getInbox(inboxId: string, options?: CallOptions): Promise<Inbox> {
    const { reader, body } = await this.send({ operation: 'getInbox', method: 'GET', path: `/inboxes/${seg(inboxId, 'getInbox')}` }, options);
    return parseInbox(reader, reader.data(body), 'data');
  }

  async listUsers(inboxId: string, page?: PageRequest, options?: CallOptions): Promise<Page<InboxUser>> {
    return this.list('listUsers', `/inboxes/${seg(inboxId, 'listUsers')}/users`, page, options, parseUser);
  }

  /** Exact match on the email (Hiver's rule). */
  async searchUsers(inboxId: string, email: string, options?: CallOptions): Promise<InboxUser[]> {
    const page = await this.list('searchUsers', `/inboxes/${seg(inboxId, 'searchUsers')}/users/search`, undefined, options, parseUser, { email });
    return page.items;
  }

  async listTags(inboxId: string, page?: PageRequest, options?: CallOptions): Promise<Page<Tag>> {
    return this.list('listTags', `/inboxes/${seg(inboxId, 'listTags')}/tags`, page, options, parseTag);
  }

  async searchTags(inboxId: string, name: string, options?: CallOptions): Promise<Tag[]> {
    return (await this.searchTagsPage(inboxId, name, undefined, options)).items;
  }

  /** One page of a tag search: it matches parts of names, so a short name can fill many. */
  async searchTagsPage(inboxId: string, name: string, page?: PageRequest, options?: CallOptions): Promise<Page<Tag>> {
    return this.list('searchTags', `/inboxes/${seg(inboxId, 'searchTags')}/tags/search`, page, options, parseTag, { name });
  }

  /** Answers with `tag_id`/`color_hexcode`, mapped to the Tag shape. Never retried once sent. */
  async createTag(inboxId: string, tag: NewTag, options?: CallOptions): Promise<Tag> {
    const json = { name: tag.name, color_hexcode: tag.colorHex, description: tag.description };
    const { reader, body } = await this.send({ operation: 'createTag', method: 'POST', path: `/inboxes/${seg(inboxId, 'createTag')}/tags`, json }, options);
    return parseTag(reader, reader.data(body), 'data');
  }

  /** Paging only: Hiver has no filters here, so filter on the client. */
  async listConversations(inboxId: string, page?: PageRequest, options?: CallOptions): Promise<Page<Conversation>> {
    return this.list('listConversations', `/inboxes/${seg(inboxId, 'listConversations')}/conversations`, page, options, parseConversation);
  }

  /** Takes a Hiver conversation id or a Gmail thread id. */
  async getConversation(inboxId: string, conversationOrThreadId: string, options?: CallOptions): Promise<ConversationDetail> {
    const path = `/inboxes/${seg(inboxId, 'getConversation')}/conversations/${seg(conversationOrThreadId, 'getConversation')}`;
    const { reader, body } = await this.send({ operation: 'getConversation', method: 'GET', path }, options);
    return parseConversationDetail(reader, reader.data(body));
  }

  /** 204 with no body. Safe to repeat, so the transport may retry it. */
  async updateConversation(inboxId: string, conversationId: string, update: ConversationUpdate, options?: CallOptions): Promise<void> {
    const json: Record<string, unknown> = {};
    if (update.status !== undefined) json.status = { name: STATUS_ON_WRITE[update.status] ?? update.status };
    if (update.assigneeEmail !== undefined) json.assignee = { email: update.assigneeEmail };
    if (update.tagsToApply?.length || update.tagsToRemove?.length) {
      json.tags = { to_apply: update.tagsToApply ?? [], to_remove: update.tagsToRemove ?? [] };
    }
    const path = `/inboxes/${seg(inboxId, 'updateConversation')}/conversations/${seg(conversationId, 'updateConversation')}`;
    await this.send({ operation: 'updateConversation', method: 'PATCH', path, json }, options);
  }

  /** multipart/form-data; exactly one of gmailMessageId / hiverMessageId. Never retried once sent. */
  async createSharedDraft(inboxId: string, draft: NewSharedDraft, options?: CallOptions): Promise<SharedDraft> {
    if (Boolean(draft.gmailMessageId) === Boolean(draft.hiverMessageId)) {
      throw new BadRequestError('createSharedDraft', 'A shared draft needs exactly one of gmailMessageId and hiverMessageId; nothing was sent.');
    }
    const form = { body: draft.body, reply_type: draft.replyType ?? 'reply', gmail_message_id: draft.gmailMessageId || undefined, hiver_message_id: draft.hiverMessageId || undefined };
    const path = `/inboxes/${seg(inboxId, 'createSharedDraft')}/conversations/shared-drafts`;
    const { reader, body } = await this.send({ operation: 'createSharedDraft', method: 'POST', path, form }, options);
    return parseSharedDraft(reader, reader.data(body), 'data');
  }

  /** multipart/form-data; `mentions` as one field per email. Never retried once sent. */
  async createNote(inboxId: string, conversationId: string, note: NewNote, options?: CallOptions): Promise<Note> {
    const form = {
      content: note.content,
      mentions: note.mentions?.length ? note.mentions : undefined,
      notify_all: note.notifyAll === undefined ? undefined : String(note.notifyAll),
      parent_note_id: note.parentNoteId || undefined,
    };
    const path = `/inboxes/${seg(inboxId, 'createNote')}/conversations/${seg(conversationId, 'createNote')}/notes`;
    const { reader, body } = await this.send({ operation: 'createNote', method: 'POST', path, form }, options);
    return parseNote(reader, reader.data(body), 'data');
  }

  private async list<T>(
    operation: HiverOperation,
    path: string,
    page: PageRequest | undefined,
    options: CallOptions | undefined,
    parseItem: (reader: ResponseReader, value: unknown, path: string) => T,
    extraQuery: Record<string, string> = {},
  ): Promise<Page<T>> {
    const query = {
      ...extraQuery,
      limit: clampLimit(page?.limit),
      next_page: page?.nextPage || undefined,
      // The token carries the sort; sending both could contradict it.
      sort_by: page?.nextPage ? undefined : page?.sortBy,
      sort_order: page?.nextPage ? undefined : page?.sortOrder,
    };
    const { reader, body } = await this.send({ operation, method: 'GET', path, query }, options);
    return reader.list(body, (value, itemPath) => parseItem(reader, value, itemPath));
  }

  private async send(req: TransportRequest & { operation: HiverOperation }, options: CallOptions | undefined): Promise<{ reader: ResponseReader; body: unknown }> {
    const { body } = await this.transport.request({ ...req, signal: options?.signal, priority: options?.priority, apiKey: options?.apiKey });
    return { reader: new ResponseReader(req.operation), body };
  }
}

/**
 * One path segment: ids (and Gmail thread ids) are encoded, never trusted to be URL-safe. Some
 * cannot be one segment at all: URL resolves "." and ".." (asking another endpoint: ".." as a
 * conversation id turned Set Status into a PATCH of the inbox), an empty id drops a level, and
 * unpaired surrogates cannot be encoded. Refused before anything is queued.
 */
function seg(id: string, operation: HiverOperation): string {
  let encoded: string | undefined;
  try {
    encoded = encodeURIComponent(id);
  } catch {
    encoded = undefined; // URIError: an unpaired surrogate
  }
  if (encoded === undefined || id === '' || id === '.' || id === '..') {
    throw new BadRequestError(operation, `${sentenceRequestName(operation)} was not sent: ${JSON.stringify(id)} is not an id Hiver can be asked about.`);
  }
  return encoded;
}
