// What a route receives and returns. The server turns a RouteReply into bytes (applying the
// list envelope, latency and faults), so routes stay plain functions of state and request.

import type { MultipartBody, ResolvedOptions, SimulatorState } from './types';

export interface RouteRequest {
  state: SimulatorState;
  options: ResolvedOptions;
  /** Path parameters, e.g. {inboxId: '101'}. */
  params: Record<string, string>;
  query: Record<string, string>;
  /** The Content-Type header, lowercased ('' when none). */
  contentType: string;
  /** The parsed JSON body; undefined when there was none or it was not JSON. */
  json?: unknown;
  /** True when a body was sent but was not valid JSON. */
  jsonInvalid: boolean;
  /** The parsed multipart body, when the request was multipart/form-data and parsed. */
  multipart?: MultipartBody;
  /** Arrival time, epoch ms. */
  now: number;
}

export interface ListReply {
  /** null only when the nullArray fault says so. */
  results: unknown[] | null;
  nextPage: string | null;
  /** The token the request carried, if any (the pageLoop fault sends it back). */
  requestedPage?: string;
  firstPageToken: string;
}

export interface RouteReply {
  status: number;
  /** A single object (or array) answered as {"data": ...}. */
  data?: unknown;
  /** A list, answered in the configured envelope. */
  list?: ListReply;
  /** Any other JSON body as is (errors). */
  raw?: unknown;
}

export type Route = (req: RouteRequest) => RouteReply;
