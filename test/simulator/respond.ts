// Turning a route's reply, or a fault, into bytes on the wire.

import type { ServerResponse } from 'node:http';
import { errorBody } from './apiError';
import type { RouteReply } from './routeTypes';
import type { FaultRule, RequestLogEntry } from './types';

export interface Outgoing {
  status: number;
  headers: Record<string, string>;
  /** undefined = no body (204, or an 'empty' fault). */
  body?: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';

export function sleep(ms: number): Promise<void> {
  // unref: a pending latency or hang timer must not keep a test process alive.
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms).unref()) : Promise.resolve();
}

export function jsonOutgoing(status: number, body: unknown, headers: Record<string, string> = {}): Outgoing {
  return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

export function replyToOutgoing(reply: RouteReply, envelope: 'data' | 'top'): Outgoing {
  if (reply.list) {
    const inner = { results: reply.list.results, pagination: { next_page: reply.list.nextPage } };
    return jsonOutgoing(reply.status, envelope === 'data' ? { data: inner } : inner);
  }
  if (reply.data !== undefined) return jsonOutgoing(reply.status, { data: reply.data });
  if (reply.raw !== undefined) return jsonOutgoing(reply.status, reply.raw);
  return { status: reply.status, headers: {} };
}

/** The reply a fault answers instead of the real one (for the faults that replace it). */
export function faultOutgoing(rule: FaultRule): Outgoing {
  if (rule.kind === 'malformedJson') return { status: 200, headers: { 'content-type': JSON_TYPE }, body: '{"data": [' };
  if (rule.kind === 'html') {
    const status = rule.status ?? 502;
    const title = `${status} Bad Gateway`;
    return {
      status,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>\n`,
    };
  }
  const status = rule.status ?? 500;
  const message = rule.message ?? STATUS_TEXT[status] ?? 'Internal Server Error';
  const headers: Record<string, string> = rule.retryAfter === undefined ? {} : { 'retry-after': String(rule.retryAfter) };
  if (rule.shape === 'empty') return { status, headers };
  return jsonOutgoing(status, rule.shape === 'Message' ? { Message: message } : errorBody(message), headers);
}

const STATUS_TEXT: Record<number, string> = { 404: 'Not Found', 429: 'Too many requests', 503: 'Service Unavailable' };

/** What the longNames fault makes a name: the real one, then filler up to 10,000 characters. */
export function longName(name: string): string {
  return `${name} ${'very long name '.repeat(700)}`.slice(0, 10_000);
}

/** pageLoop, emptyPages, noItems, wrongType, missingId, numberIds, nullArray and longNames alter a successful reply in place. */
export function distortReply(reply: RouteReply, rule: FaultRule): void {
  if (reply.status >= 300) return;
  if (rule.kind === 'nullArray' && reply.list) {
    reply.list.results = null;
    return;
  }
  if (rule.kind === 'pageLoop' && reply.list) {
    reply.list.nextPage = reply.list.requestedPage ?? reply.list.firstPageToken;
    return;
  }
  if (rule.kind === 'noItems' && reply.list) {
    // Not a fault of Hiver's: an inbox with no conversations (or users, or tags) answers so.
    reply.list.results = [];
    reply.list.nextPage = null;
    return;
  }
  if (rule.kind === 'emptyPages' && reply.list) {
    reply.list.results = [];
    reply.list.nextPage = freshToken(reply.list.requestedPage ?? reply.list.firstPageToken);
    return;
  }
  const items = reply.list ? (reply.list.results ?? []) : Array.isArray(reply.data) ? reply.data : [reply.data];
  const objects = items.filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null);
  if (objects.length === 0) return;
  if (rule.kind === 'numberIds') {
    for (const object of objects) numberIds(object);
  } else if (rule.kind === 'nullArray') {
    // A single object: its lists (tag_ids, message_ids, mentions, ...) become null.
    for (const object of objects) for (const key of Object.keys(object)) if (Array.isArray(object[key])) object[key] = null;
  } else if (rule.kind === 'longNames') {
    for (const object of objects) {
      for (const field of NAME_FIELDS) if (typeof object[field] === 'string') object[field] = longName(object[field]);
    }
  } else if (rule.kind === 'missingId') {
    delete objects[0].id;
  } else if (rule.kind === 'wrongType') {
    // The id on the first item, a name on the second, so a client checking only one is caught.
    objects[0].id = { value: objects[0].id };
    const named = objects[1] ?? objects[0];
    for (const field of ['display_name', 'name', 'first_name', 'status']) {
      if (field in named) {
        named[field] = 12345;
        break;
      }
    }
  }
}

const NAME_FIELDS = ['display_name', 'name', 'first_name', 'last_name'];

/**
 * Every id written as digits becomes a JSON number (id, *_id, and the items of *_ids), in nested
 * objects too. The reply's items are copies, but nested objects may be the stored ones: those
 * are replaced by changed copies, never changed in place.
 */
function numberIds(object: Record<string, unknown>): void {
  const convert = (value: unknown, key: string): unknown => {
    const isIdKey = (key === 'id' || key.endsWith('_id') || key.endsWith('_ids')) && !key.startsWith('gmail_');
    if (typeof value === 'string') return isIdKey && /^\d{1,15}$/.test(value) ? Number(value) : value;
    if (Array.isArray(value)) return value.map((item) => convert(item, key));
    if (value && typeof value === 'object') {
      const copy = { ...(value as Record<string, unknown>) };
      numberIds(copy);
      return copy;
    }
    return value;
  };
  for (const key of Object.keys(object)) object[key] = convert(object[key], key);
}

/**
 * A token never sent before that still decodes (emptyPages): the one asked for with a counter
 * added, so each step of an endless run of empty pages carries a new token.
 */
function freshToken(token: string): string {
  const outer = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { empty?: number };
  return Buffer.from(JSON.stringify({ ...outer, empty: (outer.empty ?? 0) + 1 })).toString('base64');
}

export async function writeOutgoing(res: ServerResponse, entry: RequestLogEntry, out: Outgoing, trickleMs = 0): Promise<void> {
  if (res.destroyed) return;
  entry.status = out.status;
  const body = out.body === undefined ? undefined : Buffer.from(out.body);
  if (trickleMs <= 0) {
    res.writeHead(out.status, body ? { ...out.headers, 'content-length': String(body.length) } : out.headers);
    res.end(body);
    return;
  }
  // slowBody: headers at once, then the body in small chunks spread over trickleMs.
  res.writeHead(out.status, out.headers);
  const chunks = body ? Math.min(20, body.length) : 0;
  const size = chunks ? Math.ceil(body!.length / chunks) : 0;
  for (let i = 0; i < chunks; i++) {
    await sleep(trickleMs / chunks);
    if (res.destroyed) return;
    res.write(body!.subarray(i * size, (i + 1) * size));
  }
  if (!chunks) await sleep(trickleMs);
  if (!res.destroyed) res.end();
}
