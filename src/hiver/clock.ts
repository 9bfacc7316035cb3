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

/** Wall-clock epoch ms of a monotonic reading, for messages and the status bar. */
export function wallTimeOf(clock: Clock, monotonicAt: number): number {
  return clock.now() + (monotonicAt - clock.monotonic());
}

/**
 * A stored wall-clock time further ahead of now than this was stamped by a clock since set back
 * (or written by hand): it is not believed.
 */
export const FUTURE_SLACK_MS = 5_000;

/** A stored wall-clock time, or 0 (long ago: stale) when it lies beyond FUTURE_SLACK_MS ahead of `now`. */
export function unlessAhead(stamp: number, now: number): number {
  return stamp > now + FUTURE_SLACK_MS ? 0 : stamp;
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
