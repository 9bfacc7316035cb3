// The daily request budget: Hiver allows 5000 requests per account per UTC day. Counts what
// was sent (in a counter the caller provides: the account's shared slot in the extension, so
// every window counts into one number that survives restarts) and decides admission:
// background work stops at its share, everything at the limit.
import { BudgetExhaustedError } from './errors';
import { requestName } from './operations';

/** User work goes ahead of background work (prefetch, refresh) and may use the whole budget. */
export type Priority = 'user' | 'background';

export interface BudgetLimits {
  /** Requests per UTC day. */
  dailyLimit: number;
  /** Background requests stop at this share of dailyLimit, keeping the rest for the user. */
  backgroundShare: number;
}

export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** An in-memory KeyValueStore, for tests and plain-Node use. */
export class MemoryStore implements KeyValueStore {
  private readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}

const STORE_KEY = 'hiver.requestsToday';

interface StoredCount {
  day: string;
  count: number;
}

/** Where the day's count lives. Spending is atomic for everyone who shares the counter. */
export interface DayCounter {
  /** The count for `day` (0 when another day is stored). */
  count(day: string): number;
  /** Adds one to `day`'s count if it is below `limit`; false when it was not. */
  spendOne(day: string, limit: number): boolean;
  /** Raises `day`'s count to at least `count`. */
  raise(day: string, count: number): void;
}

/** A counter in a KeyValueStore, for one process (tests, plain Node): not safe across windows. */
export class KeyValueCounter implements DayCounter {
  /** What this process last wrote, in case the store reads back lazily. */
  private lastWritten?: StoredCount;

  constructor(private readonly store: KeyValueStore) {}

  count(day: string): number {
    const countOf = (c: StoredCount | undefined) => (c && c.day === day && Number.isFinite(c.count) ? c.count : 0);
    return Math.max(countOf(this.store.get<StoredCount>(STORE_KEY)), countOf(this.lastWritten));
  }

  spendOne(day: string, limit: number): boolean {
    const used = this.count(day);
    if (used >= limit) return false;
    this.write({ day, count: used + 1 });
    return true;
  }

  raise(day: string, count: number): void {
    if (this.count(day) < count) this.write({ day, count });
  }

  /** Not awaited: the count must not delay sending. */
  private write(value: StoredCount): void {
    this.lastWritten = value;
    Promise.resolve(this.store.update(STORE_KEY, value)).catch(() => undefined);
  }
}

/** "2026-01-31" for the UTC day containing `at`. */
export function utcDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** Epoch ms of the next UTC midnight after `at`. */
export function nextUtcMidnight(at: number): number {
  const d = new Date(at);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}

export class DailyBudget {
  constructor(
    /** A function: the counter follows the account in use. */
    private readonly counter: () => DayCounter,
    private readonly now: () => number,
  ) {}

  /** Requests sent so far in the current UTC day. */
  get used(): number {
    return this.counter().count(utcDay(this.now()));
  }

  get resetAt(): number {
    return nextUtcMidnight(this.now());
  }

  /** Throws BudgetExhaustedError, naming the reset time, when `operation` may not be sent today. */
  admit(operation: string, priority: Priority, limits: BudgetLimits): void {
    if (this.used < limitFor(priority, limits)) return;
    throw this.refused(operation, priority, limits);
  }

  /**
   * Counts one request as sent, checking and counting in one step so two windows at the limit
   * cannot both send; throws like `admit` when the day is spent.
   */
  spend(operation: string, priority: Priority, limits: BudgetLimits): void {
    if (!this.counter().spendOne(utcDay(this.now()), limitFor(priority, limits))) throw this.refused(operation, priority, limits);
  }

  /** The error for a request refused because the day is spent; `why` comes first. */
  exhausted(operation: string, why: string): BudgetExhaustedError {
    const resetAt = this.resetAt;
    return new BudgetExhaustedError(operation, `${why} It resets at 00:00 UTC (${new Date(resetAt).toISOString()}).`, resetAt);
  }

  /** Counts today as spent up to `limit`: Hiver said the account's daily limit is reached. */
  markSpent(limit: number): void {
    this.counter().raise(utcDay(this.now()), limit);
  }

  private refused(operation: string, priority: Priority, limits: BudgetLimits): BudgetExhaustedError {
    const limit = limitFor(priority, limits);
    const what = priority === 'user' ? `all ${limits.dailyLimit} requests` : `${limit} of ${limits.dailyLimit} requests (the share kept for background work)`;
    return this.exhausted(operation, `Today's Hiver request budget is used up (${what}); ${requestName(operation)} was not sent.`);
  }
}

function limitFor(priority: Priority, { dailyLimit, backgroundShare }: BudgetLimits): number {
  return priority === 'user' ? dailyLimit : Math.floor(dailyLimit * backgroundShare);
}
