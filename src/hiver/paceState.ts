// What pacing remembers beyond one process's own gap: pauses, cautious mode, the recent 429s and
// the timetable (TEAM). Kept by every window of an account together (sharedSlot.ts) or,
// without a shared folder, by this process alone (MemoryPace). Times go in and out as durations
// from now, so each keeper reads its own clock: monotonic here, the wall clock across processes;
// only the grid (gridStart) reads the wall clock in both, as it is what machines share.
import type { Clock } from './clock';

export interface PaceState {
  /**
   * Records a start now unless another window started less than `gapMs` ago, the account's next
   * slot (the hole, the grid, the timetable: TEAM) has not come, or a pause holds: then records
   * nothing and returns how long to wait (ms). 0 when the start was recorded. `aimMs`: the slot
   * of the grid (wall clock) the caller waited for (onGrid); `spreadMs`: the grid's spread (TEAM.spread);
   * `leadMs`: how long a request takes to reach Hiver, whose grid is one of arrivals (the pacer's leadMs).
   */
  take(gapMs: number, aimMs?: number, spreadMs?: number, leadMs?: number): number;
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
  /** The configured gap or the server changed: forget cautious mode and the timetable. */
  reset(): void;
  /** The grid positions this machine sends in (TEAM); undefined: every slot, the full rate. */
  readonly timetable: readonly number[] | undefined;
  /**
   * A 429 that was not about the daily limit; returns the 429s within `windowMs`. With `lost`,
   * another machine holds the slot of that position: the timetable leaves it (or starts, at the
   * full rate). Without, the 429 was put down to delays on the way.
   */
  refused(windowMs: number, lost?: LostSlot): number;
  /** 429s within the last `windowMs`. */
  refusals(windowMs: number): number;
  /** An answer other than 429: after a long enough run, the timetable takes one slot more. */
  succeeded(gapMs: number, random: () => number): void;
}

/** The slot a 429 came for: its position on the grid (positionAt), and where to draw new ones from. */
export interface LostSlot {
  position: number;
  random: () => number;
}

/**
 * How several machines on one account, which cannot talk to each other (a team), share it: a
 * timetable on a grid they all read from their own clocks. Hiver refuses whatever comes within a
 * gap of the last accepted request, so the only signal is a 429, and only the machine refused
 * hears it.
 *
 * The grid: slots of the configured gap (margin included) counted from the Unix epoch on the
 * wall clock, `frame` positions in a row. Machines whose clocks agree (NTP keeps them within
 * milliseconds) send at the same instants, so two of them meet only in the same slot, where
 * the one that arrives first is taken and the other hears of it. Off the grid (until 2026-12-07)
 * each machine kept a phase of its own, its slots straddled the others' and five machines shared
 * about 0.4 request per second. The grid is one of arrivals: each request leaves early by how
 * long it takes to reach Hiver (the pacer's leadMs), or a machine further away would come second
 * to every slot it shares.
 *
 * At the full rate a machine sends in every slot. It joins the grid at the hole of a long burst
 * (joinsGrid), so a lone user's shorter bursts pay nothing, and a busy machine meets the others
 * on the grid, where each has an even chance at a slot; off it, another machine's request got in
 * only at the hole. Not in cautious mode: that one paces from answers (pacer.ts). After `holeAfter`
 * starts in a row it leaves one slot empty (nextDue; counted across the account's windows on
 * this machine, sharedSlot.ts): a machine that started first would otherwise take every slot
 * and never hear of the others (bench, 2026-12-04: 100 % of the accepted requests to one
 * machine). Its next request after the hole is refused when another machine took it: two gaps
 * after the previous one, no delay on the way (`delayAtMost` gaps, pacer.ts) explains that.
 *
 * The first 429 that is not put down to delays gives the machine a timetable: `firstShare`
 * positions of the frame, at random, not the one refused. It sends only in those slots. A 429
 * drops the position it came for (another machine holds it); gaps without a 429 add a position
 * at random (a try), so a machine that takes another's slot and wins it keeps it, and positions
 * pass from machines with many to machines with few (a new one is more often one of theirs). A
 * new timetable tries after `growSoonAfterGaps`, and again while its tries hold: there may be
 * room, and two or three machines used to leave slots empty for minutes (model: 0.80 request per
 * second with two machines, 0.88 now). A try refused means the frame is full: the next comes
 * after `growAfterGaps`, and each try that holds halves the wait again (grownAfter). After
 * `forgetAfterMs` without a 429 the machine is back at the full rate: the others are gone or will
 * say so with a new 429, and an idle window would otherwise keep half the rate for good (the
 * timetable is stored with the account, sharedSlot.ts).
 *
 * Each start on the grid comes up to `spread` (of the gap) after its slot begins, and the slots
 * are that much longer, so no margin is lost. Where in the spread depends on the machine's share
 * (intoSlot): a machine with fewer slots comes earlier, wins the slots it meets another machine in,
 * and the one with more drops them. Without the spread two machines whose requests take about as
 * long to arrive met in the same order each time, and the slower one lost every slot it shared
 * (bench, 2026-12-07: five processes on one machine arrived 6 to 13 ms into the slot at the
 * median; the team model with such delays left a machine with nearly nothing in 41 runs of 200);
 * with a random point in the spread, shares settled unevenly and the machine with fewest kept
 * losing (real time: one machine held a third to a half, by share at most 30 %; the model left a
 * machine with nearly nothing in 94 runs of 2,000, by share 18: docs/benchmarks.md). It costs a
 * lone user's long bursts 2 % of the rate.
 *
 * A machine refused `frontAfterRefusals` times in a row comes in the first `front` part of the
 * spread, and the others leave the part up to `restFrom` to it: it wins the next slot it meets
 * another machine in. Without, a machine that lost a few slots while the timetables settled kept
 * meeting holders whose requests happened to arrive first, backed off longer after each 429, gave
 * up, and its trials after each cool-down lost too (real time, 2026-12-07: 2 runs of 10 left a
 * machine with nothing; the model, with 8 machines, 11 to 38 runs of 200: docs/benchmarks.md).
 *
 * A model of these rules (scripts/bench/teamModel.ts: 5 busy machines, 10 minutes, 20 seeds)
 * gave 0.89 request per second with 6 % 429s; a larger frame (16) gave 0.77, a slower growth
 * fewer 429s but more machines left with nothing (docs/benchmarks.md).
 */
