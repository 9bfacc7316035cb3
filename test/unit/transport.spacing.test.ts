// Real clock, real simulator, Hiver's real limit: no two requests may arrive less than 1000 ms
// apart, measured where it matters, at the server (the simulator's arrival log). And adaptive
// pacing: paced from starts by default, cautious after a 429 the margin did not prevent.
import assert from 'node:assert/strict';
import PQueue from 'p-queue';
import { HiverClient } from '../../src/hiver/client';
import { Transport } from '../../src/hiver/transport';
import { MemoryStore } from '../../src/hiver/budget';
import { DEMO_KEY, interArrivalGaps, minInterArrivalGap, startSimulator, type Simulator } from '../simulator';

describe('Transport spacing (real clock, strict simulator)', function () {
  this.timeout(60_000);
  let sim: Simulator;

  before(async () => {
    sim = await startSimulator({ dataset: 'tiny', minGapMs: 1000 });
  });
  beforeEach(() => sim.reset());
  after(() => sim.close());

  const productionTransport = () =>
    new Transport({ settings: { baseUrl: sim.url }, getApiKey: () => DEMO_KEY, store: new MemoryStore() });

  it('keeps every arrival at least 1000 ms apart over 24 mixed requests, with no 429', async () => {
    const transport = productionTransport();
    const client = new HiverClient(transport);
    const calls: Promise<unknown>[] = [];
    // All queued at once, user and background mixed, so the queue is never empty.
    for (const inbox of ['101', '102']) {
      calls.push(client.getInbox(inbox, { priority: 'background' }));
      calls.push(client.listUsers(inbox, { limit: 10 }));
      calls.push(client.listTags(inbox, { limit: 10 }, { priority: 'background' }));
      calls.push(client.listConversations(inbox, { limit: 10 }));
      calls.push(client.searchTags(inbox, 'i', { priority: 'background' }));
    }
    for (const conversation of sim.state.conversations.filter((c) => c.inbox_ids.includes('101')).slice(0, 14)) {
      calls.push(client.getConversation('101', String(conversation.id), { priority: conversation.id % 2 ? 'user' : 'background' }));
    }
    await Promise.all(calls);
    assert.equal(sim.log.length, 24);
    assert.deepEqual(sim.log.filter((e) => e.status !== 200), [], 'every request answered 200 (no 429)');
    const gaps = interArrivalGaps(sim.log);
    assert.ok(Math.min(...gaps) >= 1000, `arrival gaps (ms): ${gaps.map((g) => g.toFixed(1)).join(', ')}`);
    assert.equal(transport.state.usedToday, 24);
  });

  describe('the window-edge case', () => {
    // The first request's body trickles for 1500 ms, so it ends in the middle of a 1000 ms
    // window: the next request then starts late in that window and the one after it right after
    // the window edge.
    const slowFirst = () => sim.setFaults([{ kind: 'slowBody', ms: 1500, count: 1 }]);

    it('control: a p-queue interval/intervalCap limiter alone lets two arrivals come closer than 1000 ms (and earns a 429)', async () => {
      slowFirst();
      const queue = new PQueue({ concurrency: 1, interval: 1000, intervalCap: 1 });
      const get = (path: string) => () =>
        fetch(`${sim.url}${path}`, { headers: { Authorization: `Bearer ${DEMO_KEY}` } }).then((r) => r.text());
      await Promise.all([queue.add(get('/inboxes')), queue.add(get('/inboxes/101')), queue.add(get('/inboxes/102'))]);
      assert.equal(sim.log.length, 3);
      assert.ok(minInterArrivalGap(sim.log) < 1000, `gaps: ${interArrivalGaps(sim.log).map((g) => g.toFixed(1)).join(', ')}`);
      assert.equal(sim.log[2].status, 429);
    });

    it('the transport keeps 1000 ms between arrivals in the same situation', async () => {
      slowFirst();
      const client = new HiverClient(productionTransport());
      await Promise.all([client.listInboxes(), client.getInbox('101'), client.getInbox('102')]);
      assert.equal(sim.log.length, 3);
      assert.deepEqual(sim.log.map((e) => e.status), [200, 200, 200]);
      assert.ok(minInterArrivalGap(sim.log) >= 1000, `gaps: ${interArrivalGaps(sim.log).map((g) => g.toFixed(1)).join(', ')}`);
    });
  });
});

