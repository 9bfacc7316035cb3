// What pacing remembers beyond one process's own gap: pauses, cautious mode, the recent 429s and
// the adaptive period (PACE). Kept by every window of an account together (sharedSlot.ts) or,
// without a shared folder, by this process alone (MemoryPace). Times go in and out as durations
// from now, so each keeper reads its own clock: monotonic here, the wall clock across processes.
import type { Clock } from './clock';

export interface PaceState {
  /**
   * Records a start now unless another window started less than `gapMs` ago, the account's slot
   * on its period (`periodMs`) has not come, or a pause holds: then records nothing and returns
   * how long to wait (ms). 0 when the start was recorded.
   */
  take(gapMs: number, periodMs: number): number;
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
  /** The period is the configured gap times this (a whole number >= 1): see PACE. */
  readonly gapFactor: number;
  /**
   * A 429 that was not about the daily limit; returns the 429s within `windowMs`. The period
   * follows afterRefusal unless `keepPeriod` (the 429 was put down to delays on the way).
   */
  refused(windowMs: number, keepPeriod?: boolean): number;
  /** 429s within the last `windowMs`. */
  refusals(windowMs: number): number;
  /** An answer other than 429 (afterSuccess). */
  succeeded(): void;
  /**
   * After a 429: the next start of any window comes `inMs` from now (at least a gap), sooner
   * than the period would say: the account's slot moves (a process alone keeps its own, pacer.ts).
   */
  moveSlot(inMs: number, periodMs: number): void;
}

/**
 * How several machines on one account, which cannot talk to each other (a team), share it. Each
 * sends on a stable period, a power of two of configured gaps (factorOf), and keeps its phase
 * while it succeeds: the machines settle into disjoint time slots. A 429 moves this machine's
 * slot (the pacer waits a random part of the period, pacer.ts). It halves the rate when it
 * persists (came fewer than `persistAfter` clean answers after the previous one) or when this
 * machine sends at the configured interval: one that sends at every gap leaves no slot to the
 * others, and its rare 429s are all it hears of them. Not the 429 that turns cautious pacing on
 * (pacer.ts): that one is put down to delays on the way, which cautious pacing deals with, so a
 * lone user keeps the full rate. Each run of `narrowAfter` clean answers gives back `rateStep`
 * of the configured rate (additive increase, multiplicative decrease: machines that see the same
 * 429s end up with about equal shares), up to `maxRateOnceWidened`: a machine back at every
 * gap would leave no slot to the others again. After `forgetAfterMs` without a 429 the period is
 * the configured interval again: the crowd that widened it is long gone or will say so with a new
 * 429, and a window idle since then would otherwise keep a sixteenth of the rate for good (the
 * period is stored with the account, sharedSlot.ts).
 *
 * At the configured interval a sender leaves one slot empty after `holeAfter` starts in a row
 * (nextDue; counted across the account's windows on this machine, sharedSlot.ts). Without it, a
 * machine that started first took every slot: Hiver refuses whatever comes within a gap of the
 * last accepted request, so the others' requests were all refused, they gave up, and the first
 * machine never saw a 429 (bench at real time: 100 % of the accepted requests to one machine, 36
 * requests given up by the other four). A hole lets another machine's request in, and the first
 * machine's next one is then refused: it hears of the others and halves its rate. A lone user
 * pays one slot in `holeAfter + 1` on long runs of requests. A hole after 16 starts was too rare:
 * in two runs one machine still took 82 % and 100 %. The 429 that tells the first machine comes
 * on its request after the hole, two gaps after its previous one: no delay on the way
 * (`delayAtMost` gaps, pacer.ts) explains that, so it halves the rate rather than turning
 * cautious pacing on. Until 2026-12-04 it did turn it on, and the rate stayed: one machine still
 * took every request in 3 of 8 real-time runs, the others' one lucky request wasted. Since, no
 * run of 4 did; in 2 of them one or two machines still got nothing (docs/benchmarks.md).
 */
export const PACE = {
  decreaseBy: 2,
  minRate: 1 / 16,
  persistAfter: 8,
  narrowAfter: 8,
  rateStep: 0.05,
  forgetAfterMs: 10 * 60_000,
  holeAfter: 8,
  delayAtMost: 0.5,
  maxRateOnceWidened: 0.5,
};

/**
 * A sender's place on its period: when its last start was due, and its starts on time in a row
 * at the configured interval since the last hole. Kept by the pacer for its window and by the
 * shared record for all windows of the account, so two busy windows of one machine do not fill
 * each other's holes.
 */
export interface SlotRun {
  slot: number;
  run: number;
}

/** The empty slot: a gap, due at the configured interval once `holeAfter` starts came in a row. */
function holeOf(s: SlotRun, gapMs: number, periodMs: number): number {
  return periodMs === gapMs && s.run >= PACE.holeAfter ? gapMs : 0;
}

