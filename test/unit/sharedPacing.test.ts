// One pace and one daily count for every window of an account: real processes (each a
// Transport, as each VS Code window's extension host has one) on one shared storage folder,
// against the strict simulator. Starts are checked where they happen (each process reports when
// its requests left, on the shared wall clock): no two closer than the interval. The server's
// log shows no 429 and a count equal to the daily count. Scaled down: the server refuses
// anything closer than 50 ms and the processes are told 300 ms (+30 ms margin): on this loaded
// machine the test's process, which hosts the simulator, stalls up to ~200 ms (measured) and then
// stamps two requests sent a full interval apart together; the room keeps that from being a 429.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { utcDay } from '../../src/hiver/budget';
import { SharedSlot, accountId } from '../../src/hiver/sharedSlot';
import { DEMO_KEY, interArrivalGaps, startSimulator, type Simulator } from '../simulator';
import type { WorkerConfig } from './sharedWorker';
import { startWorker } from './sharedWorkers';

const SERVER_GAP_MS = 50;
const INTERVAL_MS = 300;
const MARGIN_MS = 30;
const REQUESTS = 30;

describe('Shared pacing across processes (one storage folder, strict simulator)', function () {
  this.timeout(90_000);
  let sim: Simulator;
  let folder: string;

  before(async () => {
    sim = await startSimulator({ dataset: 'tiny', minGapMs: SERVER_GAP_MS });
  });
  beforeEach(() => {
    sim.reset();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hiver-shared-'));
  });
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));
  after(() => sim.close());

  /** Process `n` asks for limits 10 + 30n .. 39 + 30n, so the log tells them apart. */
  const config = (n: number): WorkerConfig => ({
    baseUrl: sim.url,
    apiKey: DEMO_KEY,
    folder,
    minGapMs: INTERVAL_MS,
    safetyMarginMs: MARGIN_MS,
    inbox: '101',
    firstLimit: 10 + REQUESTS * n,
    requests: REQUESTS,
  });
  const sharedCount = () => new SharedSlot(folder, accountId(sim.url, DEMO_KEY), { now: Date.now }).count(utcDay(Date.now()));
  const processOf = (limit: string | undefined) => Math.floor((Number(limit) - 10) / REQUESTS);
  const describeLog = () => sim.log.map((e, i) => `${i ? `+${(e.time - sim.log[i - 1].time).toFixed(1)} ` : ''}${e.status} p${processOf(e.query.limit)}`).join(', ');

  function assertPaced(workers: { sent: number[] }[]): void {
    const starts = workers.flatMap((w) => w.sent).sort((a, b) => a - b);
    const startGaps = starts.slice(1).map((t, i) => t - starts[i]);
    assert.ok(Math.min(...startGaps) >= INTERVAL_MS, `starts across all processes at least ${INTERVAL_MS} ms apart: ${startGaps.map((g) => g.toFixed(1)).join(', ')}`);
    assert.deepEqual(sim.log.filter((e) => e.status === 429).length, 0, `no 429: ${describeLog()}`);
    const gaps = interArrivalGaps(sim.log);
    assert.ok(Math.min(...gaps) >= SERVER_GAP_MS, `every arrival at least ${SERVER_GAP_MS} ms after the previous one: ${describeLog()}`);
  }

  it("three processes sending 30 requests each: no 429, every arrival the server's gap apart, one daily count of all 90", async () => {
    const workers = [0, 1, 2].map((n) => startWorker(config(n)));
    const reports = await Promise.all(workers.map((w) => w.done));
    assert.deepEqual(reports.map((r) => r && [r.ok, r.failed.length]), [[REQUESTS, 0], [REQUESTS, 0], [REQUESTS, 0]]);
    assert.equal(sim.log.length, 3 * REQUESTS, describeLog());
    // Interleaved, not one after the other: they really competed for the slot.
    const order = sim.log.map((e) => processOf(e.query.limit));
    assert.ok(order.slice(0, REQUESTS).some((p) => p !== order[0]), `interleaved: ${order.join('')}`);
    assert.equal(workers.flatMap((w) => w.sent).length, 3 * REQUESTS);
    assertPaced(workers);
    assert.equal(sharedCount(), 3 * REQUESTS);
    // Each window's status bar shows the account's count, not its own: more than its own requests
    // when it finished, and all of them in the last to finish. Which window takes a slot the
    // others also wait for is left to their timers, so one may finish well ahead of the others.
    const seen = reports.map((r) => r!.usedToday);
    assert.ok(seen.every((count) => count > REQUESTS), `each process saw the others' requests too: ${seen}`);
    assert.equal(Math.max(...seen), 3 * REQUESTS, `the last to finish saw all: ${seen}`);
  });

  it('the same with one process killed (SIGKILL) while its request is at the server: the others go on, paced and counted', async () => {
    // Requests stay at the server for 60 ms, so the kill lands mid-request.
    sim.configure({ latencyMs: 60 });
    const workers = [0, 1, 2].map((n) => startWorker(config(n)));
    const victim = workers[1];
    const inFlightOfVictim = () => sim.log.filter((e) => processOf(e.query.limit) === 1).length >= 8 && sim.log.at(-1)!.status === 0 && processOf(sim.log.at(-1)!.query.limit) === 1;
    while (!inFlightOfVictim()) await new Promise((resolve) => setTimeout(resolve, 2));
    victim.child.kill('SIGKILL');
    const reports = await Promise.all(workers.map((w) => w.done));
    assert.equal(reports[1], undefined, 'the killed process never finished');
    assert.deepEqual([reports[0], reports[2]].map((r) => r && [r.ok, r.failed.length]), [[REQUESTS, 0], [REQUESTS, 0]]);
    const byVictim = sim.log.filter((e) => processOf(e.query.limit) === 1).length;
    assert.ok(byVictim >= 8 && byVictim < REQUESTS, `the victim sent ${byVictim}`);
    assert.equal(sim.log.length, 2 * REQUESTS + byVictim, describeLog());
    // Answered or cut off by the kill (status 0): never refused.
    assertPaced(workers);
    assert.equal(sharedCount(), sim.log.length, 'every request that reached the server counted once, the killed one included');
  });
});
