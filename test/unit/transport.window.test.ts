// A key that keeps getting 429s between its 200s must stop: the 429s are counted over a sliding
// window, not only in a row. Each 429 also leaves a slot of the timetable to another machine
// (TEAM), and the log says so.
import assert from 'node:assert/strict';
import { RateLimitedError } from '../../src/hiver/errors';
import { MemoryPace, TEAM } from '../../src/hiver/paceState';
import type { RequestLogLine, TransportRequest } from '../../src/hiver/transportTypes';
import { startSimulator, type Simulator } from '../simulator';
import { FakeClock, rejectsWith, testTransport } from './transportHelpers';

const get = (path: string): TransportRequest => ({ operation: 'test', method: 'GET', path });
const PATH = '/inboxes/101/users';

describe('Transport 429 sliding window', function () {
  this.timeout(20_000);
  let sim: Simulator;

  before(async () => {
    sim = await startSimulator({ dataset: 'tiny', minGapMs: 0 });
  });
  beforeEach(() => sim.reset());
  after(() => sim.close());

  it('gives up when 429 and 200 alternate, at the 8th 429 within the window, and says the gap was widened', async () => {
    // Each request's first attempt is refused and its retry accepted: 429, 200, 429, 200, ...
    const refusedOnce = () => sim.setFaults([{ kind: 'status', status: 429, count: 1, pathIncludes: PATH, message: 'Too many requests' }]);
    const transport = testTransport(sim, { settings: { minGapMs: 10 }, retryPolicy: { rateLimitBaseMs: 20, coolDownMs: 5000 } });
    const lines: RequestLogLine[] = [];
    transport.onDidLog((line) => lines.push(line));
    for (let i = 0; i < 7; i++) {
      refusedOnce();
      assert.equal((await transport.request(get(PATH))).status, 200);
    }
    assert.deepEqual(sim.log.map((e) => e.status), Array.from({ length: 7 }, () => [429, 200]).flat(), 'a 200 after every 429: no streak');
    refusedOnce();
    const error = await rejectsWith(transport.request(get(PATH)), RateLimitedError);
    assert.equal(sim.log.length, 15, 'the 8th 429 within the window gives up');
    assert.ok(error.resumeAt >= sim.log[14].time + 5000 - 50, 'and cools down');
    await rejectsWith(transport.request(get('/inboxes')), RateLimitedError);
    assert.equal(sim.log.length, 15, 'nothing is sent during the cool-down');
    // Said from the third 429 on, in the log and the state (the status bar's tooltip).
    const notes = lines.filter((l) => l.status === 429).map((l) => l.note ?? '');
    assert.deepEqual(notes.map((n) => /refused \d+ requests with 429/.test(n)), [false, false, true, true, true, true, true, true]);
    // Each retry left a backoff after the previous request, far more than a delay on the way
    // could explain, so none turned cautious pacing on (TEAM.delayAtMost). The first 429 gave a
    // timetable of half the slots, each later one took away the slot it came for.
    assert.equal(TEAM.firstShare, 4);
    // Slots of the gap and the spread: 10.2 ms.
    assert.equal(TEAM.spread, 1 / 50);
    assert.match(notes[2], /refused 3 requests with 429 in the last 60 s .* Requests now go in 2 of every 8 slots of 10 ms \(about 41 ms apart/);
    assert.match(notes[2], /one slot more after 0 to 1 s without a 429 \(sooner while new slots get in\) and every slot after 10 min without one/);
    assert.equal(transport.state.widenedGapMs, Math.round(10 * (1 + TEAM.spread) * TEAM.frame), 'one slot of the frame left: a timetable is never empty');
    assert.equal(transport.state.refusedLastWindow, 8);
  });
});

describe('429 count', () => {
  it('counts 429s over a sliding window', async () => {
    const clock = new FakeClock();
    const pace = new MemoryPace(clock);
    pace.refused(1000);
    await clock.advance(600);
    assert.equal(pace.refused(1000), 2);
    await clock.advance(600);
    assert.equal(pace.refusals(1000), 1, 'the first fell out of the window');
  });
});
