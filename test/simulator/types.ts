// Public types of the Hiver simulator: options, fault rules, the request log and the stored data.
// Stored records are kept in Hiver's wire shape (snake_case, ids typed as the docs show them),
// so tests can compare what they read from `state` with what the API answers.

export interface SimulatorOptions {
  /** 0 (default) = any free port; the server binds 127.0.0.1 only. */
  port?: number;
  /** Default 'demo'; 'tiny' = 2 inboxes for fast tests; 'large' = one inbox with 20,000 conversations; 'hostile' = payloads in every string. */
  dataset?: 'demo' | 'large' | 'tiny' | 'hostile';
  /** Valid API keys; default [DEMO_KEY]. */
  keys?: string[];
  /** Lists as {data:{results,pagination}} (default) or {results,pagination}. */
  listEnvelope?: 'data' | 'top';
  /** Strict rate limit per key: minimum ms between accepted requests; default 1000; 0 disables. */
  minGapMs?: number;
  /** Accepted requests per key per UTC day; default 5000. */
  dailyLimit?: number;
  /** Retry-After header on 429; default 'none'. */
  retryAfter?: 'none' | 'seconds' | 'date';
  /** Consecutive 429s before the key is blacklisted (403); default 8. */
  blacklistAfter?: number;
  /** How long a blacklist lasts; default 60000. */
  blacklistMs?: number;
  /** Added before every API response; default 0. */
  latencyMs?: number;
  /** Lists ignore sort_by/sort_order and answer in ascending id order (a server that does not honour them); default false. */
  ignoreSort?: boolean;
  /**
   * Epoch ms now, for arrival times (the log, the rate limit) and the Date header; default
   * `simulatorNow`. In-process only: a test that moves it by hand checks the rate limit without
   * depending on how fast a loaded machine answers.
   */
  clock?: () => number;
}

export type ResolvedOptions = Required<SimulatorOptions>;

export interface FaultRule {
  kind:
    | 'status' | 'malformedJson' | 'html' | 'reset' | 'slowBody' | 'hang' | 'pageLoop' | 'emptyPages' | 'noItems' | 'wrongType' | 'missingId'
    | 'numberIds' | 'nullArray' | 'longNames';
  /** For 'status' (e.g. 500, 503, 429) and 'html' (default 502). */
  status?: number;
  /** For 'status': a Retry-After header, in seconds. */
  retryAfter?: number;
  /** Server message for 'status'. */
  message?: string;
  /** Body shape for 'status': {"errors":[{"message"}]} (default), {"Message"} or no body. */
  shape?: 'errors' | 'Message' | 'empty';
  /** slowBody: the body trickles over ms; hang: answer normally after ms (never, when missing). */
  ms?: number;
  /** How many matching requests it applies to; default 1; Infinity (or -1 over JSON) = unlimited. */
  count?: number;
  /** Only requests with this method. */
  method?: string;
  /** Only paths containing this. */
  pathIncludes?: string;
  /** Apply the request's effect first (e.g. create the note), then fail. */
  afterProcessing?: boolean;
}

export interface RequestLogEntry {
  /** Epoch ms (fractional, by simulatorNow) when the request arrived at the server handler. */
  time: number;
  method: string;
  /** Path without query, e.g. /v1/inboxes/101/users. */
  path: string;
  query: Record<string, string>;
  authValid: boolean;
  /** Which of the `keys` option's keys it came with (one key = one account); absent when none. */
  keyIndex?: number;
  /** 0 while no answer was written (in flight, hung, or the socket was reset). */
  status: number;
  contentType?: string;
  /** Parsed JSON body; for multipart {fields, files}; the raw text when it was not valid JSON. */
  body?: unknown;
}

/** A request to /__sim/canary...: the hostile dataset's payloads load it only if rendered as HTML or markdown. */
export interface CanaryHit {
  time: number;
  method: string;
  /** e.g. /__sim/canary/markdown-image: which payload fired. */
  path: string;
  referer?: string;
}

export interface MultipartBody {
  fields: Record<string, string | string[]>;
  files: { field: string; name: string; type: string; size: number }[];
}

export interface StoredInbox {
  id: string;
  display_name: string;
  channel_type: string;
  email: string;
  inbox_type: string;
  is_authorised: boolean;
  source_user: { id: string; email: string };
  created_at: number;
  updated_at: number;
}

export interface StoredUser {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  phone_number?: string;
  is_joined: boolean;
}

/** A tag as stored; reads show id, name, color_code, type, created_at. */
export interface StoredTag {
  id: string;
  name: string;
  color_code: string;
  background_hexcode: string;
  type: string;
  description: string;
  created_at: number;
}

export interface StoredMessageId {
  hiver_message_id: number;
  gmail_message_id: string;
}

export interface StoredConversation {
  id: number;
  /** The inboxes it belongs to; never sent on the wire. */
  inbox_ids: string[];
  /** null or absent (undefined) when unassigned: both occur in the data. */
  /** assignee_id is a number, except for the hostile dataset's users whose ids are not numeric. */
  assignee?: { assignee_type: string; assignee_id: number | string } | null;
  /** 'open' | 'pending' | 'closed' ('close' is stored as 'closed'). */
  status: string;
  tag_ids: string[];
  gmail_thread_id: string;
  private_permalink: string;
  public_permalink: string;
  message_ids: StoredMessageId[];
}

export interface StoredNote {
  id: string;
  conversation_id: string;
  content: string;
  author: { id: string; email: string };
  mentions: string[];
  parent_note_id: string | null;
  attachments: { id: string; file_name: string; file_type: string }[];
  created_at: string;
  notify_all: boolean;
}

export interface StoredDraft {
  shared_draft_id: number;
  conversation_id: number;
  reply_to_message_id: number;
  body: string;
  reply_type: string;
  attachments: { name: string; type: string; size: number }[];
}

export interface SimulatorState {
  inboxes: StoredInbox[];
  /** Users by inbox id; a user shared between inboxes appears in each list with the same id. */
  users: Record<string, StoredUser[]>;
  /** Tags by inbox id. */
  tags: Record<string, StoredTag[]>;
  conversations: StoredConversation[];
  /** Notes by conversation id (as a string). */
  notes: Record<string, StoredNote[]>;
  /** Shared drafts by conversation id (as a string). */
  drafts: Record<string, StoredDraft[]>;
  /** The admin who owns the API key: the author of every note created through the API. */
  keyOwner: { id: string; email: string };
  /** Next ids handed out on creation. */
  nextIds: { tag: number; note: number; draft: number; attachment: number };
}
