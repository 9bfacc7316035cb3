import { Page } from '../hiver/models';
import { BudgetExhaustedError, PagingLoopError } from '../hiver/errors';
import type { SharedLoad } from './sharedLoad';

/**
 * How many empty pages in a row, each with a new token, are taken before paging stops. A
 * server may answer an empty page in the middle (items removed between requests), but a run of
 * them only spends requests: without a bound, one misbehaving server fetched 4,999 of them.
 */
export const MAX_EMPTY_PAGES_IN_A_ROW = 3;

/**
 * The most pages the paging rule lets a list of `items` take (a bound for a page count read
 * back from disk): each page brings a new item or is one of fewer than
 * MAX_EMPTY_PAGES_IN_A_ROW empty ones in a row, and the last page may bring nothing.
 */
export function mostPages(items: number): number {
  return (items + 1) * MAX_EMPTY_PAGES_IN_A_ROW;
}

/**
 * What is happening to a list's loading. HiverModel holds the only writable reference (it
 * makes each list with its status); everyone else reads it through the list's getters.
 */
export interface ListStatus {
  /** The load running now; a second request awaits it instead of sending again. */
  loading?: SharedLoad;
  /** Set while Load all runs; aborting it stops the loop. */
  loadingAll?: AbortController;
  /** The error of the last failed load; cleared by the next success, a retry or Load more. */
  error?: unknown;
  /** Load all stopped at the daily budget's background reserve: not a failure of the list. */
  budgetStop?: BudgetExhaustedError;
}

/**
 * One paged list from the API (an inbox's users, say): items by id in arrival order,
 * the next page token, and how many pages were loaded so a refresh can ask for as many again.
 * Keyed by id so a repeated page can never duplicate rows. `appendPage` is the paging rule.
 */
export class PagedCollection<T extends { id: string }> {
  private readonly byId = new Map<string, T>();
  private token: string | undefined;
  private pages = 0;
  private readonly seenTokens = new Set<string>();
  private emptyInARow = 0;
  /**
   * Items found outside paging (search, Go to Conversation). Kept apart from the pages so
   * rows, counts, order and the repeated-page check stay what the server's paging gave;
   * `get(id)` still finds them, so panels can show them.
   */
  private readonly found = new Map<string, T>();
  /** Counts `clear()`s: a load started before one must not land in the emptied list. */
  private cleared = 0;

  constructor(private readonly status: Readonly<ListStatus> = {}) {}

  /** The error of the last failed load (never a cancellation); cleared by the next success. */
  get error(): unknown {
    return this.status.error;
  }

  /** True while a page request of this list runs. */
  get loading(): boolean {
    return this.status.loading !== undefined;
  }

  /** True while Load all runs. */
  get loadingAll(): boolean {
    return this.status.loadingAll !== undefined;
  }

  /** Why the last Load all stopped early: the budget's background reserve was reached. */
  get budgetStop(): BudgetExhaustedError | undefined {
    return this.status.budgetStop;
  }

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

  /**
   * Puts items that arrived after the first page was read on top, in the order given; items
   * already paged stay where they are. The token and page count are untouched: they lead past
   * the pages loaded, and a later page repeating one of these adds no second row.
   */
  prepend(items: T[]): void {
    const fresh = items.filter((item) => !this.byId.has(item.id));
    if (!fresh.length) return;
    const rest = [...this.byId.values()];
    this.byId.clear();
    for (const item of [...fresh, ...rest]) this.byId.set(item.id, item);
    for (const item of fresh) this.found.delete(item.id);
  }

  /** Replaces an item in place (keeps its position), or appends it. */
  upsert(item: T): void {
    this.byId.set(item.id, item);
  }

  /**
   * Adds the page that `nextPage` led to. The list ends at a null, missing or empty token.
   * Throws PagingLoopError, keeping the list as it was, when the server loops (a token seen
   * before, or a page of only known ids with a token) or answers MAX_EMPTY_PAGES_IN_A_ROW
   * empty pages in a row that each carry a token: paging must not spend the day's budget.
   */
  appendPage(page: Page<T>, operation = 'loadMore'): void {
    const next = page.nextPage || undefined;
    const allSeen = page.items.length > 0 && page.items.every((item) => this.byId.has(item.id));
    if ((next !== undefined && this.seenTokens.has(next)) || (allSeen && next !== undefined)) {
      throw new PagingLoopError(operation, 'Hiver returned a page seen before; stopped paging so the daily request budget is not spent on a loop.');
    }
    const empty = page.items.length === 0 && next !== undefined;
    if (empty && this.emptyInARow + 1 >= MAX_EMPTY_PAGES_IN_A_ROW) {
      throw new PagingLoopError(
        operation,
        `Hiver returned ${MAX_EMPTY_PAGES_IN_A_ROW} empty pages in a row, each pointing to another page; stopped paging so the daily request budget is not spent on empty pages.`,
      );
    }
    this.emptyInARow = empty ? this.emptyInARow + 1 : 0;
    if (next !== undefined) this.seenTokens.add(next);
    for (const item of page.items) {
      this.byId.set(item.id, item);
      this.found.delete(item.id);
    }
    this.token = next;
    this.pages += 1;
  }

  /**
   * Puts back a list's pages as a whole (from the disk cache, or a background re-read): its
   * items in order, the next page token and the page count. Unlike `clear`, a load running
   * now stays this list's (a re-read restores from inside its own load).
   */
  restore(state: { items: T[]; nextPage?: string; pages: number }): void {
    this.byId.clear();
    for (const item of state.items) {
      this.byId.set(item.id, item);
      this.found.delete(item.id);
    }
    this.token = state.nextPage || undefined;
    this.pages = Math.max(1, state.pages);
    this.emptyInARow = 0;
    this.seenTokens.clear();
    if (this.token !== undefined) this.seenTokens.add(this.token);
  }

  /**
   * Forgets the items; keeps nothing but what the caller reads before (e.g. pagesLoaded).
   * A load still running is disowned (see `generation`): its page is dropped.
   */
  clear(): void {
    this.cleared += 1;
    this.byId.clear();
    this.token = undefined;
    this.pages = 0;
    this.emptyInARow = 0;
    this.seenTokens.clear();
    this.found.clear();
  }
}
