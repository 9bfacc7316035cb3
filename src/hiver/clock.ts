// Time as the API layer sees it. Injectable so tests can drive pacing with a fake clock.
// Two readings on purpose: gaps, pauses and cool-downs are durations and must not move when
// someone (or NTP) sets the system clock, so they use the monotonic reading; only the daily
// budget (a UTC day) and times shown to people use the wall clock.

export interface Clock {
  /** Wall-clock time, epoch ms: the UTC day of the budget and times shown to people. */
  now(): number;
  /** Monotonic ms from an arbitrary origin: every gap, pause and cool-down. Never jumps. */
  monotonic(): number;
  /** Resolves after `ms`; rejects with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** A stored wall-clock time later than this ahead of now was stamped before the clock was set back (or written by hand). */
export const FUTURE_SLACK_MS = 5_000;

/**
 * A wall-clock time read back from disk (another window, an earlier run), or 0 (never) when it
 * lies further ahead than FUTURE_SLACK_MS: the clock was set back since, and waiting for it
 * would wait until the clock caught up.
 */
export function storedTime(at: number, now: number): number {
  return at > now + FUTURE_SLACK_MS ? 0 : at;
}

/** Wall-clock epoch ms of a monotonic reading, for messages and the status bar. */
export function wallTimeOf(clock: Clock, monotonicAt: number): number {
  return clock.now() + (monotonicAt - clock.monotonic());
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
