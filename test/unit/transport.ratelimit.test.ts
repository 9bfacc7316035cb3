// 429 policy against the simulator's real rate limiter (default blacklist after 8 consecutive
// 429s): a 429 that names the daily limit is never retried, and after a give-up only one trial
// request goes out when the cool-down ends. Neither may ever get the key blacklisted (403).
import assert from 'node:assert/strict';
import { BudgetExhaustedError, HiverError, RateLimitedError } from '../../src/hiver/errors';
import { nextUtcMidnight } from '../../src/hiver/budget';
import { type Transport, type TransportRequest } from '../../src/hiver/transport';
import { startSimulator, type Simulator } from '../simulator';
import { rejectsWith, testTransport } from './transportHelpers';

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
    const transport = testTransport(sim, { retryPolicy: { rateLimitBaseMs: 10, coolDownMs: 200 } });
    await transport.request(get('/inboxes'));
    const first = await rejectsWith(transport.request(get('/inboxes/101')), RateLimitedError);
    assert.equal(sim.log.length, 1 + 5, 'five attempts before the first give-up');
    await realSleep(first.resumeAt - Date.now() + 5);
    const second = await rejectsWith(transport.request(get('/inboxes/101')), RateLimitedError);
    assert.equal(sim.log.length, 1 + 5 + 1, 'one trial request after the cool-down');
    const secondCoolDown = second.resumeAt - sim.log.at(-1)!.time;
    assert.ok(secondCoolDown >= 400 - 20 && secondCoolDown < 600, `second cool-down ${secondCoolDown} ms, about twice 200 ms`);
    await realSleep(second.resumeAt - Date.now() + 5);
    const third = await rejectsWith(transport.request(get('/inboxes/101')), RateLimitedError);
    assert.equal(sim.log.length, 1 + 5 + 1 + 1);
    assert.ok(third.resumeAt - sim.log.at(-1)!.time >= 800 - 20, 'doubled again');
    assert.ok(!sim.log.some((e) => e.status === 403), 'never blacklisted');
    // Once the server accepts a request again, a later 429 gets the usual round of retries.
    await realSleep(Math.max(0, sim.log[0].time + 3000 - Date.now(), third.resumeAt - Date.now()) + 5);
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
