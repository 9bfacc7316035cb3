// The watcher: polls the first page of each watched inbox's conversations, newest first, at
// background priority, at the pace the budget allows (pace.ts), in one window only (the lease
// in the WatchStore, kept for as long as a poll takes). Every window reads the shared state, so all of them show the same badge
// and New rows. Plain Node (no vscode), so the unit tests drive this very loop.
import { storedTime, type Clock } from '../hiver/clock';
import type { HiverClient } from '../hiver/client';
import { BudgetExhaustedError, isCancellation } from '../hiver/errors';
import { utcDay, type Priority } from '../hiver/budget';
import type { Conversation } from '../hiver/models';
import { compareIds, highestNumericId, isDescending, isNumericId } from './ids';
import { Pace, watchingOff, watchPace } from './pace';
import { Announcement, assigneeOfStamp, boundKnown, idMap, MAX_UNSEEN_PER_INBOX, own, stampOf, unseenCount, WatchState } from './watchState';
import type { WatchStore } from './watchStore';

export interface WatcherSettings {
  /** hiver.watch.dailyShare */
  share: number;
  /** hiver.watch.me: the Hiver user id of "me" ('' when not chosen). */
  me: string;
  pageSize: number;
}

export interface WatcherLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface WatcherOptions {
  client: HiverClient;
  store: WatchStore;
  clock: Clock;
  /** Unique per window (per extension host). */
  windowId: string;
  settings: () => WatcherSettings;
  log: WatcherLog;
}

/** How often every window re-reads the shared state (a file read; no request). */
export const FOLLOW_MS = 15_000;
/** How long a lease outlives its last renewal: a crashed poller is replaced after this. */
export const LEASE_MS = 60_000;
/** An announcement older than this is not shown any more (it would be news no longer). */
const ANNOUNCEMENT_FRESH_MS = 2 * 60_000;

/** What a "check now" did: the inboxes polled, the conversations it found new, the inboxes it could not poll. */
export interface CheckResult {
  checked: number;
  newCount: number;
  failed: { inboxId: string; message: string }[];
}

export type WatchStatus =
  | { kind: 'idle' }
  | { kind: 'follower' }
  | { kind: 'polling'; pace: Extract<Pace, { kind: 'polling' }> }
  | { kind: 'paused' }
  /** off: hiver.watch.dailyShare is 0, until it changes; share, threshold: until `until` (the daily reset). */
  | { kind: 'stopped'; reason: 'off' | 'share' | 'threshold'; until?: number }
  /** The last step failed (a poll's own failure is only logged): most likely the shared store's folder. */
  | { kind: 'failed'; message: string };

export class Watcher {
  private readonly listeners = new Set<(state: WatchState) => void>();
  private current: WatchState | undefined;
  private status: WatchStatus = { kind: 'idle' };
  private poller = false;
  private busy: Promise<void> | undefined;
  private wake = new AbortController();
  /** The poll under way: aborted when the window closes or another window took the lease. */
  private polling: AbortController | undefined;
  private disposed = false;
  private looping = false;
  /** Inboxes whose page came back in ascending order (logged once each). */
  private readonly ascending = new Set<string>();
  /** Watched inboxes this window polled out of turn for their baseline (nextInbox): one try each. */
  private readonly baselineTried = new Set<string>();
  private lastLogged = '';

  constructor(private readonly options: WatcherOptions) {}

