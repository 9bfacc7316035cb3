// One pace and one daily count per Hiver account for every VS Code window of the user: the
// slot file each window's transport consults before a request starts. Hiver's limits (1 request
// per second, 5,000 a day) are per account, so windows must not pace or count on their own.
// The account is a hash of the base URL and the key (never the key). Lives in the extension's
// global storage folder, the same for desktop and code-server windows; updates are atomic across
// processes without a lock (sharedRecord.ts), so a window that crashes or closes mid-request
// cannot block the others. Times here are wall-clock epoch ms, the only clock processes share;
// a stored time far in the future (the clock was set back) is treated as stale.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { DayCounter } from './budget';
import { FUTURE_SLACK_MS, storedTime, type Clock } from './clock';
import { grownAfter, joinsGrid, nextDue, onGrid, startedAt, TEAM, timetableAfterLoss, timetableOf, type LostSlot, type PaceState, type Timetable } from './paceState';
import { SharedRecord } from './sharedRecord';

interface AccountRecord {
  /** The latest request start, or answer in cautious mode, of any window. */
  lastStart: number;
  /**
   * When a window took the slot for a request that has not left yet (0: none). Other windows
   * wait for it to leave, so a request delayed on its way out (a busy machine) cannot arrive
   * right behind the next window's.
   */
  sending: number;
  /** When the latest start was due at the full rate (see the pacer's place). */
  slot: number;
  /** Starts on time in a row since the account's last hole, by any window (TEAM.holeAfter). */
  run: number;
  /** No window starts a request before this (429 pauses, cool-downs). */
  pauseUntil: number;
  cautious: boolean;
  /** The grid positions the account's windows send in together (TEAM); undefined: the full rate. */
  timetable: number[] | undefined;
  /** The timetable's last try and wait before the next (Timetable). */
  tried: number | undefined;
  growAfterGaps: number;
  /** When the timetable was made, lost a position or grew. */
  grownAt: number;
  /** When recent 429s came, oldest first. */
  refusals: number[];
  day: string;
  count: number;
}

/** A request not seen leaving this long after its slot was taken is taken as gone (its window died). */
const SEND_HOLD_MS = 2_000;
/** How often a window waiting for another's request to leave looks again. */
const SEND_POLL_MS = 3;
/** No pause is longer (the longest cool-down is 30 min). */
const MAX_PAUSE_MS = 31 * 60_000;
/** Enough 429 times for any window the policy uses. */
const MAX_REFUSALS = 64;

/** The folder name for an account: a hash, so neither the key nor the URL shows in file names. */
export function accountId(baseUrl: string, apiKey: string): string {
  return createHash('sha256').update(`${baseUrl}\n${apiKey}`).digest('hex').slice(0, 32);
}

const finite = (value: unknown, fallback: number): number => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);

/** The stored record, checked field by field: a corrupt or foreign file reads as a fresh start. */
function parseRecord(raw: unknown): AccountRecord {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  return {
    lastStart: finite(r.lastStart, 0),
    slot: finite(r.slot, 0),
    run: Math.max(0, Math.floor(finite(r.run, 0))),
    sending: finite(r.sending, 0),
    pauseUntil: finite(r.pauseUntil, 0),
    cautious: r.cautious === true,
    timetable: timetableOf(r.timetable),
    tried: timetableOf([r.tried])?.[0],
    growAfterGaps: Math.min(TEAM.growAfterGaps, Math.max(TEAM.growSoonAfterGaps, finite(r.growAfterGaps, TEAM.growAfterGaps))),
    grownAt: finite(r.grownAt, 0),
    refusals: Array.isArray(r.refusals) ? r.refusals.filter((t): t is number => typeof t === 'number' && Number.isFinite(t)).slice(-MAX_REFUSALS) : [],
    day: typeof r.day === 'string' ? r.day : '',
    count: Math.max(0, Math.floor(finite(r.count, 0))),
  };
}

/** A timetable as the record keeps it. */
function stored(table: Timetable): Pick<AccountRecord, 'timetable' | 'tried' | 'growAfterGaps'> {
  return { timetable: table.positions, tried: table.tried, growAfterGaps: table.growAfterGaps };
}

export class SharedSlot implements PaceState, DayCounter {
  private readonly record: SharedRecord<AccountRecord>;

  constructor(
    folder: string,
    readonly id: string,
    private readonly clock: Pick<Clock, 'now'>,
  ) {
    this.record = new SharedRecord(path.join(folder, 'accounts', id), parseRecord);
  }

  // --- pace ---

