// Creating a tag never creates it twice: after an answer that may hide a created tag (a 5xx or a
// timeout after Hiver processed the POST), the tags are re-read by name. Against the simulator's
// `afterProcessing` faults, counting tags in its state and requests in its log.
import assert from 'node:assert/strict';
import { HiverClient } from '../../src/hiver/client';
import { BadRequestError } from '../../src/hiver/errors';
import { createTagOnce, MAX_SEARCH_PAGES, TagMaybeCreatedError } from '../../src/conversations/tagCreation';
import { startSimulator, type Simulator } from '../simulator';
import { rejectsWith, testTransport } from './transportHelpers';

const INBOX = '101';

describe('creating a tag once', function () {
  this.timeout(20_000);
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ dataset: 'tiny', minGapMs: 0 });
  });
  beforeEach(() => sim.reset());
  after(() => sim.close());

  const client = (timeoutMs?: number) => new HiverClient(testTransport(sim, { settings: timeoutMs ? { timeoutMs } : {} }));
  const named = (name: string) => sim.state.tags[INBOX].filter((tag) => tag.name === name);
  const requests = (method: string, path: string) => sim.log.filter((entry) => entry.method === method && entry.path === `/v1/inboxes/${INBOX}/${path}`);

  for (const [what, fault] of [
    ['a 500', { kind: 'status', status: 500 }],
    ['a 503', { kind: 'status', status: 503 }],
    ['a reset connection', { kind: 'reset' }],
    ['a timeout', { kind: 'hang' }],
  ] as const) {
    it(`after ${what} once Hiver created it, uses the tag found by name: exactly one exists`, async () => {
      sim.setFaults([{ ...fault, method: 'POST', pathIncludes: '/tags', afterProcessing: true }]);
      const tag = await createTagOnce(client(300), INBOX, { name: 'Escalated', colorHex: '#e57373' }, { priority: 'user' });
      const stored = named('Escalated');
      assert.equal(stored.length, 1, 'exactly one tag with the name');
      assert.equal(tag.id, String(stored[0].id));
      assert.equal(tag.name, 'Escalated');
      assert.equal(requests('POST', 'tags').length, 1, 'never posted twice');
      assert.equal(requests('GET', 'tags/search').length, 1, 're-read by name once');
    });
  }

  it('when Hiver did not create it, says so after re-reading, and a retry creates exactly one', async () => {
    sim.setFaults([{ kind: 'status', status: 500, method: 'POST', pathIncludes: '/tags' }]);
    const error = await rejectsWith(createTagOnce(client(), INBOX, { name: 'Escalated' }), TagMaybeCreatedError);
    assert.equal(error.notThere, true);
    assert.match(error.message, /was not created/);
    assert.equal(named('Escalated').length, 0);
    const tag = await createTagOnce(client(), INBOX, { name: 'Escalated' }, { findFirst: true });
    assert.equal(named('Escalated').length, 1);
    assert.equal(tag.id, String(named('Escalated')[0].id));
    assert.equal(requests('POST', 'tags').length, 2);
    assert.equal(requests('GET', 'tags/search').length, 2, 'looked up before each offer to create again');
  });

  it('a retry finds the tag an unconfirmed attempt created, and posts nothing', async () => {
    sim.setFaults([
      { kind: 'status', status: 500, method: 'POST', pathIncludes: '/tags', afterProcessing: true },
      { kind: 'status', status: 404, method: 'GET', pathIncludes: '/tags/search' },
    ]);
    const error = await rejectsWith(createTagOnce(client(), INBOX, { name: 'Escalated' }), TagMaybeCreatedError);
    assert.equal(error.notThere, false, 'the re-read failed: it may have been created');
    assert.match(error.message, /may have been created/);
    const tag = await createTagOnce(client(), INBOX, { name: 'Escalated' }, { findFirst: true });
    assert.equal(named('Escalated').length, 1, 'exactly one tag with the name');
    assert.equal(tag.id, String(named('Escalated')[0].id));
    assert.equal(requests('POST', 'tags').length, 1);
  });

  it('matches the name exactly, not a tag whose name only contains it', async () => {
    const existing = sim.state.tags[INBOX][0].name;
    sim.setFaults([{ kind: 'status', status: 500, method: 'POST', pathIncludes: '/tags' }]);
    const error = await rejectsWith(createTagOnce(client(), INBOX, { name: existing.slice(0, 3) }), TagMaybeCreatedError);
    assert.equal(error.notThere, true);
  });

  // The search matches parts of names: "Customer" finds "Customer 0" to "Customer N" too. Their
  // ids sort before a new tag's, so the new one comes last.
  const addTagsNamed = (prefix: string, count: number) => {
    const tags = sim.state.tags[INBOX];
    for (let i = 0; i < count; i++) tags.push({ ...tags[0], id: String(50000 + i), name: `${prefix} ${i}` });
  };

  it('finds the created tag past the first page of a search that matches many names', async () => {
    addTagsNamed('Customer', 120);
    sim.setFaults([{ kind: 'status', status: 500, method: 'POST', pathIncludes: '/tags', afterProcessing: true }]);
    const tag = await createTagOnce(client(), INBOX, { name: 'Customer' }, { priority: 'user' });
    assert.equal(named('Customer').length, 1);
    assert.equal(tag.id, String(named('Customer')[0].id));
    const searches = requests('GET', 'tags/search');
    assert.equal(searches.length, 2, 'both pages of 100');
    assert.equal(searches[1].query.next_page !== undefined, true, 'the second follows the first one\'s next_page');
    assert.equal(requests('POST', 'tags').length, 1);
  });

  it('says it could not confirm, not "not there", when the search has more pages than it reads', async () => {
    addTagsNamed('Customer', MAX_SEARCH_PAGES * 100 + 1);
    sim.setFaults([{ kind: 'status', status: 500, method: 'POST', pathIncludes: '/tags' }]);
    const error = await rejectsWith(createTagOnce(client(), INBOX, { name: 'Customer' }), TagMaybeCreatedError);
    assert.equal(error.notThere, false, 'the pages ran out before an answer');
    assert.equal(requests('GET', 'tags/search').length, MAX_SEARCH_PAGES);
  });

  it('a refusal that cannot have created it (400) is passed on without re-reading', async () => {
    sim.setFaults([{ kind: 'status', status: 400, method: 'POST', pathIncludes: '/tags' }]);
    await rejectsWith(createTagOnce(client(), INBOX, { name: 'Escalated' }), BadRequestError);
    assert.equal(requests('GET', 'tags/search').length, 0);
  });
});