/** When the next start is due: a period after the last, and after the hole if one is due. */
export function nextDue(s: SlotRun, gapMs: number, periodMs: number): number {
  return s.slot + holeOf(s, gapMs, periodMs) + periodMs;
}

/**
 * A start at `now`. On time (less than a gap after it was due) the slot holds, whatever the
 * delays on the way, and the run goes on; later (idle, paused, moved) it starts here, and the
 * pause counts as the hole.
 */
export function startedAt(s: SlotRun, now: number, gapMs: number, periodMs: number): SlotRun {
  const hole = holeOf(s, gapMs, periodMs);
  const due = s.slot + hole + periodMs;
  const onTime = now - due < gapMs;
  return { slot: onTime ? due : now, run: onTime && hole === 0 ? s.run + 1 : 1 };
}

/** The adaptive part of the pace: the rate as a part of the configured one, and the clean answers since the last 429. */
export interface Period {
  rate: number;
  clean: number;
}

/** Before any 429: the configured interval. */
export const FRESH_PERIOD: Period = { rate: 1, clean: 0 };

/**
 * The period in configured gaps: the power of two that keeps to the rate. When one machine's
 * period halves or doubles, its slots keep their phase (every slot of 16 gaps is one of 8), so
 * the others' slots stay clear of it; in the bench, whole numbers (5, 6, 7...) kept sweeping
 * across each other and did worse (0.3 against 0.4 req/s). Between half and the full rate the
 * period stays 2 gaps (a faster way back let one machine take every slot in the bench).
 */
export function factorOf(p: Period): number {
  return 2 ** Math.ceil(Math.log2(1 / p.rate) - 1e-9);
}

/** A stored period, checked: a rate within [minRate, 1], a count >= 0; anything else reads as fresh. */
export function periodOf(raw: unknown): Period {
  const { rate, clean } = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const r = typeof rate === 'number' && Number.isFinite(rate) ? rate : 1;
  const c = typeof clean === 'number' && Number.isFinite(clean) ? Math.floor(clean) : FRESH_PERIOD.clean;
  return { rate: Math.min(1, Math.max(PACE.minRate, r)), clean: Math.max(0, c) };
}

/** A 429 (not the daily limit): halves the rate at the configured interval or when 429s persist. */
export function afterRefusal(p: Period): Period {
  const halve = p.rate === 1 || p.clean < PACE.persistAfter;
  const rate = halve ? Math.max(PACE.minRate, p.rate / PACE.decreaseBy) : p.rate;
  return { rate, clean: 0 };
}

/** The period in force when the last 429 came `sinceRefusalMs` ago: fresh once that is `forgetAfterMs` or more. */
export function periodNow(p: Period, sinceRefusalMs: number): Period {
  return sinceRefusalMs < PACE.forgetAfterMs ? p : FRESH_PERIOD;
}

/** An answer other than 429: each run of `narrowAfter` gives back a step of rate, up to half the configured rate once widened. */
export function afterSuccess(p: Period): Period {
  const clean = p.clean + 1;
  const ceiling = p.rate === 1 ? 1 : PACE.maxRateOnceWidened;
  const rate = clean % PACE.narrowAfter === 0 ? Math.min(ceiling, p.rate + PACE.rateStep) : p.rate;
  return { rate, clean };
}

/** This process's own pace state, on the monotonic clock. */
export class MemoryPace implements PaceState {
  private pause = Number.NEGATIVE_INFINITY;
  private mode = false;
  private recent: number[] = [];
  private lastRefusal: number;

  /** `period`: where the adaptive period starts (tests); the configured interval by default. */
  constructor(
    private readonly clock: Clock,
    private period: Period = FRESH_PERIOD,
  ) {
    // A period given to start from counts as widened just now.
    this.lastRefusal = period === FRESH_PERIOD ? Number.NEGATIVE_INFINITY : clock.monotonic();
  }

  take(): number {
    // The pacer's own monotonic gap is all there is within one process.
    return 0;
  }

  left(): void {}

  stamp(): void {}

  moveSlot(): void {}

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
    this.period = FRESH_PERIOD;
  }

  get gapFactor(): number {
    return factorOf(this.current());
  }

  refused(windowMs: number, keepPeriod = false): number {
    const period = this.current();
    this.period = keepPeriod ? period : afterRefusal(period);
    this.lastRefusal = this.clock.monotonic();
    this.recent.push(this.lastRefusal);
    return this.refusals(windowMs);
  }

  refusals(windowMs: number): number {
    const since = this.clock.monotonic() - windowMs;
    this.recent = this.recent.filter((at) => at > since);
    return this.recent.length;
  }

  succeeded(): void {
    this.period = afterSuccess(this.current());
  }

  private current(): Period {
    return periodNow(this.period, this.clock.monotonic() - this.lastRefusal);
  }
}