  take(gapMs: number, aimMs?: number, spreadMs = 0, leadMs = 0): number {
    let wait = 0;
    this.record.update((r) => {
      const now = this.clock.now();
      const place = { slot: this.slot(r, now), run: r.run };
      const timetable = this.timetableIn(r);
      // The same rules as the pacer's own, for every window together.
      wait = Math.max(this.lastStart(r, now) + gapMs - now, timetable ? 0 : nextDue(place, gapMs) - now, this.pauseUntil(r, now) - now);
      const slotMs = gapMs + spreadMs;
      // The grid, read at when a request leaving now arrives (the pacer's leadMs).
      wait = onGrid(now + leadMs, wait, slotMs, timetable, () => joinsGrid(place, this.lastStart(r, now) + leadMs, slotMs, spreadMs, r.cautious), aimMs);
      if (wait <= 0 && now - r.sending < SEND_HOLD_MS && r.sending <= now + FUTURE_SLACK_MS) wait = SEND_POLL_MS;
      return wait > 0 ? undefined : { ...r, lastStart: now, sending: now, ...startedAt(place, now, gapMs) };
    });
    return Math.max(0, wait);
  }

  left(agoMs: number | undefined): void {
    this.record.update((r) => {
      const now = this.clock.now();
      const lastStart = agoMs === undefined ? r.lastStart : Math.max(this.lastStart(r, now), now - agoMs);
      return { ...r, lastStart, sending: 0 };
    });
  }

  stamp(agoMs: number): void {
    this.record.update((r) => {
      const at = this.clock.now() - agoMs;
      return at > this.lastStart(r, this.clock.now()) ? { ...r, lastStart: at } : undefined;
    });
  }

  pauseFor(ms: number): void {
    this.record.update((r) => {
      const now = this.clock.now();
      const until = now + Math.min(ms, MAX_PAUSE_MS);
      return until > this.pauseUntil(r, now) ? { ...r, pauseUntil: until } : undefined;
    });
  }

  pausedForMs(): number {
    const now = this.clock.now();
    return Math.max(0, this.pauseUntil(this.record.read(), now) - now);
  }

  get cautious(): boolean {
    return this.record.read().cautious;
  }

  setCautious(on: boolean): void {
    this.record.update((r) => (r.cautious === on ? undefined : { ...r, cautious: on }));
  }

  reset(): void {
    this.record.update((r) => (r.cautious || r.timetable ? { ...r, cautious: false, timetable: undefined } : undefined));
  }

  get timetable(): readonly number[] | undefined {
    return this.timetableIn(this.record.read());
  }

  refused(windowMs: number, lost?: LostSlot): number {
    const r = this.record.update((r) => {
      const now = this.clock.now();
      const refusals = [...this.recent(r.refusals, MAX_PAUSE_MS), now].slice(-MAX_REFUSALS);
      if (!lost) return { ...r, timetable: this.timetableIn(r), refusals };
      return { ...r, ...stored(timetableAfterLoss(this.tableIn(r), lost)), grownAt: now, refusals };
    });
    return this.recent(r.refusals, windowMs).length;
  }

  refusals(windowMs: number): number {
    return this.recent(this.record.read().refusals, windowMs).length;
  }

  succeeded(gapMs: number, random: () => number): void {
    this.record.update((r) => {
      const table = this.tableIn(r);
      const now = this.clock.now();
      const grown = table && grownAfter(table, now - storedTime(r.grownAt, now), gapMs, random);
      return grown ? { ...r, ...stored(grown), grownAt: now } : undefined;
    });
  }

  // --- the day's count ---

  count(day: string): number {
    const r = this.record.read();
    return r.day === day ? r.count : 0;
  }

  spendOne(day: string, limit: number): boolean {
    let taken = false;
    this.record.update((r) => {
      const used = r.day === day ? r.count : 0;
      taken = used < limit;
      return taken ? { ...r, day, count: used + 1 } : undefined;
    });
    return taken;
  }

  raise(day: string, count: number): void {
    this.record.update((r) => {
      const used = r.day === day ? r.count : 0;
      return used < count ? { ...r, day, count } : undefined;
    });
  }

  // --- clock-step guards ---

  private lastStart(r: AccountRecord, now: number): number {
    return storedTime(r.lastStart, now);
  }

  private slot(r: AccountRecord, now: number): number {
    return storedTime(r.slot, now);
  }

  private pauseUntil(r: AccountRecord, now: number): number {
    return r.pauseUntil > now + MAX_PAUSE_MS ? 0 : r.pauseUntil;
  }

  /** The stored timetable, or the full rate once no 429 came for TEAM.forgetAfterMs. */
  private timetableIn(r: AccountRecord): number[] | undefined {
    const last = this.recent(r.refusals, TEAM.forgetAfterMs).at(-1);
    return last === undefined ? undefined : r.timetable;
  }

  private tableIn(r: AccountRecord): Timetable | undefined {
    const positions = this.timetableIn(r);
    return positions && { positions, tried: r.tried, growAfterGaps: r.growAfterGaps };
  }

  private recent(times: number[], windowMs: number): number[] {
    const now = this.clock.now();
    return times.filter((t) => t > now - windowMs && t <= now + FUTURE_SLACK_MS);
  }
}
