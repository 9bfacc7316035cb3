// Property tests of paging: the paging rule (PagedCollection.appendPage) and the model's one
// page loop (HiverModel.loadRest) over real HTTP, against servers that answer random token
// sequences (loops, repeats, empty pages, ids as numbers or strings, broken envelopes). Paging
// throws nothing but typed errors and always stops: the requests are bounded by what the
// server can offer that is new. The seed is fixed; fast-check prints it with a counterexample.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HiverError, PagingLoopError } from '../../src/hiver/errors';
import { MAX_EMPTY_PAGES_IN_A_ROW, PagedCollection } from '../../src/model/pagedCollection';
import { testModel } from './modelHelpers';
import { startScriptedServer, type ScriptedServer } from './scriptedServer';

const SEED = 20_240_808;

/** Items from a small pool (so pages repeat them), ids as numbers or strings. */
const ITEM_POOL = 6;
const TOKEN_POOL = 5;
const itemId = fc.nat({ max: ITEM_POOL - 1 });
const tokenOf = fc.oneof({ weight: 4, arbitrary: fc.nat({ max: TOKEN_POOL - 1 }).map((n) => `t${n}`) }, { weight: 1, arbitrary: fc.constantFrom(null, '', undefined) });
/** A scripted server: the page for the n-th request, cycling through the script. */
const script = fc.array(fc.record({ ids: fc.array(itemId, { maxLength: 4 }), next: tokenOf, numeric: fc.boolean() }), { minLength: 1, maxLength: 12 });

/** The most pages paging may take from a pool of `items`: each needs a new item, or is one of a short run of empty pages. */
const pageBound = (items: number) => (items + 1) * MAX_EMPTY_PAGES_IN_A_ROW;

describe('paging (property)', function () {
  this.timeout(20_000);

  it('appendPage over any page sequence: pages kept, or PagingLoopError; never more pages than the pool allows', () => {
    fc.assert(
      fc.property(script, fc.boolean(), (pages, freshTokens) => {
        const list = new PagedCollection<{ id: string }>();
        let accepted = 0;
        // Follow the script forever (with fresh tokens: an endless server); paging must stop by itself.
        for (let n = 0; n < 1000; n++) {
          const page = pages[n % pages.length];
          const next = freshTokens && page.next ? `${page.next}-${n}` : (page.next ?? undefined);
          try {
            list.appendPage({ items: page.ids.map((id) => ({ id: String(id) })), nextPage: next ?? undefined });
          } catch (error) {
            assert.ok(error instanceof PagingLoopError, `threw ${String(error)}`);
            break;
          }
          accepted++;
          if (!list.hasMore) break;
        }
        assert.ok(accepted <= pageBound(ITEM_POOL), `${accepted} pages accepted`);
        assert.ok(list.size <= ITEM_POOL);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  describe('HiverModel.loadRest over real HTTP', () => {
    let server: ScriptedServer;
    before(async () => {
      server = await startScriptedServer();
    });
    after(() => server.close());

    it('resolves or throws a typed HiverError, with bounded requests, whatever tokens and pages the server sends', async () => {
      const envelope = fc.constantFrom('top', 'data', 'broken');
      await fc.assert(
        fc.asyncProperty(script, fc.boolean(), envelope, async (pages, freshTokens, shape) => {
          let n = 0;
          server.answer(() => {
            const page = pages[n % pages.length];
            const next = freshTokens && page.next ? `${page.next}-${n}` : page.next;
            n++;
            const results = page.ids.map((id) => ({ id: page.numeric ? id : `u${id}`, first_name: 'A', email: `a${id}@x.example` }));
            const inner = { results, pagination: { next_page: next } };
            const body = shape === 'top' ? inner : shape === 'data' ? { data: inner } : { data: { results: 'none' } };
            return { body: JSON.stringify(body) };
          });
          const model = testModel(server, { retryPolicy: { maxRetries: 0 } });
          const ref = { kind: 'users', inboxId: '101' } as const;
          try {
            await model.loadRest(ref);
            assert.equal(model.list(ref).hasMore, false, 'resolved only at the end of the list');
          } catch (error) {
            assert.ok(error instanceof HiverError, `threw ${String(error)}`);
          }
          assert.ok(server.requests <= pageBound(2 * ITEM_POOL) + 1, `${server.requests} requests`);
        }),
        { seed: SEED, numRuns: 80 },
      );
    });
  });
});
