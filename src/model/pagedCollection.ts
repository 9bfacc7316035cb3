import { Page } from '../hiver/models';
import { PagingLoopError } from '../hiver/errors';

/**
 * One paged list from the API (an inbox's users, say): items by id in arrival order,
 * the next page token, and how many pages were loaded so a refresh can ask for as many again.
 * Keyed by id so a repeated page can never duplicate rows.
 */
export class PagedCollection<T extends { id: string }> {
  private readonly byId = new Map<string, T>();
  private token: string | undefined;
  private pages = 0;
  private readonly seenTokens = new Set<string>();
  /**
   * Items found outside paging (search, Go to Conversation). Kept apart from the pages so
   * rows, counts, order and the repeated-page check stay what the server's paging gave;
   * `get(id)` still finds them, so panels can show them.
   */
  private readonly found = new Map<string, T>();
  /** The error of the last failed load; cleared by the next success. */
  error: unknown;
  /** Set while a load runs, so a second request awaits the same promise instead of sending again. */
  loading: Promise<void> | undefined;
  /** Set while "Load all" runs; aborting it stops the loop. */
  loadingAll: AbortController | undefined;
  /** Counts `clear()`s: a load started before one must not land in the emptied list. */
  private cleared = 0;

  get generation(): number {
    return this.cleared;
  }

  get items(): T[] {
    return [...this.byId.values()];
  }

  get size(): number {
    return this.byId.size;
  }

  /** True once the first page arrived. */
  get loaded(): boolean {
    return this.pages > 0;
  }

  get hasMore(): boolean {
    return this.loaded && this.token !== undefined;
  }

  get nextPage(): string | undefined {
    return this.token;
  }

  get pagesLoaded(): number {
    return this.pages;
  }

  /** A paged item, or one remembered from a search. */
  get(id: string): T | undefined {
    return this.byId.get(id) ?? this.found.get(id);
  }

  /** True when the item arrived in a page (so the tree has a row for it). */
  hasPaged(id: string): boolean {
    return this.byId.has(id);
  }

  /** Items remembered from searches that no page has brought (yet). */
  get foundItems(): T[] {
    return [...this.found.values()];
  }

  /** Keeps an item found by a search: updates its paged copy, or holds it beside the pages. */
  remember(item: T): void {
    if (this.byId.has(item.id)) this.byId.set(item.id, item);
    else this.found.set(item.id, item);
  }

  /** Replaces an item in place (keeps its position), or appends it. */
  upsert(item: T): void {
    this.byId.set(item.id, item);
  }

  /** Adds a page; a token seen before or a page of only known ids means the server loops. */
  appendPage(page: Page<T>, operation = 'loadMore'): void {
    const next = page.nextPage || undefined;
    const allSeen = page.items.length > 0 && page.items.every((item) => this.byId.has(item.id));
    if ((next !== undefined && this.seenTokens.has(next)) || (allSeen && next !== undefined)) {
      throw new PagingLoopError(operation, 'Hiver returned a page seen before; stopped paging so the daily request budget is not spent on a loop.');
    }
    if (next !== undefined) this.seenTokens.add(next);
    for (const item of page.items) {
      this.byId.set(item.id, item);
      this.found.delete(item.id);
    }
    this.token = next;
    this.pages += 1;
    this.error = undefined;
  }

  /**
   * Forgets the items; keeps nothing but what the caller reads before (e.g. pagesLoaded).
   * A load still running is disowned: its page is dropped and the next load starts afresh.
   */
  clear(): void {
    this.cleared += 1;
    this.loading = undefined;
    this.byId.clear();
    this.token = undefined;
    this.pages = 0;
    this.error = undefined;
    this.seenTokens.clear();
    this.found.clear();
  }
}