  /** Fires after each read of the shared state (a change from any window). */
  onDidChange(listener: (state: WatchState) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  get state(): WatchState | undefined {
    return this.current;
  }

  get watchStatus(): WatchStatus {
    return this.status;
  }

  get isPoller(): boolean {
    return this.poller;
  }

  /** Runs the loop until dispose(): a tick, then sleep until the next one is due. */
  start(): void {
    if (this.looping) return;
    this.looping = true;
    void this.loop();
  }

  /** Resolves once the tick running now (if any) has finished. */
  async whenIdle(): Promise<void> {
    while (this.busy) await this.busy;
  }

  /** One step: read the shared state, keep or take the lease, and poll one inbox when due. */
  tick(): Promise<void> {
    if (!this.busy) {
      this.busy = this.step()
        .catch((error: unknown) => this.stepFailed(error))
        .finally(() => (this.busy = undefined));
    }
    return this.busy;
  }

  /**
   * The user's "check now": one poll of every watched inbox, at user priority (the user asked),
   * counted in the watcher's share like any other poll. Says what it found, for the user.
   */
  async checkNow(): Promise<CheckResult> {
    const result: CheckResult = { checked: 0, newCount: 0, failed: [] };
    // Checked and taken in one step (no await between): two checks at once run one after the
    // other, so `busy` and the poll a closing window aborts are always the one running.
    while (this.busy) await this.busy;
    if (this.disposed) return result;
    const run = (async () => {
      let state = await this.options.store.read();
      const unseenBefore = unseenCount(state);
      for (const inboxId of state.watched) {
        const polled = await this.poll(inboxId, 'user');
        if (polled.error !== undefined) result.failed.push({ inboxId, message: polled.error });
        else result.checked++;
        state = polled.state ?? state;
      }
      result.newCount = Math.max(0, unseenCount(state) - unseenBefore);
      this.publish(state);
    })();
    this.busy = run.finally(() => (this.busy = undefined));
    await this.busy;
    return result;
  }

  async watch(inboxId: string): Promise<void> {
    await this.change((state) => {
      if (!state.watched.includes(inboxId)) state.watched.push(inboxId);
    });
  }

  /** Stops watching and forgets the inbox's seen ids: watching it again starts afresh. */
  async unwatch(inboxId: string): Promise<void> {
    this.baselineTried.delete(inboxId);
    await this.change((state) => {
      state.watched = state.watched.filter((id) => id !== inboxId);
      delete state.known[inboxId];
      delete state.unseen[inboxId];
      delete state.updates[inboxId];
    });
  }

  /** Clears one conversation's New marker (opened), one inbox's, or every one. */
  async markSeen(inboxId?: string, conversationId?: string): Promise<void> {
    await this.change((state) => {
      for (const id of inboxId === undefined ? Object.keys(state.unseen) : [inboxId]) {
        const left = conversationId === undefined ? [] : (state.unseen[id] ?? []).filter((c) => c.id !== conversationId);
        if (left.length) state.unseen[id] = left;
        else delete state.unseen[id];
      }
    });
  }

  /**
   * The latest announcement, if no window has shown it yet and it is fresh: taking it marks it
   * shown for every window, so each poll is announced at most once.
   */
  async takeAnnouncement(): Promise<Announcement | undefined> {
    const seen = this.current;
    if (!seen?.announcement || seen.announcement.seq <= seen.shownSeq) return undefined;
    const now = this.options.clock.now();
    const { result } = await this.options.store.update((state) => {
      const a = state.announcement;
      if (!a || a.seq <= state.shownSeq) return undefined;
      state.shownSeq = a.seq;
      return now - a.at <= ANNOUNCEMENT_FRESH_MS ? a : undefined;
    });
    return result;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.wake.abort();
    // A window closing mid-poll gives the poll up, so its lease is released at once.
    this.polling?.abort();
    this.listeners.clear();
    await this.whenIdle();
    if (this.poller) await this.options.store.releasePoller(this.options.windowId).catch(() => undefined);
  }

  private async loop(): Promise<void> {
    while (!this.disposed) {
      // Made before the tick, so a change during the tick cuts the next sleep short.
      this.wake = new AbortController();
      await this.tick();
      if (this.disposed) break;
      await this.options.clock.sleep(this.nextWaitMs(), this.wake.signal).catch(() => undefined);
    }
  }

  /** A change made here: saved, then the loop re-runs at once (the pace may have changed). */
  private async change(edit: (state: WatchState) => void): Promise<void> {
    const { state } = await this.options.store.update(edit);
    this.publish(state);
    this.wake.abort();
  }

  private nextWaitMs(): number {
    const state = this.current;
    if (this.poller && this.status.kind === 'polling' && state) {
      const now = this.options.clock.now();
      const due = storedTime(state.lastPollAt, now) + this.status.pace.tickMs - now;
      return Math.max(1, Math.min(FOLLOW_MS, due));
    }
    return FOLLOW_MS;
  }

  private async step(): Promise<void> {
    const { clock, store, windowId } = this.options;
    this.poller = await store.claimPoller(windowId, clock.now(), LEASE_MS);
    let state = await store.read();
    // The first read is shown as it stands before any poll: a window starting up learns what
    // was there before (and so can tell what the poll then changes).
    if (!this.current) this.publish(state);
    // Off in every window: no window polls then, so "another window polls" would be wrong.
    if (this.poller) this.status = this.paceStatus(state);
    else this.status = watchingOff(this.options.settings().share) ? { kind: 'stopped', reason: 'off' } : { kind: 'follower' };
    // A last poll stamped ahead of now (the clock was set back) counts as none: else no poll until the clock caught up.
    const now = clock.now();
    if (this.status.kind === 'polling' && storedTime(state.lastPollAt, now) + this.status.pace.tickMs <= now) {
      // The user's own requests come first: wait while any are queued or on their way. Background
      // work (prefetch, refreshes, Load all) does not hold the watcher up: it queues behind it.
      if (this.options.client.transport.userRequestsPending > 0) {
        this.status = { kind: 'paused' };
        this.logOnce('watch: paused while your requests are queued');
      } else {
        const next = this.nextInbox(state);
        state = (await this.poll(next.inboxId, 'background', next.inTurn)).state ?? state;
      }
    }
    this.publish(state);
  }

  /** Said in the status line as well as the log, so watching does not stop unnoticed; the next tick tries again. */
  private stepFailed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.options.log.warn(`watch: ${message}`);
    this.status = { kind: 'failed', message };
    if (this.current) this.publish(this.current);
  }

