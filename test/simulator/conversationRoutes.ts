// Operations 8-12: conversations, their updates, shared drafts and notes.
// Unknown ids in the path answer 404; unknown ids inside the body (tags, messages, parent notes,
// assignee emails) answer 400, as bad parameters.

import { ApiError } from './apiError';
import { listOf, requireJsonObject } from './inboxRoutes';
import { conversationsOf, findConversation, findInbox } from './lookup';
import { idKey, type SortSpec } from './paging';
import type { RouteReply, RouteRequest } from './routeTypes';
import type { MultipartBody, StoredConversation, StoredNote } from './types';
import { conversationToDetailWire, conversationToListWire, noteToWire } from './wire';

/** Newest first by default, as the token in Hiver's OpenAPI example shows (sort_by id, desc). */
const CONVERSATION_SORT: SortSpec<StoredConversation> = { fields: { id: (c) => c.id }, defaultBy: 'id', defaultOrder: 'desc', idOf: (c) => c.id };

const STATUS_NAMES: Record<string, string> = { open: 'open', pending: 'pending', close: 'closed', closed: 'closed' };
const REPLY_TYPES = ['reply', 'reply_all', 'forward'];

/** No filters exist: status, assignee, tag and date parameters are silently ignored. */
export function listConversations(req: RouteRequest): RouteReply {
  findInbox(req.state, req.params.inboxId);
  return listOf(conversationsOf(req.state, req.params.inboxId), req, CONVERSATION_SORT, conversationToListWire);
}

/** `data` is a one-item array, as live Hiver answers. */
export function getConversation(req: RouteRequest): RouteReply {
  const conversation = findConversation(req.state, req.params.inboxId, req.params.conversationId);
  return { status: 200, data: [conversationToDetailWire(conversation)] };
}

export function updateConversation(req: RouteRequest): RouteReply {
  const { state, params } = req;
  const conversation = findConversation(state, params.inboxId, params.conversationId);
  const body = requireJsonObject(req);
  // Validate everything first so a bad block changes nothing.
  let status: string | undefined;
  if (body.status !== undefined) {
    const name = (body.status as { name?: unknown } | null)?.name;
    status = typeof name === 'string' ? STATUS_NAMES[name] : undefined;
    if (!status) throw new ApiError(400, `Invalid status name: ${JSON.stringify(name)}. Use open, pending or closed.`);
  }
  let assigneeId: number | string | undefined;
  if (body.assignee !== undefined) {
    const email = (body.assignee as { email?: unknown } | null)?.email;
    const member = typeof email === 'string' ? state.users[params.inboxId]?.find((u) => u.email.toLowerCase() === email.trim().toLowerCase()) : undefined;
    if (!member) throw new ApiError(400, `Assignee ${JSON.stringify(email)} is not a member of inbox ${params.inboxId}`);
    assigneeId = idKey(member.id);
  }
  let toApply: string[] = [];
  let toRemove: string[] = [];
  if (body.tags !== undefined) {
    if (typeof body.tags !== 'object' || body.tags === null) throw new ApiError(400, 'tags must be an object with to_apply and to_remove');
    const tags = body.tags as { to_apply?: unknown; to_remove?: unknown };
    toApply = tagIdList(tags.to_apply, 'to_apply', req);
    toRemove = tagIdList(tags.to_remove, 'to_remove', req);
  }
  if (status) conversation.status = status;
  if (assigneeId !== undefined) conversation.assignee = { assignee_type: 'user', assignee_id: assigneeId };
  conversation.tag_ids = conversation.tag_ids.filter((id) => !toRemove.includes(id));
  for (const id of toApply) if (!conversation.tag_ids.includes(id)) conversation.tag_ids.push(id);
  return { status: 204 };
}

function tagIdList(value: unknown, name: string, req: RouteRequest): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' && typeof v !== 'number')) {
    throw new ApiError(400, `tags.${name} must be an array of tag ids`);
  }
  const known = req.state.tags[req.params.inboxId] ?? [];
  return value.map((v) => {
    const id = String(v);
    if (!known.some((t) => t.id === id)) throw new ApiError(400, `Tag ${id} not found in inbox ${req.params.inboxId}`);
    return id;
  });
}