export const TEAM = {
  frame: 8,
  firstShare: 4,
  growAfterGaps: 128,
  growSoonAfterGaps: 8,
  forgetAfterMs: 10 * 60_000,
  holeAfter: 8,
  delayAtMost: 0.5,
  /**
   * A start this late in its slot (a part of the gap) is still the slot's. Later, it would crowd
   * the next slot's machine: keep it within the margin in the gap (30 ms of 1,030 by default).
   */
  lateness: 1 / 64,
  /** How far into its slot a start on the grid may come (intoSlot), as a part of the gap. */
  spread: 1 / 50,
  /** Refusals in a row after which a machine's starts come at the front of the spread (intoSlot). */
  frontAfterRefusals: 2,
  /** That front, as a part of the spread. */
  front: 1 / 4,
  /** Where in the spread the other starts begin, as a part of it: after the front, with room for delays on the way. */
  restFrom: 0.3,
  /** At most this part of the gap does a start leave before its slot (the pacer's leadMs), whatever the round trip. */
  leadAtMost: 1 / 4,
};

/**
 * A sender's place at the full rate: when its last start was due, and its starts on time in a
 * row since the last hole. Kept by the pacer for its window and by the shared record for all
 * windows of the account, so two busy windows of one machine do not fill each other's holes.
 */
export interface SlotRun {
  slot: number;
  run: number;
}

/** The empty slot: a gap, due once `holeAfter` starts came in a row. */
function holeOf(s: SlotRun, gapMs: number): number {
  return s.run >= TEAM.holeAfter ? gapMs : 0;
}

/** When the next start is due at the full rate: a gap after the last, and after the hole if one is due. */
export function nextDue(s: SlotRun, gapMs: number): number {
  return s.slot + holeOf(s, gapMs) + gapMs;
}

/**
 * A start at `now`. On time (less than a gap after it was due) the run goes on; later (idle,
 * paused) it starts over, and the pause counts as the hole. The next is due from this start, not
 * from when this one was due: on the grid's longer slots (TEAM.spread) every start comes a little
 * after it was due, and counted from the due times a run would soon read as late and never
 * reach its hole.
 */
