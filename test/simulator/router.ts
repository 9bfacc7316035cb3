// The 12 operations under /v1, matched by method and path.

import { ApiError } from './apiError';
import { createNote, createSharedDraft, getConversation, listConversations, updateConversation } from './conversationRoutes';
import { createTag, getInbox, listInboxes, listTags, listUsers, searchTags, searchUsers } from './inboxRoutes';
import type { Route } from './routeTypes';

interface RouteEntry {
  method: string;
  pattern: RegExp;
  names: string[];
  route: Route;
}

const ID = '([^/]+)';

const ROUTES: RouteEntry[] = [
  { method: 'GET', pattern: /^\/v1\/inboxes$/, names: [], route: listInboxes },
  { method: 'GET', pattern: new RegExp(`^/v1/inboxes/${ID}$`), names: ['inboxId'], route: getInbox },
  { method: 'GET', pattern: new RegExp(`^/v1/inboxes/${ID}/users$`), names: ['inboxId'], route: listUsers },
  { method: 'GET', pattern: new RegExp(`^/v1/inboxes/${ID}/users/search$`), names: ['inboxId'], route: searchUsers },
  { method: 'GET', pattern: new RegExp(`^/v1/inboxes/${ID}/tags$`), names: ['inboxId'], route: listTags },
  { method: 'GET', pattern: new RegExp(`^/v1/inboxes/${ID}/tags/search$`), names: ['inboxId'], route: searchTags },
  { method: 'POST', pattern: new RegExp(`^/v1/inboxes/${ID}/tags$`), names: ['inboxId'], route: createTag },
  { method: 'GET', pattern: new RegExp(`^/v1/inboxes/${ID}/conversations$`), names: ['inboxId'], route: listConversations },
  { method: 'POST', pattern: new RegExp(`^/v1/inboxes/${ID}/conversations/shared-drafts$`), names: ['inboxId'], route: createSharedDraft },
  { method: 'GET', pattern: new RegExp(`^/v1/inboxes/${ID}/conversations/${ID}$`), names: ['inboxId', 'conversationId'], route: getConversation },
  { method: 'PATCH', pattern: new RegExp(`^/v1/inboxes/${ID}/conversations/${ID}$`), names: ['inboxId', 'conversationId'], route: updateConversation },
  { method: 'POST', pattern: new RegExp(`^/v1/inboxes/${ID}/conversations/${ID}/notes$`), names: ['inboxId', 'conversationId'], route: createNote },
];

/** Hiver's undocumented account-wide conversation endpoints answer 503. */
const UNAVAILABLE = /^\/v1\/conversations(\/[^/]+)?$/;

export function matchRoute(method: string, path: string): { route: Route; params: Record<string, string> } {
  if (UNAVAILABLE.test(path)) throw new ApiError(503, 'Service Unavailable');
  let pathMatched = false;
  for (const entry of ROUTES) {
    const match = entry.pattern.exec(path);
    if (!match) continue;
    pathMatched = true;
    if (entry.method !== method) continue;
    const params: Record<string, string> = {};
    entry.names.forEach((name, i) => (params[name] = safeDecode(match[i + 1])));
    return { route: entry.route, params };
  }
  if (pathMatched) throw new ApiError(405, `Method ${method} not allowed on ${path}`);
  throw new ApiError(404, `No such endpoint: ${method} ${path}`);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
