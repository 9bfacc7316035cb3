// What the transport takes and gives: its settings, requests, answers, state and log lines.
// Kept apart from transport.ts so that file is the sending itself.
import type { BudgetLimits, KeyValueStore, Priority } from './budget';
import type { Clock } from './clock';
import type { Pacer } from './pacer';
import type { RetryPolicy } from './rateLimitPolicy';

export interface TransportSettings extends BudgetLimits {
  /** e.g. https://api2.hiverhq.com/v1 */
  baseUrl: string;
  /**
   * Minimum time between request starts (Hiver: 1 request per second per account, counted
   * between arrivals); in cautious pacing also between an answer and the next start.
   */
  minGapMs: number;
  /** Added on top of minGapMs so network jitter cannot bring two arrivals closer than the gap. */
  safetyMarginMs: number;
  timeoutMs: number;
}

export const DEFAULT_TRANSPORT_SETTINGS: Omit<TransportSettings, 'baseUrl'> = {
  minGapMs: 1000,
  safetyMarginMs: 30,
  timeoutMs: 30_000,
  dailyLimit: 5000,
  backgroundShare: 0.95,
};

export interface TransportState {
  /** Requests waiting: in the queue or in a retry backoff. */
  queued: number;
  inFlight: number;
  usedToday: number;
  dailyLimit: number;
  /** Next UTC midnight (epoch ms), when usedToday goes back to 0. */
  resetAt: number;
  /** Set while 429 handling holds every request back. */
  pausedUntil?: number;
  /**
   * True once Hiver refused a request as too early although it was paced correctly: the jitter
   * outgrew the safety margin, so each request now also waits a full gap after the previous
   * answer (slower, but safe whatever the jitter). Back to false when the gap settings change.
   * Always set by the transport (optional only so hand-made states in tests may leave it out).
   */
  cautiousPacing?: boolean;
  /**
   * Set while 429s have widened the gap beyond the configured interval (margin included): the
   * gap in force, in ms. It narrows back step by step after runs of answers without 429.
   */
  widenedGapMs?: number;
  /** With widenedGapMs: the 429s within the rate-limit window, every window of the account. */
  refusedLastWindow?: number;
  lastError?: { operation: string; message: string; at: number };
}

/** One line per attempt that was sent. `path` never includes secrets. */
export interface RequestLogLine {
  operation: string;
  method: string;
  path: string;
  status?: number;
  ms: number;
  attempt: number;
  error?: string;
  /** A remark in plain words about this attempt, e.g. that it switched pacing to cautious. */
  note?: string;
  /** Hiver's own message on an error answer (key redacted), e.g. why a key was refused. */
  serverMessage?: string;
}

export interface TransportOptions {
  settings: Partial<TransportSettings> & { baseUrl: string };
  getApiKey: () => string | undefined | PromiseLike<string | undefined>;
  /**
   * Where the daily count is kept without a shared folder (default: memory). Not safe across
   * processes. With a shared folder, today's count found here (older versions kept it in
   * globalState) is carried into the account's shared count once, so an upgrade does not start
   * the day over.
   */
  store?: KeyValueStore;
  /**
   * A folder every VS Code window of the user shares (the extension's global storage): the pace
   * and the daily count are then the account's, shared with every other window (sharedSlot.ts).
   */
  sharedFolder?: string;
  /** Defaults to an IntervalPacer spaced by minGapMs + safetyMarginMs. */
  pacer?: Pacer;
  /** For tests: a fake clock, shorter backoffs, deterministic jitter. */
  clock?: Clock;
  retryPolicy?: Partial<RetryPolicy>;
  random?: () => number;
}

export interface TransportRequest {
  /** The API operation, e.g. "listUsers": named in errors and logs. */
  operation: string;
  method: 'GET' | 'POST' | 'PATCH';
  /** Relative to baseUrl, e.g. "/inboxes/1/users". */
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  /** Sent as multipart/form-data; an array becomes repeated fields. */
  form?: Record<string, string | string[] | undefined>;
  priority?: Priority;
  signal?: AbortSignal;
  /** Overrides getApiKey, used to check a key before saving it. Such requests are never coalesced. */
  apiKey?: string;
}

export interface TransportResponse {
  status: number;
  body: unknown;
}
