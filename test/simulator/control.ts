// Control endpoints under /__sim, for tests in another process (e.g. VS Code's extension host).
// No auth, never rate limited, never logged, no latency, no faults; all JSON.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, errorBody } from './apiError';
import type { NewConversationFields } from './addConversation';
import type { FaultBook } from './faults';
import { conversationsOf } from './lookup';
import { readBody } from './requestBody';
import type { Simulator } from './server';
import type { CanaryHit, FaultRule, RequestLogEntry, ResolvedOptions, SimulatorOptions } from './types';

interface ControlContext {
  sim: Simulator;
  opts: ResolvedOptions;
  faults: FaultBook;
  log: RequestLogEntry[];
  canaryHits: CanaryHit[];
}

const CONFIGURABLE: (keyof SimulatorOptions)[] = ['dataset', 'keys', 'listEnvelope', 'minGapMs', 'dailyLimit', 'retryAfter', 'blacklistAfter', 'blacklistMs', 'latencyMs', 'ignoreSort'];
const FAULT_KINDS: FaultRule['kind'][] = ['status', 'malformedJson', 'html', 'reset', 'slowBody', 'hang', 'pageLoop', 'emptyPages', 'noItems', 'wrongType', 'missingId', 'numberIds', 'nullArray', 'longNames'];

