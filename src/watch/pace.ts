// How often the watcher may poll: a pure function of the budget, so the figures in the status
// bar, the log, the tests and the benchmark all come from the same rule. No vscode import.

/** Never faster than once a minute per inbox, however much budget is left. */
export const MIN_PER_INBOX_MS = 60_000;

export interface PaceInput {
  /** hiver.watch.dailyShare: the watcher's share of the day's limit (0..1). */
  share: number;
  /** Requests per UTC day for the whole account. */
  dailyLimit: number;
  /** Background work stops at this share of dailyLimit (the budget's threshold, 0.95). */
  backgroundShare: number;
  /** Requests counted today, by everyone. */
  usedToday: number;
  /** Requests the watcher itself sent today (all windows). */
  watcherSpentToday: number;
  /** Inboxes watched. */
  inboxes: number;
  /** Wall-clock now and the next UTC midnight (epoch ms). */
  now: number;
  resetAt: number;
}

export type Pace =
  | {
      kind: 'polling';
      /** Between two polls (each poll reads one inbox, in turn). */
      tickMs: number;
      /** Between two polls of the same inbox: tickMs × inboxes. */
      perInboxMs: number;
      /** Requests the watcher may still send before the reset. */
      requestsLeft: number;
    }
  /** idle: nothing watched; off: the share is set to 0; share: its share of today is spent; threshold: the budget's background threshold is reached. */
  | { kind: 'stopped'; reason: 'idle' | 'off' | 'share' | 'threshold'; until?: number };

/** A share of 0 turns watching off until the setting changes (not until the daily reset, as a spent share does). */
export function watchingOff(share: number): boolean {
  return clamp(share, 0, 1) === 0;
}

/**
 * The share's requests left today, spread evenly over the time left until the UTC reset:
 * a poll every (time left ÷ requests left), so the last one lands before the reset and the day
 * never takes more than the share. Recomputed before each poll, so the pace follows the budget.
 */
export function watchPace(input: PaceInput): Pace {
  if (input.inboxes <= 0) return { kind: 'stopped', reason: 'idle' };
  if (watchingOff(input.share)) return { kind: 'stopped', reason: 'off' };
  const threshold = Math.floor(input.dailyLimit * input.backgroundShare);
  const share = Math.floor(input.dailyLimit * clamp(input.share, 0, 1));
  const beforeThreshold = threshold - input.usedToday;
  const ofShare = share - input.watcherSpentToday;
  if (beforeThreshold <= 0) return { kind: 'stopped', reason: 'threshold', until: input.resetAt };
  if (ofShare <= 0) return { kind: 'stopped', reason: 'share', until: input.resetAt };
  const requestsLeft = Math.min(beforeThreshold, ofShare);
  const timeLeft = Math.max(1, input.resetAt - input.now);
  const tickMs = Math.max(Math.ceil(timeLeft / requestsLeft), Math.ceil(MIN_PER_INBOX_MS / input.inboxes));
  return { kind: 'polling', tickMs, perInboxMs: tickMs * input.inboxes, requestsLeft };
}

/** Requests per hour the watcher spends at a pace (0 when stopped). */
export function requestsPerHour(pace: Pace): number {
  return pace.kind === 'polling' ? 3_600_000 / pace.tickMs : 0;
}

/** "4 min", "90 s": the interval in words for the tooltip and log (not localised: the caller wraps it). */
export function roundedMinutes(ms: number): { unit: 'min' | 's'; value: number } {
  return ms >= 120_000 ? { unit: 'min', value: Math.round(ms / 60_000) } : { unit: 's', value: Math.round(ms / 1000) };
}

function clamp(value: number, low: number, high: number): number {
  return Number.isFinite(value) ? Math.min(high, Math.max(low, value)) : low;
}
