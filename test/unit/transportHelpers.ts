// Shared by the API-layer tests: a transport wired to a simulator, a fake clock, and small
// assertion helpers. Not a test file itself (mocha only runs *.test.ts).
import assert from 'node:assert/strict';
import { systemClock, type Clock } from '../../src/hiver/clock';
import type { RetryPolicy } from '../../src/hiver/rateLimitPolicy';
import { Transport } from '../../src/hiver/transport';
import { MemoryStore } from '../../src/hiver/budget';
import type { TransportSettings } from '../../src/hiver/transportTypes';
import { DEMO_KEY, simulatorNow, type Simulator } from '../simulator';

export interface TestTransportOptions {
  settings?: Partial<TransportSettings>;
  retryPolicy?: Partial<RetryPolicy>;
  store?: MemoryStore;
  apiKey?: string;
  /** The shared pace and count's folder (as every window of the extension has). */
  sharedFolder?: string;
  /** The system clock unless given. */
  clock?: Clock;
}

/**
 * The system clock, but with the simulator's wall time: for a test that compares the times a
 * transport reports (resumeAt, pausedUntil) with the simulator's log. Date.now() can drift from
 * the log's clock by hundreds of ms on a loaded machine.
 */
export const simulatorClock: Clock = { ...systemClock, now: simulatorNow };

/** A transport for tests: small gaps and backoffs, no jitter (random() = 0.5 is the midpoint). */
export function testTransport(sim: Pick<Simulator, 'url'>, options: TestTransportOptions = {}): Transport {
  return new Transport({
    settings: { baseUrl: sim.url, minGapMs: 0, safetyMarginMs: 0, ...options.settings },
    getApiKey: () => ('apiKey' in options ? options.apiKey : DEMO_KEY),
    store: options.store ?? new MemoryStore(),
    sharedFolder: options.sharedFolder,
    clock: options.clock,
    retryPolicy: { retryBaseMs: 20, rateLimitBaseMs: 100, coolDownMs: 5000, ...options.retryPolicy },
    random: () => 0.5,
  });
}

/** Awaits a rejection and checks its class; returns the error for further checks. */
export async function rejectsWith<E extends Error>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${type.name}, but it resolved`);
}

/**
 * Awaits one step of a test, failing after `ms` with `explain()` instead of hanging until mocha's
 * timeout: a step that hangs (seen once, under heavy load) then says which it was and why.
 */
export async function within<T>(ms: number, step: string, promise: Promise<T>, explain: () => string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${step}: not done after ${ms} ms; ${explain()}`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Lets pending promise callbacks and I/O callbacks run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A clock that moves only when told to; sleeps resolve as time passes them. Its wall reading
 * starts equal to its monotonic one; `setWallClock` steps only the wall reading, as someone
 * setting the system clock would.
 */
export class FakeClock implements Clock {
  private time: number;
  private wallOffset = 0;
  private timers: { at: number; resolve: () => void; reject: (reason: unknown) => void }[] = [];

  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time + this.wallOffset;
  }

  monotonic(): number {
    return this.time;
  }

  /** Steps the wall clock by `ms` (either way); monotonic time and sleepers do not notice. */
  setWallClock(ms: number): void {
    this.wallOffset += ms;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = { at: this.time + Math.max(0, ms), resolve, reject };
      this.timers.push(timer);
      signal?.addEventListener('abort', () => {
        this.timers = this.timers.filter((t) => t !== timer);
        reject(signal.reason);
      });
    });
  }

  /** When the earliest sleeper wakes (monotonic ms), or undefined when none sleeps. */
  nextWake(): number | undefined {
    return this.timers.length ? Math.min(...this.timers.map((t) => t.at)) : undefined;
  }

  /** Moves time forward to `now() + ms`, waking sleepers in order and letting them run. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      await settle();
      const next = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = next.at;
      next.resolve();
    }
    this.time = target;
    await settle();
  }
}