describe('Transport adaptive pacing (real clock, strict simulator with latency)', function () {
  this.timeout(30_000);
  // Scaled down: the server allows one request per 300 ms and answers 250 ms after a request
  // arrives. The transport believes the gap is 150 ms (+ 30 ms margin): as if the way to the
  // server delayed some requests by 120 ms, more than the margin covers.
  const SERVER_GAP_MS = 300;
  const LATENCY_MS = 250;
  let sim: Simulator;

  before(async () => {
    sim = await startSimulator({ dataset: 'tiny', minGapMs: SERVER_GAP_MS, latencyMs: LATENCY_MS });
  });
  beforeEach(() => sim.reset());
  after(() => sim.close());

  const transportWithGap = (minGapMs: number) =>
    new Transport({
      settings: { baseUrl: sim.url, minGapMs, safetyMarginMs: 30 },
      getApiKey: () => DEMO_KEY,
      store: new MemoryStore(),
      retryPolicy: { rateLimitBaseMs: 100 },
      random: () => 0.5,
    });
  const describeLog = () => sim.log.map((e, i) => `${i ? `+${(e.time - sim.log[i - 1].time).toFixed(1)} ` : ''}${e.status} ${e.path}`).join(', ');
  const sixRequests = (client: HiverClient) =>
    Promise.all([client.getInbox('101'), client.getInbox('102'), client.listUsers('101', { limit: 10 }), client.listTags('101', { limit: 10 }), client.listUsers('102', { limit: 10 }), client.listTags('102', { limit: 10 })]);

  it('by default paces from starts: queued requests arrive about a gap apart, not latency + gap', async () => {
    // A roomy margin (60 + 30 ms), so a busy test machine cannot earn a 429 here.
    const transport = transportWithGap(SERVER_GAP_MS + 60);
    await sixRequests(new HiverClient(transport));
    assert.deepEqual(sim.log.map((e) => e.status), [200, 200, 200, 200, 200, 200], describeLog());
    const gaps = interArrivalGaps(sim.log).sort((a, b) => a - b);
    assert.ok(gaps[0] >= SERVER_GAP_MS, describeLog());
    // Paced from starts: 390 ms; paced from answers it would be 640 ms.
    assert.ok(gaps[Math.floor(gaps.length / 2)] < SERVER_GAP_MS + 90 + LATENCY_MS / 2, `median gap; ${describeLog()}`);
    assert.equal(transport.state.cautiousPacing, false);
  });

  it('after one 429 despite correct pacing, adapts and gets no further 429', async () => {
    const transport = transportWithGap(150);
    const notes: string[] = [];
    transport.onDidLog((line) => line.note && notes.push(line.note));
    await sixRequests(new HiverClient(transport));
    const statuses = sim.log.map((e) => e.status);
    // The second request arrives 180 ms after the first: refused. Its retry and everything after
    // it wait 180 ms after the previous answer (cautious pacing), so they arrive >= 250 + 180 ms
    // apart; or, with the gap doubled, >= 360 ms apart.
    assert.deepEqual(statuses, [200, 429, 200, 200, 200, 200, 200], describeLog());
    // Which way it adapts depends on when the refused request really left, and a busy machine
    // can hold a send back. Within half a gap more than the gap of the previous one, the 429 is
    // put down to delays on the way: cautious pacing, said once (on a fake clock, where it always
    // is: transport.cautious.test.ts). Later, to another sender: the gap doubles (paceState.ts).
    const { cautiousPacing, widenedGapMs } = transport.state;
    if (cautiousPacing) {
      assert.equal(notes.length, 1, 'said once');
      assert.match(notes[0], /cautious pacing/);
    } else {
      assert.equal(widenedGapMs, 2 * 180, `neither cautious pacing nor a wider gap; ${describeLog()}`);
    }
    const after429 = interArrivalGaps(sim.log.slice(1));
    assert.ok(Math.min(...after429) >= SERVER_GAP_MS, describeLog());
  });
});
