// Paging: limit clamping, the all-pages iterator against the simulator, and loop detection.
import assert from 'node:assert/strict';
import { HiverClient } from '../../src/hiver/client';
import { CancelledError, PagingLoopError } from '../../src/hiver/errors';
import type { Page } from '../../src/hiver/models';
import { allPages, clampLimit } from '../../src/hiver/paging';
import { startSimulator, type Simulator } from '../simulator';
import { rejectsWith, testTransport } from './transportHelpers';

type Item = { id: string };

async function collect<T extends Item>(pages: AsyncGenerator<Page<T>>): Promise<Page<T>[]> {
  const out: Page<T>[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

/** A fake server: answers the pages in `script` by the token asked for. */
function scripted(script: Record<string, Page<Item>>) {
  const asked: (string | undefined)[] = [];
  const fetchPage = async (token: string | undefined) => {
    asked.push(token);
    return script[token ?? 'first'];
  };
  return { fetchPage, asked };
}

const items = (...ids: string[]) => ids.map((id) => ({ id }));

describe('paging', () => {
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

  it('stops on a null, missing or empty next_page', async () => {
    for (const last of [undefined, '']) {
      const { fetchPage, asked } = scripted({ first: { items: items('1', '2'), nextPage: 'A' }, A: { items: items('3'), nextPage: last } });
      const pages = await collect(allPages(fetchPage));
      assert.deepEqual(pages.flatMap((p) => p.items.map((i) => i.id)), ['1', '2', '3']);
      assert.deepEqual(asked, [undefined, 'A']);
    }
  });

  it('stops at an empty page even if it carries a token', async () => {
    const { fetchPage, asked } = scripted({ first: { items: items('1'), nextPage: 'A' }, A: { items: [], nextPage: 'B' } });
    await collect(allPages(fetchPage));
    assert.deepEqual(asked, [undefined, 'A']);
  });

  it('throws PagingLoopError on a token seen before', async () => {
    const { fetchPage, asked } = scripted({ first: { items: items('1'), nextPage: 'A' }, A: { items: items('2'), nextPage: 'B' }, B: { items: items('3'), nextPage: 'A' } });
    const seen: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const page of allPages(fetchPage, { operation: 'listTags' })) seen.push(...page.items.map((i) => i.id));
      })(),
      (e: unknown) => e instanceof PagingLoopError && e.operation === 'listTags' && /budget/.test(e.message),
    );
    assert.deepEqual(seen, ['1', '2', '3']);
    assert.deepEqual(asked, [undefined, 'A', 'B']);
  });

  it('throws PagingLoopError on a page whose ids were all seen (new token, same items)', async () => {
    const { fetchPage, asked } = scripted({ first: { items: items('1', '2'), nextPage: 'A' }, A: { items: items('2', '1'), nextPage: 'B' } });
    await rejectsWith(collect(allPages(fetchPage)), PagingLoopError);
    assert.deepEqual(asked, [undefined, 'A']);
  });

  it('starts from firstToken and counts it as seen', async () => {
    const { fetchPage, asked } = scripted({ A: { items: items('5'), nextPage: 'A' } });
    await rejectsWith(collect(allPages(fetchPage, { firstToken: 'A' })), PagingLoopError);
    assert.deepEqual(asked, ['A']);
  });

  it('stops with CancelledError when the signal fires between pages', async () => {
    const controller = new AbortController();
    const { fetchPage, asked } = scripted({ first: { items: items('1'), nextPage: 'A' }, A: { items: items('2') } });
    const pages = allPages(fetchPage, { signal: controller.signal });
    await pages.next();
    controller.abort();
    await rejectsWith(pages.next(), CancelledError);
    assert.deepEqual(asked, [undefined]);
  });

  describe('against the simulator', function () {
    this.timeout(20_000);
    let sim: Simulator;
    before(async () => {
      sim = await startSimulator({ dataset: 'tiny', minGapMs: 0 });
    });
    beforeEach(() => sim.reset());
    after(() => sim.close());

    it('walks every page of an inbox with one request per page', async () => {
      const client = new HiverClient(testTransport(sim));
      const pages = await collect(allPages((nextPage) => client.listConversations('101', { limit: 10, nextPage })));
      const expected = sim.state.conversations.filter((c) => c.inbox_ids.includes('101')).length;
      const ids = pages.flatMap((p) => p.items.map((c) => c.id));
      assert.equal(ids.length, expected);
      assert.equal(new Set(ids).size, expected);
      assert.equal(sim.log.length, Math.ceil(expected / 10));
      assert.equal(pages.at(-1)!.nextPage, undefined);
    });

    it('stops a server that loops back to the first page after two requests', async () => {
      sim.setFaults([{ kind: 'pageLoop', count: -1 }]);
      const client = new HiverClient(testTransport(sim));
      await rejectsWith(collect(allPages((nextPage) => client.listConversations('101', { limit: 10, nextPage }), { operation: 'listConversations' })), PagingLoopError);
      assert.equal(sim.log.length, 2);
    });

    it('stops a server that hands back the token it was given', async () => {
      const client = new HiverClient(testTransport(sim));
      const first = await client.listConversations('101', { limit: 10 });
      sim.setFaults([{ kind: 'pageLoop', count: -1 }]);
      await rejectsWith(collect(allPages((nextPage) => client.listConversations('101', { limit: 10, nextPage }), { firstToken: first.nextPage })), PagingLoopError);
      assert.equal(sim.log.length, 2, 'one request for the first page, one before the loop was seen');
    });
  });
});
