// 429 policy against the simulator's real rate limiter (default blacklist after 8 consecutive
// 429s): a 429 that names the daily limit is never retried, and after a give-up only one trial
// request goes out when the cool-down ends. Neither may ever get the key blacklisted (403).
import assert from 'node:assert/strict';
import { BudgetExhaustedError, HiverError, RateLimitedError } from '../../src/hiver/errors';
import { nextUtcMidnight } from '../../src/hiver/budget';
import { RateLimitPolicy } from '../../src/hiver/rateLimitPolicy';
import { DEFAULT_RETRY_POLICY } from '../../src/hiver/rateLimitPolicy';
import { Transport } from '../../src/hiver/transport';
import { MemoryStore } from '../../src/hiver/budget';
import type { TransportRequest } from '../../src/hiver/transportTypes';
import { DEMO_KEY, simulatorNow, startSimulator, type Simulator } from '../simulator';
import { FakeClock, rejectsWith, simulatorClock, testTransport } from './transportHelpers';

const get = (path: string): TransportRequest => ({ operation: 'test', method: 'GET', path });
const realSleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends `count` requests one after another, waiting out every cool-down; returns the errors. */
async function keepAsking(transport: Transport, count: number): Promise<HiverError[]> {
  const errors: HiverError[] = [];
  for (let i = 0; i < count; i++) {
    try {
      await transport.request(get(`/inboxes/10${1 + (i % 2)}`));
    } catch (error) {
      assert.ok(error instanceof HiverError, String(error));
      errors.push(error);
      if (error instanceof RateLimitedError) await realSleep(Math.max(0, error.resumeAt - Date.now()) + 5);
    }
  }
  return errors;
}

describe('Transport 429 policy (simulator rate limiter)', function () {
  this.timeout(20_000);
  let sim: Simulator;

  before(async () => {
    sim = await startSimulator({ dataset: 'tiny', minGapMs: 0 });
  });
  beforeEach(() => {
    sim.reset();
    sim.configure({ minGapMs: 0, dailyLimit: 5000, retryAfter: 'none', latencyMs: 0 });
  });
  after(() => sim.close());

  it('does not retry a 429 naming the daily limit (used up elsewhere): fails with BudgetExhaustedError and sends nothing more today', async () => {
    sim.configure({ dailyLimit: 1 });
    const transport = testTransport(sim, { retryPolicy: { rateLimitBaseMs: 10, coolDownMs: 100 } });
    const errors = await keepAsking(transport, 12);
    assert.deepEqual(sim.log.map((e) => e.status), [200, 429], 'one 429, never retried, never a 403');
    assert.equal(errors.length, 11);
    assert.ok(errors.every((e) => e instanceof BudgetExhaustedError), errors.map((e) => e.name).join());
    const first = errors[0] as BudgetExhaustedError;
    assert.equal(first.resetAt, nextUtcMidnight(Date.now()));
    assert.match(first.message, /daily/i);
    assert.match(first.message, /00:00 UTC/);
    // The status bar shows the budget as spent, and why.
    assert.equal(transport.state.usedToday, transport.state.dailyLimit);
    assert.equal(transport.state.resetAt, first.resetAt);
    assert.match(transport.state.lastError?.message ?? '', /budget|daily/i);
  });

  it('after giving up on 429s, sends one trial request when the cool-down ends and gives up again at once, doubling the cool-down', async () => {
    // Another client keeps the account busy: the server wants 3 s between requests.
    sim.configure({ minGapMs: 3000 });
    // The streak rule on its own: the sliding window (tested in transport.window.test.ts) would stop this compressed run sooner.
    // resumeAt is compared with the log below: both on the simulator's clock.
    const transport = testTransport(sim, { clock: simulatorClock, retryPolicy: { rateLimitBaseMs: 10, coolDownMs: 200, giveUpAfter429sInWindow: 100 } });
    await transport.request(get('/inboxes'));
    const first = await rejectsWith(transport.request(get('/inboxes/101')), RateLimitedError);
    assert.equal(sim.log.length, 1 + 5, 'five attempts before the first give-up');
    await realSleep(first.resumeAt - simulatorNow() + 5);
    const sentAt = simulatorNow();
    const second = await rejectsWith(transport.request(get('/inboxes/101')), RateLimitedError);
    const answeredBy = simulatorNow();
    assert.equal(sim.log.length, 1 + 5 + 1, 'one trial request after the cool-down');
    // The cool-down runs from the 429's answer, which came between sentAt and answeredBy (however
    // slow a loaded machine is): about twice 200 ms.
    const coolDown = `second cool-down ends ${second.resumeAt - sentAt} ms after the request was sent, ${second.resumeAt - answeredBy} ms after its answer`;
    assert.ok(second.resumeAt >= sentAt + 400 - 20 && second.resumeAt <= answeredBy + 400 + 20, coolDown);
    await realSleep(second.resumeAt - simulatorNow() + 5);
    const third = await rejectsWith(transport.request(get('/inboxes/101')), RateLimitedError);
    assert.equal(sim.log.length, 1 + 5 + 1 + 1);
    assert.ok(third.resumeAt - sim.log.at(-1)!.time >= 800 - 20, 'doubled again');
    assert.ok(!sim.log.some((e) => e.status === 403), 'never blacklisted');
    // Once the server accepts a request again, a later 429 gets the usual round of retries.
    await realSleep(Math.max(0, sim.log[0].time + 3000 - simulatorNow(), third.resumeAt - simulatorNow()) + 5);
    assert.equal((await transport.request(get('/inboxes/102'))).status, 200);
    sim.configure({ minGapMs: 0 });
    sim.setFaults([{ kind: 'status', status: 429, count: 2, message: 'Too many requests' }]);
    assert.equal((await transport.request(get('/inboxes'))).status, 200);
  });

  it('never gets the key blacklisted by a daily limit, however many requests are made', async () => {
    sim.configure({ dailyLimit: 3 });
    const transport = testTransport(sim, { retryPolicy: { rateLimitBaseMs: 10, coolDownMs: 50 } });
    await keepAsking(transport, 40);
    assert.equal(sim.log.filter((e) => e.status === 200).length, 3);
    assert.ok(!sim.log.some((e) => e.status === 403), sim.log.map((e) => e.status).join());
  });
});

