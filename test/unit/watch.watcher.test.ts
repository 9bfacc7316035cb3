// The watcher against the simulator, on a fake clock: what it finds, what it spends, when it
// stops or waits, and what survives a reload (a new watcher on the same storage folder).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryStore } from '../../src/hiver/budget';
import { LEASE_MS } from '../../src/watch/watcher';
import { SharedWatchStore, MemoryWatchStore } from '../../src/watch/watchStore';
import { startSimulator, type Simulator } from '../simulator';
import { FakeClock, settle } from './transportHelpers';
import { MIDNIGHT, polledInboxes, polls, testWatcher } from './watchHelpers';

const DAY = 86_400_000;
/** One inbox, 20% of 5000 a day: a poll every 86.4 s. */
const INTERVAL_MS = 86_400;

describe('Watcher (fake clock, simulator)', function () {
  let sim: Simulator;
  const stops: (() => Promise<void>)[] = [];
  let folder: string;

  before(async () => {
    sim = await startSimulator({ dataset: 'tiny', minGapMs: 0 });
  });
  beforeEach(() => {
    sim.configure({ ignoreSort: false });
    sim.reset();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hiver-watch-'));
  });
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });
  after(() => sim.close());

  function started(t: ReturnType<typeof testWatcher>) {
    stops.push(() => t.watcher.dispose().then(() => t.transport.dispose()));
    t.watcher.start();
    return t;
  }

  /** A request of this priority that hangs on its way until released (aborted). */
  async function hangingRequest(t: ReturnType<typeof testWatcher>, priority: 'user' | 'background'): Promise<() => Promise<void>> {
    sim.addFault({ kind: 'hang', pathIncludes: '/users' });
    const abort = new AbortController();
    const pending = t.client.listUsers('101', undefined, { priority, signal: abort.signal }).catch(() => undefined);
    while (t.transport.state.inFlight === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    return async () => {
      abort.abort();
      await pending;
    };
  }

  it('finds a new conversation within one interval, newest first, with no announcement for the first page', async () => {
    const t = started(testWatcher(sim, new MemoryWatchStore()));
    await t.watcher.watch('101');
    await t.watcher.whenIdle();
    assert.equal(polls(sim).length, 1, 'the first page is read at once');
    assert.deepEqual({ by: polls(sim)[0].query.sort_by, order: polls(sim)[0].query.sort_order }, { by: 'id', order: 'desc' });
    assert.equal(t.watcher.state?.announcement, undefined, 'the first page is the baseline');

    const added = sim.addConversation('101');
    await t.pass(INTERVAL_MS);
    assert.equal(polls(sim).length, 2, 'one more poll in one interval');
    assert.deepEqual(t.watcher.state?.unseen['101']?.map((c) => c.id), [String(added.id)]);
    const announced = await t.watcher.takeAnnouncement();
    assert.deepEqual(announced?.newIds, [String(added.id)]);
    assert.equal(await t.watcher.takeAnnouncement(), undefined, 'each poll is announced once');
  });

  it('polls a newly watched inbox at the next tick for its baseline, once, then in its turn', async () => {
    const t = started(testWatcher(sim, new MemoryWatchStore()));
    await t.watcher.watch('101');
    await t.watcher.whenIdle();
    await t.watcher.watch('102');
    await t.pass(INTERVAL_MS);
    assert.deepEqual(polledInboxes(sim), ['101', '102'], 'the new inbox does not wait for a round of the others');
    await t.pass(4 * INTERVAL_MS);
    assert.deepEqual(polledInboxes(sim), ['101', '102', '101', '102', '101', '102'], 'then the inboxes take turns');

    // An inbox whose first polls fail gets one try out of turn, then waits its turn like the others.
    await t.watcher.unwatch('102');
    sim.reset();
    sim.addFault({ kind: 'status', status: 404, pathIncludes: '/inboxes/102/', count: Infinity });
    await t.watcher.watch('102');
    await t.pass(5 * INTERVAL_MS);
    assert.deepEqual(polledInboxes(sim), ['102', '101', '102', '101', '102']);
  });

  it('announces conversations on the page newly assigned to "me"', async () => {
    const me = sim.state.users['101'][1].id;
    const t = started(testWatcher(sim, new MemoryWatchStore(), { settings: { me } }));
    await t.watcher.watch('101');
    await t.watcher.whenIdle();
    const target = sim.state.conversations.find((c) => c.inbox_ids.includes('101') && String(c.assignee?.assignee_id) !== me)!;
    target.assignee = { assignee_type: 'user', assignee_id: Number(me) };
    await t.pass(INTERVAL_MS);
    const announced = await t.watcher.takeAnnouncement();
    assert.deepEqual({ newIds: announced?.newIds, assignedIds: announced?.assignedIds }, { newIds: [], assignedIds: [String(target.id)] });
  });

  it('spends no more than its share over a simulated day, across its inboxes', async () => {
    const t = started(testWatcher(sim, new MemoryWatchStore()));
    await t.watcher.watch('101');
    await t.watcher.watch('102');
    await t.pass(DAY - 1);
    const count = polls(sim).length;
    assert.ok(count <= 1000, `${count} polls in a day; the share is 1000`);
    assert.ok(count >= 995, `${count} polls: it uses its share`);
    assert.ok(Math.abs(polls(sim, '101').length - polls(sim, '102').length) <= 1, 'the inboxes take turns');
    assert.equal(t.watcher.state?.spent.count, count);
  });

  it('stops at the background threshold', async () => {
    const budget = new MemoryStore();
    // One request left before 95% of 5000.
    await budget.update('hiver.requestsToday', { day: new Date(MIDNIGHT).toISOString().slice(0, 10), count: 4749 });
    const t = started(testWatcher(sim, new MemoryWatchStore(), { budget }));
    await t.watcher.watch('101');
    await t.pass(30 * 60_000);
    assert.equal(polls(sim).length, 1, 'one poll, then nothing');
    assert.deepEqual(t.watcher.watchStatus, { kind: 'stopped', reason: 'threshold', until: MIDNIGHT + DAY });
    assert.ok(t.lines.some((line) => /background threshold/.test(line)), t.lines.join('\n'));
  });

  it('keeps polling after the wall clock is set back (a last poll stamped ahead of now counts as none)', async () => {
    const t = started(testWatcher(sim, new SharedWatchStore(folder, 'account'), { clock: new FakeClock(MIDNIGHT + DAY / 2) }));
    await t.watcher.watch('101');
    await t.watcher.whenIdle();
    t.clock.setWallClock(-60 * 60_000);
    await t.pass(2 * INTERVAL_MS);
    assert.ok(polls(sim).length >= 3, `${polls(sim).length} polls: it stopped until the clock caught up`);
    assert.ok(t.watcher.state!.lastPollAt <= t.clock.now(), 'the next poll stamps the clock as it now reads');
  });

  it('counts a negative spend in a damaged state file as none, so it keeps to its share', async () => {
    const store = new SharedWatchStore(folder, 'account');
    await store.update((state) => (state.spent = { day: new Date(MIDNIGHT).toISOString().slice(0, 10), count: -1_000_000 }));
    const t = started(testWatcher(sim, store));
    await t.watcher.watch('101');
    await t.watcher.whenIdle();
    const status = t.watcher.watchStatus;
    assert.equal(status.kind, 'polling');
    assert.equal(status.kind === 'polling' && status.pace.requestsLeft, 1000, 'its share of 5000, not all 4750 below the threshold');
    assert.equal(t.watcher.state?.spent.count, 1);
  });

  it('with a share of 0 is off in every window (not stopped until the reset), and polls nothing', async () => {
    const poller = started(testWatcher(sim, new SharedWatchStore(folder, 'account'), { settings: { share: 0 } }));
    await poller.watcher.watch('101');
    await poller.watcher.whenIdle();
    const follower = started(testWatcher(sim, new SharedWatchStore(folder, 'account'), { settings: { share: 0 }, windowId: 'window-2', clock: poller.clock }));
    await follower.watcher.whenIdle();
    await poller.pass(2 * INTERVAL_MS);
    assert.equal(polls(sim).length, 0);
    assert.deepEqual(poller.watcher.watchStatus, { kind: 'stopped', reason: 'off' });
    assert.equal(follower.watcher.isPoller, false);
    assert.deepEqual(follower.watcher.watchStatus, { kind: 'stopped', reason: 'off' });
    assert.ok(poller.lines.includes('watch: off: hiver.watch.dailyShare is 0'), poller.lines.join('\n'));
  });

  it('pauses while the user’s own requests are queued', async () => {
    const t = started(testWatcher(sim, new MemoryWatchStore()));
    await t.watcher.watch('101');
    await t.watcher.whenIdle();
    const release = await hangingRequest(t, 'user');
    await t.pass(3 * INTERVAL_MS);
    assert.equal(polls(sim).length, 1, 'no poll while a user request waits');
    assert.equal(t.watcher.watchStatus.kind, 'paused');
    await release();
    await t.pass(INTERVAL_MS);
    assert.equal(polls(sim).length, 2, 'polling resumes');
  });

  it('keeps a newly watched inbox’s first poll for after a pause for the user’s requests', async () => {
    const t = started(testWatcher(sim, new MemoryWatchStore()));
    await t.watcher.watch('101');
    await t.watcher.whenIdle();
    const release = await hangingRequest(t, 'user');
    await t.watcher.watch('102');
    await t.pass(3 * INTERVAL_MS);
    assert.equal(t.watcher.watchStatus.kind, 'paused');
    await release();
    await t.pass(INTERVAL_MS);
    assert.deepEqual(polledInboxes(sim), ['101', '102'], 'the baseline poll comes first after the pause');
  });

  it('does not wait for background work queued ahead of it (only for the user’s own requests)', async () => {
    const t = started(testWatcher(sim, new MemoryWatchStore()));
    await t.watcher.watch('101');
    await t.watcher.whenIdle();
    const release = await hangingRequest(t, 'background');
    // Not pass(): the poll waits in the queue behind the hanging request, so the tick stays busy.
    await t.clock.advance(INTERVAL_MS);
    assert.equal(t.watcher.watchStatus.kind, 'polling', 'not paused for background work');
    assert.equal(polls(sim).length, 1, 'its poll waits its turn behind the request in flight');
    await release();
    await t.watcher.whenIdle();
    assert.equal(polls(sim).length, 2, 'the poll queued behind it went out');
  });

  it('keeps its lease while its poll waits in the queue, so no second window polls as well', async () => {
    const a = started(testWatcher(sim, new SharedWatchStore(folder, 'account'), { windowId: 'a' }));
    await a.watcher.watch('101');
    await a.watcher.whenIdle();
    sim.addFault({ kind: 'hang', pathIncludes: '/users' });
    const background = new AbortController();
    const pending = a.client.listUsers('101', undefined, { priority: 'background', signal: background.signal }).catch(() => undefined);
    while (a.transport.state.inFlight === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await a.clock.advance(INTERVAL_MS + 3 * LEASE_MS);
    const b = testWatcher(sim, new SharedWatchStore(folder, 'account'), { windowId: 'b', clock: a.clock });
    stops.push(() => b.watcher.dispose().then(() => b.transport.dispose()));
    await b.watcher.tick();
    assert.equal(b.watcher.isPoller, false, 'the waiting poller renewed its lease');
    assert.equal(polls(sim).length, 1, 'one poller, and its poll still waits');
    background.abort();
    await pending;
    await a.watcher.whenIdle();
    assert.equal(polls(sim).length, 2);
  });

  it('gives its queued poll up when another window took the lease meanwhile (it was frozen)', async () => {
    const store = new SharedWatchStore(folder, 'account');
    const a = started(testWatcher(sim, store, { windowId: 'a' }));
    await a.watcher.watch('101');
    await a.watcher.whenIdle();
    sim.addFault({ kind: 'hang', pathIncludes: '/users' });
    const background = new AbortController();
    const pending = a.client.listUsers('101', undefined, { priority: 'background', signal: background.signal }).catch(() => undefined);
    while (a.transport.state.inFlight === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await a.clock.advance(INTERVAL_MS);
    // Window b saw a's lease run out (a was frozen) and took over.
    assert.equal(await store.claimPoller('b', a.clock.now() + LEASE_MS + 1, 10_000), true);
    await a.clock.advance(LEASE_MS);
    background.abort();
    await pending;
    await a.watcher.whenIdle();
    assert.equal(polls(sim).length, 1, 'a never sent its poll');
    assert.equal(a.watcher.isPoller, false);
    assert.ok(a.lines.some((line) => /another window polls now/.test(line)), a.lines.join('\n'));
  });

  it('a window closing mid-poll gives up the poll and its lease at once', async () => {
    const store = new SharedWatchStore(folder, 'account');
    const t = testWatcher(sim, store, { windowId: 'closing' });
    t.watcher.start();
    await t.watcher.watch('101');
    await t.watcher.whenIdle();
    sim.addFault({ kind: 'hang', pathIncludes: '/conversations' });
    await t.clock.advance(INTERVAL_MS);
    while (t.transport.state.inFlight === 0) await settle();
    await t.watcher.dispose();
    assert.equal(await store.poller(t.clock.now()), undefined, 'the lease is free for another window');
    t.transport.dispose();
  });

  it('two Check Now at once run one after the other; closing the window ends both', async () => {
    const t = testWatcher(sim, new MemoryWatchStore());
    t.watcher.start();
    await t.watcher.watch('101');
    await t.watcher.whenIdle();
    sim.addFault({ kind: 'hang', pathIncludes: '/conversations', count: -1 });
    let ended = 0;
    const checks = [t.watcher.checkNow(), t.watcher.checkNow()].map((check) => check.then(() => ended++));
    while (t.transport.state.inFlight === 0) await settle();
    await t.watcher.dispose();
    await settle();
    assert.equal(ended, 2, 'no check is left waiting once the window closed');
    await Promise.all(checks);
    t.transport.dispose();
  });

  it('falls back to comparing the ids on the page when the server ignores sort_order, and says so', async () => {
    sim.configure({ ignoreSort: true });
    const t = started(testWatcher(sim, new MemoryWatchStore()));
    await t.watcher.watch('101');
    await t.watcher.whenIdle();
    const added = sim.addConversation('101');
    await t.pass(INTERVAL_MS);
    assert.deepEqual(t.watcher.state?.unseen['101']?.map((c) => c.id), [String(added.id)]);
    assert.equal(t.lines.filter((line) => /not newest first/.test(line)).length, 1, t.lines.join('\n'));
  });

  it('announces nothing twice across a reload, and misses nothing that arrived during it', async () => {
    const first = testWatcher(sim, new SharedWatchStore(folder, 'account'), { windowId: 'before-reload' });
    started(first);
    await first.watcher.watch('101');
    await first.watcher.whenIdle();
    const x = sim.addConversation('101');
    await first.pass(INTERVAL_MS);
    assert.deepEqual((await first.watcher.takeAnnouncement())?.newIds, [String(x.id)]);
    await first.watcher.dispose();

    const y = sim.addConversation('101'); // arrives while the window reloads
    const second = started(testWatcher(sim, new SharedWatchStore(folder, 'account'), { windowId: 'after-reload', clock: first.clock }));
    await second.watcher.whenIdle();
    assert.equal(second.watcher.isPoller, true, 'the closed window gave up its lease');
    await second.pass(INTERVAL_MS);
    const announced = await second.watcher.takeAnnouncement();
    assert.deepEqual(announced?.newIds, [String(y.id)], 'only what arrived during the reload');
    assert.deepEqual(second.watcher.state?.unseen['101']?.map((c) => c.id), [String(x.id), String(y.id)], 'both still unseen');
    await second.pass(INTERVAL_MS);
    assert.equal(await second.watcher.takeAnnouncement(), undefined);
  });

  it('after a reload, shows the stored state before its first poll, so that poll’s changes stand apart', async () => {
    const first = started(testWatcher(sim, new SharedWatchStore(folder, 'account'), { windowId: 'before-reload' }));
    await first.watcher.watch('101');
    await first.watcher.whenIdle();
    await first.watcher.dispose();
    const added = sim.addConversation('101');
    const second = testWatcher(sim, new SharedWatchStore(folder, 'account'), { windowId: 'after-reload', clock: first.clock });
    const seen: string[][] = [];
    second.watcher.onDidChange((state) => seen.push((state.updates['101']?.conversations ?? []).map((c) => c.id)));
    await second.clock.advance(INTERVAL_MS);
    started(second);
    await second.watcher.whenIdle();
    assert.deepEqual(seen.slice(0, 2), [[], [String(added.id)]], 'the state before the poll, then the poll’s update');
  });

  it('says in its status that a step failed (a broken shared folder), and recovers when it works again', async () => {
    const store = new MemoryWatchStore();
    const t = started(testWatcher(sim, store));
    await t.watcher.watch('101');
    await t.watcher.whenIdle();
    assert.equal(t.watcher.watchStatus.kind, 'polling');
    const claim = store.claimPoller.bind(store);
    store.claimPoller = () => Promise.reject(new Error('The shared state cannot be updated.'));
    let published = 0;
    t.watcher.onDidChange(() => published++);
    await t.watcher.tick();
    assert.deepEqual(t.watcher.watchStatus, { kind: 'failed', message: 'The shared state cannot be updated.' });
    assert.equal(published, 1, 'listeners hear of it (the status line redraws)');
    assert.ok(t.lines.includes('WARN watch: The shared state cannot be updated.'));
    store.claimPoller = claim;
    await t.watcher.tick();
    assert.equal(t.watcher.watchStatus.kind, 'polling');
  });

  it('clears New markers when opened and with Mark all seen', async () => {
    const t = started(testWatcher(sim, new MemoryWatchStore()));
    await t.watcher.watch('101');
    await t.watcher.whenIdle();
    const a = sim.addConversation('101');
    const b = sim.addConversation('101');
    await t.pass(INTERVAL_MS);
    await t.watcher.markSeen('101', String(a.id));
    assert.deepEqual(t.watcher.state?.unseen['101']?.map((c) => c.id), [String(b.id)]);
    await t.watcher.markSeen();
    assert.deepEqual(Object.keys(t.watcher.state?.unseen ?? {}), []);
  });
});
