// What pacing remembers beyond one process's own gap: pauses, cautious mode, the recent 429s and
// the adaptive gap. Kept by every window of an account together (sharedSlot.ts) or, without a
// shared folder, by this process alone (MemoryPace). Times go in and out as durations from now,
// so each keeper reads its own clock: monotonic here, the wall clock across processes.
import type { Clock } from './clock';

export interface PaceState {
  /**
   * Records a start now unless another window started less than `gapMs` ago or a pause holds:
   * then records nothing and returns how long to wait (ms). 0 when the start was recorded.
   */
  take(gapMs: number): number;
  /**
   * The request from the last `take` left the machine `agoMs` ago (undefined: it was not seen
   * leaving, or never left): later starts count from then, and other windows, held while it
   * was on its way out, may take the slot.
   */
  left(agoMs: number | undefined): void;
  /** An answer came `agoMs` ago (cautious mode): later starts count from it. */
  stamp(agoMs: number): void;
  pauseFor(ms: number): void;
  /** How long starts are still held (0 when not paused). */
  pausedForMs(): number;
  readonly cautious: boolean;
  setCautious(on: boolean): void;
  /** The configured gap or the server changed: forget cautious mode and the widened gap. */
  reset(): void;
  /** The gap is the configured one times this (>= 1): widened on 429s, narrowed after successes. */
  readonly gapFactor: number;
  /** A 429 that was not about the daily limit: widens the gap; returns the 429s within `windowMs`. */
  refused(windowMs: number): number;
  /** 429s within the last `windowMs`. */
  refusals(windowMs: number): number;
  /** An answer other than 429: after a run of them the gap narrows a step. */
  succeeded(): void;
}

/**
 * Additive increase, multiplicative decrease, counted in requests per gap: a 429 halves the rate
 * (doubles the gap), each run of NARROW_AFTER answers without one gives back RATE_STEP of the
 * configured rate. Several machines on one account that cannot talk to each other (a team) then
 * settle at about equal shares below the limit, the way TCP connections share a link.
 */
export const AIMD = {
  widenBy: 2,
  maxFactor: 16,
  narrowAfter: 4,
  rateStep: 0.05,
};

export function widened(factor: number): number {
  return Math.min(AIMD.maxFactor, factor * AIMD.widenBy);
}

export function narrowed(factor: number): number {
  return Math.max(1, 1 / (1 / factor + AIMD.rateStep));
}

/** This process's own pace state, on the monotonic clock. */
export class MemoryPace implements PaceState {
  private pause = Number.NEGATIVE_INFINITY;
  private mode = false;
  private factor = 1;
  private run = 0;
  private recent: number[] = [];

  constructor(private readonly clock: Clock) {}

  take(): number {
    // The pacer's own monotonic gap is all there is within one process.
    return 0;
  }

  left(): void {}

  stamp(): void {}

  pauseFor(ms: number): void {
    this.pause = Math.max(this.pause, this.clock.monotonic() + ms);
  }

  pausedForMs(): number {
    return Math.max(0, this.pause - this.clock.monotonic());
  }

  get cautious(): boolean {
    return this.mode;
  }

  setCautious(on: boolean): void {
    this.mode = on;
  }

  reset(): void {
    this.mode = false;
    this.factor = 1;
    this.run = 0;
  }

  get gapFactor(): number {
    return this.factor;
  }

  refused(windowMs: number): number {
    this.factor = widened(this.factor);
    this.run = 0;
    this.recent.push(this.clock.monotonic());
    return this.refusals(windowMs);
  }

  refusals(windowMs: number): number {
    const since = this.clock.monotonic() - windowMs;
    this.recent = this.recent.filter((at) => at > since);
    return this.recent.length;
  }

  succeeded(): void {
    if (++this.run < AIMD.narrowAfter) return;
    this.run = 0;
    this.factor = narrowed(this.factor);
  }
}