describe('Transport 429 backoff cap (fake clock)', function () {
  let sim: Simulator;

  before(async () => {
    sim = await startSimulator({ dataset: 'tiny', minGapMs: 0 });
  });
  beforeEach(() => sim.reset());
  after(() => sim.close());

  it('caps the jittered backoff at backoffCapMs and retries (a long backoff is not a give-up)', async () => {
    sim.setFaults([{ kind: 'status', status: 429, count: 1, message: 'Too many requests' }]);
    const clock = new FakeClock();
    // 50 s base with the highest jitter would be 62.5 s.
    const transport = new Transport({
      settings: { baseUrl: sim.url, minGapMs: 0, safetyMarginMs: 0 },
      getApiKey: () => DEMO_KEY,
      store: new MemoryStore(),
      clock,
      retryPolicy: { rateLimitBaseMs: 50_000 },
      random: () => 0.999,
    });
    let outcome: unknown;
    const pending = transport.request(get('/inboxes')).then(
      (r) => (outcome = r.status),
      (e: unknown) => (outcome = e),
    );
    while (transport.state.pausedUntil === undefined && outcome === undefined) await realSleep(2);
    assert.equal(outcome, undefined, `still waiting, not given up: ${String(outcome)}`);
    assert.equal(transport.state.pausedUntil! - clock.now(), DEFAULT_RETRY_POLICY.backoffCapMs);
    await clock.advance(DEFAULT_RETRY_POLICY.backoffCapMs - 1);
    assert.equal(sim.log.length, 1, 'nothing sent before the capped backoff ends');
    await clock.advance(1);
    await pending;
    assert.equal(outcome, 200);
    assert.deepEqual(sim.log.map((e) => e.status), [429, 200]);
  });

  it('by default the cool-down goes on with the backoff\'s doubling: 32 s after 2, 4, 8 and 16 s, then twice as long', () => {
    const limits = new RateLimitPolicy(DEFAULT_RETRY_POLICY, () => 0.5);
    const waits: number[] = [];
    let now = 0;
    for (let i = 0; i < 7; i++) {
      const verdict = limits.limited(now, undefined, 'Too many requests', 0);
      const until = verdict.kind === 'retry' ? verdict.resumeAt : verdict.kind === 'giveUp' ? verdict.until : now;
      waits.push(until - now);
      now = until;
    }
    assert.deepEqual(waits, [2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000]);
  });

  it('no backoff exceeds the cap, whatever the jitter; only a longer Retry-After gives up early', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, giveUpAfter429s: 100 };
    const limits = new RateLimitPolicy(policy, () => 1);
    for (let i = 0; i < 10; i++) {
      const verdict = limits.limited(0, undefined, 'Too many requests', 0);
      assert.equal(verdict.kind, 'retry', `429 #${i + 1}`);
      assert.ok(verdict.kind === 'retry' && verdict.resumeAt <= policy.backoffCapMs, `429 #${i + 1}: ${JSON.stringify(verdict)}`);
    }
    assert.deepEqual(limits.limited(0, 61_000, undefined, 0), { kind: 'giveUp', until: 61_000 });
    assert.deepEqual(new RateLimitPolicy(policy, () => 1).limited(0, 59_000, undefined, 0), { kind: 'retry', resumeAt: 59_000 });
    // A Retry-After of days or more waits the longest cool-down at most.
    for (const asked of [120_000_000, 1e16]) {
      assert.deepEqual(new RateLimitPolicy(policy, () => 1).limited(0, asked, undefined, 0), { kind: 'giveUp', until: policy.maxCoolDownMs });
    }
  });
});
