// Pacing bookkeeping: when may the next request start? Kept in one small piece so a later
// issue can share it across VS Code windows (file/lock) behind the same interface.
import { systemClock, type Clock } from './clock';

export interface Pacer {
  /** Resolves when a request may start now; records the start. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Stop all starts until `until` (monotonic ms, see clock.ts): 429 pauses and cool-downs. */
  pauseUntil(until: number): void;
  readonly pausedUntil?: number;
  /**
   * Optional: the request from the last `acquire` actually left the machine at `at` (later
   * than acquire resolved, e.g. after a new connection); the next start is paced from there.
   */
  markStarted?(at: number): void;
  /**
   * Optional: the request from the last `acquire` was answered at `at`. Only counts while
   * `cautious` is on; then the next start also waits a full gap after this answer.
   */
  markAnswered?(at: number): void;
  /**
   * Optional pacing mode, off by default. Off: starts are paced from starts only (as re-stamped
   * by `markStarted`), so queued requests go about one per gap. On ("cautious"): the next start
   * also waits a full gap after the previous answer. The server took that request in before it
   * answered, however late, so this holds whatever the jitter on the way, at the cost of the
   * request's latency per request. The transport turns it on after Hiver refused a correctly
   * paced request as too early, and off when the gap changes. A pacer shared between windows
   * may share the mode too (the jitter belongs to the machine and its network).
   */
  cautious?: boolean;
}

export interface IntervalPacerOptions {
  /** Minimum time between two starts, margin included. A function so settings can change live. */
  gapMs: number | (() => number);
  clock?: Clock;
}

/**
 * A strict gap between starts: a start never comes less than `gapMs` after the previous one
 * started and, in cautious mode, after the previous answer. Unlike a fixed window (p-queue's
 * interval/intervalCap) this holds across window edges too.
 */
export class IntervalPacer implements Pacer {
  cautious = false;
  private lastStart = Number.NEGATIVE_INFINITY;
  private pause = 0;
  /** Callers acquire one at a time so two waiters cannot take the same slot. */
  private turn: Promise<void> = Promise.resolve();
  private readonly clock: Clock;

  constructor(private readonly options: IntervalPacerOptions) {
    this.clock = options.clock ?? systemClock;
  }

  get pausedUntil(): number | undefined {
    return this.pause > this.clock.monotonic() ? this.pause : undefined;
  }

  /** Monotonic ms the next gap counts from: the last start, or answer in cautious mode (for tests and diagnostics). */
  get lastStartedAt(): number | undefined {
    return Number.isFinite(this.lastStart) ? this.lastStart : undefined;
  }

  pauseUntil(until: number): void {
    this.pause = Math.max(this.pause, until);
  }

  markStarted(at: number): void {
    this.lastStart = Math.max(this.lastStart, at);
  }

  markAnswered(at: number): void {
    // Same bookkeeping: in cautious mode the next start waits a full gap after the later of the two.
    if (this.cautious) this.lastStart = Math.max(this.lastStart, at);
  }

  acquire(signal?: AbortSignal): Promise<void> {
    const mine = this.turn.then(() => this.waitForSlot(signal));
    this.turn = mine.catch(() => undefined);
    return mine;
  }

  private async waitForSlot(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const gap = typeof this.options.gapMs === 'function' ? this.options.gapMs() : this.options.gapMs;
      const earliest = Math.max(this.lastStart + gap, this.pause);
      const now = this.clock.monotonic();
      if (now >= earliest) {
        this.lastStart = now;
        return;
      }
      // Re-check after waking: a pause may have been extended meanwhile.
      await this.clock.sleep(earliest - now, signal);
    }
  }
}
