// Every pacing decision: when the next request may start, how a 429 holds every start, when
// pacing from starts is not enough and turns cautious, the grid and timetable that machines of
// one account share, and the empty slot left at the full rate (the rules: TEAM in
// paceState.ts). This process's own gap runs on the monotonic clock (clock.ts); what every
// window of the account shares (their starts, hole, pauses, modes, the timetable) is kept
// in a PaceState: the account's shared slot (sharedSlot.ts) or this process's memory.
import { systemClock, type Clock } from './clock';
import { intoSlot, joinsGrid, MemoryPace, nextDue, onGrid, positionAt, startedAt, TEAM, type PaceState, type SlotRun } from './paceState';

export interface Pacer {
  /** Resolves when a request may start now; records the start. */
  acquire(signal?: AbortSignal): Promise<void>;
  /**
   * The request from the last `acquire` really left the machine at `at`, later than acquire
   * resolved (e.g. after a new connection): the next start is paced from there. Undefined when
   * it was not seen leaving or never left. Every acquire must be followed by one call.
   */
  markStarted(at: number | undefined): void;
  /**
   * The request from the last `acquire` was answered at `at`: in cautious mode the next start
   * counts from it. `leftAt`, as given to `markStarted` for that request, says which request it
   * was: Hiver took that one in by `at` at the latest (refusedAsTooEarly).
   */
  markAnswered(at: number, leftAt?: number): void;
  /**
   * Hiver refused the request from the last `acquire` as too early (a 429 not about the daily
   * limit). Returns a note for the log when this turned cautious pacing on.
   */
  refusedAsTooEarly(): string | undefined;
  /** Stop all starts until `until`: 429 pauses and cool-downs. */
  pauseUntil(until: number): void;
  readonly pausedUntil: number | undefined;
  /**
   * Off: starts are paced from starts only (as re-stamped by `markStarted`), so queued requests
   * go about one per gap. On ("cautious"): the next start also waits a full gap after the
   * previous answer. The server took that request in before it answered, however late, so this
   * holds whatever the jitter on the way, at the cost of the latency per request.
   */
  readonly cautious: boolean;
  /** The gap or the server changed: what was learnt about the jitter and the widened gap no longer hold. */
  resetMode(): void;
  /**
   * Hiver answered 429 (not the daily limit) for the request from the last `acquire`: another
   * machine of the account holds its slot, so the timetable leaves it (several machines on one
   * account can only learn of each other this way). Returns the 429s within the last `windowMs`.
   */
  refused(windowMs: number): number;
  /** 429s within the last `windowMs`, from every window of the account. */
  refusals(windowMs: number): number;
  /** Hiver answered something other than 429: after a long run of these the timetable grows. */
  succeeded(): void;
  /** The average gap between starts now: the configured one, or wider with a timetable. */
  readonly gapMs: number;
  /** How many slots of each frame of the grid this machine sends in (TEAM.frame: every slot). */
  readonly slotsInFrame: number;
  /** A slot of the grid: the configured gap and the spread (TEAM.spread). */
  readonly slotMs: number;
}

/** A setting given as a value or as a function that reads it now. */
function live(setting: number | (() => number)): number {
  return typeof setting === 'function' ? setting() : setting;
}

/** A request: when it left, and when it was answered if it was (Hiver took it in by then). */
interface Sent {
  leftAt: number;
  answeredAt?: number;
}

export interface IntervalPacerOptions {
  /** Minimum time between two starts, margin included. A function so settings can change live. */
  gapMs: number | (() => number);
  /** The part of `gapMs` that is margin (Hiver's own gap is the rest); 0 by default. */
  marginMs?: number | (() => number);
  clock?: Clock;
  /** What is shared with the account's other windows; a function, as it follows the account in use. Defaults to memory. */
  state?: () => PaceState | undefined;
  /** Draws timetable positions and starts within the spread, in [0, 1); injectable so tests are deterministic. */
  random?: () => number;
  /** How far into its slot a start on the grid may come (intoSlot), as a part of the gap (TEAM.spread); 0 by default. */
  spread?: number;
  /** The window's 429s in a row (RateLimitPolicy.refusedInARow), which move its starts to the front of the spread (intoSlot); none by default. */
  refusedInARow?: () => number;
}

/**
 * A strict gap between starts: a start never comes less than `gapMs` after the previous one
 * started and, in cautious mode, after the previous answer. Unlike a fixed window (p-queue's
 * interval/intervalCap) this holds across window edges too.
 */
