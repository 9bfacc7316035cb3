import * as vscode from 'vscode';
import { HiverModel, ListRef, listKey } from '../model/hiverModel';
import { BudgetExhaustedError } from '../hiver/errors';
import { describeError, isCancellation } from '../common/errors';
import { logger } from '../common/logger';

const log = logger('tree');

/**
 * Load more / Load all for the paged lists the tree shows. Errors never toast: they stay on
 * the list (`list.error`) and the tree renders them as a row with Retry. The tree is told
 * which list to redraw through `refresh`.
 */
export class GroupLoads {
  /** Lists whose Load all stopped at the budget's background reserve, with the error saying when it resets. */
  private readonly budgetStops = new Map<string, BudgetExhaustedError>();
  /** Inboxes whose users and tags were already fetched for conversation names. */
  private readonly namesRequested = new Set<string>();

  constructor(
    private readonly model: HiverModel,
    private readonly refresh: (ref: ListRef) => void,
    private readonly viewId: string,
  ) {}

  isLoadingAll(ref: ListRef): boolean {
    return this.model.list(ref).loadingAll !== undefined;
  }

  budgetStop(ref: ListRef): BudgetExhaustedError | undefined {
    return this.budgetStops.get(listKey(ref));
  }

  /** Forgets per-list state when the list is refreshed. */
  forget(ref?: ListRef): void {
    if (!ref) {
      this.budgetStops.clear();
      this.namesRequested.clear();
      return;
    }
    this.budgetStops.delete(listKey(ref));
    if (ref.kind !== 'inboxes') this.namesRequested.delete(ref.inboxId);
  }

  /** One more page. A click while a page is loading joins that request (the model keeps one in flight). */
  async loadMore(ref: ListRef): Promise<void> {
    const list = this.model.list(ref);
    if (!list.loading) {
      this.budgetStops.delete(listKey(ref));
      if (list.loaded) list.error = undefined; // the error row turns back into a spinning Load more
    }
    const loading = this.model.loadNextPage(ref, { priority: 'user' });
    this.refresh(ref); // shows the spinner
    try {
      await loading;
    } catch (error) {
      this.settle(ref, error);
    } finally {
      this.refresh(ref);
    }
  }

  /**
   * Every remaining page, as background work with progress in the view. Cancel with
   * `cancelLoadAll`; it stops by itself before the daily budget's background reserve.
   */
  async loadAll(ref: ListRef, title = vscode.l10n.t('Loading all…')): Promise<void> {
    const list = this.model.list(ref);
    if (list.loadingAll) return;
    const controller = new AbortController();
    list.loadingAll = controller;
    this.budgetStops.delete(listKey(ref));
    if (list.loaded) list.error = undefined;
    this.refresh(ref);
    try {
      await vscode.window.withProgress({ location: { viewId: this.viewId }, title }, (progress) =>
        this.model.loadAll(ref, {
          signal: controller.signal,
          onPage: (loaded) => progress.report({ message: vscode.l10n.t('{0} loaded', loaded) }),
        }),
      );
    } catch (error) {
      this.settle(ref, error);
    } finally {
      if (list.loadingAll === controller) list.loadingAll = undefined;
      this.refresh(ref);
    }
  }

  cancelLoadAll(ref: ListRef): void {
    this.model.list(ref).loadingAll?.abort();
    this.refresh(ref);
  }

  /**
   * Conversation rows show assignee and tag names: fetch the inbox's users and tags once
   * (every page, in the background) the first time its conversations are shown.
   */
  loadNamesFor(inboxId: string): void {
    if (this.namesRequested.has(inboxId)) return;
    this.namesRequested.add(inboxId);
    for (const kind of ['users', 'tags'] as const) {
      const ref = { kind, inboxId };
      const list = this.model.list(ref);
      if ((list.loaded && !list.hasMore) || list.loadingAll) continue;
      void this.loadAll(ref, vscode.l10n.t('Loading names for conversations…'));
    }
  }

  /** Keeps what a failed load means for the list: a budget stop, nothing (cancelled), or its error row. */
  private settle(ref: ListRef, error: unknown): void {
    const list = this.model.list(ref);
    if (error instanceof BudgetExhaustedError && list.loaded) {
      // Not a failure of the list: background work reached the reserve. Say so in one row.
      this.budgetStops.set(listKey(ref), error);
      if (list.error === error) list.error = undefined;
      log.info(`load all of ${listKey(ref)} stopped at the budget reserve`);
    } else if (isCancellation(error)) {
      if (isCancellation(list.error)) list.error = undefined;
    } else {
      log.warn(`loading ${listKey(ref)} failed: ${describeError(error)}`);
    }
  }
}
