import * as vscode from 'vscode';
import { HiverClient } from '../hiver/client';
import { Priority } from '../hiver/transport';
import { Conversation, Inbox, InboxUser, Page, Tag } from '../hiver/models';
import { PagedCollection } from './pagedCollection';

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

export interface LoadOptions {
  priority?: Priority;
  signal?: AbortSignal;
}

/**
 * Everything loaded from Hiver (pages, tokens, entities by id), shared by the tree,
 * search and the detail panels. Fires `onDidChange` with the list that changed, with the
 * item when only that one was replaced (undefined: everything).
 */
export class HiverModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ModelChange>();
  readonly onDidChange = this.changed.event;

  readonly inboxes = new PagedCollection<Inbox>();
  private readonly groups = new Map<string, PagedCollection<{ id: string }>>();
  /** Pages each list had before a refresh, so it loads as many again. */
  private readonly rememberedPages = new Map<string, number>();

  constructor(
    readonly client: HiverClient,
    private readonly pageSize: () => number,
  ) {}

  list<K extends GroupKind>(ref: { kind: K; inboxId: string }): PagedCollection<GroupItems[K]>;
  list(ref: ListRef): PagedCollection<{ id: string }>;
  list(ref: ListRef): PagedCollection<{ id: string }> {
    if (ref.kind === 'inboxes') return this.inboxes;
    const key = listKey(ref);
    let list = this.groups.get(key);
    if (!list) {
      list = new PagedCollection();
      this.groups.set(key, list);
    }
    return list;
  }

  inbox(inboxId: string): Inbox | undefined {
    return this.inboxes.get(inboxId);
  }

  /**
   * Loads the first page(s) of a list that has none yet: as many pages as it had before a
   * refresh. Does not fire `onDidChange` (the caller renders the result itself).
   */
  async ensureLoaded(ref: ListRef, options: LoadOptions = {}): Promise<void> {
    const list = this.list(ref);
    if (list.loaded) return;
    if (list.loading) return list.loading;
    const pages = Math.max(1, this.rememberedPages.get(listKey(ref)) ?? 1);
    await this.track(list, async (current) => {
      do {
        const page = await this.fetchPage(ref, list.nextPage, options);
        if (!current()) return;
        list.appendPage(page);
      } while (list.hasMore && list.pagesLoaded < pages);
    });
  }

  /** Appends the next page. A second call while one runs awaits the same request. */
  async loadNextPage(ref: ListRef, options: LoadOptions = {}): Promise<void> {
    const list = this.list(ref);
    if (list.loading) return list.loading;
    if (list.loaded && !list.hasMore) return;
    await this.track(list, async (current) => {
      const page = await this.fetchPage(ref, list.nextPage, options);
      if (current()) list.appendPage(page);
    });
    this.changed.fire(ref);
  }

  /**
   * Loads every remaining page as background work (so it stops at the budget's reserve).
   * Cancel with `signal`; `onPage` reports the number of items after each page.
   */
  async loadAll(ref: ListRef, options: { signal?: AbortSignal; onPage?: (loaded: number) => void } = {}): Promise<void> {
    const list = this.list(ref);
    if (!list.loaded) await this.ensureLoaded(ref, { signal: options.signal });
    while (list.hasMore && !options.signal?.aborted) {
      await this.loadNextPage(ref, { priority: 'background', signal: options.signal });
      options.onPage?.(list.size);
    }
  }

  /** Forgets one list (or everything) and remembers its page count for the reload. */
  refresh(ref?: ListRef): void {
    const lists: [string, PagedCollection<{ id: string }>][] = ref
      ? [[listKey(ref), this.list(ref)]]
      : [['inboxes', this.inboxes], ...this.groups.entries()];
    for (const [key, list] of lists) {
      // A page Load more is still fetching counts: the user asked for it.
      const pending = list.loading && !list.loadingAll ? 1 : 0;
      if (list.loaded) this.rememberedPages.set(key, list.pagesLoaded + pending);
      list.loadingAll?.abort();
      list.clear();
    }
    this.changed.fire(ref);
  }

  /** Fills the inbox list from an answer already fetched (the key check's request). */
  seedInboxes(page: Page<Inbox>): void {
    this.inboxes.clear();
    this.inboxes.appendPage(page);
    this.changed.fire(undefined);
  }

  /**
   * Puts an item in one list's pages (e.g. a conversation after a change): replaced in place
   * when paged (only its row changes), else appended (the list's rows change).
   */
  upsert<K extends GroupKind>(ref: { kind: K; inboxId: string }, item: GroupItems[K]): void {
    const list = this.list(ref);
    const paged = list.hasPaged(item.id);
    list.upsert(item);
    this.changed.fire(paged ? { ...ref, itemId: item.id } : ref);
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
    if (paged) this.changed.fire({ ...ref, itemId: item.id });
  }

  /** Drops everything, page counts included (key removed or changed). */
  clear(): void {
    for (const list of [this.inboxes, ...this.groups.values()]) list.loadingAll?.abort();
    this.inboxes.clear();
    this.groups.clear();
    this.rememberedPages.clear();
    this.changed.fire(undefined);
  }

  /** Items of one kind already loaded in any inbox, with the inbox they are in. */
  loadedEverywhere<K extends GroupKind>(kind: K): { inbox: Inbox; item: GroupItems[K] }[] {
    return this.everywhere(kind, (list) => list.items);
  }

  /** Items of one kind remembered from searches (not in any loaded page), with their inbox. */
  foundEverywhere<K extends GroupKind>(kind: K): { inbox: Inbox; item: GroupItems[K] }[] {
    return this.everywhere(kind, (list) => list.foundItems);
  }

  dispose(): void {
    this.changed.dispose();
  }

  /**
   * Runs one load as the list's `loading`. `current()` turns false once the list was cleared
   * (a refresh): the load then must not touch the list, whose next load has started afresh.
   */
  private async track(list: PagedCollection<{ id: string }>, load: (current: () => boolean) => Promise<void>): Promise<void> {
    const generation = list.generation;
    const current = () => list.generation === generation;
    const loading = load(current).catch((error: unknown) => {
      if (current()) list.error = error;
      throw error;
    });
    list.loading = loading;
    try {
      await loading;
    } finally {
      if (list.loading === loading) list.loading = undefined;
    }
  }

  /** `pick`'s items of each loaded inbox's list of one kind, in inbox order. */
  private everywhere<K extends GroupKind>(kind: K, pick: (list: PagedCollection<GroupItems[K]>) => GroupItems[K][]): { inbox: Inbox; item: GroupItems[K] }[] {
    return this.inboxes.items.flatMap((inbox) => {
      const list = this.groups.get(listKey({ kind, inboxId: inbox.id })) as PagedCollection<GroupItems[K]> | undefined;
      return list ? pick(list).map((item) => ({ inbox, item })) : [];
    });
  }

  private fetchPage(ref: ListRef, nextPage: string | undefined, options: LoadOptions): Promise<Page<{ id: string }>> {
    const page = { limit: this.pageSize(), nextPage };
    const call = { priority: options.priority ?? 'user', signal: options.signal };
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
