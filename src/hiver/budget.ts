// The daily request budget: Hiver allows 5000 requests per account per UTC day. Counts what
// was sent (in a store the caller provides, a Memento in the extension, so it survives restarts)
// and decides admission: background work stops at its share, everything at the limit.
import { BudgetExhaustedError } from './errors';

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
  /** What this process last wrote, in case the store reads back lazily. */
  private lastWritten?: StoredCount;

  constructor(
    private readonly store: KeyValueStore,
    private readonly now: () => number,
  ) {}

  /** Requests sent so far in the current UTC day. */
  get used(): number {
    const today = utcDay(this.now());
    const countOf = (c: StoredCount | undefined) => (c && c.day === today && Number.isFinite(c.count) ? c.count : 0);
    return Math.max(countOf(this.store.get<StoredCount>(STORE_KEY)), countOf(this.lastWritten));
  }

  get resetAt(): number {
    return nextUtcMidnight(this.now());
  }

  /** Throws BudgetExhaustedError, naming the reset time, when `operation` may not be sent today. */
  admit(operation: string, priority: Priority, { dailyLimit, backgroundShare }: BudgetLimits): void {
    const limit = priority === 'user' ? dailyLimit : Math.floor(dailyLimit * backgroundShare);
    if (this.used < limit) return;
    const what = priority === 'user' ? `all ${dailyLimit} requests` : `${limit} of ${dailyLimit} requests (the share kept for background work)`;
    throw this.exhausted(operation, `Today's Hiver request budget is used up (${what}); ${operation} was not sent.`);
  }

  /** The error for a request refused because the day is spent; `why` comes first. */
  exhausted(operation: string, why: string): BudgetExhaustedError {
    const resetAt = this.resetAt;
    return new BudgetExhaustedError(operation, `${why} It resets at 00:00 UTC (${new Date(resetAt).toISOString()}).`, resetAt);
  }

  /** Count one request as sent. The store write is not awaited: the count must not delay sending. */
  record(): void {
    this.write(this.used + 1);
  }

  /** Counts today as spent up to `limit`: Hiver said the account's daily limit is reached. */
  markSpent(limit: number): void {
    if (this.used < limit) this.write(limit);
  }

  private write(count: number): void {
    const value: StoredCount = { day: utcDay(this.now()), count };
    this.lastWritten = value;
    Promise.resolve(this.store.update(STORE_KEY, value)).catch(() => undefined);
  }
}