export class IntervalPacer implements Pacer {
  /** What the next gap counts from in this process: the last start, or answer in cautious mode. */
  private lastStart = Number.NEGATIVE_INFINITY;
  /** The last two requests, to judge whether a refused one was paced correctly. */
  private last?: Sent;
  private previous?: Sent;
  /** When the last start was due at the full rate, and the starts on time in a row (the hole, TEAM.holeAfter). */
  private place: SlotRun = { slot: Number.NEGATIVE_INFINITY, run: 0 };
  /** The grid position of the last start (TEAM): what a 429 for it tells another machine holds. */
  private position = 0;
  /** The shortest recent round trip (ms; 0: none yet), for leadMs. Each answer lets it grow 1 ms, so a longer path is followed. */
  private shortestTrip = 0;
  private readonly memory: MemoryPace;
  private readonly random: () => number;
  /** `refusedAsTooEarly` turned cautious pacing on for the 429 now being handled. */
  private turnedCautious = false;
  /** Callers acquire one at a time so two waiters cannot take the same slot. */
  private turn: Promise<void> = Promise.resolve();
  private readonly clock: Clock;

  constructor(private readonly options: IntervalPacerOptions) {
    this.clock = options.clock ?? systemClock;
    this.memory = new MemoryPace(this.clock);
    this.random = options.random ?? Math.random;
  }

  get cautious(): boolean {
    return this.state().cautious;
  }

  get pausedUntil(): number | undefined {
    const ms = this.state().pausedForMs();
    return ms > 0 ? this.clock.monotonic() + ms : undefined;
  }

  get gapMs(): number {
    const slots = this.state().timetable?.length;
    return slots ? Math.round((this.slotMs * TEAM.frame) / slots) : this.baseGap();
  }

  get slotMs(): number {
    return this.baseGap() * (1 + this.spread);
  }

  /**
   * How long before its slot of the grid a start leaves, so that it arrives in it: Hiver takes
   * the first to arrive, so a machine further from it than a teammate would come second to every
   * slot they share, and lose it, whatever its share (the team model, with 0 to 40 ms more each
   * way for five machines: one got under 3 % in 162 runs of 200; docs/benchmarks.md).
   * Half the shortest recent round trip (the server's time in it is about the same for every
   * machine), at most TEAM.leadAtMost of the gap.
   */
  get leadMs(): number {
    return Math.min(this.shortestTrip / 2, TEAM.leadAtMost * this.baseGap());
  }

  get slotsInFrame(): number {
    return this.state().timetable?.length ?? TEAM.frame;
  }

  /** When the next gap counts from (for tests and diagnostics). */
  get lastStartedAt(): number | undefined {
    return Number.isFinite(this.lastStart) ? this.lastStart : undefined;
  }

  pauseUntil(until: number): void {
    this.state().pauseFor(until - this.clock.monotonic());
  }

  markStarted(at: number | undefined): void {
    if (at !== undefined) {
      this.lastStart = Math.max(this.lastStart, at);
      if (this.last) this.last.leftAt = Math.max(this.last.leftAt, at);
    }
    this.state().left(at === undefined ? undefined : this.clock.monotonic() - at);
  }

  markAnswered(at: number, leftAt?: number): void {
    if (this.last && leftAt === this.last.leftAt) this.last.answeredAt = at;
    if (leftAt !== undefined && at >= leftAt) this.shortestTrip = Math.min(at - leftAt, (this.shortestTrip || Infinity) + 1);
    if (!this.cautious) return;
    this.lastStart = Math.max(this.lastStart, at);
    this.state().stamp(this.clock.monotonic() - at);
  }

  refused(windowMs: number): number {
    const state = this.state();
    // At the full rate, the 429 that just turned cautious pacing on is put down to delays on the
    // way, not to another sender. On a timetable its slot is another's either way.
    const delayed = this.turnedCautious && !state.timetable;
    this.turnedCautious = false;
    return state.refused(windowMs, delayed ? undefined : { position: this.position, random: this.random });
  }

  refusals(windowMs: number): number {
    return this.state().refusals(windowMs);
  }

  succeeded(): void {
    this.state().succeeded(this.baseGap(), this.random);
  }

