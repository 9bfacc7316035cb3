// The model's copy on disk, so a window reload draws the tree with no request: one file per
// account and API URL in the extension's global storage, named by a hash (never the key),
// written atomically (temp file + rename) a moment after the model changes. Several windows of
// one account share the file: each write keeps the lists another window saved that this one
// lacks, or holds fresher. Plain Node.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { detailKey, type HiverModel, type ModelLog } from './hiverModel';
import { decodeCache, encodeCache, type CachedList, type CacheSnapshot } from './cacheFormat';
import { systemClock, type Clock } from '../hiver/clock';

/** Who the data belongs to: the key's account, on one API URL. */
export interface CacheAccount {
  key: string;
  baseUrl: string;
}

export interface ModelCacheOptions {
  /** The folder for the files (created when first written). */
  folder: string;
  log: ModelLog;
  /** Writes wait this long after the last change (one write per burst of pages). */
  debounceMs?: number;
  /** The size bound of one account's file; see encodeCache for what is left out above it. */
  maxBytes?: number;
  /** Conversations read singly kept per account (the newest). */
  maxDetails?: number;
  /** Times the wait before a write (tests move a fake one). */
  clock?: Clock;
}

export const CACHE_MAX_BYTES = 8 * 1024 * 1024;
export const CACHE_MAX_DETAILS = 200;

/** The file's id for an account: sha-256 of URL and key, cut to 32 hex digits. The key cannot be read back from it. */
export function cacheAccountId(account: CacheAccount): string {
  return createHash('sha256').update(`hiver-cache\n${account.baseUrl}\n${account.key}`).digest('hex').slice(0, 32);
}

export class ModelCache {
  private account: string | undefined;
  /** Aborts the wait of the write that is pending, if one is. */
  private pending: AbortController | undefined;
  private readonly subscriptions: { dispose(): void }[];

  constructor(
    private readonly model: HiverModel,
    private readonly options: ModelCacheOptions,
  ) {
    const changed = () => this.schedule();
    this.subscriptions = [model.onDidChange(changed), model.onDidSettle(changed)];
  }

  /** The file of an account (exists or not). */
  fileOf(account: CacheAccount): string {
    return path.join(this.options.folder, `cache-${cacheAccountId(account)}.json`);
  }

  /**
   * Saves what is pending for the current account, then keeps `account`'s data from now on
   * (undefined: none, no key). `restore` reads its file into the model first (startup only: a
   * key set by hand starts afresh). `forgetPrevious` deletes the previous account's file
   * (the key was removed).
   */
  use(account: CacheAccount | undefined, options: { restore?: boolean; forgetPrevious?: boolean } = {}): void {
    this.flush();
    if (options.forgetPrevious && this.account) this.remove(this.account);
    this.account = account && cacheAccountId(account);
    if (account && options.restore) this.restore(account);
  }

  /** Writes now if a write is pending. */
  flush(): void {
    if (!this.pending) return;
    this.pending.abort();
    this.pending = undefined;
    this.write();
  }

  dispose(): void {
    this.flush();
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
  }

  private schedule(): void {
    if (!this.account || this.pending) return;
    const pending = new AbortController();
    this.pending = pending;
    (this.options.clock ?? systemClock).sleep(this.options.debounceMs ?? 1000, pending.signal).then(
      () => {
        if (this.pending !== pending) return;
        this.pending = undefined;
        this.write();
      },
      () => undefined, // flushed or disposed first
    );
  }

  private restore(account: CacheAccount): void {
    const file = this.fileOf(account);
    let text: string;
    try {
      // A file over the bound was not written by us: not even read.
      if (fs.statSync(file).size > this.maxBytes) throw new Error(`it is larger than ${this.maxBytes} bytes`);
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      return this.discard(file, error);
    }
    let snapshot;
    try {
      snapshot = decodeCache(text, cacheAccountId(account));
    } catch (error) {
      return this.discard(file, error);
    }
    this.model.restore(snapshot);
    this.options.log.info(`restored ${snapshot.lists.length} lists from the disk cache saved ${new Date(snapshot.savedAt).toISOString()}`);
  }

  /** A file that cannot be used is deleted and logged; the user sees fresh data, not an error. */
  private discard(file: string, error: unknown): void {
    this.options.log.warn(`discarded the disk cache ${path.basename(file)}: ${error instanceof Error ? error.message : String(error)}`);
    this.removeFile(file);
  }

