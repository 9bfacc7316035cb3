// The paging rule (PagedCollection.appendPage) as the model's one loop (HiverModel.loadRest)
// runs it against the simulator: every page once, loops and runs of empty pages stopped with
// PagingLoopError, counted from the simulator's request log; and the `limit` rule.
import assert from 'node:assert/strict';
import { PagingLoopError } from '../../src/hiver/errors';
import { clampLimit } from '../../src/hiver/pageLimit';
import { MAX_EMPTY_PAGES_IN_A_ROW } from '../../src/model/pagedCollection';
import { startSimulator, type Simulator } from '../simulator';
import { listRequests, testModel } from './modelHelpers';
import { rejectsWith } from './transportHelpers';

const CONVERSATIONS = { kind: 'conversations', inboxId: '105' } as const;

describe('paging', function () {
  this.timeout(20_000);
  let sim: Simulator;
  let total: number;
  before(async () => {
    sim = await startSimulator({ dataset: 'demo', minGapMs: 0 });
  });
  beforeEach(() => {
    sim.reset();
    total = sim.state.conversations.filter((c) => c.inbox_ids.includes('105')).length;
  });
  after(() => sim.close());

  it('clampLimit keeps 10..100 and defaults to 100', () => {
    assert.equal(clampLimit(), 100);
    assert.equal(clampLimit(0), 10);
    assert.equal(clampLimit(9), 10);
    assert.equal(clampLimit(10), 10);
    assert.equal(clampLimit(55.4), 55);
    assert.equal(clampLimit(100), 100);
    assert.equal(clampLimit(101), 100);
    assert.equal(clampLimit(Number.NaN), 100);
  });

  it('loadRest walks every page with one request per page, reporting each', async () => {
    const model = testModel(sim);
    const reported: number[] = [];
    await model.loadRest(CONVERSATIONS, { onPage: (loaded) => reported.push(loaded) });
    const list = model.list(CONVERSATIONS);
    assert.equal(list.size, total);
    assert.equal(list.hasMore, false);
    const pages = Math.ceil(total / 10);
    assert.equal(listRequests(sim, CONVERSATIONS).length, pages);
    assert.equal(sim.log.length, pages);
    assert.deepEqual(reported, Array.from({ length: pages }, (_, i) => Math.min(total, 10 * (i + 1))));
  });

  it('stops a server that loops back to the first page after two requests, keeping the first page', async () => {
    sim.setFaults([{ kind: 'pageLoop', count: -1 }]);
    const model = testModel(sim);
    await rejectsWith(model.loadRest(CONVERSATIONS), PagingLoopError);
    assert.equal(sim.log.length, 2);
    const list = model.list(CONVERSATIONS);
    assert.equal(list.size, 10);
    assert.ok(list.error instanceof PagingLoopError, 'the error stays on the list');
  });

  it('stops a server that hands back the token it was given', async () => {
    const model = testModel(sim);
    await model.ensureLoaded(CONVERSATIONS);
    sim.setFaults([{ kind: 'pageLoop', count: -1 }]);
    await rejectsWith(model.loadRest(CONVERSATIONS), PagingLoopError);
    assert.equal(sim.log.length, 2, 'one request for the first page, one before the loop was seen');
  });

  it('stops at a page of only known items, even with a new token', async () => {
    // The first answer's token leads to the first page again, which then carries a real token.
    sim.setFaults([{ kind: 'pageLoop', count: 1 }]);
    const model = testModel(sim);
    await rejectsWith(model.loadRest(CONVERSATIONS), PagingLoopError);
    assert.equal(sim.log.length, 2);
    assert.equal(model.list(CONVERSATIONS).size, 10);
  });

  it(`stops an endless run of empty pages with new tokens after ${MAX_EMPTY_PAGES_IN_A_ROW} requests, with a clear error`, async () => {
    sim.setFaults([{ kind: 'emptyPages', count: -1 }]);
    const model = testModel(sim);
    const error = await rejectsWith(model.loadRest(CONVERSATIONS), PagingLoopError);
    assert.match(error.message, new RegExp(`${MAX_EMPTY_PAGES_IN_A_ROW} empty pages in a row`));
    assert.match(error.message, /daily request budget/);
    assert.equal(error.operation, 'listConversations');
    assert.equal(sim.log.length, MAX_EMPTY_PAGES_IN_A_ROW);
    assert.equal(model.list(CONVERSATIONS).error, error);
  });

  it('stops the run of empty pages in the middle of a list too, and Retry asks once more', async () => {
    const model = testModel(sim);
    await model.ensureLoaded(CONVERSATIONS);
    sim.setFaults([{ kind: 'emptyPages', count: -1 }]);
    await rejectsWith(model.loadRest(CONVERSATIONS), PagingLoopError);
    assert.equal(sim.log.length, 1 + MAX_EMPTY_PAGES_IN_A_ROW);
    assert.equal(model.list(CONVERSATIONS).size, 10);
    // Still in the run: one more empty page is enough to stop again.
    await model.retry(CONVERSATIONS);
    assert.equal(sim.log.length, 2 + MAX_EMPTY_PAGES_IN_A_ROW);
    assert.ok(model.list(CONVERSATIONS).error instanceof PagingLoopError);
  });

  it(`takes up to ${MAX_EMPTY_PAGES_IN_A_ROW - 1} empty pages in a row and goes on`, async () => {
    const model = testModel(sim);
    await model.ensureLoaded(CONVERSATIONS);
    sim.setFaults([{ kind: 'emptyPages', count: MAX_EMPTY_PAGES_IN_A_ROW - 1 }]);
    await model.loadRest(CONVERSATIONS);
    const list = model.list(CONVERSATIONS);
    assert.equal(list.size, total);
    assert.equal(list.hasMore, false);
    assert.equal(list.error, undefined);
    assert.equal(sim.log.length, Math.ceil(total / 10) + MAX_EMPTY_PAGES_IN_A_ROW - 1);
  });

  it('Load all started without a user action stops an endless run of empty pages and keeps the error on the list', async () => {
    sim.setFaults([{ kind: 'emptyPages', count: -1, pathIncludes: '/users' }]);
    const model = testModel(sim);
    const users = { kind: 'users', inboxId: '105' } as const;
    await model.loadAll(users); // as the tree does for conversation names: nothing thrown
    assert.equal(listRequests(sim, users).length, MAX_EMPTY_PAGES_IN_A_ROW);
    assert.ok(model.list(users).error instanceof PagingLoopError);
    assert.equal(model.list(users).loadingAll, false);
    assert.ok(listRequests(sim, users).every((entry) => entry.query.limit === '10'));
  });

  it('stops between pages when the signal fires, without an error', async () => {
    const model = testModel(sim);
    const controller = new AbortController();
    await model.loadRest(CONVERSATIONS, { signal: controller.signal, onPage: () => controller.abort() });
    assert.equal(sim.log.length, 1);
    assert.equal(model.list(CONVERSATIONS).size, 10);
    assert.equal(model.list(CONVERSATIONS).error, undefined);
  });

  it('sends the limit through the one rule', async () => {
    const model = testModel(sim, { pageSize: 500 });
    await model.ensureLoaded(CONVERSATIONS);
    assert.equal(listRequests(sim, CONVERSATIONS)[0].query.limit, '100');
  });
});
