// Where the watcher's state lives, shared by every window of the user on this machine: one JSON
// file per account (a hash of the key and the base URL, never the key) in the extension's
// global storage folder. Each change is a read-modify-write under a lock file (O_EXCL), and the
// file is replaced atomically (temp file + rename), so windows never lose each other's changes
// and a crash never leaves half a file. The poller is elected with a lease in the same file.
// Kept behind WatchStore so it can later move onto the shared store of the budget.
import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { emptyState, parseState, WatchState } from './watchState';

export interface WatchStore {
  read(): Promise<WatchState>;
  /** Applies `change` to the current state under the lock and saves it; resolves with the result. */
  update<T>(change: (state: WatchState) => T): Promise<{ state: WatchState; result: T }>;
  /**
   * True when `windowId` is (now) the one window that polls: it held or took the lease, which
   * then runs to `now + ttlMs`. False while another window's lease runs.
   */
  claimPoller(windowId: string, now: number, ttlMs: number): Promise<boolean>;
  /** Gives the lease up (window closing), so another window takes over at its next check. */
  releasePoller(windowId: string): Promise<void>;
}

/** Names the account without revealing the key: a hash of the key and the base URL. */
export function accountHash(apiKey: string, baseUrl: string): string {
  return createHash('sha256').update(`${baseUrl}\n${apiKey}`).digest('hex').slice(0, 24);
}

/** The lease logic, shared by every store. */
function claim(state: WatchState, windowId: string, now: number, ttlMs: number): boolean {
  const lease = state.lease;
  if (lease && lease.owner !== windowId && lease.until > now) return false;
  state.lease = { owner: windowId, until: now + ttlMs };
  return true;
}

abstract class BaseStore implements WatchStore {
  abstract read(): Promise<WatchState>;
  abstract update<T>(change: (state: WatchState) => T): Promise<{ state: WatchState; result: T }>;

  async claimPoller(windowId: string, now: number, ttlMs: number): Promise<boolean> {
    return (await this.update((state) => claim(state, windowId, now, ttlMs))).result;
  }

  async releasePoller(windowId: string): Promise<void> {
    await this.update((state) => {
      if (state.lease?.owner === windowId) state.lease = undefined;
    });
  }
}

/** One process only: for tests and plain-Node use. */
export class MemoryWatchStore extends BaseStore {
  private state = emptyState();

  read(): Promise<WatchState> {
    return Promise.resolve(structuredClone(this.state));
  }

  update<T>(change: (state: WatchState) => T): Promise<{ state: WatchState; result: T }> {
    const result = change(this.state);
    return Promise.resolve({ state: structuredClone(this.state), result });
  }
}

/** A lock older than this was left by a process that died mid-write (a write takes milliseconds). */
const STALE_LOCK_MS = 10_000;
const LOCK_WAIT_MS = 5_000;

export class FileWatchStore extends BaseStore {
  readonly file: string;
  private readonly lockFile: string;

  constructor(folder: string, account: string) {
    super();
    this.file = path.join(folder, `watch-${account}.json`);
    this.lockFile = `${this.file}.lock`;
  }

  async read(): Promise<WatchState> {
    try {
      return parseState(JSON.parse(await fs.readFile(this.file, 'utf8')));
    } catch {
      // Missing or corrupt: start afresh (the next write replaces a corrupt file).
      return emptyState();
    }
  }

  async update<T>(change: (state: WatchState) => T): Promise<{ state: WatchState; result: T }> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const token = await this.lock();
    try {
      const state = await this.read();
      const result = change(state);
      const temp = `${this.file}.${process.pid}.${randomUUID()}.tmp`;
      await fs.writeFile(temp, JSON.stringify(state));
      await fs.rename(temp, this.file);
      return { state, result };
    } finally {
      await this.unlock(token);
    }
  }

  private async lock(): Promise<string> {
    const token = `${process.pid}:${randomUUID()}`;
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        const handle = await fs.open(this.lockFile, 'wx');
        await handle.writeFile(token);
        await handle.close();
        return token;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const stat = await fs.stat(this.lockFile).catch(() => undefined);
      if (stat && Date.now() - stat.mtimeMs > STALE_LOCK_MS) {
        await fs.unlink(this.lockFile).catch(() => undefined);
        continue;
      }
      if (Date.now() > deadline) throw new Error(`the watch state stayed locked for ${LOCK_WAIT_MS / 1000} s (${this.lockFile})`);
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
    }
  }

  /** Removes the lock only if it is still ours (a stale-lock breaker may have replaced it). */
  private async unlock(token: string): Promise<void> {
    const held = await fs.readFile(this.lockFile, 'utf8').catch(() => undefined);
    if (held === token) await fs.unlink(this.lockFile).catch(() => undefined);
  }
}
