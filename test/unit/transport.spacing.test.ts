// Real clock, real simulator, Hiver's real limit: no two requests may arrive less than 1000 ms
// apart, measured where it matters, at the server (the simulator's arrival log).
import assert from 'node:assert/strict';
import PQueue from 'p-queue';
import { HiverClient } from '../../src/hiver/client';
import { MemoryStore, Transport } from '../../src/hiver/transport';
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
