// The loaded data and its loading state. Plain Node (no vscode import), so the paging loop
// that runs in the extension is the one the unit tests drive against the simulator.
import { HiverClient } from '../hiver/client';
import { BudgetExhaustedError, isCancellation } from '../hiver/errors';
import type { Priority } from '../hiver/budget';
import { Conversation, ConversationDetail, Inbox, InboxUser, Page, Tag } from '../hiver/models';
import { ListStatus, PagedCollection } from './pagedCollection';
import { SharedLoad } from './sharedLoad';
import type { CachedDetail, CachedList, CacheSnapshot } from './cacheFormat';
import { idSegment } from '../common/ids';

export type GroupKind = 'users' | 'tags' | 'conversations';
export interface GroupItems {
  users: InboxUser;
  tags: Tag;
  conversations: Conversation;
}

/** Names one paged list: the inbox list, or one group of one inbox. */
export type ListRef = { kind: 'inboxes' } | { kind: GroupKind; inboxId: string };

export const INBOXES: ListRef = { kind: 'inboxes' };

/** What `onDidChange` reports: one list, one item of it (`itemId`: replaced in place), or undefined: everything. */
export type ModelChange = (ListRef & { itemId?: string }) | undefined;

export function listKey(ref: ListRef): string {
  return ref.kind === 'inboxes' ? 'inboxes' : `${ref.inboxId}/${ref.kind}`;
}

/** A conversation read singly, by inbox: both ids are API text, so each is one segment (ids.ts). */
export function detailKey(inboxId: string, conversationId: string): string {
  return `${idSegment(inboxId)}/${idSegment(conversationId)}`;
}

export interface LoadOptions {
  priority?: Priority;
  /**
   * Ends this caller's wait (rejects with CancelledError). The request itself is cancelled only
   * when no other caller awaits the same load.
   */
  signal?: AbortSignal;
}

export interface LoadRestOptions extends LoadOptions {
  /** After the first page(s) and after each further page, with the number of items loaded. */
  onPage?: (loaded: number) => void;
}

/** When a list's data was fetched, and whether it came from the disk cache (not re-read since). */
export interface Freshness {
  fetchedAt: number;
  cached: boolean;
}

/** Where the model reports what a Load more / Load all came to (the extension's log). */
export interface ModelLog {
  info(message: string): void;
  warn(message: string): void;
}

/**
 * Everything loaded from Hiver (pages, tokens, entities by id), shared by the tree,
 * search and the detail panels, and the one owner of each list's loading state (running
 * load, Load all, error, budget stop). Fires `onDidChange` with the list that changed, with
 * the item when only that one was replaced (undefined: everything).
 */
export class HiverModel {
  private readonly listeners = new Set<(change: ModelChange) => void>();

  private readonly inboxStatus: ListStatus = {};
  readonly inboxes = new PagedCollection<Inbox>(this.inboxStatus);
  private readonly groups = new Map<string, ListEntry>();
  /** Pages each list had before a refresh, so it loads as many again. */
  private readonly rememberedPages = new Map<string, number>();
  /** By list key: when its data was fetched; `cached` until a re-read replaced the disk's copy. */
  private readonly fetched = new Map<string, Freshness & { revalidated?: boolean; learned?: CachedList['learned']; restored?: RestoredPages }>();
  /** Conversations read singly (they alone carry message ids), by inbox + conversation id. */
  private readonly details = new Map<string, CachedDetail>();
  /** By conversation id: when this window last stored a state Hiver gave it singly (a change made here, a read). */
  private readonly learnedAt = new Map<string, number>();
  private readonly settleListeners = new Set<() => void>();

  constructor(
    readonly client: HiverClient,
    private readonly pageSize: () => number,
    private readonly log: ModelLog = { info: () => undefined, warn: () => undefined },
  ) {}

