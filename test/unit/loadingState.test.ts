// Each list's loading state, which only the model writes: Load all (once per list, cancel,
// the budget stop), Load more and Retry after errors, a shared load that another caller
// cancelled, and re-reading one user or tag. Against the simulator, counted from its log.
import assert from 'node:assert/strict';
import { BudgetExhaustedError, CancelledError } from '../../src/hiver/errors';
import { startSimulator, type Simulator } from '../simulator';
import { listRequests, testModel } from './modelHelpers';
import { rejectsWith } from './transportHelpers';

/** Resolves once the simulator has seen `count` requests. */
async function arrived(sim: Simulator, count: number): Promise<void> {
  while (sim.log.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
}

const USERS = { kind: 'users', inboxId: '105' } as const;
const TAGS = { kind: 'tags', inboxId: '105' } as const;

describe('loading state', function () {
  this.timeout(20_000);
  let sim: Simulator;
  let userPages: number;
  before(async () => {
    sim = await startSimulator({ dataset: 'demo', minGapMs: 0 });
  });
  beforeEach(() => {
    sim.reset();
    userPages = Math.ceil(sim.state.users['105'].length / 10);
  });
  after(() => sim.close());

  it('Load all runs once per list and shows that it runs', async () => {
    const model = testModel(sim);
    const seen: boolean[] = [];
    const first = model.loadAll(USERS, { onPage: () => seen.push(model.list(USERS).loadingAll) });
    const second = model.loadAll(USERS);
    await Promise.all([first, second]);
    assert.equal(listRequests(sim, USERS).length, userPages);
    assert.ok(seen.length > 0 && seen.every(Boolean));
    assert.equal(model.list(USERS).loadingAll, false);
    assert.equal(model.list(USERS).hasMore, false);
  });

  it('cancelling Load all sends nothing more and leaves no error', async () => {
    const model = testModel(sim);
    await model.ensureLoaded(USERS);
    let pages = 0;
    await model.loadAll(USERS, {
      onPage: () => {
        if (++pages === 2) model.cancelLoadAll(USERS);
      },
    });
    assert.equal(listRequests(sim, USERS).length, 2, 'the first page, and one page of Load all');
    const list = model.list(USERS);
    assert.equal(list.error, undefined);
    assert.equal(list.loadingAll, false);
    assert.equal(list.hasMore, true);
  });

  it('Load all stops at the budget reserve as a budget stop, not an error; Load more and refresh clear it', async () => {
    // 95% of 5 is 4: the first page (a user request) and three background pages of 13.
    const users = { kind: 'users', inboxId: '101' } as const;
    const model = testModel(sim, { settings: { dailyLimit: 5 } });
    await model.ensureLoaded(users);
    await model.loadAll(users);
    const list = model.list(users);
    assert.equal(listRequests(sim, users).length, 4);
    assert.ok(list.budgetStop instanceof BudgetExhaustedError);
    assert.equal(list.error, undefined);
    assert.equal(list.hasMore, true);
    await model.loadMore(users); // the user's own request still goes through
    assert.equal(listRequests(sim, users).length, 5);
    assert.equal(list.budgetStop, undefined);
    await model.loadAll(users);
    assert.ok(model.list(users).budgetStop instanceof BudgetExhaustedError);
    assert.equal(listRequests(sim, users).length, 5, 'nothing sent past the reserve');
    model.refresh(users);
    assert.equal(list.budgetStop, undefined);
  });

  it('a failed first load stays on the list until Retry, which loads it', async () => {
    sim.setFaults([{ kind: 'status', status: 404, count: 1, pathIncludes: '/105/users' }]);
    const model = testModel(sim);
    await assert.rejects(model.ensureLoaded(USERS));
    const list = model.list(USERS);
    assert.ok(list.error !== undefined);
    assert.equal(list.loading, false);
    await model.retry(USERS);
    assert.equal(list.error, undefined);
    assert.equal(list.size, 10);
    assert.equal(listRequests(sim, USERS).length, 2);
  });

  it('a failed Load more keeps its error; Retry sends the same page again', async () => {
    const model = testModel(sim);
    await model.ensureLoaded(USERS);
    sim.setFaults([{ kind: 'status', status: 404, count: 1, pathIncludes: '/105/users' }]);
    await model.loadMore(USERS); // nothing thrown: the error is the list's
    const list = model.list(USERS);
    assert.ok(list.error !== undefined);
    await model.retry(USERS);
    assert.equal(list.error, undefined);
    assert.equal(list.size, 20);
    const tokens = listRequests(sim, USERS).map((entry) => entry.query.next_page);
    assert.equal(tokens[1], tokens[2], 'the same page asked for again');
  });

  describe('a load shared by several callers', () => {
    it("one caller's cancel ends only its own wait: the request goes on for the others", async () => {
      sim.setFaults([{ kind: 'hang', ms: 300, count: 1, pathIncludes: '/105/users' }]);
      const model = testModel(sim);
      const picker = new AbortController();
      const pickerLoad = model.loadRest(USERS, { signal: picker.signal });
      const treeLoad = model.ensureLoaded(USERS); // joins the picker's request
      await arrived(sim, 1);
      picker.abort();
      await rejectsWith(pickerLoad, CancelledError);
      await treeLoad;
      const list = model.list(USERS);
      assert.equal(list.size, 10);
      assert.equal(list.error, undefined);
      const requests = listRequests(sim, USERS);
      assert.equal(requests.length, 1, 'the shared request was neither cancelled nor sent again');
      assert.equal(requests[0].status, 200);
    });

    it('a caller that joined stops waiting at once when it cancels, and the load goes on', async () => {
      sim.setFaults([{ kind: 'hang', ms: 400, count: 1, pathIncludes: '/105/users' }]);
      const model = testModel(sim);
      const treeLoad = model.ensureLoaded(USERS);
      const picker = new AbortController();
      let treeDone = false;
      void treeLoad.then(() => (treeDone = true));
      const pickerLoad = model.loadRest(USERS, { signal: picker.signal });
      await arrived(sim, 1);
      picker.abort();
      await rejectsWith(pickerLoad, CancelledError);
      assert.equal(treeDone, false, "the picker did not wait for the tree's page");
      await treeLoad;
      assert.equal(model.list(USERS).size, 10);
      assert.equal(model.list(USERS).error, undefined);
      assert.equal(listRequests(sim, USERS).length, 1);
    });

    it('cancels the request once every caller has left, and the next caller starts afresh', async () => {
      sim.setFaults([{ kind: 'hang', ms: 300, count: 1, pathIncludes: '/105/users' }]);
      const model = testModel(sim);
      const one = new AbortController();
      const two = new AbortController();
      const first = model.ensureLoaded(USERS, { signal: one.signal });
      const second = model.loadRest(USERS, { signal: two.signal });
      await arrived(sim, 1);
      one.abort();
      two.abort();
      await rejectsWith(first, CancelledError);
      await rejectsWith(second, CancelledError);
      const list = model.list(USERS);
      assert.equal(list.error, undefined, 'a cancelled load is not an error');
      await model.ensureLoaded(USERS);
      assert.equal(list.size, 10);
      const requests = listRequests(sim, USERS);
      assert.equal(requests.length, 2);
      assert.equal(requests[0].status, 0, 'the abandoned request got no answer: it was cancelled');
    });

    it('announces a page whose starter stopped waiting, for the callers still waiting', async () => {
      const model = testModel(sim);
      await model.ensureLoaded(USERS);
      sim.setFaults([{ kind: 'hang', ms: 300, count: 1, pathIncludes: '/105/users' }]);
      const seen: unknown[] = [];
      model.onDidChange((change) => seen.push(change));
      const picker = new AbortController();
      const started = model.loadNextPage(USERS, { signal: picker.signal });
      const joined = model.loadNextPage(USERS);
      await arrived(sim, 2);
      picker.abort();
      await rejectsWith(started, CancelledError);
      await joined;
      assert.equal(model.list(USERS).size, 20);
      assert.deepEqual(seen, [USERS], 'the list changed: told once');
    });

    it('Load all and a picker share pages; cancelling Load all leaves the picker loading', async () => {
      const model = testModel(sim);
      await model.ensureLoaded(USERS);
      sim.setFaults([{ kind: 'hang', ms: 300, count: 1, pathIncludes: '/105/users' }]);
      const all = model.loadAll(USERS);
      const picker = model.loadRest(USERS, { priority: 'user' });
      await arrived(sim, 2);
      model.cancelLoadAll(USERS);
      await all;
      await picker;
      const list = model.list(USERS);
      assert.equal(list.hasMore, false);
      assert.equal(list.error, undefined);
      assert.equal(listRequests(sim, USERS).length, userPages, 'every page once');
    });
  });

  it('tells every listener what changed, even when one throws', async () => {
    const model = testModel(sim);
    const seen: unknown[] = [];
    model.onDidChange(() => {
      throw new Error('a broken listener');
    });
    const subscription = model.onDidChange((change) => seen.push(change));
    await model.loadMore(USERS);
    assert.deepEqual(seen.at(-1), USERS);
    subscription.dispose();
    model.refresh(USERS);
    assert.equal(seen.length, 3, 'spinner, page, settled; nothing after dispose');
  });

  describe('re-reading one user or tag', () => {
    it('searches a user by the email held and keeps the copy with the same id', async () => {
      const model = testModel(sim);
      await model.ensureLoaded(USERS);
      const list = model.list(USERS);
      const held = list.items[3];
      list.upsert({ ...held, firstName: 'Stale' });
      sim.log.length = 0;
      const fresh = await model.reread(USERS, held.id);
      assert.equal(fresh?.firstName, held.firstName);
      assert.equal(list.get(held.id)?.firstName, held.firstName);
      assert.deepEqual(sim.log.map((e) => [e.path, e.query.email]), [['/v1/inboxes/105/users/search', held.email]]);
    });

    it('searches a tag by the name held and matches by id, so a renamed tag is still found', async () => {
      const model = testModel(sim);
      await model.ensureLoaded(TAGS);
      const held = model.list(TAGS).items[2];
      const stored = sim.state.tags['105'].find((t) => t.id === held.id)!;
      stored.name = `${held.name} (renamed)`; // the search is by substring: it still finds it
      sim.log.length = 0;
      const fresh = await model.reread(TAGS, held.id);
      assert.equal(fresh?.name, stored.name);
      assert.equal(model.list(TAGS).get(held.id)?.name, stored.name);
      assert.deepEqual(sim.log.map((e) => [e.path, e.query.name]), [['/v1/inboxes/105/tags/search', held.name]]);
    });

    it('answers undefined for a user no longer there, keeping the held copy', async () => {
      const model = testModel(sim);
      await model.ensureLoaded(USERS);
      const held = model.list(USERS).items[0];
      sim.state.users['105'] = sim.state.users['105'].filter((u) => u.id !== held.id);
      assert.equal(await model.reread(USERS, held.id), undefined);
      assert.equal(model.list(USERS).get(held.id), held);
    });

    it('uses the hint when nothing is held, and the first page when there is no hint', async () => {
      const user = sim.state.users['105'][15];
      const model = testModel(sim);
      const found = await model.reread(USERS, user.id, { hint: user.email });
      assert.equal(found?.id, user.id);
      assert.equal(model.list(USERS).get(user.id)?.id, user.id, 'kept beside the pages');
      assert.equal(model.list(USERS).loaded, false);
      const first = sim.state.users['105'][0];
      assert.equal((await model.reread(USERS, first.id))?.id, first.id);
      assert.deepEqual(sim.log.map((e) => e.path), ['/v1/inboxes/105/users/search', '/v1/inboxes/105/users']);
    });
  });
});
