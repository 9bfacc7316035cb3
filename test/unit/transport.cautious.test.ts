// Adaptive pacing in the transport, on a fake clock over real loopback HTTP: by default the next
// start is paced from the previous start only; a 429 for a correctly paced request switches to
// cautious pacing (the next start also waits a full gap after the previous answer) until the
// gap settings change. (The pacer on its own: pacer.test.ts; against a strict simulator on the
// real clock: transport.spacing.test.ts.)
import assert from 'node:assert/strict';
import { BudgetExhaustedError } from '../../src/hiver/errors';
import { Transport } from '../../src/hiver/transport';
import { MemoryStore } from '../../src/hiver/budget';
import { TEAM } from '../../src/hiver/paceState';
import type { RequestLogLine, TransportRequest } from '../../src/hiver/transportTypes';
import { DEMO_KEY, startSimulator, type Simulator } from '../simulator';
import { FakeClock } from './transportHelpers';

const GAP_MS = 1000;
const MARGIN_MS = 30;
/** Fake time each request spends in flight (the simulator's real latency keeps it in flight meanwhile). */
const FLIGHT_MS = 400;

const get = (path: string): TransportRequest => ({ operation: 'test', method: 'GET', path });
const realSleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Attempt {
  start: number;
  answer?: number;
  line?: RequestLogLine;
}

/**
 * A transport on a fake clock, and a driver for it: time stands still except as the driver
 * moves it, 1 ms at a time while nothing is in flight and FLIGHT_MS at once while a request
 * is (no pacer timer can be pending then: the queue has one slot). So every attempt's start
 * and answer are known exactly in fake time.
 */
function fakeTimeTransport(sim: Simulator, flightMs = FLIGHT_MS) {
  const clock = new FakeClock();
  const transport = new Transport({
    settings: { baseUrl: sim.url, minGapMs: GAP_MS, safetyMarginMs: MARGIN_MS },
    getApiKey: () => DEMO_KEY,
    store: new MemoryStore(),
    clock,
    retryPolicy: { rateLimitBaseMs: 100 },
    random: () => 0.5,
  });
  const attempts: Attempt[] = [];
  let inFlight = 0;
  let flightToPass = false;
  transport.onDidChangeState((state) => {
    if (state.inFlight > inFlight) {
      attempts.push({ start: clock.now() });
      flightToPass = true;
    }
    inFlight = state.inFlight;
  });
  transport.onDidLog((line) => {
    const attempt = attempts.at(-1)!;
    attempt.answer = clock.now();
    attempt.line = line;
  });

  async function run(requests: TransportRequest[]): Promise<Attempt[]> {
    const first = attempts.length;
    let settled = false;
    const all = Promise.all(requests.map((r) => transport.request(r))).finally(() => (settled = true));
    all.catch(() => undefined);
    while (!settled) {
      if (flightToPass) {
        flightToPass = false;
        // The start may have come in the middle of a 1 ms step: the flight lasts flightMs from it.
        await clock.advance(attempts.at(-1)!.start + flightMs - clock.now());
        while (transport.state.inFlight > 0) await realSleep(2);
      } else if (transport.state.inFlight > 0) {
        await realSleep(2);
      } else {
        await clock.advance(1);
      }
    }
    await all;
    const mine = attempts.slice(first);
    for (const a of mine) assert.equal(a.answer! - a.start, flightMs, 'harness: each request is in flight exactly flightMs of fake time');
    return mine;
  }

  return { clock, transport, run };
}

/** Offsets of each start from the previous start and from the previous answer. */
function spacing(attempts: Attempt[]): { fromStart: number; fromAnswer: number }[] {
  return attempts.slice(1).map((a, i) => ({ fromStart: a.start - attempts[i].start, fromAnswer: a.start - attempts[i].answer! }));
}