export function createSharedDraft(req: RouteRequest): RouteReply {
  const { state, params } = req;
  findInbox(state, params.inboxId);
  const form = requireMultipart(req);
  const body = firstField(form, 'body');
  if (!body?.trim()) throw new ApiError(400, 'body is required');
  const replyType = firstField(form, 'reply_type') || 'reply';
  if (!REPLY_TYPES.includes(replyType)) throw new ApiError(400, `Invalid reply_type: ${replyType}. Use ${REPLY_TYPES.join(', ')}.`);
  const gmailId = firstField(form, 'gmail_message_id');
  const hiverId = firstField(form, 'hiver_message_id');
  if (Boolean(gmailId) === Boolean(hiverId)) throw new ApiError(400, 'Send exactly one of gmail_message_id and hiver_message_id');
  let found: { conversation: StoredConversation; hiverMessageId: number } | undefined;
  for (const conversation of conversationsOf(state, params.inboxId)) {
    const message = conversation.message_ids.find((m) => (gmailId ? m.gmail_message_id === gmailId : String(m.hiver_message_id) === hiverId));
    if (message) {
      found = { conversation, hiverMessageId: message.hiver_message_id };
      break;
    }
  }
  if (!found) throw new ApiError(400, `Message ${gmailId || hiverId} not found in inbox ${params.inboxId}`);
  const draft = {
    shared_draft_id: state.nextIds.draft++,
    conversation_id: found.conversation.id,
    reply_to_message_id: found.hiverMessageId,
    body,
    reply_type: replyType,
    attachments: attachmentFiles(form).map(({ name, type, size }) => ({ name, type, size })),
  };
  (state.drafts[String(found.conversation.id)] ??= []).push(draft);
  return { status: 200, data: { id: draft.conversation_id, shared_draft_id: draft.shared_draft_id, reply_to_message_id: draft.reply_to_message_id } };
}

export function createNote(req: RouteRequest): RouteReply {
  const { state, params } = req;
  const conversation = findConversation(state, params.inboxId, params.conversationId);
  const form = requireMultipart(req);
  const content = firstField(form, 'content') ?? '';
  const files = attachmentFiles(form);
  if (!content.trim() && files.length === 0) throw new ApiError(400, 'content is required unless an attachment is sent');
  const mentions = [...allFields(form, 'mentions'), ...allFields(form, 'mentions[]')]
    .flatMap((m) => m.split(','))
    .map((m) => m.trim())
    .filter(Boolean);
  const badMention = mentions.find((m) => !/^[^@\s]+@[^@\s]+$/.test(m));
  if (badMention !== undefined) throw new ApiError(400, `mentions must be email addresses: ${badMention}`);
  const notifyRaw = firstField(form, 'notify_all');
  if (notifyRaw !== undefined && !['true', 'false', '1', '0'].includes(notifyRaw)) throw new ApiError(400, 'notify_all must be true or false');
  const notes = (state.notes[String(conversation.id)] ??= []);
  const parentId = firstField(form, 'parent_note_id') || undefined;
  if (parentId !== undefined && !notes.some((n) => n.id === parentId)) {
    throw new ApiError(400, `parent_note_id ${parentId} is not a note of conversation ${conversation.id}`);
  }
  const note: StoredNote = {
    id: String(state.nextIds.note++),
    conversation_id: String(conversation.id),
    content,
    author: { ...state.keyOwner },
    mentions,
    parent_note_id: parentId ?? null,
    attachments: files.map((f) => ({ id: attachmentId(state.nextIds.attachment++), file_name: f.name, file_type: fileType(f.name, f.type) })),
    created_at: new Date(req.now).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z'),
    notify_all: notifyRaw === 'true' || notifyRaw === '1',
  };
  notes.push(note);
  return { status: 201, data: noteToWire(note) };
}

function requireMultipart(req: RouteRequest): MultipartBody {
  if (!req.contentType.startsWith('multipart/form-data')) throw new ApiError(400, 'Content-Type must be multipart/form-data');
  if (!req.multipart) throw new ApiError(400, 'Malformed multipart/form-data body');
  return req.multipart;
}

function allFields(form: MultipartBody, name: string): string[] {
  const value = form.fields[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function firstField(form: MultipartBody, name: string): string | undefined {
  return allFields(form, name)[0];
}

function attachmentFiles(form: MultipartBody): MultipartBody['files'] {
  return form.files.filter((f) => f.field === 'attachments' || f.field === 'attachments[]');
}

function attachmentId(n: number): string {
  return `a8332910-66f0-4716-8eee-${n.toString(16).padStart(12, '0')}`;
}

function fileType(name: string, mime: string): string {
  const dot = name.lastIndexOf('.');
  if (dot > 0) return name.slice(dot + 1).toLowerCase();
  return mime.split('/')[1]?.split(';')[0] || 'bin';
}
