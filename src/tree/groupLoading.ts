import * as vscode from 'vscode';
import { inBackground } from '../common/background';
import { HiverModel, ListRef } from '../model/hiverModel';

/**
 * Load all as the tree starts it, with its progress in the view, and the names a
 * Conversations group needs. The loading state (running, error, budget stop) is the
 * model's; the tree redraws through its `onDidChange`.
 */
export class GroupLoads {
  /** Inboxes whose users and tags were already fetched for conversation names. */
  private readonly namesRequested = new Set<string>();

  constructor(
    private readonly model: HiverModel,
    private readonly viewId: string,
    /** Names from the disk cache older than this are re-read in the background. */
    private readonly cacheMaxAgeMs: () => number = () => Infinity,
  ) {}

  /** Forgets which inboxes had their names fetched, when the list is refreshed. */
  forget(ref?: ListRef): void {
    if (!ref) this.namesRequested.clear();
    else if (ref.kind !== 'inboxes') this.namesRequested.delete(ref.inboxId);
  }

  /**
   * Every remaining page, as background work with progress in the view. Cancel with
   * `cancelLoadAll`; it stops by itself before the daily budget's background reserve.
   */
  async loadAll(ref: ListRef, title = vscode.l10n.t('Loading all…')): Promise<void> {
    if (this.model.list(ref).loadingAll) return;
    await vscode.window.withProgress({ location: { viewId: this.viewId }, title }, (progress) =>
      this.model.loadAll(ref, { onPage: (loaded) => progress.report({ message: vscode.l10n.t('{0} loaded', loaded) }) }),
    );
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
      if (this.model.freshness(ref)?.cached) inBackground(this.model.revalidateIfStale(ref, this.cacheMaxAgeMs()), 're-reading cached names');
      if ((list.loaded && !list.hasMore) || list.loadingAll) continue;
      void this.loadAll(ref, vscode.l10n.t('Loading names for conversations…'));
    }
  }
}