const GAP = GAP_MS + MARGIN_MS;
/** Paced from the start: a gap after the previous start (plus the real ms it took to leave), well before answer + gap. */
function assertStartPaced(s: { fromStart: number; fromAnswer: number }, what: string): void {
  assert.ok(s.fromStart >= GAP && s.fromStart < GAP + FLIGHT_MS / 2, `${what}: ${JSON.stringify(s)} should be about ${GAP} ms after the previous start`);
}
function assertAnswerPaced(s: { fromStart: number; fromAnswer: number }, what: string): void {
  assert.ok(s.fromAnswer >= GAP, `${what}: ${JSON.stringify(s)} should be at least ${GAP} ms after the previous answer`);
}

describe('Transport adaptive pacing (fake clock)', function () {
  this.timeout(30_000);
  let sim: Simulator;

  before(async () => {
    // The simulator does not check the gap here (its clock is the real one); latency keeps each
    // request in flight while the driver moves fake time.
    sim = await startSimulator({ dataset: 'tiny', minGapMs: 0, latencyMs: 60 });
  });
  beforeEach(() => sim.reset());
  after(() => sim.close());

  it('by default paces each start from the previous start: the answer does not delay it', async () => {
    const { transport, run } = fakeTimeTransport(sim);
    const attempts = await run([get('/inboxes'), get('/inboxes/101'), get('/inboxes/102'), get('/inboxes/101/tags')]);
    assert.equal(attempts.length, 4);
    spacing(attempts).forEach((s, i) => assertStartPaced(s, `start ${i + 2}`));
    assert.equal(transport.state.cautiousPacing, false);
  });

  it('after a 429 for a correctly paced request, switches to cautious pacing: later starts wait a gap after the answer', async () => {
    const { transport, run } = fakeTimeTransport(sim);
    sim.setFaults([{ kind: 'status', status: 429, count: 1, message: 'Too many requests', pathIncludes: '/inboxes/102' }]);
    const states: boolean[] = [];
    transport.onDidChangeState((s) => states.push(s.cautiousPacing === true));
    const attempts = await run([get('/inboxes/101'), get('/inboxes/102'), get('/inboxes/101/tags'), get('/inboxes/101/users'), get('/inboxes')]);
    // The refused request is retried first, after the 429 pause.
    assert.deepEqual(attempts.map((a) => a.line!.status), [200, 429, 200, 200, 200, 200]);
    const s = spacing(attempts);
    assertStartPaced(s[0], 'the refused request, still paced from the start');
    assertAnswerPaced(s[1], 'the retry');
    // What follows waits a full gap after each answer.
    s.slice(2).forEach((x, i) => assertAnswerPaced(x, `request ${i + 3}`));
    assert.equal(transport.state.cautiousPacing, true);
    assert.ok(states.indexOf(true) > 0, 'the state reported the switch');
    // Said once, in plain words, on the line of the refused attempt.
    const notes = attempts.filter((a) => a.line!.note !== undefined);
    assert.equal(notes.length, 1);
    assert.equal(notes[0].line!.status, 429);
    assert.match(notes[0].line!.note!, /too early .* waits 1030 ms after the previous answer \(cautious pacing/);
  });

  it('a change of the gap settings ends cautious pacing; other settings keep it', async () => {
    const { transport, run } = fakeTimeTransport(sim);
    sim.setFaults([{ kind: 'status', status: 429, count: 1, message: 'Too many requests', pathIncludes: '/inboxes/102' }]);
    await run([get('/inboxes/101'), get('/inboxes/102')]);
    assert.equal(transport.state.cautiousPacing, true);

    transport.updateSettings({ dailyLimit: 4000, minGapMs: GAP_MS });
    assert.equal(transport.state.cautiousPacing, true, 'the same gap: still cautious');
    let attempts = await run([get('/inboxes'), get('/inboxes/101/tags')]);
    assertAnswerPaced(spacing(attempts)[0], 'still cautious');

    const states: boolean[] = [];
    transport.onDidChangeState((s) => states.push(s.cautiousPacing === true));
    transport.updateSettings({ minGapMs: 1200 });
    assert.equal(transport.state.cautiousPacing, false);
    assert.deepEqual(states, [false], 'the state reported the change');
    attempts = await run([get('/inboxes'), get('/inboxes/101/users'), get('/inboxes/102/users')]);
    for (const s of spacing(attempts)) {
      assert.ok(s.fromStart >= 1230 && s.fromStart < 1230 + FLIGHT_MS / 2, `paced from the start again, with the new gap: ${JSON.stringify(s)}`);
    }
  });

  it('a 429 although the previous answer came a server gap before the request left is another machine: half the slots, not cautious', async () => {
    // 10 ms in flight: the previous request was taken in by 10 ms after it left, more than
    // Hiver's own 1000 ms before this one left, so no delay explains the 429.
    const { transport, run } = fakeTimeTransport(sim, 10);
    sim.setFaults([{ kind: 'status', status: 429, count: 1, message: 'Too many requests', pathIncludes: '/inboxes/102' }]);
    const lines: RequestLogLine[] = [];
    transport.onDidLog((line) => lines.push(line));
    const attempts = await run([get('/inboxes/101'), get('/inboxes/102'), get('/inboxes/101/tags')]);
    assert.deepEqual(attempts.map((a) => a.line!.status), [200, 429, 200, 200]);
    assert.equal(transport.state.cautiousPacing, false);
    assert.equal(transport.state.widenedGapMs, Math.round(2 * GAP * (1 + TEAM.spread)), 'half the slots of the grid (slots of the gap and the spread)');
    assert.ok(lines.every((l) => !/cautious/.test(l.note ?? '')), 'nothing said of cautious pacing');
  });

  it("after two 429s in a row its next start comes at the front of its slot: the rate-limit policy's count", async () => {
    const flightMs = 10;
    const { run } = fakeTimeTransport(sim, flightMs);
    sim.setFaults([{ kind: 'status', status: 429, count: 2, message: 'Too many requests', pathIncludes: '/inboxes/102' }]);
    const attempts = await run([get('/inboxes/101'), get('/inboxes/102')]);
    assert.deepEqual(attempts.map((a) => a.line!.status), [200, 429, 429, 200]);
    // Where each start came in its slot of the grid, read on arrival: half the round trip later (leadMs).
    const slotMs = GAP * (1 + TEAM.spread);
    const spreadMs = GAP * TEAM.spread;
    const into = attempts.map((a) => (a.start + flightMs / 2) % slotMs);
    assert.ok(into[2] >= TEAM.restFrom * spreadMs, `after one 429, in the rest of the spread: ${into[2]} ms`);
    assert.ok(into[3] < TEAM.front * spreadMs, `after two, at its front: ${into[3]} ms`);
  });

  it('a 429 on the very first request, or one naming the daily limit, does not switch', async () => {
    const { transport, run } = fakeTimeTransport(sim);
    sim.setFaults([
      { kind: 'status', status: 429, count: 1, message: 'Too many requests', pathIncludes: '/inboxes/101' },
      { kind: 'status', status: 429, count: 1, message: 'Daily limit of 5000 requests exceeded', pathIncludes: '/inboxes/102' },
    ]);
    const lines: RequestLogLine[] = [];
    transport.onDidLog((line) => lines.push(line));
    await run([get('/inboxes/101'), get('/inboxes')]);
    // A daily-limit 429 is not retried (see transport.ratelimit.test.ts).
    await assert.rejects(run([get('/inboxes/102')]), BudgetExhaustedError);
    assert.deepEqual(lines.map((l) => l.status), [429, 200, 200, 429]);
    assert.equal(transport.state.cautiousPacing, false);
    assert.ok(lines.every((l) => l.note === undefined));
  });

  it('a 429 for a request that was not paced by the current gap (it was raised meanwhile) does not switch', async () => {
    const { transport, run } = fakeTimeTransport(sim);
    sim.setFaults([{ kind: 'status', status: 429, count: 1, message: 'Too many requests', pathIncludes: '/inboxes/101' }]);
    // The second request leaves paced by the old gap; the gap grows while it is in flight.
    let starts = 0;
    transport.onDidChangeState((state) => {
      if (state.inFlight === 1 && ++starts === 2) transport.updateSettings({ minGapMs: 5000 });
    });
    const attempts = await run([get('/inboxes'), get('/inboxes/101')]);
    assert.deepEqual(attempts.map((a) => a.line!.status), [200, 429, 200]);
    assert.equal(transport.state.cautiousPacing, false);
  });
});
