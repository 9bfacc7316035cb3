// Operations 1-7: inboxes, their users and their tags.

import { ApiError } from './apiError';
import { findInbox } from './lookup';
import { idKey, pageOf, type SortSpec } from './paging';
import type { ListReply, RouteReply, RouteRequest } from './routeTypes';
import type { StoredInbox, StoredTag, StoredUser } from './types';
import { tagToWire } from './wire';

const INBOX_SORT: SortSpec<StoredInbox> = { fields: { id: (i) => idKey(i.id) }, defaultBy: 'id', defaultOrder: 'asc', idOf: (i) => idKey(i.id) };

const USER_SORT: SortSpec<StoredUser> = {
  fields: { id: (u) => idKey(u.id), email: (u) => u.email, first_name: (u) => u.first_name },
  defaultBy: 'id',
  defaultOrder: 'asc',
  idOf: (u) => idKey(u.id),
};

const TAG_SORT: SortSpec<StoredTag> = {
  fields: { id: (t) => idKey(t.id), name: (t) => t.name, created_at: (t) => t.created_at },
  defaultBy: 'id',
  defaultOrder: 'asc',
  idOf: (t) => idKey(t.id),
};

export function listOf<T>(items: T[], req: RouteRequest, spec: SortSpec<T>, toWire: (item: T) => unknown): RouteReply {
  const page = req.options.ignoreSort ? pageOf(items, withoutSort(req.query), { ...spec, defaultBy: 'id', defaultOrder: 'asc' }) : pageOf(items, req.query, spec);
  const list: ListReply = { results: page.items.map(toWire), nextPage: page.nextPage, requestedPage: req.query.next_page, firstPageToken: page.firstPageToken };
  return { status: 200, list };
}

/** The ignoreSort switch: a server that does not honour sort_by/sort_order (every list sorts on `id`). */
function withoutSort(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([name]) => name !== 'sort_by' && name !== 'sort_order'));
}

const copy = <T extends object>(item: T): T => structuredClone(item);

export function listInboxes(req: RouteRequest): RouteReply {
  return listOf(req.state.inboxes, req, INBOX_SORT, copy);
}

export function getInbox(req: RouteRequest): RouteReply {
  return { status: 200, data: copy(findInbox(req.state, req.params.inboxId)) };
}

export function listUsers(req: RouteRequest): RouteReply {
  findInbox(req.state, req.params.inboxId);
  return listOf(req.state.users[req.params.inboxId] ?? [], req, USER_SORT, copy);
}

/** Exact match on the email, ignoring case (emails are case-insensitive in practice). */
export function searchUsers(req: RouteRequest): RouteReply {
  findInbox(req.state, req.params.inboxId);
  const email = req.query.email?.trim().toLowerCase();
  if (!email) throw new ApiError(400, 'Missing required query parameter: email');
  const matches = (req.state.users[req.params.inboxId] ?? []).filter((u) => u.email.toLowerCase() === email);
  return listOf(matches, req, USER_SORT, copy);
}

export function listTags(req: RouteRequest): RouteReply {
  findInbox(req.state, req.params.inboxId);
  return listOf(req.state.tags[req.params.inboxId] ?? [], req, TAG_SORT, tagToWire);
}

/** Case-insensitive substring match on the name: "prio" finds "Priority". */
export function searchTags(req: RouteRequest): RouteReply {
  findInbox(req.state, req.params.inboxId);
  const name = req.query.name?.trim().toLowerCase();
  if (!name) throw new ApiError(400, 'Missing required query parameter: name');
  const matches = (req.state.tags[req.params.inboxId] ?? []).filter((t) => t.name.toLowerCase().includes(name));
  return listOf(matches, req, TAG_SORT, tagToWire);
}

export function createTag(req: RouteRequest): RouteReply {
  const inbox = findInbox(req.state, req.params.inboxId);
  const body = requireJsonObject(req);
  const name = typeof body.name === 'string' ? body.name.trim() : '';
  if (!name) throw new ApiError(400, 'name is required');
  const color = body.color_hexcode;
  if (color !== undefined && (typeof color !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(color))) {
    throw new ApiError(400, 'color_hexcode must be a hex colour such as #64b5f6');
  }
  if (body.description !== undefined && typeof body.description !== 'string') throw new ApiError(400, 'description must be a string');
  const tags = (req.state.tags[inbox.id] ??= []);
  if (tags.some((t) => t.name.toLowerCase() === name.toLowerCase())) throw new ApiError(400, `A tag named "${name}" already exists in this inbox`);
  const tag: StoredTag = {
    id: String(req.state.nextIds.tag++),
    name,
    color_code: (color as string | undefined) ?? '#64b5f6',
    background_hexcode: '#f2f4f5',
    type: 'user',
    description: (body.description as string | undefined) ?? '',
    created_at: Math.floor(req.now / 1000),
  };
  tags.push(tag);
  return {
    status: 200,
    data: { tag_id: Number(tag.id), name: tag.name, color_hexcode: tag.color_code, background_hexcode: tag.background_hexcode, smid: idKey(inbox.id), description: tag.description },
  };
}

export function requireJsonObject(req: RouteRequest): Record<string, unknown> {
  if (!req.contentType.startsWith('application/json')) throw new ApiError(400, 'Content-Type must be application/json');
  if (req.jsonInvalid) throw new ApiError(400, 'Request body is not valid JSON');
  if (typeof req.json !== 'object' || req.json === null || Array.isArray(req.json)) throw new ApiError(400, 'Request body must be a JSON object');
  return req.json as Record<string, unknown>;
}
