// The disk cache (src/model/modelCache.ts, cacheFormat.ts) in plain Node against the
// simulator: a model rebuilt from the file sends nothing, accounts never see each other's
// data, a corrupt or oversized file is discarded quietly, the size bound, and the age rule.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HiverModel, INBOXES } from '../../src/model/hiverModel';
import { HiverClient } from '../../src/hiver/client';
import { mostPages } from '../../src/model/pagedCollection';
import { ModelCache, type CacheAccount } from '../../src/model/modelCache';
import { DEMO_KEY, startSimulator, type Simulator } from '../simulator';
import { listRequests } from './modelHelpers';
import { FakeClock, testTransport } from './transportHelpers';

const USERS = { kind: 'users', inboxId: '101' } as const;
const TAGS = { kind: 'tags', inboxId: '101' } as const;
const CONVERSATIONS = { kind: 'conversations', inboxId: '101' } as const;
const OTHER_KEY = 'another-accounts-key';

describe('disk cache', function () {
  this.timeout(20_000);
  let sim: Simulator;
  let folder: string;
  let logs: string[];
  const caches: ModelCache[] = [];

  before(async () => {
    sim = await startSimulator({ dataset: 'demo', minGapMs: 0, keys: [DEMO_KEY, OTHER_KEY] });
  });
  beforeEach(() => {
    sim.reset();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hiver-cache-test-'));
    logs = [];
  });
  afterEach(() => {
    for (const cache of caches.splice(0)) cache.dispose();
    fs.rmSync(folder, { recursive: true, force: true });
  });
  after(() => sim.close());

  const account = (key = DEMO_KEY, baseUrl = sim.url): CacheAccount => ({ key, baseUrl });

  /** A model with its disk cache, as the session makes them. */
  function open(acc: CacheAccount | undefined = account(), options: { maxBytes?: number; restore?: boolean; clock?: FakeClock } = {}): { model: HiverModel; cache: ModelCache } {
    const model = new HiverModel(new HiverClient(testTransport(sim, { apiKey: acc?.key ?? DEMO_KEY })), () => 10);
    const log = { info: (m: string) => logs.push(`info ${m}`), warn: (m: string) => logs.push(`warn ${m}`) };
    const cache = new ModelCache(model, { folder, log, debounceMs: 20, maxBytes: options.maxBytes, clock: options.clock });
    caches.push(cache);
    cache.use(acc, { restore: options.restore ?? true });
    return { model, cache };
  }

  /** Inboxes, two pages of users, tags and conversations of inbox 101, and one conversation read singly. */
  async function loadSome(model: HiverModel): Promise<string> {
    await model.ensureLoaded(INBOXES);
    await model.ensureLoaded(USERS);
    await model.loadNextPage(USERS);
    await model.ensureLoaded(TAGS);
    await model.ensureLoaded(CONVERSATIONS);
    const id = model.list({ kind: 'conversations', inboxId: '101' }).items[0].id;
    model.rememberDetail('101', await model.client.getConversation('101', id));
    return id;
  }

  /** A window that loaded some data (`loadSome`), then reloaded: its model restored from the file, the request log cleared. */
  async function reloadedAfterLoadingSome(): Promise<HiverModel> {
    const first = open();
    await loadSome(first.model);
    first.cache.dispose();
    const { model } = open();
    sim.log.length = 0;
    return model;
  }

  const files = () => fs.readdirSync(folder);
  const tick5 = () => new Promise((resolve) => setTimeout(resolve, 5));

  /** Runs `test` against the hostile dataset (two inboxes "101" and "101/users", payloads in every field), then back to demo. */
  async function withHostileData(test: () => Promise<void>): Promise<void> {
    sim.configure({ dataset: 'hostile' });
    sim.reset();
    try {
      await test();
    } finally {
      sim.configure({ dataset: 'demo' });
      sim.reset();
    }
  }

  it('rebuilds the model from the file with no request: every list, its pages and its age, and the single reads', async () => {
    const first = open();
    const conversationId = await loadSome(first.model);
    const before = first.model.snapshot();
    const fetchedAt = first.model.freshness(USERS)!.fetchedAt;
    first.cache.dispose(); // a window reload: the pending write is flushed on the way out
    assert.deepEqual(files().filter((f) => f.endsWith('.tmp')), [], 'no temp file left');
    assert.ok(!fs.readFileSync(path.join(folder, files()[0]), 'utf8').includes(DEMO_KEY), 'the key is not in the file');
    assert.ok(!files()[0].includes(DEMO_KEY), 'nor in its name');

    sim.log.length = 0;
    const { model } = open();
    assert.deepEqual(sim.log, [], 'no request');
    assert.deepEqual(model.snapshot(), before, 'the same lists, items, tokens, page counts and details');
    assert.deepEqual(model.freshness(USERS), { fetchedAt, cached: true });
    assert.equal(model.list(USERS).pagesLoaded, 2);
    assert.ok(model.detail('101', conversationId)?.messageIds.length, 'the single read keeps its message ids');

    // Load more goes on from the cached token: the third page, one request.
    await model.loadNextPage(USERS);
    assert.equal(listRequests(sim, USERS).length, 1);
    assert.equal(model.list(USERS).size, 30);
  });

  it('reads hostile API text back exactly as Hiver sent it (the hostile dataset, every field a payload)', () =>
    withHostileData(async () => {
      const first = open();
      await first.model.ensureLoaded(INBOXES);
      for (const inbox of first.model.inboxes.items) {
        for (const kind of ['users', 'tags', 'conversations'] as const) await first.model.loadRest({ kind, inboxId: inbox.id });
      }
      const before = first.model.snapshot();
      first.cache.dispose();
      const { model } = open();
      assert.deepEqual(model.snapshot(), before);
      assert.ok(before.lists.length >= 10, `${before.lists.length} lists`);
    }));

  it("keeps two inboxes' single reads apart when their ids would join into one key", () =>
    // Conversation "users/5" of inbox "101" and "5" of inbox "101/users" once shared the key
    // "101/users/5", so one showed the other's data.
    withHostileData(async () => {
      const first = open();
      await first.model.ensureLoaded(INBOXES);
      const read = async (inboxId: string) => {
        await first.model.ensureLoaded({ kind: 'conversations', inboxId });
        return first.model.client.getConversation(inboxId, first.model.list({ kind: 'conversations', inboxId }).items[0].id);
      };
      const inFirst = { ...(await read('101')), id: 'users/5' };
      const inSecond = { ...(await read('101/users')), id: '5' };
      assert.notDeepEqual(inFirst.messageIds, inSecond.messageIds, 'two different conversations');
      first.model.rememberDetail('101', inFirst);
      first.model.rememberDetail('101/users', inSecond);
      assert.deepEqual(first.model.detail('101', 'users/5'), inFirst);
      assert.deepEqual(first.model.detail('101/users', '5'), inSecond);

      first.cache.dispose();
      const { model } = open();
      assert.deepEqual(model.detail('101', 'users/5'), inFirst, 'restored apart');
      assert.deepEqual(model.detail('101/users', '5'), inSecond);
    }));

  it('keeps accounts and API URLs apart: another key or URL never sees the data', async () => {
    const first = open();
    await loadSome(first.model);
    first.cache.dispose();
    assert.equal(files().length, 1);

    const otherKey = open(account(OTHER_KEY));
    assert.equal(otherKey.model.inboxes.loaded, false, 'another key: nothing restored');
    const otherUrl = open(account(DEMO_KEY, sim.url.replace('127.0.0.1', 'localhost')));
    assert.equal(otherUrl.model.inboxes.loaded, false, 'another API URL: nothing restored');

    // A file renamed to another account's name is still not that account's.
    const mine = path.join(folder, files()[0]);
    const other = open(account(OTHER_KEY), { restore: false }).cache.fileOf(account(OTHER_KEY));
    fs.copyFileSync(mine, other);
    const renamed = open(account(OTHER_KEY));
    assert.equal(renamed.model.inboxes.loaded, false);
    assert.ok(!fs.existsSync(other), 'the foreign file was discarded');
    assert.ok(logs.some((line) => line.startsWith('warn discarded the disk cache') && line.includes('account')), logs.join('\n'));

    // Key removed: its file is deleted.
    const again = open();
    assert.equal(again.model.inboxes.loaded, true);
    again.cache.use(undefined, { forgetPrevious: true });
    assert.ok(!fs.existsSync(mine));
  });

  it('discards a corrupt file without an error: not JSON, a truncated write, or one bad item', async () => {
    const first = open();
    await loadSome(first.model);
    first.cache.dispose();
    const file = path.join(folder, files()[0]);
    const good = fs.readFileSync(file, 'utf8');
    const badItem = good.replace(/"status":"[a-z]+"/, '"status":42');
    assert.notEqual(badItem, good);
    for (const [what, text] of [
      ['not JSON', 'garbage{'],
      ['truncated', good.slice(0, good.length / 2)],
      ['a wrong type in one item', badItem],
      ['another version', good.replace('"version":1', '"version":99')],
    ]) {
      logs = [];
      fs.writeFileSync(file, text);
      sim.log.length = 0;
      const { model } = open();
      assert.equal(model.inboxes.loaded, false, what);
      assert.equal(model.list(USERS).loaded, false, what);
      assert.ok(!fs.existsSync(file), `${what}: the file is deleted`);
      assert.equal(logs.filter((line) => line.startsWith('warn discarded the disk cache')).length, 1, `${what}: logged once\n${logs.join('\n')}`);
      assert.deepEqual(sim.log, []);
    }
  });

  it('stays within its size bound: conversation lists go first, the inbox list stays; a bigger file is not read', async () => {
    const unbounded = open();
    await loadSome(unbounded.model);
    unbounded.cache.dispose();
    const file = path.join(folder, files()[0]);
    const full = fs.statSync(file).size;
    const conversationsBytes = JSON.stringify(unbounded.model.list(CONVERSATIONS).items).length;
    fs.rmSync(file);

    // Room for everything but the conversations.
    const bound = full - Math.floor(conversationsBytes / 2);
    const bounded = open(account(), { maxBytes: bound });
    await loadSome(bounded.model);
    bounded.cache.dispose();
    assert.ok(fs.statSync(file).size <= bound, `${fs.statSync(file).size} > ${bound}`);
    const { model } = open(account(), { maxBytes: bound });
    assert.equal(model.list(CONVERSATIONS).loaded, false, 'the conversations were left out');
    assert.equal(model.list(USERS).size, 20, 'the users were kept');
    assert.ok(model.inboxes.loaded);
    assert.ok(logs.some((line) => line.includes('left out 1 lists')), logs.join('\n'));

    // A file over the bound (not one we wrote) is discarded unread.
    logs = [];
    fs.writeFileSync(file, ' '.repeat(bound + 1));
    const oversized = open(account(), { maxBytes: bound });
    assert.equal(oversized.model.inboxes.loaded, false);
    assert.ok(!fs.existsSync(file));
    assert.ok(logs.some((line) => line.includes('larger than')), logs.join('\n'));
  });

  it('re-reads cached data only once it is older than the setting: in the background, as many pages, replacing the copy', async () => {
    const model = await reloadedAfterLoadingSome();

    await model.revalidateIfStale(USERS, 60 * 60_000);
    assert.deepEqual(sim.log, [], 'younger than an hour: no request');

    // A user renamed on the server meanwhile: the re-read shows it.
    const user = sim.state.users['101'][0] as { first_name: string };
    user.first_name = 'Renamed';
    await model.revalidateIfStale(USERS, 0);
    assert.equal(listRequests(sim, USERS).length, 2, 'the two pages it had');
    assert.equal(model.list(USERS).pagesLoaded, 2);
    assert.equal(model.list(USERS).items[0].firstName, 'Renamed');
    assert.equal(model.freshness(USERS)?.cached, false, 'no longer marked cached');
    await model.revalidateIfStale(USERS, 0);
    assert.equal(listRequests(sim, USERS).length, 2, 'fresh data is not re-read');

    // A failed re-read keeps the cached rows and is not the list's error.
    sim.setFaults([{ kind: 'status', status: 500, pathIncludes: '/tags', count: Infinity }]);
    const tags = model.list(TAGS).items;
    await model.revalidateIfStale(TAGS, 0);
    assert.deepEqual(model.list(TAGS).items, tags);
    assert.equal(model.list(TAGS).error, undefined);
    assert.equal(model.freshness(TAGS)?.cached, true);
    sim.clearFaults();

    // Refresh forces fresh data at once, whatever its age.
    model.refresh(CONVERSATIONS);
    assert.equal(model.freshness(CONVERSATIONS), undefined);
    sim.log.length = 0;
    await model.ensureLoaded(CONVERSATIONS);
    assert.equal(listRequests(sim, CONVERSATIONS).length, 1);
    assert.equal(model.freshness(CONVERSATIONS)?.cached, false);
  });

  it('re-reads only the pages the cache gave: pages loaded on since the restore stay, and are not read again', async () => {
    const model = await reloadedAfterLoadingSome();
    await model.loadNextPage(USERS);
    await model.loadNextPage(USERS);
    assert.equal(listRequests(sim, USERS).length, 2, 'two pages loaded on from the cached token');
    const loadedOn = model.list(USERS).items.slice(20).map((u) => u.id);
    const nextPage = model.list(USERS).nextPage;
    assert.equal(model.freshness(USERS)?.cached, true, 'still part cached');

    const user = sim.state.users['101'][0] as { first_name: string };
    user.first_name = 'Renamed';
    await model.revalidateIfStale(USERS, 0);
    assert.equal(listRequests(sim, USERS).length, 4, 'the two cached pages, not the two just read');
    const list = model.list(USERS);
    assert.equal(list.items[0].firstName, 'Renamed');
    assert.deepEqual(list.items.slice(20).map((u) => u.id), loadedOn, 'the rows loaded since stay, after the re-read ones');
    assert.equal(list.size, 40);
    assert.equal(list.pagesLoaded, 4);
    assert.equal(list.nextPage, nextPage, 'Load more goes on where it was');
    assert.equal(model.freshness(USERS)?.cached, false);
  });

  it('a re-read keeps what changed here while its pages were read: a row changed, a row watching added, a new tag', async () => {
    const first = open();
    await first.model.ensureLoaded(INBOXES);
    for (const ref of [CONVERSATIONS, TAGS]) {
      await first.model.ensureLoaded(ref);
      await first.model.loadNextPage(ref);
    }
    first.cache.dispose();
    const { model } = open();
    sim.log.length = 0;
    const changed = model.list(CONVERSATIONS).items[0];
    const status = changed.status === 'closed' ? 'open' : 'closed';
    /** Resolves once the simulator has seen `count` requests to `path`. */
    const arrived = async (path: string, count: number) => {
      while (sim.log.filter((entry) => entry.path === path).length < count) await new Promise((resolve) => setTimeout(resolve, 5));
    };

    // Each GET of the inbox's conversations hangs a while: the re-read's two pages, and the
    // page (as watching reads it) that finds a new one between them. The user's work, and
    // the watcher's poll, go before the re-read's page 2.
    sim.setFaults([{ kind: 'hang', ms: 300, count: 3, method: 'GET', pathIncludes: '/101/conversations' }]);
    const rereading = model.revalidateIfStale(CONVERSATIONS, 0);
    await arrived('/v1/inboxes/101/conversations', 1);
    const newest = sim.addConversation('101');
    const polling = model.client.listConversations('101', { limit: 10, sortBy: 'id', sortOrder: 'desc' }, { priority: 'background' });
    await model.client.updateConversation('101', changed.id, { status }, { priority: 'user' });
    // What ConversationActions.store and watching do with the answers.
    model.noteLearned(changed.id);
    model.upsert(CONVERSATIONS, { ...changed, status });
    const [arrival] = (await polling).items;
    assert.equal(arrival.id, String(newest.id));
    model.prepend(CONVERSATIONS, [arrival]);
    await rereading;
    assert.equal(listRequests(sim, CONVERSATIONS).length, 3, 'the two pages it had, and the poll');
    assert.equal(model.freshness(CONVERSATIONS)?.cached, false);
    const rows = model.list(CONVERSATIONS).items;
    assert.equal(rows.find((c) => c.id === changed.id)?.status, status, 'the change made here stays');
    assert.equal(rows[0].id, arrival.id, "watching's new row stays on top");

    // A tag created while the tags are re-read stays at their end.
    sim.setFaults([{ kind: 'hang', ms: 300, count: 2, method: 'GET', pathIncludes: '/101/tags' }]);
    const tagsRereading = model.revalidateIfStale(TAGS, 0);
    await arrived('/v1/inboxes/101/tags', 1);
    const created = await model.client.createTag('101', { name: 'Created meanwhile' }, { priority: 'user' });
    model.upsert(TAGS, created);
    await tagsRereading;
    assert.equal(model.freshness(TAGS)?.cached, false);
    assert.equal(model.list(TAGS).items.at(-1)?.id, created.id, 'the new tag stays');
    assert.equal(model.list(TAGS).size, 21);
  });

  it('reads a time ahead of the clock (a clock since set back, an edited file) as long ago: re-read, and never the fresher copy', async () => {
    const first = open();
    await first.model.ensureLoaded(INBOXES);
    await first.model.ensureLoaded(USERS);
    first.cache.dispose();
    const file = path.join(folder, files()[0]);
    const saved = fs.readFileSync(file, 'utf8');
    /** The file as a window whose clock ran a day ahead wrote it, its first user renamed since. */
    const writeAhead = () => {
      const body = JSON.parse(saved) as { savedAt: number; lists: { kind: string; fetchedAt: number; items: { first_name?: string }[] }[] };
      const ahead = Date.now() + 24 * 60 * 60_000;
      body.savedAt = ahead;
      const users = body.lists.find((list) => list.kind === 'users')!;
      users.fetchedAt = ahead;
      users.items[0].first_name = 'Ahead';
      fs.writeFileSync(file, JSON.stringify(body));
    };

    // Another window's write keeps its own fresh users, not the copy stamped ahead.
    writeAhead();
    const other = open(account(), { restore: false });
    await other.model.ensureLoaded(INBOXES);
    await other.model.ensureLoaded(USERS);
    other.cache.flush();
    assert.notEqual(open().model.list(USERS).items[0].firstName, 'Ahead', 'the fresh copy won the merge');

    // Restored, it counts as old: the re-read replaces it, however young the setting.
    writeAhead();
    const { model } = open();
    assert.equal(model.list(USERS).items[0].firstName, 'Ahead');
    assert.ok(model.freshness(USERS)!.fetchedAt <= Date.now(), 'not in the future');
    sim.log.length = 0;
    await model.revalidateIfStale(USERS, 60 * 60_000);
    assert.equal(listRequests(sim, USERS).length, 1, 're-read');
    assert.notEqual(model.list(USERS).items[0].firstName, 'Ahead');
  });

  it('bounds a page count read back by what its items could fill, so a re-read and a refresh stop there', async () => {
    const first = open();
    await first.model.ensureLoaded(INBOXES);
    await first.model.ensureLoaded(USERS);
    first.cache.dispose();
    // A damaged or edited file: one user left, and a page count no paging could reach.
    const file = path.join(folder, files()[0]);
    const body = JSON.parse(fs.readFileSync(file, 'utf8')) as { lists: { kind: string; pages: number; items: unknown[] }[] };
    const users = body.lists.find((list) => list.kind === 'users')!;
    users.items = users.items.slice(0, 1);
    users.pages = Number.MAX_SAFE_INTEGER;
    fs.writeFileSync(file, JSON.stringify(body));

    const { model } = open();
    const bound = mostPages(1);
    assert.ok(bound < sim.state.users['101'].length / 10, 'the inbox has more pages than the bound');
    assert.equal(model.list(USERS).pagesLoaded, bound);
    sim.log.length = 0;
    await model.revalidateIfStale(USERS, 0);
    assert.equal(listRequests(sim, USERS).length, bound, 'the re-read');
    model.refresh(USERS);
    sim.log.length = 0;
    await model.ensureLoaded(USERS);
    assert.equal(listRequests(sim, USERS).length, bound, 'the refresh');
  });

  it('two windows of one account keep each other\'s lists: each write adds what the other saved, the fresher copy of a list wins', async () => {
    const a = open();
    const b = open();
    await a.model.ensureLoaded(INBOXES);
    await a.model.ensureLoaded(USERS);
    a.cache.flush();
    await b.model.ensureLoaded(TAGS);
    await b.model.ensureLoaded(USERS); // fresher than a's copy
    b.cache.flush();
    await a.model.ensureLoaded(CONVERSATIONS);
    a.cache.flush(); // the last writer: without merging, b's tags would be lost

    sim.log.length = 0;
    const { model } = open();
    for (const list of [INBOXES, USERS, TAGS, CONVERSATIONS]) assert.ok(model.list(list).items.length > 0, `${JSON.stringify(list)} restored`);
    assert.equal(model.freshness(USERS)!.fetchedAt, b.model.freshness(USERS)!.fetchedAt, "b's fresher users");
    assert.deepEqual(sim.log, [], 'no request');
  });

  it("keeps a change confirmed here over another window's older copy of the row, though its list was read later", async () => {
    // Window a reads the conversations, then window b (its copy of the list is the later one).
    const a = open();
    await a.model.ensureLoaded(INBOXES);
    await a.model.ensureLoaded(CONVERSATIONS);
    a.cache.flush();
    await tick5();
    const b = open(account(), { restore: false });
    await b.model.ensureLoaded(INBOXES);
    await b.model.ensureLoaded(CONVERSATIONS);
    b.cache.flush();
    await tick5();

    // In a, the user changes a row: Hiver confirms it, and a stores it as ConversationActions.store does.
    const row = a.model.list(CONVERSATIONS).items[0];
    const status = row.status === 'closed' ? 'open' : 'closed';
    await a.model.client.updateConversation('101', row.id, { status }, { priority: 'user' });
    a.model.noteLearned(row.id);
    a.model.upsert(CONVERSATIONS, { ...row, status });
    a.cache.flush();
    // b writes again, still holding the old row.
    await b.model.ensureLoaded(TAGS);
    b.cache.flush();

    // a reloads: its change, not b's older copy; and still b's later list (its age, its pages).
    const reloaded = open().model;
    assert.equal(reloaded.list(CONVERSATIONS).get(row.id)?.status, status, 'the change made here stays');
    assert.equal(reloaded.freshness(CONVERSATIONS)!.fetchedAt, b.model.freshness(CONVERSATIONS)!.fetchedAt);
    assert.deepEqual(reloaded.list(CONVERSATIONS).items.map((c) => c.id), b.model.list(CONVERSATIONS).items.map((c) => c.id));
    const saved = reloaded.snapshot().lists.find((list) => list.kind === 'conversations');
    assert.ok(saved?.learned?.has(row.id), "the reloaded window's own writes still say the row is newer");

    // A read after the change is newer still: b reads the list again, someone changed the row back.
    await tick5();
    sim.state.conversations.find((c) => String(c.id) === row.id)!.status = row.status;
    b.model.refresh(CONVERSATIONS);
    await b.model.ensureLoaded(CONVERSATIONS);
    b.cache.flush();
    assert.equal(open().model.list(CONVERSATIONS).get(row.id)?.status, row.status, "b's later read wins");
  });

  it('discards a file whose rows\' change times are not what it writes: a wrong type, an unknown row, too many', async () => {
    const { model, cache } = open();
    await model.ensureLoaded(INBOXES);
    await model.ensureLoaded(CONVERSATIONS);
    const row = model.list(CONVERSATIONS).items[0];
    await tick5();
    model.noteLearned(row.id);
    model.upsert(CONVERSATIONS, { ...row });
    cache.flush();
    const file = path.join(folder, files()[0]);
    const good = fs.readFileSync(file, 'utf8');
    assert.ok(good.includes(`"learned":[["${row.id}",`), good.slice(0, 300));
    const ids = model.list(CONVERSATIONS).items.map((c) => c.id);
    const withLearned = (learned: unknown) => {
      const body = JSON.parse(good) as { lists: { kind: string; learned?: unknown }[] };
      body.lists.find((list) => list.kind === 'conversations')!.learned = learned;
      return JSON.stringify(body);
    };
    for (const [what, text] of [
      ['not a list', withLearned({ [row.id]: 1 })],
      ['not a time', withLearned([[row.id, 'soon']])],
      ['not a row of the list', withLearned([['no-such-row', 1]])],
      ['more than its rows', withLearned([...ids, ...ids].map((id) => [id, 1]))],
    ]) {
      fs.writeFileSync(file, text);
      assert.equal(open().model.list(CONVERSATIONS).loaded, false, what);
      assert.ok(!fs.existsSync(file), `${what}: the file is deleted`);
    }
    // A file without them (as written before) reads as it did.
    fs.writeFileSync(file, withLearned(undefined));
    assert.equal(open().model.list(CONVERSATIONS).size, ids.length);
  });

  it('writes once per burst of changes, atomically', async () => {
    // The wait is timed by a fake clock: the loads take no time on it, however busy the machine.
    const clock = new FakeClock();
    const { model } = open(account(), { clock });
    await model.ensureLoaded(INBOXES);
    await model.ensureLoaded(USERS);
    await clock.advance(19);
    assert.deepEqual(files(), [], 'not yet: 19 ms after the first change');
    await clock.advance(1);
    assert.equal(clock.nextWake(), undefined, 'one write for the burst, none pending');
    assert.equal(files().length, 1);
    assert.match(files()[0], /^cache-[0-9a-f]{32}\.json$/);
    const written = JSON.parse(fs.readFileSync(path.join(folder, files()[0]), 'utf8')) as { lists: { kind: string }[] };
    assert.deepEqual(written.lists.map((l) => l.kind), ['inboxes', 'users']);
  });
});