export function startedAt(s: SlotRun, now: number, gapMs: number): SlotRun {
  const hole = holeOf(s, gapMs);
  const onTime = now - (s.slot + hole + gapMs) < gapMs;
  return { slot: now, run: onTime && hole === 0 ? s.run + 1 : 1 };
}

const mod = (n: number, m: number) => ((n % m) + m) % m;

/** The grid position of a start at wall-clock `atMs` (the nearest slot's); `slotMs`: the gap and the spread. */
export function positionAt(atMs: number, slotMs: number): number {
  return slotMs > 0 ? mod(Math.round(atMs / slotMs), TEAM.frame) : 0;
}

/**
 * How far into its slot (ms) a start on the grid comes: at the front of the spread after
 * `refusedInARow` reached TEAM.frontAfterRefusals; otherwise in the rest of it, the earlier the
 * fewer `slots` of the frame the machine sends in; at random within that part. Where two machines
 * meet in one slot, the one that arrives first keeps it and the other hears a 429 and drops it:
 * so a machine that keeps losing wins one, and shares even out (TEAM.spread).
 */
export function intoSlot(spreadMs: number, slots: number, refusedInARow: number, random: () => number): number {
  if (refusedInARow >= TEAM.frontAfterRefusals) return spreadMs * TEAM.front * random();
  return spreadMs * (TEAM.restFrom + ((1 - TEAM.restFrom) * (slots - 1 + random())) / TEAM.frame);
}

/** The wall-clock start of the first slot at or after `fromMs` (a little late still counts) in the timetable: any slot without one. */
export function gridStart(fromMs: number, slotMs: number, timetable: readonly number[] | undefined): number {
  const k = Math.ceil(fromMs / slotMs - TEAM.lateness);
  if (!timetable?.length) return k * slotMs;
  const ahead = Math.min(...timetable.map((position) => mod(position - k, TEAM.frame)));
  return (k + ahead) * slotMs;
}

/**
 * At the full rate, whether a start that waits anyway (the gap, the hole) also waits for the next
 * slot of the grid: when the hole is due or the last start (wall clock) was on the grid, so a
 * burst joins the grid at its first hole and stays on it, and shorter bursts pay nothing. Never
 * in cautious mode, which paces from answers.
 */
export function joinsGrid(s: SlotRun, lastStartMs: number, slotMs: number, spreadMs: number, cautious: boolean): boolean {
  if (cautious) return false;
  return s.run >= TEAM.holeAfter || mod(lastStartMs, slotMs) <= TEAM.lateness * slotMs + spreadMs;
}

/**
 * How long a start at wall-clock `nowMs` waits, given `waitMs` for the gap, the hole and pauses:
 * with a timetable, for its next slot (of `slotMs`); at the full rate, for the next slot of the
 * grid when it waits anyway and `joins` (joinsGrid). `aimMs`: the slot this start already waited for.
 */
export function onGrid(nowMs: number, waitMs: number, slotMs: number, timetable: readonly number[] | undefined, joins: () => boolean, aimMs?: number): number {
  // No gap (tests, or a server without a limit): no grid either.
  if (slotMs <= 0 || (!timetable && (waitMs <= 0 || !joins()))) return waitMs;
  // The slot waited for stays this start's while nothing else holds it back and the timer woke
  // (or the spread put it) less than half a slot late (a busy machine). Read afresh, a late wake
  // would be the next slot's, and the next wake the one after that, for ever.
  if (aimMs !== undefined && waitMs <= 0 && nowMs >= aimMs && nowMs - aimMs < slotMs / 2) return waitMs;
  return Math.max(waitMs, gridStart(nowMs + Math.max(0, waitMs), slotMs, timetable) - nowMs);
}

/** Positions of the frame not in `held`, other than `except`. */
function freePositions(held: readonly number[], except?: number): number[] {
  return Array.from({ length: TEAM.frame }, (_, p) => p).filter((p) => !held.includes(p) && p !== except);
}

function drawFrom(positions: number[], random: () => number): number {
  return positions[Math.min(positions.length - 1, Math.floor(random() * positions.length))];
}

/** The timetable after a 429 for `lost`: without its position (never empty), or the first share at the full rate. */
export function afterLoss(timetable: readonly number[] | undefined, lost: LostSlot): number[] {
  if (!timetable) {
    const free = freePositions([], lost.position);
    const share: number[] = [];
    while (share.length < TEAM.firstShare) {
      const p = drawFrom(free, lost.random);
      share.push(p);
      free.splice(free.indexOf(p), 1);
    }
    return share.sort((a, b) => a - b);
  }
  const kept = timetable.filter((p) => p !== lost.position);
  return kept.length > 0 ? kept : [drawFrom(freePositions([], lost.position), lost.random)];
}

