// The watcher in a window: one per account (key + base URL), rebuilt when either changes. It
// keeps the view's badge, the New rows and the loaded Conversations groups in step with the
// shared state, and hands each announcement to watchNotify.ts.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { systemClock } from '../hiver/clock';
import type { Conversation } from '../hiver/models';
import { accountId } from '../hiver/sharedSlot';
import { inBackground } from '../common/background';
import { logger } from '../common/logger';
import { onDidChangeSettings } from '../common/settings';
import type { HiverSession } from '../session';
import { mayAnnounce, whatToAnnounce } from './announceRule';
import { Watcher, type WatchStatus } from './watcher';
import { compareIds, isDescending } from './ids';
import { SharedWatchStore } from './watchStore';
import { own, unseenCount, type WatchState } from './watchState';
import { readWatchSettings, type WatchSettings } from './watchSettings';
import type { Announcement } from './watchState';

const log = logger('watch');

export class WatchService implements vscode.Disposable {
  private watcher: Watcher | undefined;
  private account: string | undefined;
  private settings: WatchSettings = readWatchSettings();
  private readonly windowId = `${process.pid}-${randomUUID()}`;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly announced = new vscode.EventEmitter<Announcement>();
  private readonly disposables: vscode.Disposable[] = [this.changed, this.announced];
  /** What the tree last drew, so a read that changed nothing redraws nothing. */
  private drawn = '';
  /** Per inbox: the poll update this window applied to its loaded rows (each is applied once). */
  private readonly applied = new Map<string, string>();
  /** False until the first read after a start: that one only notes the updates (see applyUpdates). */
  private primed = false;

  /** The badge, the New rows or the watched inboxes changed. */
  readonly onDidChange = this.changed.event;
  /** A poll found something and this window is the one to say it. */
  readonly onDidAnnounce = this.announced.event;

  constructor(private readonly session: HiverSession) {
    this.disposables.push(
      session.keys.onDidChange(() => this.restart()),
      onDidChangeSettings(() => {
        this.settings = readWatchSettings();
        this.restart();
      }),
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) inBackground(this.announce(), 'showing a watch notification');
      }),
    );
    this.restart();
  }

  get current(): Watcher | undefined {
    return this.watcher;
  }

  get status(): WatchStatus {
    return this.watcher?.watchStatus ?? { kind: 'idle' };
  }

  get watchSettings(): WatchSettings {
    return this.settings;
  }

  private get state(): WatchState | undefined {
    return this.watcher?.state;
  }

  isWatched(inboxId: string): boolean {
    return this.state?.watched.includes(inboxId) ?? false;
  }

  isNew(inboxId: string, conversationId: string): boolean {
    return this.state?.unseen[inboxId]?.some((c) => c.id === conversationId) ?? false;
  }

  /** New, unseen conversations in the watched inboxes: the view's badge. */
  get unseenCount(): number {
    const state = this.state;
    return state ? unseenCount(state) : 0;
  }

  get watchedCount(): number {
    return this.state?.watched.length ?? 0;
  }

  /** A new watcher when the account (key or base URL) changed; the same one otherwise. */
  private restart(): void {
    const key = this.session.keys.get();
    const account = key ? accountId(this.session.settings.apiBaseUrl, key) : undefined;
    if (account === this.account) {
      this.watcher?.start();
      return;
    }
    void this.watcher?.dispose();
    this.watcher = undefined;
    this.account = account;
    this.drawn = '';
    this.applied.clear();
    this.primed = false;
    if (account) {
      const watcher = new Watcher({
        client: this.session.client,
        store: new SharedWatchStore(this.session.context.globalStorageUri.fsPath, account),
        clock: systemClock,
        windowId: this.windowId,
        settings: () => ({ share: this.settings.dailyShare, me: this.settings.me, pageSize: this.session.settings.pageSize }),
        log,
      });
      watcher.onDidChange((state) => this.onState(state));
      this.watcher = watcher;
      watcher.start();
    }
    this.changed.fire();
  }

  private onState(state: WatchState): void {
    this.applyToLoadedGroups(state);
    const drawn = JSON.stringify([state.watched, Object.entries(state.unseen).map(([id, list]) => [id, list.map((c) => c.id)])]);
    if (drawn !== this.drawn) {
      this.drawn = drawn;
      this.changed.fire();
    }
    // The status bar shows the pace, which each tick may change.
    this.statusChanged.fire();
    if (state.announcement && state.announcement.seq > state.shownSeq) inBackground(this.announce(), 'showing a watch notification');
  }

  private readonly statusChanged = new vscode.EventEmitter<void>();
  /** The watcher's status (pace, paused, stopped) may have changed. */
  readonly onDidChangeStatus = this.statusChanged.event;

  /**
   * Keeps the loaded Conversations groups in step with the polls, with no request and no
   * reload: what a poll found changed (assignee, status, tags) replaces the loaded row, once per
   * poll, so an old poll never undoes a change made here since; new conversations go on top.
   * The first read after a start only notes the polls: rows restored from the disk cache may be
   * newer than them. A group not loaded yet gets everything with its first page.
   */
  private applyToLoadedGroups(state: WatchState): void {
    const model = this.session.model;
    for (const inboxId of state.watched) {
      const ref = { kind: 'conversations' as const, inboxId };
      const update = own(state.updates, inboxId);
      const stamp = update ? String(update.seq) : '';
      const fresh = update !== undefined && this.primed && this.applied.get(inboxId) !== stamp ? update.conversations : [];
      this.applied.set(inboxId, stamp);
      const list = model.list(ref);
      if (!list.loaded) continue;
      // A row changed or read here after the poll was queued is newer than the poll's copy.
      for (const conversation of fresh) if (list.hasPaged(conversation.id) && !model.learnedAfter(conversation.id, update?.queuedAt ?? 0)) model.upsert(ref, conversation);
      const arrived = new Map<string, Conversation>();
      for (const conversation of [...(own(state.unseen, inboxId) ?? []), ...fresh]) if (!list.hasPaged(conversation.id)) arrived.set(conversation.id, conversation);
      if (arrived.size === 0) continue;
      const newest = [...arrived.values()].sort((a, b) => compareIds(b.id, a.id));
      // The group is newest first (Hiver's order): they go on top. A group Hiver listed oldest
      // first gets them at its end, once its last page is loaded (before, Load more brings them).
      if (isDescending(list.items.map((c) => c.id))) model.prepend(ref, newest);
      else if (!list.hasMore) for (const conversation of newest.reverse()) model.upsert(ref, conversation);
    }
    this.primed = true;
  }

  /** Shows the latest announcement if this window may (announceRule.ts). */
  private async announce(): Promise<void> {
    const watcher = this.watcher;
    if (!watcher || !mayAnnounce(this.settings, { focused: vscode.window.state.focused, isPoller: watcher.isPoller })) return;
    const announcement = await watcher.takeAnnouncement().catch(() => undefined);
    const shown = announcement && whatToAnnounce(announcement, this.settings.notify);
    if (shown) this.announced.fire(shown);
  }

  async watch(inboxId: string): Promise<void> {
    await this.watcher?.watch(inboxId);
  }

  async unwatch(inboxId: string): Promise<void> {
    await this.watcher?.unwatch(inboxId);
  }

  async markSeen(inboxId?: string, conversationId?: string): Promise<void> {
    if (inboxId !== undefined && conversationId !== undefined && !this.isNew(inboxId, conversationId)) return;
    await this.watcher?.markSeen(inboxId, conversationId);
  }

  dispose(): void {
    void this.watcher?.dispose();
    this.watcher = undefined;
    this.statusChanged.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