  private paceStatus(state: WatchState): WatchStatus {
    const { transport } = this.options.client;
    const t = transport.state;
    const now = this.options.clock.now();
    const input = {
      share: this.options.settings().share,
      dailyLimit: t.dailyLimit,
      backgroundShare: transport.currentSettings.backgroundShare,
      usedToday: t.usedToday,
      watcherSpentToday: state.spent.day === utcDay(now) ? state.spent.count : 0,
      inboxes: state.watched.length,
      now,
      resetAt: t.resetAt,
    };
    let pace = watchPace(input);
    // The interval is the one planned at the last poll today (as the budget stood just before
    // it), so waiting for the due time does not stretch it and the day fits the share exactly.
    const lastToday = state.lastPollAt > 0 && utcDay(state.lastPollAt) === utcDay(now) && state.lastPollAt <= now;
    if (pace.kind === 'polling' && lastToday && input.watcherSpentToday > 0) {
      const before = watchPace({ ...input, now: state.lastPollAt, watcherSpentToday: input.watcherSpentToday - 1, usedToday: Math.max(0, input.usedToday - 1) });
      if (before.kind === 'polling') pace = { ...pace, tickMs: before.tickMs, perInboxMs: before.perInboxMs };
    }
    if (pace.kind === 'polling') {
      this.logOnce(`watch: ${state.watched.length} ${state.watched.length === 1 ? 'inbox' : 'inboxes'}, each every ${Math.round(pace.perInboxMs / 1000)} s (${pace.requestsLeft} requests left of its share today)`);
      return { kind: 'polling', pace };
    }
    if (pace.reason === 'idle') return { kind: 'idle' };
    if (pace.reason === 'off') {
      this.logOnce('watch: off: hiver.watch.dailyShare is 0');
      return { kind: 'stopped', reason: 'off' };
    }
    this.logOnce(
      pace.reason === 'threshold'
        ? 'watch: stopped until the UTC reset: today’s requests reached the background threshold'
        : 'watch: stopped until the UTC reset: its share of today’s requests is spent',
    );
    return { kind: 'stopped', reason: pace.reason, until: pace.until };
  }

  /**
   * The inbox to poll at this tick: the next in the round, or first an inbox newly watched. Until
   * its first poll (the baseline) nothing in it can be announced, so it does not wait for a round
   * of the others. Once only: an inbox whose first poll failed (Hiver lost access) then waits its
   * turn in the round, and does not take every tick from the others.
   */
  private nextInbox(state: WatchState): { inboxId: string; inTurn: boolean } {
    for (const id of this.baselineTried) if (!state.watched.includes(id)) this.baselineTried.delete(id);
    const fresh = state.watched.find((id) => own(state.known, id) === undefined && !this.baselineTried.has(id));
    if (fresh !== undefined) {
      this.baselineTried.add(fresh);
      return { inboxId: fresh, inTurn: false };
    }
    return { inboxId: state.watched[state.cursor % state.watched.length], inTurn: true };
  }

  /**
   * One poll: the inbox's first page, newest first; what is new goes to the shared state. Returns
   * the state after it (undefined if given up) and why the request failed, if it did. `inTurn`:
   * the poll was the round's, whose cursor then moves on.
   */
  private async poll(inboxId: string, priority: Priority, inTurn = false): Promise<{ state?: WatchState; error?: string }> {
    const { client, clock, store, log } = this.options;
    const { me, pageSize } = this.options.settings();
    let items: Conversation[] | undefined;
    let error: string | undefined;
    let sent = true;
    const abort = new AbortController();
    const done = new AbortController();
    this.polling = abort;
    if (this.poller) void this.keepLease(abort, done.signal);
    const queuedAt = clock.now();
    try {
      const page = await client.listConversations(inboxId, { limit: pageSize, sortBy: 'id', sortOrder: 'desc' }, { priority, signal: abort.signal });
      items = page.items;
    } catch (failure) {
      sent = !(failure instanceof BudgetExhaustedError) && !isCancellation(failure);
      error = failure instanceof Error ? failure.message : String(failure);
      if (!abort.signal.aborted) log.warn(`watch: polling inbox ${inboxId} failed: ${error}`);
    } finally {
      done.abort();
      this.polling = undefined;
    }
    // Given up (closing, or another window polls now): that window's polls count, not this one.
    if (abort.signal.aborted) return { error: error ?? 'watching moved to another window' };
    const now = clock.now();
    if (items && items.length > 1 && !isDescending(items.map((c) => c.id)) && !this.ascending.has(inboxId)) {
      this.ascending.add(inboxId);
      log.info(
        `watch: inbox ${inboxId} answered sort_by=id&sort_order=desc with ids not newest first (${items[0].id} … ${items[items.length - 1].id}); ` +
          'new conversations are found by comparing the ids on the page it gets',
      );
    }
    const { state } = await store.update((s) => {
      const day = utcDay(now);
      if (sent) s.spent = { day, count: (s.spent.day === day ? s.spent.count : 0) + 1 };
      s.lastPollAt = now;
      if (inTurn) s.cursor = (s.cursor + 1) % Math.max(1, s.watched.length);
      if (items && s.watched.includes(inboxId)) recordPage(s, inboxId, items, me, now, queuedAt);
    });
    return { state, error };
  }