/**
 * A timetable (TEAM): its positions, the one it last tried (grew into) unless Hiver refused it
 * there, and how many gaps without a 429 it waits before the next try.
 */
export interface Timetable {
  positions: number[];
  tried?: number;
  growAfterGaps: number;
}

/** After a 429 for `lost`: the timetable without its position (afterLoss); a refused try means the frame is full. */
export function timetableAfterLoss(table: Timetable | undefined, lost: LostSlot): Timetable {
  const positions = afterLoss(table?.positions, lost);
  if (!table) return { positions, growAfterGaps: TEAM.growSoonAfterGaps };
  return lost.position === table.tried ? { positions, growAfterGaps: TEAM.growAfterGaps } : { ...table, positions };
}

/**
 * The timetable with one more position (the try) drawn at random once `sinceGrownMs` reached its
 * wait; undefined before, or when it has them all. The previous try still held halves the next wait.
 */
export function grownAfter(table: Timetable, sinceGrownMs: number, gapMs: number, random: () => number): Timetable | undefined {
  if (sinceGrownMs < table.growAfterGaps * gapMs || table.positions.length >= TEAM.frame) return undefined;
  const tried = drawFrom(freePositions(table.positions), random);
  const held = table.tried !== undefined && table.positions.includes(table.tried);
  const growAfterGaps = held ? Math.max(TEAM.growSoonAfterGaps, table.growAfterGaps / 2) : table.growAfterGaps;
  return { positions: [...table.positions, tried].sort((a, b) => a - b), tried, growAfterGaps };
}

/** A stored timetable, checked: distinct whole positions within the frame, at least one; anything else reads as the full rate. */
export function timetableOf(raw: unknown): number[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > TEAM.frame) return undefined;
  const ok = raw.every((p, i) => Number.isInteger(p) && p >= 0 && p < TEAM.frame && raw.indexOf(p) === i);
  return ok ? [...(raw as number[])].sort((a, b) => a - b) : undefined;
}

/** This process's own pace state, on the monotonic clock. */
export class MemoryPace implements PaceState {
  private pause = Number.NEGATIVE_INFINITY;
  private mode = false;
  private recent: number[] = [];
  private lastRefusal = Number.NEGATIVE_INFINITY;
  private table: Timetable | undefined;
  private grownAt = Number.NEGATIVE_INFINITY;

  /** `timetable`: where to start from (tests); the full rate by default. */
  constructor(
    private readonly clock: Clock,
    timetable?: readonly number[],
  ) {
    // A timetable given to start from counts as settled just now: its last try was refused.
    if (timetable) {
      this.table = { positions: [...timetable], growAfterGaps: TEAM.growAfterGaps };
      this.lastRefusal = this.grownAt = clock.monotonic();
    }
  }

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
    this.table = undefined;
  }

  get timetable(): readonly number[] | undefined {
    return this.current()?.positions;
  }

  refused(windowMs: number, lost?: LostSlot): number {
    const now = this.clock.monotonic();
    if (lost) {
      this.table = timetableAfterLoss(this.current(), lost);
      this.grownAt = now;
    } else {
      // Drops a timetable already forgotten, which this 429 would otherwise bring back.
      this.table = this.current();
    }
    this.lastRefusal = now;
    this.recent.push(now);
    return this.refusals(windowMs);
  }

  refusals(windowMs: number): number {
    const since = this.clock.monotonic() - windowMs;
    this.recent = this.recent.filter((at) => at > since);
    return this.recent.length;
  }

  succeeded(gapMs: number, random: () => number): void {
    const table = this.current();
    const grown = table && grownAfter(table, this.clock.monotonic() - this.grownAt, gapMs, random);
    if (!grown) return;
    this.table = grown;
    this.grownAt = this.clock.monotonic();
  }

  /** The timetable, or none once no 429 came for TEAM.forgetAfterMs. */
  private current(): Timetable | undefined {
    return this.clock.monotonic() - this.lastRefusal < TEAM.forgetAfterMs ? this.table : undefined;
  }
}