  private remove(account: string): void {
    this.removeFile(path.join(this.options.folder, `cache-${account}.json`));
  }

  private removeFile(file: string): void {
    try {
      fs.rmSync(file, { force: true });
    } catch (error) {
      this.options.log.warn(`could not delete the disk cache ${path.basename(file)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private write(): void {
    if (!this.account) return;
    const file = path.join(this.options.folder, `cache-${this.account}.json`);
    const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      const snapshot = mergedWithSaved(this.model.snapshot(), this.saved(file, this.account));
      const { text, dropped } = encodeCache(this.account, Date.now(), snapshot, { maxBytes: this.maxBytes, maxDetails: this.options.maxDetails ?? CACHE_MAX_DETAILS });
      if (dropped > 0) this.options.log.info(`the disk cache left out ${dropped} lists to stay under ${this.maxBytes} bytes`);
      if (Buffer.byteLength(text) > this.maxBytes) {
        // Only the inbox list and the details are left, and still too much: keep nothing.
        this.options.log.warn(`the disk cache would exceed ${this.maxBytes} bytes even without the groups; not kept`);
        return this.removeFile(file);
      }
      fs.mkdirSync(this.options.folder, { recursive: true });
      fs.writeFileSync(temp, text, { mode: 0o600 });
      fs.renameSync(temp, file);
    } catch (error) {
      this.removeFile(temp);
      this.options.log.warn(`could not write the disk cache: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** What another window of the account saved (undefined: nothing usable; it is replaced). */
  private saved(file: string, account: string): CacheSnapshot | undefined {
    try {
      if (fs.statSync(file).size > this.maxBytes) return undefined;
      return decodeCache(fs.readFileSync(file, 'utf8'), account);
    } catch {
      return undefined;
    }
  }

  private get maxBytes(): number {
    return this.options.maxBytes ?? CACHE_MAX_BYTES;
  }
}

/**
 * `ours` plus what `saved` holds that it lacks: per list (kind and inbox) the fresher copy with
 * each row's newer copy (`mergedList`), and the single reads of conversations `ours` does not
 * have (as older ones). Exported for tests.
 */
export function mergedWithSaved(ours: CacheSnapshot, saved: CacheSnapshot | undefined): CacheSnapshot {
  if (!saved) return ours;
  const keyOf = (list: CachedList) => `${list.kind}/${list.inboxId ?? ''}`;
  const lists = new Map(ours.lists.map((list) => [keyOf(list), list]));
  for (const list of saved.lists) {
    const mine = lists.get(keyOf(list));
    lists.set(keyOf(list), mine ? mergedList(mine, list) : list);
  }
  const keyOfDetail = (d: CacheSnapshot['details'][number]) => detailKey(d.inboxId, d.conversation.id);
  const mine = new Set(ours.details.map(keyOfDetail));
  return { lists: [...lists.values()], details: [...saved.details.filter((d) => !mine.has(keyOfDetail(d))), ...ours.details] };
}

/**
 * The fresher copy of a list (its rows, order, pages and token), with each of its rows that the
 * other copy learned later replaced by that copy: a change confirmed in one window is newer than
 * a list another window read before it. Rows the other copy alone has are not added.
 */
function mergedList(ours: CachedList, saved: CachedList): CachedList {
  const [base, other] = saved.fetchedAt > ours.fetchedAt ? [saved, ours] : [ours, saved];
  // When a copy of a row was learned: its list's read, or a later change or read.
  const rowAt = (list: CachedList, id: string) => Math.max(list.fetchedAt, list.learned?.get(id) ?? 0);
  const learned = new Map(base.learned);
  const newer = <T extends { id: string }>(rows: T[], others: T[]): T[] => {
    const byId = new Map(others.map((row) => [row.id, row]));
    return rows.map((row) => {
      const copy = byId.get(row.id);
      if (!copy || rowAt(other, row.id) <= rowAt(base, row.id)) return row;
      learned.set(row.id, rowAt(other, row.id));
      return copy;
    });
  };
  const items = newer(base.items, other.items);
  const found = newer(base.found, other.found);
  return { ...base, items, found, learned: learned.size > 0 ? learned : undefined };
}