  /**
   * Renews the lease while a poll waits in the queue or on the network (a poll behind a long
   * Load all can outlast the lease). If another window took it meanwhile (this one was frozen
   * past it), the poll is given up before it is sent: two windows never both poll.
   */
  private async keepLease(poll: AbortController, done: AbortSignal): Promise<void> {
    const { clock, store, windowId } = this.options;
    try {
      for (;;) {
        await clock.sleep(LEASE_MS / 3, done);
        if (!(await store.claimPoller(windowId, clock.now(), LEASE_MS))) {
          this.poller = false;
          this.options.log.info('watch: another window polls now; this one gave its poll up');
          poll.abort();
          return;
        }
      }
    } catch {
      // The poll ended (done), or the shared store failed: the next tick claims again.
    }
  }

  private publish(state: WatchState): void {
    this.current = state;
    for (const listener of [...this.listeners]) {
      try {
        listener(state);
      } catch (error) {
        this.options.log.warn(`watch: a listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private logOnce(line: string): void {
    if (line === this.lastLogged) return;
    this.lastLogged = line;
    this.options.log.info(line);
  }
}

/**
 * Compares a polled page with what the inbox's earlier pages showed. The first page of a newly
 * watched inbox is the baseline (nothing is announced). New ids (above the highest known, when
 * numeric), and known ones now assigned to `me`, become unseen and one announcement; new and changed conversations (assignee, status,
 * tags) become the inbox's update, which every window applies once to its loaded rows.
 */
const olderThanKnown = (id: string, highest: string | undefined): boolean => highest !== undefined && isNumericId(id) && compareIds(id, highest) < 0;

export function recordPage(state: WatchState, inboxId: string, items: Conversation[], me: string, now: number, queuedAt = now): void {
  const known = own(state.known, inboxId);
  const next = idMap(known ? Object.entries(known) : []);
  const highest = known ? highestNumericId(Object.keys(known)) : undefined;
  const newIds: string[] = [];
  const assignedIds: string[] = [];
  const found: Conversation[] = [];
  const touched: Conversation[] = [];
  for (const conversation of items) {
    const assignee = conversation.assigneeId ?? '';
    const stamp = stampOf(conversation);
    const before = own(known, conversation.id);
    if (known && before === undefined && olderThanKnown(conversation.id, highest)) {
      // Hiver numbers conversations upwards: an unknown lower id moved onto the page because
      // another left it (closed, moved). Its row is updated; it is not announced as new.
      touched.push(conversation);
    } else if (known && before === undefined) {
      newIds.push(conversation.id);
      found.push(conversation);
      touched.push(conversation);
      if (me && assignee === me) assignedIds.push(conversation.id);
    } else if (before !== undefined && before !== stamp) {
      touched.push(conversation);
      if (me && assignee === me && assigneeOfStamp(before) !== me) {
        assignedIds.push(conversation.id);
        found.push(conversation);
      }
    }
    next[conversation.id] = stamp;
  }
  state.known[inboxId] = boundKnown(next);
  state.pollSeq += 1;
  state.updates[inboxId] = { seq: state.pollSeq, queuedAt, conversations: touched };
  const latest = new Map(touched.map((c) => [c.id, c]));
  const unseen = (own(state.unseen, inboxId) ?? []).map((c) => latest.get(c.id) ?? c);
  if (unseen.length) state.unseen[inboxId] = unseen;
  if (found.length === 0) return;
  const ids = new Set(found.map((c) => c.id));
  state.unseen[inboxId] = [...unseen.filter((c) => !ids.has(c.id)), ...found].slice(-MAX_UNSEEN_PER_INBOX);
  state.announcement = { seq: Math.max(state.announcement?.seq ?? 0, state.shownSeq) + 1, inboxId, newIds, assignedIds, at: now };
}
