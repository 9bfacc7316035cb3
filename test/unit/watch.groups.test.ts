// New conversations put on top of a loaded group (HiverModel.prepend, what watching uses):
// no duplicate rows, and Load more still brings exactly the next page.
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../simulator';
import { testModel } from './modelHelpers';

describe('watch: new conversations on top of a loaded group', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ dataset: 'tiny', minGapMs: 0 });
  });
  after(() => sim.close());

  it('keeps Load more on the next page, with no duplicate rows', async () => {
    const ref = { kind: 'conversations' as const, inboxId: '101' };
    const model = testModel(sim, { pageSize: 10 });
    await model.ensureLoaded(ref);
    const firstPage = model.list(ref).items.map((c) => c.id);
    sim.addConversation('101');
    sim.addConversation('101');
    const newest = (await model.client.listConversations('101', { limit: 10 })).items;
    const arrived = newest.filter((c) => !firstPage.includes(c.id));
    assert.equal(arrived.length, 2);
    model.prepend(ref, [...arrived, newest[5]]);
    model.prepend(ref, arrived);
    assert.deepEqual(model.list(ref).items.map((c) => c.id), [...arrived.map((c) => c.id), ...firstPage], 'on top, once each');
    await model.loadNextPage(ref);
    const rows = model.list(ref).items.map((c) => c.id);
    assert.equal(new Set(rows).size, rows.length, 'no duplicates');
    const secondPage = sim.state.conversations
      .filter((c) => c.inbox_ids.includes('101'))
      .map((c) => String(c.id))
      .filter((id) => !arrived.some((c) => c.id === id))
      .sort((a, b) => Number(b) - Number(a))
      .slice(10, 20);
    assert.ok(secondPage.length > 0);
    assert.deepEqual(rows, [...arrived.map((c) => c.id), ...firstPage, ...secondPage], 'Load more brought the page after the first one');
    model.client.transport.dispose();
  });
});
