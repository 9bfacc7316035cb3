// The transport against the simulator over loopback: 429 pauses, give-up, budget, cancellation,
// coalescing, priorities. Gaps and backoffs are scaled down; spacing is read from the
// simulator's arrival log. (Errors and retries: transport.errors.test.ts.)
import assert from 'node:assert/strict';
import { BudgetExhaustedError, CancelledError, RateLimitedError, UnauthorizedError, mayHaveReachedServer } from '../../src/hiver/errors';
import { Transport } from '../../src/hiver/transport';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MemoryStore, utcDay } from '../../src/hiver/budget';
import { systemClock, type Clock } from '../../src/hiver/clock';
import { SharedSlot, accountId } from '../../src/hiver/sharedSlot';
import type { TransportRequest, TransportState } from '../../src/hiver/transportTypes';
import { DEMO_KEY, startSimulator, type Simulator } from '../simulator';
import { FakeClock, rejectsWith, settle, simulatorClock, testTransport, within } from './transportHelpers';

const get = (path: string, extra: Partial<TransportRequest> = {}): TransportRequest => ({ operation: 'test', method: 'GET', path, ...extra });

/** Resolves once the simulator has logged `count` arrivals. */
async function arrivals(sim: Simulator, count: number): Promise<void> {
  while (sim.log.length < count) await new Promise((r) => setTimeout(r, 5));
}