  onDidChange(listener: (change: ModelChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  list<K extends GroupKind>(ref: { kind: K; inboxId: string }): PagedCollection<GroupItems[K]>;
  list(ref: ListRef): PagedCollection<{ id: string }>;
  list(ref: ListRef): PagedCollection<{ id: string }> {
    return this.entry(ref).list;
  }

  inbox(inboxId: string): Inbox | undefined {
    return this.inboxes.get(inboxId);
  }

  /**
   * Loads the first page(s) of a list that has none yet: as many pages as it had before a
   * refresh. Does not fire `onDidChange` (the caller renders the result itself).
   */
  async ensureLoaded(ref: ListRef, options: LoadOptions = {}): Promise<void> {
    const { list, status } = this.entry(ref);
    if (list.loaded) return;
    const running = this.joinable(status);
    if (running) return running.wait(options.signal);
    const pages = Math.max(1, this.rememberedPages.get(listKey(ref)) ?? 1);
    const load = this.track(ref, async (current, signal) => {
      do {
        const page = await this.fetchPage(ref, list.nextPage, options.priority, signal);
        if (!current()) return;
        list.appendPage(page, operationOf(ref));
      } while (list.hasMore && list.pagesLoaded < pages);
    });
    return load.wait(options.signal);
  }

  /** Appends the next page. A second call while one runs awaits the same request. */
  async loadNextPage(ref: ListRef, options: LoadOptions = {}): Promise<void> {
    const { list, status } = this.entry(ref);
    const running = this.joinable(status);
    if (running) return running.wait(options.signal);
    if (list.loaded && !list.hasMore) return;
    const load = this.track(ref, async (current, signal) => {
      const page = await this.fetchPage(ref, list.nextPage, options.priority, signal);
      if (current()) list.appendPage(page, operationOf(ref));
    });
    // Told once the page is in, even if the caller that started it stopped waiting.
    load.done.then(
      () => this.fire(ref),
      () => undefined,
    );
    return load.wait(options.signal);
  }

  /**
   * The one loop over a list's pages: the first page(s) if missing, then every remaining page,
   * until the list ends, `signal` fires, or the list is refreshed. The paging rule
   * (PagedCollection.appendPage) stops loops and runs of empty pages with PagingLoopError.
   */
  async loadRest(ref: ListRef, options: LoadRestOptions = {}): Promise<void> {
    const list = this.list(ref);
    await this.ensureLoaded(ref, options);
    options.onPage?.(list.size);
    while (list.hasMore && !options.signal?.aborted) {
      await this.loadNextPage(ref, options);
      options.onPage?.(list.size);
    }
  }

  /**
   * The user's Load more: one page at user priority. A failure stays on the list (`error`, or
   * `budgetStop`), so the caller shows it instead of getting it thrown.
   */
  async loadMore(ref: ListRef): Promise<void> {
    const { list, status } = this.entry(ref);
    if (!status.loading) {
      status.budgetStop = undefined;
      if (list.loaded) status.error = undefined; // the error row turns back into a spinning Load more
    }
    const loading = this.loadNextPage(ref, { priority: 'user' });
    this.fire(ref); // shows the spinner
    try {
      await loading;
    } catch (error) {
      this.settle(ref, error);
    } finally {
      this.fire(ref);
    }
  }

  /** Retry after an error: a list that never loaded loads again; a failed Load more is sent again. */
  async retry(ref: ListRef): Promise<void> {
    const { list, status } = this.entry(ref);
    if (list.loaded) return this.loadMore(ref);
    status.error = undefined;
    try {
      await this.ensureLoaded(ref);
    } catch {
      // The error stays on the list, which shows it again.
    }
    this.fire(ref);
  }

  /**
   * Load all: every remaining page as background work, so it stops at the budget's reserve
   * (kept as `budgetStop`, not as an error). One runs per list; `cancelLoadAll` or a refresh
   * stops it. Failures stay on the list, as for Load more.
   */
  async loadAll(ref: ListRef, options: { onPage?: (loaded: number) => void } = {}): Promise<void> {
    const { list, status } = this.entry(ref);
    if (status.loadingAll) return;
    const controller = new AbortController();
    status.loadingAll = controller;
    status.budgetStop = undefined;
    if (list.loaded) status.error = undefined;
    this.fire(ref);
    try {
      await this.loadRest(ref, { priority: 'background', signal: controller.signal, onPage: options.onPage });
    } catch (error) {
      this.settle(ref, error);
    } finally {
      if (status.loadingAll === controller) status.loadingAll = undefined;
      this.fire(ref);
    }
  }

  cancelLoadAll(ref: ListRef): void {
    this.entry(ref).status.loadingAll?.abort();
    this.fire(ref);
  }

  /**
   * Reads one user or tag again with one request and keeps the fresh copy (its row and any
   * open panel redraw). Hiver has no GET by id for them: a user is searched by email, a tag by
   * name (the held copy's, else `hint`), and the answer's item with the same id is the one.
   * With neither, the list's first page is loaded. Undefined: not found that way any more.
   */
  async reread<K extends 'users' | 'tags'>(
    ref: { kind: K; inboxId: string },
    itemId: string,
    options: { hint?: string; signal?: AbortSignal } = {},
  ): Promise<GroupItems[K] | undefined> {
    const list = this.list(ref) as PagedCollection<InboxUser | Tag>;
    const held = list.get(itemId);
    const key = held ? (ref.kind === 'users' ? (held as InboxUser).email : (held as Tag).name) : options.hint;
    if (!key) {
      await this.ensureLoaded(ref, { signal: options.signal });
      return list.get(itemId) as GroupItems[K] | undefined;
    }
    const call = { priority: 'user' as const, signal: options.signal };
    const found: (InboxUser | Tag)[] = ref.kind === 'users' ? await this.client.searchUsers(ref.inboxId, key, call) : await this.client.searchTags(ref.inboxId, key, call);
    const item = found.find((candidate) => candidate.id === itemId) as GroupItems[K] | undefined;
    if (item) this.remember(ref, item);
    return item;
  }

  /** Forgets one list (or everything) and remembers its page count for the reload. */
  refresh(ref?: ListRef): void {
    const entries = ref ? [this.entry(ref)] : [this.entry(INBOXES), ...this.groups.values()];
    for (const { ref: one, list, status } of entries) {
      // A page Load more is still fetching counts: the user asked for it.
      const pending = status.loading && !status.loadingAll ? 1 : 0;
      if (list.loaded) this.rememberedPages.set(listKey(one), list.pagesLoaded + pending);
      this.fetched.delete(listKey(one));
      forget(status);
      list.clear();
    }
    this.fire(ref);
  }

  /** Forgets the lists whose last load failed, so the next look at them loads them again. */
  forgetFailed(): void {
    for (const { ref, status } of [this.entry(INBOXES), ...this.groups.values()]) {
      if (status.error !== undefined) this.refresh(ref);
    }
  }

  /** Fills the inbox list from an answer already fetched (the key check's request). */
  seedInboxes(page: Page<Inbox>): void {
    forget(this.inboxStatus);
    this.inboxes.clear();
    this.inboxes.appendPage(page, operationOf(INBOXES));
    this.fetched.set(listKey(INBOXES), { fetchedAt: Date.now(), cached: false });
    this.fire(undefined);
  }

  /** Notes that this window just learned a conversation's state from Hiver (see `learnedAfter`). */
  noteLearned(conversationId: string, at = Date.now()): void {
    this.learnedAt.set(conversationId, at);
  }

  /**
   * Whether this window learned the conversation's state after `at`. A watch poll queued
   * before then (perhaps by another window, read up to a tick later) holds an older copy.
   */
  learnedAfter(conversationId: string, at: number): boolean {
    return (this.learnedAt.get(conversationId) ?? -Infinity) > at;
  }

  /**
   * Puts an item in one list's pages (e.g. a conversation after a change): replaced in place
   * when paged (only its row changes), else appended (the list's rows change).
   */
  upsert<K extends GroupKind>(ref: { kind: K; inboxId: string }, item: GroupItems[K]): void {
    const list = this.list(ref);
    const paged = list.hasPaged(item.id);
    list.upsert(item);
    this.fire(paged ? { ...ref, itemId: item.id } : ref);
  }

  /**
   * Puts items that arrived after a loaded list's first page was read (watching found them) on
   * top of it, in the order given, without a reload; items already paged are left alone.
   */
  prepend<K extends GroupKind>(ref: { kind: K; inboxId: string }, items: GroupItems[K][]): void {
    const list = this.list(ref);
    if (!list.loaded || items.every((item) => list.hasPaged(item.id))) return;
    list.prepend(items);
    this.fire(ref);
  }

  /**
   * Keeps an item found by a search or a lookup (not by paging), so `list(ref).get(id)` and
   * `foundEverywhere` find it without adding a row to the paged list.
   */
  remember<K extends GroupKind>(ref: { kind: K; inboxId: string }, item: GroupItems[K]): void {
    const list = this.list(ref);
    const paged = list.hasPaged(item.id);
    list.remember(item);
    // Only a paged item has a row to update.
    if (paged) this.fire({ ...ref, itemId: item.id });
  }

  /** Drops everything, page counts included (key removed or changed). */
  clear(): void {
    forget(this.inboxStatus);
    for (const { status } of this.groups.values()) forget(status);
    this.inboxes.clear();
    this.groups.clear();
    this.rememberedPages.clear();
    this.fetched.clear();
    this.details.clear();
    this.learnedAt.clear();
    this.fire(undefined);
  }

  /** Items of one kind already loaded in any inbox, with the inbox they are in. */
  loadedEverywhere<K extends GroupKind>(kind: K): { inbox: Inbox; item: GroupItems[K] }[] {
    return this.everywhere(kind, (list) => list.items);
  }

  /** Items of one kind remembered from searches (not in any loaded page), with their inbox. */
  foundEverywhere<K extends GroupKind>(kind: K): { inbox: Inbox; item: GroupItems[K] }[] {
    return this.everywhere(kind, (list) => list.foundItems);
  }

  /** When a loaded list's data was fetched, and whether it is the disk cache's copy. */
  freshness(ref: ListRef): Freshness | undefined {
    const fetched = this.fetched.get(listKey(ref));
    return fetched && this.entry(ref).list.loaded ? { fetchedAt: fetched.fetchedAt, cached: fetched.cached } : undefined;
  }

  /**
   * Re-reads a list restored from the disk cache once its data is older than `maxAgeMs`: as
   * many pages as were restored, as background work, replacing the cached rows when all
   * arrived. Pages loaded since the restore are fresh: their rows stay, and are not re-read.
   * The cached rows stay meanwhile, and stay if the re-read fails (logged, not the list's
   * error); what changed here meanwhile is kept (`newerKept`). At most once per restored list;
   * a refresh (which reloads at once) makes it moot.
   */
  async revalidateIfStale(ref: ListRef, maxAgeMs: number): Promise<void> {
    const key = listKey(ref);
    const fetched = this.fetched.get(key);
    const { list, status } = this.entry(ref);
    if (!fetched?.cached || fetched.revalidated || status.loading || !list.loaded) return;
    if (Date.now() - fetched.fetchedAt < maxAgeMs) return;
    fetched.revalidated = true;
    const pages = fetched.restored?.pages ?? list.pagesLoaded;
    const started = Date.now();
    const cachedIds = fetched.restored?.ids ?? new Set(list.items.map((item) => item.id));
    const fresh = new PagedCollection<{ id: string }>();
    try {
      await this.track(ref, async (current, signal) => {
        do {
          const page = await this.fetchPage(ref, fresh.nextPage, 'background', signal);
          if (!current()) return;
          fresh.appendPage(page, operationOf(ref));
        } while (fresh.hasMore && fresh.pagesLoaded < pages);
        // Loaded on since the restore: those pages' rows stay (newerKept), and so does where they ended.
        const extended = list.pagesLoaded > pages;
        const items = this.newerKept(ref, list, fresh, cachedIds, started);
        list.restore(extended ? { items, nextPage: list.nextPage, pages: list.pagesLoaded } : { items, nextPage: fresh.nextPage, pages: fresh.pagesLoaded });
        this.fetched.set(key, { fetchedAt: Date.now(), cached: false });
      }).wait();
    } catch (error) {
      if (status.error === error) status.error = undefined;
      this.log.info(`re-reading the cached ${key} failed; its cached copy stays: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.fire(ref);
  }

  /** A conversation as last read singly, with its message ids. */
  detail(inboxId: string, conversationId: string): ConversationDetail | undefined {
    return this.details.get(detailKey(inboxId, conversationId))?.conversation;
  }

  /** The inboxes holding a detail of this conversation: one conversation can be in several. */
  detailInboxes(conversationId: string): string[] {
    return [...this.details.values()].filter((d) => d.conversation.id === conversationId).map((d) => d.inboxId);
  }

  /** Keeps a conversation read singly (or its accepted change), newest last. */
  rememberDetail(inboxId: string, conversation: ConversationDetail): void {
    const key = detailKey(inboxId, conversation.id);
    this.details.delete(key);
    this.details.set(key, { inboxId, conversation });
    this.settled();
  }

  /**
   * Fires after data arrived or changed without an `onDidChange` (a first page, a conversation
   * read singly): what the disk cache listens to, besides `onDidChange`.
   */
  onDidSettle(listener: () => void): { dispose(): void } {
    this.settleListeners.add(listener);
    return { dispose: () => this.settleListeners.delete(listener) };
  }

  /** What the disk cache saves: every loaded list that no load is changing, and the details. */
  snapshot(): CacheSnapshot {
    const lists: CachedList[] = [];
    for (const { ref, list } of [this.entry(INBOXES), ...this.groups.values()]) {
      const fetched = this.fetched.get(listKey(ref));
      if (!list.loaded || !fetched) continue;
      const inboxId = ref.kind === 'inboxes' ? undefined : ref.inboxId;
      const learned = ref.kind === 'conversations' ? this.learnedSince(list, fetched) : undefined;
      lists.push({ kind: ref.kind, inboxId, fetchedAt: fetched.fetchedAt, pages: list.pagesLoaded, nextPage: list.nextPage, items: list.items as CachedList['items'], found: list.foundItems as CachedList['found'], learned });
    }
    return { lists, details: [...this.details.values()] };
  }

  /**
   * Fills the model from the disk cache (at startup): each list not loaded yet, marked as
   * cached with its age, and the conversations read singly. Groups of inboxes the cached inbox
   * list does not hold are left out. Sends nothing.
   */
  restore(snapshot: CacheSnapshot): void {
    const cachedInboxes = snapshot.lists.find((l) => l.kind === 'inboxes');
    const inboxIds = new Set((cachedInboxes?.items ?? this.inboxes.items).map((inbox) => inbox.id));
    for (const cached of snapshot.lists) {
      const ref: ListRef = cached.kind === 'inboxes' ? INBOXES : { kind: cached.kind, inboxId: cached.inboxId ?? '' };
      if (ref.kind !== 'inboxes' && !inboxIds.has(ref.inboxId)) continue;
      const { list, status } = this.entry(ref);
      if (list.loaded || status.loading) continue;
      list.restore(cached);
      for (const item of cached.found) list.remember(item);
      // The list's rows learned in the window that saved them stay this list's (not `learnedAt`: not learned here).
      this.fetched.set(listKey(ref), {
        fetchedAt: cached.fetchedAt,
        cached: true,
        learned: cached.learned,
        restored: { pages: list.pagesLoaded, ids: new Set(list.items.map((item) => item.id)) },
      });
    }
    for (const detail of snapshot.details) {
      if (inboxIds.has(detail.inboxId)) this.details.set(detailKey(detail.inboxId, detail.conversation.id), detail);
    }
    this.fire(undefined);
  }

  dispose(): void {
    this.listeners.clear();
    this.settleListeners.clear();
  }

  private entry(ref: ListRef): ListEntry {
    if (ref.kind === 'inboxes') return { ref: INBOXES, list: this.inboxes, status: this.inboxStatus };
    const key = listKey(ref);
    let entry = this.groups.get(key);
    if (!entry) {
      const status: ListStatus = {};
      entry = { ref: { kind: ref.kind, inboxId: ref.inboxId }, list: new PagedCollection(status), status };
      this.groups.set(key, entry);
    }
    return entry;
  }

  private settled(): void {
    for (const listener of [...this.settleListeners]) listener();
  }

  /** Like vscode's EventEmitter: a listener that throws neither stops the others nor the caller. */
  private fire(change: ModelChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (error) {
        this.log.warn(`a model listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /**
   * Runs one load as the list's `loading`, shared by whoever calls while it runs (sharedLoad.ts:
   * a caller's cancel ends only its own wait). `current()` turns false once the list was
   * cleared (a refresh) or every caller left: the load then must not touch the list, whose next
   * load may have started afresh. The status is settled before anyone awaiting the load resumes.
   */
  private track(ref: ListRef, load: (current: () => boolean, signal: AbortSignal) => Promise<void>): SharedLoad {
    const { list, status } = this.entry(ref);
    const generation = list.generation;
    const shared: SharedLoad = new SharedLoad(operationOf(ref), (signal) => {
      const current = () => list.generation === generation && !signal.aborted;
      return load(current, signal).then(
        () => {
          if (status.loading === shared) status.loading = undefined;
          if (!current()) return;
          status.error = undefined;
          if (!this.fetched.has(listKey(ref))) this.fetched.set(listKey(ref), { fetchedAt: Date.now(), cached: false });
          this.settled();
        },
        (error: unknown) => {
          // A cancel is the callers' choice, not a failure of the list.
          if (list.generation === generation) status.error = isCancellation(error) ? undefined : error;
          if (status.loading === shared) status.loading = undefined;
          throw error;
        },
      );
    });
    status.loading = shared;
    return shared;
  }

  /** The list's running load, unless every caller left it (then it is on its way out: start afresh). */
  private joinable(status: ListStatus): SharedLoad | undefined {
    return status.loading && !status.loading.abandoned ? status.loading : undefined;
  }

  /** Keeps what a failed Load more / Load all means for the list: a budget stop, nothing (cancelled), or its error. */
  private settle(ref: ListRef, error: unknown): void {
    const { list, status } = this.entry(ref);
    if (error instanceof BudgetExhaustedError && list.loaded) {
      // Not a failure of the list: background work reached the reserve. Said in one row.
      status.budgetStop = error;
      if (status.error === error) status.error = undefined;
      this.log.info(`load all of ${listKey(ref)} stopped at the budget reserve`);
    } else if (!isCancellation(error)) {
      this.log.warn(`loading ${listKey(ref)} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** `pick`'s items of each loaded inbox's list of one kind, in inbox order. */
  private everywhere<K extends GroupKind>(kind: K, pick: (list: PagedCollection<GroupItems[K]>) => GroupItems[K][]): { inbox: Inbox; item: GroupItems[K] }[] {
    return this.inboxes.items.flatMap((inbox) => {
      const list = this.groups.get(listKey({ kind, inboxId: inbox.id }))?.list as PagedCollection<GroupItems[K]> | undefined;
      return list ? pick(list).map((item) => ({ inbox, item })) : [];
    });
  }

  /**
   * A re-read's rows, with what changed here while its pages were read, which is newer than
   * them: a conversation learned since (`learnedAfter`, as watching) keeps its row, and rows
   * added since (watching's new ones on top, a new tag at the end) stay where they were.
   */
  private newerKept(ref: ListRef, list: PagedCollection<{ id: string }>, fresh: PagedCollection<{ id: string }>, cachedIds: Set<string>, started: number): { id: string }[] {
    const rows = list.items;
    const firstCached = rows.findIndex((item) => cachedIds.has(item.id));
    const split = firstCached < 0 ? 0 : firstCached;
    const added = (item: { id: string }) => !cachedIds.has(item.id) && !fresh.hasPaged(item.id);
    const learned = (item: { id: string }) => ref.kind === 'conversations' && list.hasPaged(item.id) && this.learnedAfter(item.id, started);
    const read = fresh.items.map((item) => (learned(item) ? (list.get(item.id) ?? item) : item));
    return [...rows.slice(0, split).filter(added), ...read, ...rows.slice(split).filter(added)];
  }

  /** A conversation list's rows learned after it was fetched: here (`learnedAt`), or as restored with it. */
  private learnedSince(list: PagedCollection<{ id: string }>, fetched: { fetchedAt: number; learned?: CachedList['learned'] }): Map<string, number> | undefined {
    const learned = new Map<string, number>();
    for (const { id } of [...list.items, ...list.foundItems]) {
      const at = Math.max(this.learnedAt.get(id) ?? 0, fetched.learned?.get(id) ?? 0);
      if (at > fetched.fetchedAt) learned.set(id, at);
    }
    return learned.size > 0 ? learned : undefined;
  }

  private fetchPage(ref: ListRef, nextPage: string | undefined, priority: Priority | undefined, signal: AbortSignal): Promise<Page<{ id: string }>> {
    const page = { limit: this.pageSize(), nextPage };
    const call = { priority: priority ?? 'user', signal };
    switch (ref.kind) {
      case 'inboxes':
        return this.client.listInboxes(page, call);
      case 'users':
        return this.client.listUsers(ref.inboxId, page, call);
      case 'tags':
        return this.client.listTags(ref.inboxId, page, call);
      case 'conversations':
        return this.client.listConversations(ref.inboxId, page, call);
    }
  }
}

/** Stops a list's Load all and forgets its loading state (refresh, clear): its running load is disowned. */
function forget(status: ListStatus): void {
  status.loadingAll?.abort();
  status.loadingAll = undefined;
  status.loading = undefined;
  status.error = undefined;
  status.budgetStop = undefined;
}

/** What the disk cache gave a list: its page count and rows, the part a re-read replaces. */
interface RestoredPages {
  pages: number;
  ids: Set<string>;
}

/** A list, and its loading state that only the model writes. */
interface ListEntry {
  ref: ListRef;
  list: PagedCollection<{ id: string }>;
  status: ListStatus;
}

/** The client operation that fetches a list's pages, named in paging errors. */
function operationOf(ref: ListRef): string {
  return { inboxes: 'listInboxes', users: 'listUsers', tags: 'listTags', conversations: 'listConversations' }[ref.kind];
}