  /**
   * Hiver counts the gap between ARRIVALS, and a busy network or server can take one request in
   * late and the next on time (in VS Code's extension host on a loaded machine the simulator
   * stamped requests up to ~80 ms late: sent >= 130 ms apart, counted 43-70 ms apart). The
   * margin in the gap is meant to cover that; a 429 for a request that left a full gap after the
   * previous one says it did not, so from here on each start also waits a full gap after the
   * previous answer. Not for a 429 on the first request (nothing of ours came before it), one
   * that was not paced by the current gap, or one that left far later or long enough after the
   * previous answer (another sender's).
   */
  refusedAsTooEarly(): string | undefined {
    if (this.cautious || !this.previous || !this.last) return undefined;
    const gap = this.baseGap();
    const spacing = this.last.leftAt - this.previous.leftAt;
    // 1 ms for clock readings rounded on either side of the check in waitForSlot.
    if (spacing < gap - 1) return undefined;
    // Much later (after the empty slot or a pause) no delay on the way explains it: another
    // sender took the slot (TEAM.delayAtMost).
    if (spacing > gap * (1 + TEAM.delayAtMost)) return undefined;
    // Nor when the previous request was answered, so taken in, at least Hiver's own gap before
    // this one left: on the grid that is another machine in the same slot (bench, 2026-12-07: every
    // 429 of five machines was one). Taken for delays, it made each machine that lost a slot at the
    // full rate cautious, off the grid, where it crowded the others' slots.
    if (this.previous.answeredAt !== undefined && this.last.leftAt - this.previous.answeredAt >= gap - this.marginMs()) return undefined;
    this.state().setCautious(true);
    this.turnedCautious = true;
    return (
      `Hiver refused a request as too early although it left ${Math.round(spacing)} ms after the previous one ` +
      `(gap ${gap} ms, margin included): delays on the way or at Hiver are larger than the margin. ` +
      `From now on each request also waits ${gap} ms after the previous answer (cautious pacing, slower but safe) ` +
      `until the request interval or the API URL changes.`
    );
  }

  resetMode(): void {
    this.state().reset();
  }

  acquire(signal?: AbortSignal): Promise<void> {
    const mine = this.turn.then(() => this.waitForSlot(signal));
    this.turn = mine.catch(() => undefined);
    return mine;
  }

  private state(): PaceState {
    return this.options.state?.() ?? this.memory;
  }

  /** The configured gap, margin included. */
  private baseGap(): number {
    return live(this.options.gapMs);
  }

  private marginMs(): number {
    return live(this.options.marginMs ?? 0);
  }

  private get spread(): number {
    return this.options.spread ?? 0;
  }

  /** How far into its slot this window's next start comes: by its share and its 429s in a row (intoSlot). */
  private intoSlot(spreadMs: number, timetable: readonly number[] | undefined): number {
    return intoSlot(spreadMs, timetable?.length ?? TEAM.frame, this.options.refusedInARow?.() ?? 0, this.random);
  }

  private async waitForSlot(signal?: AbortSignal): Promise<void> {
    /** The slot of the grid (wall clock) this start waits for. */
    let aim: number | undefined;
    for (;;) {
      signal?.throwIfAborted();
      const state = this.state();
      const gap = this.baseGap();
      const timetable = state.timetable;
      const now = this.clock.monotonic();
      const lead = this.leadMs;
      // This process's own gap (monotonic) and hole, then the grid (wall clock), then the
      // account's rules for every window (other windows, pauses).
      let wait = Math.max(this.lastStart + gap - now, timetable ? 0 : nextDue(this.place, gap) - now, state.pausedForMs());
      // The grid is one of arrivals at Hiver: read it at when a request leaving now arrives.
      const wall = this.clock.now() + lead;
      const spreadMs = gap * this.spread;
      const slot = gap + spreadMs;
      const onTheGrid = onGrid(wall, wait, slot, timetable, () => joinsGrid(this.place, this.lastStart + wall - now, slot, spreadMs, state.cautious), aim);
      // Only a slot of the grid is aimed at (a pause may end anywhere), at a point of its spread by share.
      const aimed = onTheGrid > wait;
      if (aimed) aim = wall + onTheGrid;
      wait = aimed && spreadMs > 0 ? onTheGrid + this.intoSlot(spreadMs, timetable) : onTheGrid;
      if (wait <= 0) {
        wait = state.take(gap, aim, spreadMs, lead);
        // Held by another window of this machine until a later slot of the grid (not a pause or a
        // short poll, which may end anywhere; the record read the clock a little earlier): aim
        // there, at this machine's point of its spread, or it would come at the slot's start and
        // win it from teammates as if it had one slot.
        const wallNow = this.clock.now() + lead;
        const heldTo = Math.round((wallNow + wait) / slot) * slot;
        const toSlot = Math.abs(wallNow + wait - heldTo) < TEAM.lateness * slot && heldTo - wallNow > TEAM.lateness * slot;
        if (wait > 0 && spreadMs > 0 && toSlot && (aim === undefined || heldTo - aim >= slot / 2)) {
          aim = heldTo;
          wait = heldTo - wallNow + this.intoSlot(spreadMs, timetable);
        }
      }
      if (wait <= 0) {
        this.position = positionAt(wall, slot);
        this.place = startedAt(this.place, now, gap);
        this.lastStart = now;
        this.previous = this.last;
        this.last = { leftAt: now };
        return;
      }
      // Re-check after waking: a pause may have been extended, or another window started, meanwhile.
      await this.clock.sleep(wait, signal);
    }
  }
}