export async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ControlContext): Promise<void> {
  const method = req.method ?? 'GET';
  const path = url.pathname.replace(/\/+$/, '');
  const raw = await readBody(req);
  const send = (status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  let body: unknown;
  try {
    body = raw.length ? JSON.parse(raw.toString('utf8')) : {};
  } catch {
    return send(400, errorBody('Control request body is not valid JSON'));
  }
  const { sim, opts, faults, log, canaryHits } = ctx;
  const state = sim.state;
  const route = `${method} ${path}`;

  // The trap: any method, any path below it. Answers an empty 204 so an image just fails quietly.
  if (path === '/__sim/canary' || path.startsWith('/__sim/canary/')) {
    const referer = req.headers.referer;
    canaryHits.push({ time: Date.now(), method, path, ...(referer ? { referer } : {}) });
    res.writeHead(204).end();
    return;
  }
  if (route === 'GET /__sim/canaries') return send(200, { hits: canaryHits });
  if (route === 'DELETE /__sim/canaries') {
    canaryHits.length = 0;
    return send(200, { ok: true });
  }

  if (route === 'GET /__sim/log') return send(200, { entries: log });
  if (route === 'DELETE /__sim/log') {
    log.length = 0;
    return send(200, { ok: true });
  }
  if (route === 'GET /__sim/faults') return send(200, { rules: faults.list().map((r) => ({ ...r, count: r.count === Infinity ? -1 : r.count })) });
  if (route === 'POST /__sim/faults') {
    const rules = (body as { rules?: unknown }).rules;
    if (!Array.isArray(rules) || rules.some((r) => !FAULT_KINDS.includes((r as FaultRule)?.kind))) {
      return send(400, errorBody(`Expected {"rules": [...]} with kinds among ${FAULT_KINDS.join(', ')}`));
    }
    faults.set(rules as FaultRule[]);
    return send(200, { ok: true });
  }
  if (route === 'DELETE /__sim/faults') {
    faults.clear();
    return send(200, { ok: true });
  }
  if (route === 'GET /__sim/config') return send(200, { options: opts });
  if (route === 'POST /__sim/config') {
    const unknown = Object.keys(body as object).filter((k) => !CONFIGURABLE.includes(k as keyof SimulatorOptions));
    if (unknown.length) return send(400, errorBody(`Not configurable at run time: ${unknown.join(', ')}`));
    const invalid = invalidConfig(body as Record<string, unknown>);
    if (invalid) return send(400, errorBody(invalid));
    sim.configure(body as Partial<SimulatorOptions>);
    return send(200, { options: opts });
  }
  if (route === 'POST /__sim/reset') {
    sim.reset();
    return send(200, { ok: true });
  }
  if (route === 'GET /__sim/state') return send(200, state);

  const inboxMatch = /^GET \/__sim\/inboxes\/([^/]+)$/.exec(route);
  if (inboxMatch) {
    const id = decodeURIComponent(inboxMatch[1]);
    const inbox = state.inboxes.find((i) => i.id === id);
    if (!inbox) return send(404, errorBody(`Inbox ${id} not found`));
    return send(200, { inbox, users: state.users[id] ?? [], tags: state.tags[id] ?? [], conversations: conversationsOf(state, id) });
  }
  const addMatch = /^POST \/__sim\/inboxes\/([^/]+)\/conversations$/.exec(route);
  if (addMatch) {
    const fields = body as Record<string, unknown>;
    const valid =
      (fields.status === undefined || typeof fields.status === 'string') &&
      (fields.assignee_id === undefined || typeof fields.assignee_id === 'string') &&
      (fields.tag_ids === undefined || (Array.isArray(fields.tag_ids) && fields.tag_ids.every((t) => typeof t === 'string')));
    if (!valid) return send(400, errorBody('Expected {"status"?: string, "assignee_id"?: string, "tag_ids"?: string[]}'));
    try {
      return send(200, { conversation: sim.addConversation(decodeURIComponent(addMatch[1]), fields as NewConversationFields) });
    } catch (error) {
      if (error instanceof ApiError) return send(error.status, errorBody(error.message));
      throw error;
    }
  }
  const permalinkMatch = /^PATCH \/__sim\/conversations\/([^/]+)$/.exec(route);
  if (permalinkMatch) {
    // Lets a test make the API hand out a hostile permalink; nothing else is editable.
    const id = decodeURIComponent(permalinkMatch[1]);
    const conversation = state.conversations.find((c) => String(c.id) === id);
    if (!conversation) return send(404, errorBody(`Conversation ${id} not found`));
    const patch = body as Record<string, unknown>;
    const fields = ['private_permalink', 'public_permalink'] as const;
    if (Object.keys(patch).some((k) => !(fields as readonly string[]).includes(k)) || fields.some((f) => f in patch && typeof patch[f] !== 'string')) {
      return send(400, errorBody('Expected {"private_permalink"?: string, "public_permalink"?: string}'));
    }
    for (const field of fields) if (typeof patch[field] === 'string') conversation[field] = patch[field];
    return send(200, { conversation });
  }
  const conversationMatch = /^GET \/__sim\/conversations\/([^/]+)$/.exec(route);
  if (conversationMatch) {
    const id = decodeURIComponent(conversationMatch[1]);
    const conversation = state.conversations.find((c) => String(c.id) === id || c.gmail_thread_id === id);
    if (!conversation) return send(404, errorBody(`Conversation ${id} not found`));
    const key = String(conversation.id);
    return send(200, { conversation, inboxIds: conversation.inbox_ids, notes: state.notes[key] ?? [], drafts: state.drafts[key] ?? [] });
  }
  return send(404, errorBody(`No such control endpoint: ${route}`));
}

const NUMERIC: (keyof SimulatorOptions)[] = ['minGapMs', 'dailyLimit', 'blacklistAfter', 'blacklistMs', 'latencyMs'];
const CHOICES: Partial<Record<keyof SimulatorOptions, string[]>> = {
  dataset: ['demo', 'large', 'tiny', 'hostile'],
  listEnvelope: ['data', 'top'],
  retryAfter: ['none', 'seconds', 'date'],
};

/** A message naming the first bad value, so a typo over HTTP fails loudly instead of breaking the server. */
function invalidConfig(partial: Record<string, unknown>): string | undefined {
  for (const [key, value] of Object.entries(partial)) {
    const name = key as keyof SimulatorOptions;
    if (NUMERIC.includes(name) && !(typeof value === 'number' && value >= 0)) return `${key} must be a number >= 0`;
    const choices = CHOICES[name];
    if (choices && !choices.includes(value as string)) return `${key} must be one of ${choices.join(', ')}`;
    if (name === 'ignoreSort' && typeof value !== 'boolean') return 'ignoreSort must be true or false';
    if (name === 'keys' && !(Array.isArray(value) && value.every((k) => typeof k === 'string'))) return 'keys must be an array of strings';
  }
  return undefined;
}