describe('Transport', function () {
  this.timeout(20_000);
  let sim: Simulator;

  before(async () => {
    sim = await startSimulator({ dataset: 'tiny', minGapMs: 0 });
  });
  beforeEach(() => {
    sim.reset();
    sim.configure({ minGapMs: 0, retryAfter: 'none', latencyMs: 0 });
  });
  after(() => sim.close());

  describe('429', () => {
    it('without Retry-After: pauses the whole queue, backing off about 2x each time, then retries the same request first', async () => {
      sim.setFaults([{ kind: 'status', status: 429, count: 2, message: 'Too many requests' }]);
      const transport = testTransport(sim, { retryPolicy: { rateLimitBaseMs: 200 } });
      const paused: number[] = [];
      transport.onDidChangeState((s) => s.pausedUntil && paused.push(s.pausedUntil));
      const results = await Promise.all([
        transport.request(get('/inboxes')),
        transport.request(get('/inboxes/101')),
        transport.request(get('/inboxes/102')),
        transport.request(get('/inboxes/101/tags', { priority: 'background' })),
      ]);
      assert.deepEqual(results.map((r) => r.status), [200, 200, 200, 200]);
      assert.deepEqual(sim.log.map((e) => e.status), [429, 429, 200, 200, 200, 200]);
      assert.deepEqual(sim.log.slice(0, 3).map((e) => e.path), ['/v1/inboxes', '/v1/inboxes', '/v1/inboxes'], 'the limited request is retried before anything else');
      const t = sim.log.map((e) => e.time);
      // random() = 0.5 removes the jitter: exactly 200 ms, then 400 ms, with nothing else sent meanwhile.
      assert.ok(t[1] - t[0] >= 200, `first pause ${t[1] - t[0]}`);
      assert.ok(t[2] - t[1] >= 400, `second pause ${t[2] - t[1]}`);
      assert.ok(paused.length > 0, 'the state reported the pause');
    });

    for (const retryAfter of ['seconds', 'date'] as const) {
      it(`honours Retry-After as ${retryAfter}, holding back every request until then`, async function () {
        this.timeout(15_000);
        // The server wants 1500 ms between requests; the transport is told it may send freely.
        sim.configure({ minGapMs: 1500, retryAfter });
        const transport = testTransport(sim, { settings: { safetyMarginMs: 20 } });
        await Promise.all([transport.request(get('/inboxes/101')), transport.request(get('/inboxes/102')), transport.request(get('/inboxes'))]);
        const limited = sim.log.filter((e) => e.status === 429);
        assert.ok(limited.length >= 1, 'the fast transport hit the limit');
        for (const entry of limited) {
          const i = sim.log.indexOf(entry);
          const lastAccepted = sim.log.slice(0, i).filter((e) => e.status === 200).at(-1)!.time;
          // What the simulator put in Retry-After, recomputed from its own log.
          const resumeAt =
            retryAfter === 'seconds'
              ? entry.time + 1000 * Math.max(1, Math.ceil((lastAccepted + 1500 - entry.time) / 1000))
              : Math.ceil((lastAccepted + 1500) / 1000) * 1000;
          const next = sim.log[i + 1];
          assert.ok(next.time >= resumeAt, `request ${i + 1} arrived ${(resumeAt - next.time).toFixed(1)} ms before Retry-After allowed`);
        }
        assert.equal(sim.log.filter((e) => e.status === 200).length, 3);
      });
    }

    it("measures a Retry-After date by Hiver's clock, not by this machine's clock running 3 s ahead", async function () {
      this.timeout(15_000);
      sim.configure({ minGapMs: 1500, retryAfter: 'date' });
      const ahead: Clock = { ...simulatorClock, now: () => simulatorClock.now() + 3000 };
      const transport = testTransport(sim, { clock: ahead, settings: { safetyMarginMs: 20 } });
      // By its own clock every date has passed: it would retry at once and give up after five 429s.
      await Promise.all([transport.request(get('/inboxes/101')), transport.request(get('/inboxes/102'))]);
      const limited = sim.log.filter((e) => e.status === 429);
      assert.equal(limited.length, 1, `one 429, then a wait: ${JSON.stringify(sim.log.map((e) => [Math.round(e.time), e.status]))}`);
      const resumeAt = Math.ceil((sim.log[0].time + 1500) / 1000) * 1000;
      assert.ok(sim.log[2].time >= resumeAt, `the retry arrived ${(resumeAt - sim.log[2].time).toFixed(1)} ms before Retry-After allowed`);
    });

    it('gives up after 5 consecutive 429s with a RateLimitedError saying when traffic resumes, then stays quiet for the cool-down', async () => {
      sim.setFaults([{ kind: 'status', status: 429, count: 20, message: 'Slow down' }]);
      const transport = testTransport(sim, { retryPolicy: { rateLimitBaseMs: 20, coolDownMs: 1000 } });
      // This test once hung under heavy load (unit and extension-host suites side by side): each
      // step fails after 8 s saying where it stopped, with the transport's state and the log.
      const explain = () => `at ${performance.now().toFixed(0)} ms, state ${JSON.stringify(transport.state)}, log ${JSON.stringify(sim.log.map((e) => [Math.round(e.time), e.status]))}`;
      const step = <T>(name: string, promise: Promise<T>) => within(8000, name, promise, explain);
      const error = await step('the five 429s', rejectsWith(transport.request(get('/inboxes')), RateLimitedError));
      assert.equal(sim.log.length, 5, 'exactly five attempts');
      assert.equal(error.serverMessage, 'Slow down');
      assert.ok(error.resumeAt >= sim.log[4].time + 1000 - 50, 'resumes after the cool-down');
      assert.match(error.message, /requests resume at \d\d:\d\d:\d\d UTC/);
      assert.equal(transport.state.pausedUntil, error.resumeAt);
      const resumed = new Promise<void>((resolve) => transport.onDidChangeState((s) => s.pausedUntil === undefined && resolve()));
      // During the cool-down, requests fail at once and nothing is sent.
      const next = await step('a request during the cool-down', rejectsWith(transport.request(get('/inboxes/101', { priority: 'background' })), RateLimitedError));
      assert.equal(next.resumeAt, error.resumeAt);
      assert.equal(sim.log.length, 5);
      assert.equal(transport.state.lastError?.operation, 'test');
      // The UI hears when the cool-down is over, and requests flow again.
      await step('the state event at the end of the cool-down', resumed);
      sim.clearFaults();
      assert.equal((await step('the request after the cool-down', transport.request(get('/inboxes')))).status, 200);
    });

    it("tells the UI when a pause is over even if it grew meanwhile (another window's 429 on the shared pace)", async () => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hiver-pause-'));
      try {
        // A Retry-After beyond the backoff cap: the request fails at once and the queue waits the pause out.
        sim.setFaults([{ kind: 'status', status: 429, count: 1, retryAfter: 1 }]);
        const transport = testTransport(sim, { sharedFolder: folder, retryPolicy: { backoffCapMs: 500 } });
        await rejectsWith(transport.request(get('/inboxes')), RateLimitedError);
        const first = transport.state.pausedUntil!;
        // Another window of the account pauses the shared pace 1 s longer.
        new SharedSlot(folder, accountId(sim.url, DEMO_KEY), systemClock).pauseFor(first - Date.now() + 1000);
        const stretched = transport.state.pausedUntil!;
        assert.ok(stretched >= first + 900, `the pause grew: ${first} to ${stretched}`);
        const over = new Promise<number>((resolve) => transport.onDidChangeState((s) => s.pausedUntil === undefined && resolve(Date.now())));
        const heardAt = await within(5000, 'the state event at the end of the longer pause', over, () => `state ${JSON.stringify(transport.state)}`);
        assert.ok(heardAt >= stretched, `heard at ${heardAt}, the pause ends at ${stretched}`);
        transport.dispose();
      } finally {
        fs.rmSync(folder, { recursive: true, force: true });
      }
    });

    it('retries a POST that got 429 (it was not processed), creating the note once', async () => {
      sim.setFaults([{ kind: 'status', status: 429, count: 1, method: 'POST' }]);
      const transport = testTransport(sim);
      const conversation = sim.state.conversations[0];
      const path = `/inboxes/${conversation.inbox_ids[0]}/conversations/${conversation.id}/notes`;
      const response = await transport.request({ operation: 'createNote', method: 'POST', path, form: { content: 'once' } });
      assert.equal(response.status, 201);
      assert.deepEqual(sim.log.map((e) => e.status), [429, 201]);
      assert.equal(sim.state.notes[String(conversation.id)].filter((n) => n.content === 'once').length, 1);
    });
  });

  describe('daily budget', () => {
    it('counts requests per UTC day, stops background work at its share and everything at the limit, naming the reset time', async () => {
      const store = new MemoryStore();
      const transport = testTransport(sim, { store, settings: { dailyLimit: 4, backgroundShare: 0.5 } });
      await transport.request(get('/inboxes/101', { priority: 'background' }));
      await transport.request(get('/inboxes/102', { priority: 'background' }));
      const background = await rejectsWith(transport.request(get('/inboxes', { priority: 'background' })), BudgetExhaustedError);
      assert.equal(sim.log.length, 2, 'background stopped at 50% without sending');
      await transport.request(get('/inboxes'));
      await transport.request(get('/inboxes/101/tags'));
      const user = await rejectsWith(transport.request(get('/inboxes/101/users')), BudgetExhaustedError);
      assert.equal(sim.log.length, 4);
      const midnight = new Date();
      midnight.setUTCHours(24, 0, 0, 0);
      assert.equal(user.resetAt, midnight.getTime());
      assert.equal(background.resetAt, midnight.getTime());
      assert.match(user.message, /resets at 00:00 UTC/);
      assert.equal(transport.state.usedToday, 4);
      // The count lives in the caller's store: a new transport (a restart) keeps it.
      const restarted = testTransport(sim, { store, settings: { dailyLimit: 4 } });
      assert.equal(restarted.state.usedToday, 4);
      await rejectsWith(restarted.request(get('/inboxes')), BudgetExhaustedError);
      assert.equal(sim.log.length, 4);
    });

    it("starts from zero on a new UTC day and fails queued requests that would go over, without sending them", async () => {
      const store = new MemoryStore();
      await store.update('hiver.requestsToday', { day: '2001-01-01', count: 4999 });
      const transport = testTransport(sim, { store, settings: { dailyLimit: 2 } });
      assert.equal(transport.state.usedToday, 0);
      const results = await Promise.allSettled([transport.request(get('/inboxes')), transport.request(get('/inboxes/101')), transport.request(get('/inboxes/102'))]);
      assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'rejected']);
      assert.ok((results[2] as PromiseRejectedResult).reason instanceof BudgetExhaustedError);
      assert.equal(sim.log.length, 2);
    });
  });

  describe('daily budget: what counts, and the UTC day', () => {
    for (const status of [503, 429]) {
      it(`counts every attempt of a request retried after a ${status} (each one reached Hiver)`, async () => {
        sim.setFaults([{ kind: 'status', status, count: 2, message: 'Try again' }]);
        const transport = testTransport(sim);
        assert.equal((await transport.request(get('/inboxes'))).status, 200);
        assert.equal(sim.log.length, 3);
        assert.equal(transport.state.usedToday, 3);
      });
    }

    it("carries today's count an older version kept in the store into the shared count, once", async () => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hiver-legacy-'));
      try {
        const today = utcDay(Date.now());
        const legacy = new MemoryStore();
        await legacy.update('hiver.requestsToday', { day: today, count: 1234 });
        const shared = (store: MemoryStore) =>
          new Transport({ settings: { baseUrl: sim.url, minGapMs: 0, safetyMarginMs: 0 }, getApiKey: () => DEMO_KEY, store, sharedFolder: folder });
        const upgraded = shared(legacy);
        assert.equal((await upgraded.request(get('/inboxes'))).status, 200);
        assert.equal(upgraded.state.usedToday, 1235);
        // Another window, with nothing in its store, reads the same account count.
        assert.equal(shared(new MemoryStore()).state.usedToday, 1235);
        // A count from another day is not carried.
        await legacy.update('hiver.requestsToday', { day: '2000-01-01', count: 4000 });
        const other = new Transport({ settings: { baseUrl: sim.url, minGapMs: 0, safetyMarginMs: 0 }, getApiKey: () => DEMO_KEY, store: legacy, sharedFolder: fs.mkdtempSync(path.join(folder, 'x-')) });
        assert.equal(other.state.usedToday, 0);
        for (const t of [upgraded, other]) t.dispose();
      } finally {
        fs.rmSync(folder, { recursive: true, force: true });
      }
    });

    it('a request refused up front (budget, cool-down) says why in the state\'s lastError', async () => {
      const store = new MemoryStore();
      await store.update('hiver.requestsToday', { day: new Date().toISOString().slice(0, 10), count: 2 });
      const transport = testTransport(sim, { store, settings: { dailyLimit: 2 }, retryPolicy: { giveUpAfter429s: 1 } });
      await rejectsWith(transport.request({ ...get('/inboxes'), operation: 'listInboxes' }), BudgetExhaustedError);
      assert.equal(transport.state.lastError?.operation, 'listInboxes');
      assert.match(transport.state.lastError?.message ?? '', /budget is used up/);
      transport.updateSettings({ dailyLimit: 10 });
      sim.setFaults([{ kind: 'status', status: 429, count: 1, message: 'Too many requests' }]);
      await rejectsWith(transport.request(get('/inboxes')), RateLimitedError);
      await rejectsWith(transport.request({ ...get('/inboxes'), operation: 'getInbox' }), RateLimitedError);
      assert.equal(transport.state.lastError?.operation, 'getInbox');
      assert.match(transport.state.lastError?.message ?? '', /rate limiting/);
      assert.equal(sim.log.length, 1);
    });

    it('a running transport starts a new count, and a new reset time, when the clock crosses UTC midnight', async () => {
      const clock = new FakeClock(Date.UTC(2030, 0, 1, 23, 59, 58));
      const transport = new Transport({
        settings: { baseUrl: sim.url, minGapMs: 0, safetyMarginMs: 0, dailyLimit: 2 },
        getApiKey: () => DEMO_KEY,
        store: new MemoryStore(),
        clock,
      });
      await transport.request(get('/inboxes'));
      await transport.request(get('/inboxes/101'));
      const spent = await rejectsWith(transport.request(get('/inboxes/102')), BudgetExhaustedError);
      assert.equal(spent.resetAt, Date.UTC(2030, 0, 2));
      assert.deepEqual([transport.state.usedToday, transport.state.resetAt], [2, Date.UTC(2030, 0, 2)]);
      await clock.advance(2000);
      assert.deepEqual([transport.state.usedToday, transport.state.resetAt], [0, Date.UTC(2030, 0, 3)]);
      assert.equal((await transport.request(get('/inboxes/102'))).status, 200);
      assert.equal(transport.state.usedToday, 1);
      assert.equal(sim.log.length, 3);
    });

    describe('pacing uses the monotonic clock, so setting the system clock cannot shorten or stretch a gap', () => {
      /** Sends one request, steps the wall clock by `stepMs`, queues a second; returns it and the clock. */
      async function secondAfterWallStep(stepMs: number) {
        const clock = new FakeClock();
        const transport = new Transport({ settings: { baseUrl: sim.url, minGapMs: 1000, safetyMarginMs: 0 }, getApiKey: () => DEMO_KEY, store: new MemoryStore(), clock });
        await transport.request(get('/inboxes'));
        clock.setWallClock(stepMs);
        let sent = false;
        const second = transport.request(get('/inboxes/101')).then((r) => ((sent = true), r));
        return { clock, second, sent: () => sent };
      }

      it('a step forward of 10 s does not let the next request out before its gap', async () => {
        const { clock, second, sent } = await secondAfterWallStep(10_000);
        await clock.advance(999);
        // Time for a request released too early to reach the simulator.
        await new Promise((r) => setTimeout(r, 100));
        assert.equal(sim.log.length, 1, 'still waiting for its gap');
        assert.equal(sent(), false);
        await clock.advance(1);
        assert.equal((await second).status, 200);
        assert.equal(sim.log.length, 2);
      });

      it('a step back of 5 hours does not stall the queue: the next request leaves one gap later', async () => {
        const { clock, second } = await secondAfterWallStep(-5 * 3600_000);
        await clock.advance(1000);
        assert.equal((await second).status, 200);
        assert.equal(sim.log.length, 2);
      });
    });

    it('a day marked spent by a daily-limit 429 opens again at UTC midnight', async () => {
      const clock = new FakeClock(Date.UTC(2030, 0, 1, 23, 59, 58));
      const transport = new Transport({ settings: { baseUrl: sim.url, minGapMs: 0 }, getApiKey: () => DEMO_KEY, store: new MemoryStore(), clock });
      sim.setFaults([{ kind: 'status', status: 429, count: 1, message: 'Daily limit of 5000 requests exceeded' }]);
      const error = await rejectsWith(transport.request(get('/inboxes')), BudgetExhaustedError);
      assert.equal(error.resetAt, Date.UTC(2030, 0, 2));
      assert.equal(transport.state.usedToday, 5000);
      await rejectsWith(transport.request(get('/inboxes')), BudgetExhaustedError);
      await clock.advance(2000);
      assert.equal(transport.state.usedToday, 0);
      assert.equal((await transport.request(get('/inboxes'))).status, 200);
      assert.deepEqual(sim.log.map((e) => e.status), [429, 200]);
    });
  });

  describe('cancellation', () => {
    it('never sends a request cancelled while it waits, and rejects it at once', async () => {
      const transport = testTransport(sim, { settings: { minGapMs: 300 } });
      const controller = new AbortController();
      const first = transport.request(get('/inboxes'));
      const second = transport.request(get('/inboxes/101'));
      const third = transport.request(get('/inboxes/102', { signal: controller.signal }));
      let secondDone = false;
      void second.then(() => (secondDone = true));
      await arrivals(sim, 1);
      controller.abort();
      const error = await rejectsWith(third, CancelledError);
      assert.equal(error.requestSent, false);
      assert.equal(mayHaveReachedServer(error), false);
      assert.equal(secondDone, false, 'the cancelled caller did not wait for the queue');
      await Promise.all([first, second]);
      await new Promise((r) => setTimeout(r, 400));
      assert.deepEqual(sim.log.map((e) => e.path), ['/v1/inboxes', '/v1/inboxes/101']);
    });

    it('rejects at once for a signal that was already aborted', async () => {
      const transport = testTransport(sim);
      await rejectsWith(transport.request(get('/inboxes', { signal: AbortSignal.abort() })), CancelledError);
      await settle();
      assert.equal(sim.log.length, 0);
    });

    it('aborts a request in flight and says it may have reached the server', async () => {
      sim.setFaults([{ kind: 'hang', count: 1 }]);
      const transport = testTransport(sim);
      const controller = new AbortController();
      const pending = transport.request({ operation: 'createTag', method: 'POST', path: '/inboxes/101/tags', json: { name: 'x' }, signal: controller.signal });
      await arrivals(sim, 1);
      controller.abort();
      const error = await rejectsWith(pending, CancelledError);
      assert.equal(error.requestSent, true);
      assert.equal(mayHaveReachedServer(error), true);
    });

    it('dispose() cancels what is queued and refuses new requests', async () => {
      const transport = testTransport(sim, { settings: { minGapMs: 300 } });
      const first = transport.request(get('/inboxes'));
      const queued = transport.request(get('/inboxes/101'));
      await first;
      transport.dispose();
      await rejectsWith(queued, CancelledError);
      await rejectsWith(transport.request(get('/inboxes/102')), CancelledError);
      assert.equal(sim.log.length, 1);
    });
  });

  describe('coalescing', () => {
    it('shares one request among identical GETs queued or in flight', async () => {
      sim.configure({ latencyMs: 100 });
      const transport = testTransport(sim);
      const a = transport.request(get('/inboxes/101/users', { query: { limit: 10 } }));
      const b = transport.request(get('/inboxes/101/users', { query: { limit: 10 } }));
      await arrivals(sim, 1); // now in flight
      const c = transport.request(get('/inboxes/101/users', { query: { limit: 10 }, priority: 'background' }));
      const [ra, rb, rc] = await Promise.all([a, b, c]);
      assert.equal(sim.log.length, 1);
      assert.deepEqual(ra.body, rb.body);
      assert.deepEqual(ra.body, rc.body);
      // Once answered, the same GET goes to the server again; a different query is another request.
      await transport.request(get('/inboxes/101/users', { query: { limit: 10 } }));
      await transport.request(get('/inboxes/101/users', { query: { limit: 20 } }));
      assert.equal(sim.log.length, 3);
    });

    it('keeps a shared request alive while one caller still wants it, and drops it when none does', async () => {
      const transport = testTransport(sim, { settings: { minGapMs: 300 } });
      const blocker = transport.request(get('/inboxes'));
      const one = new AbortController();
      const two = new AbortController();
      const keep = transport.request(get('/inboxes/101'));
      const leave = transport.request(get('/inboxes/101', { signal: one.signal }));
      const dropA = transport.request(get('/inboxes/102', { signal: one.signal }));
      const dropB = transport.request(get('/inboxes/102', { signal: two.signal }));
      one.abort();
      two.abort();
      await rejectsWith(leave, CancelledError);
      await rejectsWith(dropA, CancelledError);
      await rejectsWith(dropB, CancelledError);
      await Promise.all([blocker, keep]);
      await new Promise((r) => setTimeout(r, 400));
      assert.deepEqual(sim.log.map((e) => e.path), ['/v1/inboxes', '/v1/inboxes/101']);
    });

    it('starts afresh when the same GET comes again after every earlier caller cancelled it', async () => {
      const transport = testTransport(sim, { settings: { minGapMs: 300 } });
      const blocker = transport.request(get('/inboxes'));
      const controller = new AbortController();
      const abandoned = transport.request(get('/inboxes/101', { signal: controller.signal }));
      controller.abort();
      await rejectsWith(abandoned, CancelledError);
      const again = await transport.request(get('/inboxes/101'));
      await blocker;
      assert.equal(again.status, 200);
      assert.deepEqual(sim.log.map((e) => e.path), ['/v1/inboxes', '/v1/inboxes/101']);
    });

    it('never coalesces POSTs', async () => {
      const transport = testTransport(sim);
      const post = () => transport.request({ operation: 'createTag', method: 'POST', path: '/inboxes/101/tags', json: { name: `t${Math.random()}` } });
      await Promise.all([post(), post()]);
      assert.equal(sim.log.length, 2);
    });
  });

  describe('the key a request goes with', () => {
    const OTHER_KEY = 'hiver-other-account-key';
    const notePath = () => {
      const conversation = sim.state.conversations[0];
      return `/inboxes/${conversation.inbox_ids[0]}/conversations/${conversation.id}/notes`;
    };
    beforeEach(() => sim.configure({ keys: [DEMO_KEY, OTHER_KEY] }));
    afterEach(() => sim.configure({ keys: [DEMO_KEY] }));

    /** A transport whose key the test sets, with one request sent: the next waits 1 s for its gap (a fake clock's). */
    async function busyTransport(key: { value: string | undefined }) {
      const clock = new FakeClock();
      const transport = new Transport({ settings: { baseUrl: sim.url, minGapMs: 1000, safetyMarginMs: 0 }, getApiKey: () => key.value, store: new MemoryStore(), clock });
      await transport.request(get('/inboxes'));
      return { transport, clock };
    }

    it('never sends a change that waited while another key was set; what is asked later goes with the new key', async () => {
      const key = { value: DEMO_KEY as string | undefined };
      const { transport, clock } = await busyTransport(key);
      const note = transport.request({ operation: 'createNote', method: 'POST', path: notePath(), form: { content: 'meant for the first account' } });
      key.value = OTHER_KEY;
      const read = transport.request(get('/inboxes/101'));
      await clock.advance(1000);
      const error = await rejectsWith(note, UnauthorizedError);
      assert.match(error.message, /^The Hiver API key was changed or removed while the request to .+ waited its turn, so it was not sent\.$/);
      assert.equal(mayHaveReachedServer(error), false, 'the composer keeps the text as an ordinary draft');
      await clock.advance(1000);
      assert.equal((await read).status, 200);
      assert.deepEqual(sim.log.map((e) => [e.method, e.path, e.keyIndex]), [['GET', '/v1/inboxes', 0], ['GET', '/v1/inboxes/101', 1]]);
    });

    it('never sends a change that waited while the key was removed', async () => {
      const key = { value: DEMO_KEY as string | undefined };
      const { transport, clock } = await busyTransport(key);
      const note = transport.request({ operation: 'createNote', method: 'POST', path: notePath(), form: { content: 'after sign-out' } });
      key.value = undefined;
      await clock.advance(1000);
      await rejectsWith(note, UnauthorizedError);
      assert.deepEqual(sim.log.map((e) => e.method), ['GET']);
    });

    it('never sends a read that waited its turn while the key was removed or changed', async () => {
      for (const next of [undefined, OTHER_KEY]) {
        const key = { value: DEMO_KEY as string | undefined };
        const { transport, clock } = await busyTransport(key);
        const read = transport.request(get('/inboxes/101'));
        // Its turn is a gap away: it waits, having read the key.
        while (clock.nextWake() === undefined) await settle();
        key.value = next;
        await clock.advance(1000);
        const error = await rejectsWith(read, UnauthorizedError);
        assert.match(error.message, /^The Hiver API key was changed or removed while .+ waited its turn, so it was not sent\.$/);
      }
      assert.deepEqual(sim.log.map((e) => e.path), ['/v1/inboxes', '/v1/inboxes'], 'only the reads sent before');
    });

    it('sends a change with the key it was asked under, also when that key was set again meanwhile', async () => {
      const key = { value: DEMO_KEY as string | undefined };
      const { transport, clock } = await busyTransport(key);
      const note = transport.request({ operation: 'createNote', method: 'POST', path: notePath(), form: { content: 'same account' } });
      key.value = OTHER_KEY;
      key.value = DEMO_KEY;
      await clock.advance(1000);
      assert.equal((await note).status, 201);
      assert.deepEqual(sim.log.map((e) => [e.method, e.keyIndex]), [['GET', 0], ['POST', 0]]);
    });
  });

  describe('priorities', () => {
    it('runs what the user asked for ahead of queued background work', async () => {
      const transport = testTransport(sim, { settings: { minGapMs: 50 } });
      const paths = ['/inboxes/101', '/inboxes/102', '/inboxes/101/tags', '/inboxes/102/tags'];
      const background = paths.map((p) => transport.request(get(p, { priority: 'background' })));
      const user = transport.request(get('/inboxes'));
      await Promise.all([...background, user]);
      assert.deepEqual(sim.log.map((e) => e.path), ['/v1/inboxes/101', '/v1/inboxes', '/v1/inboxes/102', '/v1/inboxes/101/tags', '/v1/inboxes/102/tags']);
    });

    it('moves a queued background GET ahead when the user asks for the same thing', async () => {
      const transport = testTransport(sim, { settings: { minGapMs: 50 } });
      const paths = ['/inboxes/101', '/inboxes/102', '/inboxes/101/tags', '/inboxes/102/tags'];
      const background = paths.map((p) => transport.request(get(p, { priority: 'background' })));
      const user = transport.request(get('/inboxes/102/tags'));
      await Promise.all([...background, user]);
      assert.deepEqual(sim.log.map((e) => e.path), ['/v1/inboxes/101', '/v1/inboxes/102/tags', '/v1/inboxes/102', '/v1/inboxes/101/tags']);
    });
  });

  describe('state and log', () => {
    it('reports queue length, requests used and one log line per attempt, with paths relative to the base URL', async () => {
      const transport = testTransport(sim, { settings: { minGapMs: 50 } });
      const states: TransportState[] = [];
      const lines: string[] = [];
      transport.onDidChangeState((s) => states.push(s));
      transport.onDidLog((l) => lines.push(`${l.method} ${l.path} ${l.status} #${l.attempt}`));
      await Promise.all([transport.request(get('/inboxes')), transport.request(get('/inboxes/101/users/search', { query: { email: 'a@b.c' } }))]);
      assert.ok(states.some((s) => s.queued === 1 && s.inFlight === 1), 'one waiting while one was in flight');
      assert.equal(states.at(-1)!.queued, 0);
      assert.equal(states.at(-1)!.usedToday, 2);
      assert.deepEqual(lines, ['GET /inboxes 200 #1', 'GET /inboxes/101/users/search?email=a%40b.c 200 #1']);
    });

    it('a state or log listener that throws cannot affect requests: each is sent once and succeeds', async () => {
      const transport = testTransport(sim);
      transport.onDidChangeState(() => {
        throw new Error('state listener bug');
      });
      transport.onDidLog(() => {
        throw new Error('log listener bug');
      });
      const seen: TransportState[] = [];
      transport.onDidChangeState((s) => seen.push(s));
      const reported: unknown[] = [];
      const consoleError = console.error;
      console.error = (...args: unknown[]) => reported.push(args);
      try {
        const results = await Promise.all([transport.request(get('/inboxes')), transport.request(get('/inboxes/101')), transport.request(get('/inboxes/102'))]);
        assert.deepEqual(results.map((r) => r.status), [200, 200, 200]);
      } finally {
        console.error = consoleError;
      }
      assert.deepEqual(sim.log.map((e) => `${e.path} ${e.status}`), ['/v1/inboxes 200', '/v1/inboxes/101 200', '/v1/inboxes/102 200']);
      assert.equal(transport.state.inFlight, 0);
      assert.equal(transport.state.usedToday, 3);
      assert.ok(seen.length > 0, 'the other listeners still heard');
      assert.ok(reported.length > 0, 'the listener errors were reported, not lost');
    });

    it('applies new settings to requests that follow', async () => {
      const transport = new Transport({ settings: { baseUrl: 'http://127.0.0.1:9/v1', minGapMs: 0 }, getApiKey: () => 'k', store: new MemoryStore() });
      transport.updateSettings({ baseUrl: sim.url, dailyLimit: 1 });
      assert.equal(transport.state.dailyLimit, 1);
      await rejectsWith(transport.request({ operation: 'test', method: 'GET', path: '/inboxes' }), UnauthorizedError);
      assert.equal(sim.log.length, 1, 'reached the simulator (with a wrong key) at the new base URL');
    });
  });
});
