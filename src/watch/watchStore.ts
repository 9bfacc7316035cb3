// Where the watcher's state lives, shared by every window of the user on this machine: two
// shared records (src/hiver/sharedRecord.ts: atomic across processes, no lock a crashed window
// could hold) in the account's folder of the extension's global storage, beside the account's
// pace and daily count (sharedSlot.ts; the folder is a hash of the URL and key, never the key).
// `watch/` holds what was seen and what is new; `watchLease/` names the one window that polls.
// They are apart because the poller renews its lease every few seconds and that must not
// rewrite the (larger) seen state each time.
import * as path from 'node:path';
import { SharedRecord } from '../hiver/sharedRecord';
import { FUTURE_SLACK_MS } from '../hiver/clock';
import { emptyState, parseState, WatchState } from './watchState';

export interface Lease {
  owner: string;
  /** Wall-clock epoch ms after which another window may take over. */
  until: number;
}

export interface WatchStore {
  read(): Promise<WatchState>;
  /**
   * Applies `change` to (a copy of) the current state and saves it atomically; resolves with the
   * saved state and what `change` returned. `change` may run more than once (another window
   * wrote meanwhile), so it must only edit the state it is given.
   */
  update<T>(change: (state: WatchState) => T): Promise<{ state: WatchState; result: T }>;
  /**
   * True when `windowId` is (now) the one window that polls: it held or took the lease, which
   * then runs to `now + ttlMs`. False while another window's lease runs.
   */
  claimPoller(windowId: string, now: number, ttlMs: number): Promise<boolean>;
  /** Gives the lease up (window closing), so another window takes over at its next check. */
  releasePoller(windowId: string): Promise<void>;
  /** Who holds the lease now, if anyone. */
  poller(now: number): Promise<string | undefined>;
}

/** A lease ending further ahead than its length and FUTURE_SLACK_MS was stamped by a clock since set back: it has run out. */
function running(lease: Lease | null, now: number, ttlMs: number): lease is Lease {
  return lease !== null && lease.until > now && lease.until <= now + ttlMs + FUTURE_SLACK_MS;
}

/** The lease logic, shared by every store: the new lease, or undefined when another window's runs. */
function claimed(lease: Lease | null, windowId: string, now: number, ttlMs: number): Lease | undefined {
  if (lease && lease.owner !== windowId && running(lease, now, ttlMs)) return undefined;
  return { owner: windowId, until: now + ttlMs };
}

/** A copy of a state (maps without prototypes kept so). */
const copy = (state: WatchState): WatchState => parseState(JSON.parse(JSON.stringify(state)));

/** One process only: for tests and plain-Node use. */
export class MemoryWatchStore implements WatchStore {
  private state = emptyState();
  private lease: Lease | null = null;

  read(): Promise<WatchState> {
    return Promise.resolve(copy(this.state));
  }

  update<T>(change: (state: WatchState) => T): Promise<{ state: WatchState; result: T }> {
    const next = copy(this.state);
    const result = change(next);
    this.state = next;
    return Promise.resolve({ state: copy(next), result });
  }

  claimPoller(windowId: string, now: number, ttlMs: number): Promise<boolean> {
    const lease = claimed(this.lease, windowId, now, ttlMs);
    if (lease) this.lease = lease;
    return Promise.resolve(lease !== undefined);
  }

  releasePoller(windowId: string): Promise<void> {
    if (this.lease?.owner === windowId) this.lease = null;
    return Promise.resolve();
  }

  poller(now: number): Promise<string | undefined> {
    return Promise.resolve(this.lease && this.lease.until > now ? this.lease.owner : undefined);
  }
}

function parseLease(raw: unknown): Lease | null {
  const r = raw as Partial<Lease> | null;
  return r && typeof r === 'object' && typeof r.owner === 'string' && typeof r.until === 'number' && Number.isFinite(r.until) ? { owner: r.owner, until: r.until } : null;
}

/** Every window of the user: the account's folder in global storage (`accountId` from sharedSlot.ts names it). */
export class SharedWatchStore implements WatchStore {
  private readonly state: SharedRecord<WatchState>;
  private readonly lease: SharedRecord<Lease | null>;

  constructor(globalStorage: string, account: string) {
    const folder = path.join(globalStorage, 'accounts', account);
    this.state = new SharedRecord(path.join(folder, 'watch'), parseState);
    this.lease = new SharedRecord(path.join(folder, 'watchLease'), parseLease);
  }

  async read(): Promise<WatchState> {
    return this.state.read();
  }

  async update<T>(change: (state: WatchState) => T): Promise<{ state: WatchState; result: T }> {
    let result!: T;
    const state = this.state.update((current) => {
      const next = copy(current);
      result = change(next);
      // Nothing changed: no new version for the other windows to read.
      return JSON.stringify(next) === JSON.stringify(current) ? undefined : next;
    });
    return { state: copy(state), result };
  }

  async claimPoller(windowId: string, now: number, ttlMs: number): Promise<boolean> {
    const lease = this.lease.update((current) => claimed(current, windowId, now, ttlMs));
    return lease?.owner === windowId;
  }

  async releasePoller(windowId: string): Promise<void> {
    this.lease.update((current) => (current?.owner === windowId ? null : undefined));
  }

  async poller(now: number): Promise<string | undefined> {
    const lease = this.lease.read();
    return lease && lease.until > now ? lease.owner : undefined;
  }
}
