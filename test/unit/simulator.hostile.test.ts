// The simulator's 'hostile' dataset: payloads in every string field, ids that would forge tree
// rows, and the canary endpoint that logs any rendered image or link. Read through the real client.
import assert from 'node:assert/strict';
import { HiverClient } from '../../src/hiver/client';
import { buildDataset, COLLIDING_IDS, HOSTILE_INBOX_IDS, hostilePayloads, hostileUrls, startSimulator, type Simulator } from '../simulator';
import { testTransport } from './transportHelpers';

/** Every string leaf of a value with its path, e.g. ['inboxes[0].display_name', '…']. */
function stringLeaves(value: unknown, path: string, out: [string, string][] = []): [string, string][] {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => stringLeaves(v, `${path}[${i}]`, out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) stringLeaves(v, `${path}.${k}`, out);
  return out;
}

// Fields that must stay usable: ids the API puts in paths or cross-references, the key owner's
// email (the notes' author), and note dates (a bad date is another test: a malformed answer).
const SANE = /(^|\.)(id|assignee_id|inbox_ids\[\d+\]|tag_ids\[\d+\]|conversation_id|parent_note_id|created_at)$|^state\.keyOwner\.email$|\.author\.email$|^state\.users\.[^.]+\[0\]\.email$/;
/** Half the statuses and a quarter of the colours are valid on purpose (actions and swatches need some). */
const validOnPurpose = (path: string, value: string) =>
  (path.endsWith('.status') && ['open', 'pending', 'closed'].includes(value)) || (path.endsWith('.color_code') && value === '#e57373');

describe('simulator: hostile dataset', function () {
  this.timeout(20_000);
  const canary = 'http://127.0.0.1:1/__sim/canary';
  const payloads = hostilePayloads(canary);
  const urls = hostileUrls(canary);

  it('puts a payload in every string field of every object, and uses every payload', () => {
    const leaves = stringLeaves(buildDataset('hostile', { canaryUrl: canary }), 'state');
    const plain = leaves.filter(([path, value]) => !SANE.test(path) && !validOnPurpose(path, value) && !payloads.some((p) => value.includes(p)) && !urls.includes(value));
    assert.deepEqual(plain, [], 'fields without a payload');
    for (const payload of payloads) assert.ok(leaves.some(([, value]) => value.includes(payload)), `unused payload ${payload.slice(0, 40)}`);
    for (const url of urls) assert.ok(leaves.some(([, value]) => value === url), `unused URL ${url}`);
  });

  it('holds ids that would collide with tree rows if joined naively', () => {
    const state = buildDataset('hostile', { canaryUrl: canary });
    assert.deepEqual(state.inboxes.map((i) => i.id), HOSTILE_INBOX_IDS);
    const first = HOSTILE_INBOX_IDS[0];
    for (const id of COLLIDING_IDS) {
      assert.ok(state.users[first].some((u) => u.id === id), `user ${id}`);
      assert.ok(state.tags[first].some((t) => t.id === id), `tag ${id}`);
    }
    assert.ok(state.conversations.some((c) => c.assignee && typeof c.assignee.assignee_id === 'string'), 'an assignee with a non-numeric id');
  });

  describe('served', () => {
    let sim: Simulator;
    before(async () => {
      sim = await startSimulator({ dataset: 'tiny', minGapMs: 0 });
    });
    after(() => sim.close());

    it('is selected at run time through the control endpoint, and names its own canary URL', async () => {
      const post = (path: string, body?: unknown) => fetch(`${sim.origin}/__sim/${path}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
      assert.equal((await post('config', { dataset: 'hostile' })).status, 200);
      assert.equal((await post('reset')).status, 200);
      assert.deepEqual(sim.state.inboxes.map((i) => i.id), HOSTILE_INBOX_IDS);
      const leaves = stringLeaves(sim.state, 'state').map(([, value]) => value);
      assert.ok(leaves.some((value) => value.includes(`${sim.origin}/__sim/canary/markdown-image`)));
    });

    it('reads back through the client: every list of every inbox, paged by 10 over non-numeric ids, and each conversation by id', async () => {
      sim.configure({ dataset: 'hostile' });
      sim.reset();
      const client = new HiverClient(testTransport(sim));
      const all = async <T extends { id: string }>(read: (next?: string) => Promise<{ items: T[]; nextPage?: string }>): Promise<string[]> => {
        const ids: string[] = [];
        let next: string | undefined;
        do {
          const page = await read(next);
          ids.push(...page.items.map((item) => item.id));
          next = page.nextPage;
        } while (next);
        return ids;
      };
      const inboxes = await all((next) => client.listInboxes({ limit: 10, nextPage: next }));
      assert.deepEqual(inboxes.sort(), [...HOSTILE_INBOX_IDS].sort());
      for (const inboxId of inboxes) {
        const users = await all((next) => client.listUsers(inboxId, { limit: 10, nextPage: next }));
        assert.deepEqual(users.sort(), sim.state.users[inboxId].map((u) => u.id).sort(), `users of ${inboxId}`);
        const tags = await all((next) => client.listTags(inboxId, { limit: 10, nextPage: next }));
        assert.deepEqual(tags.sort(), sim.state.tags[inboxId].map((t) => t.id).sort(), `tags of ${inboxId}`);
        const conversations = await all((next) => client.listConversations(inboxId, { limit: 10, nextPage: next }));
        assert.equal(conversations.length, 13);
        const detail = await client.getConversation(inboxId, conversations[0]);
        assert.equal(detail.id, conversations[0]);
      }
    });

    it('logs every request to /__sim/canary… until reset', async () => {
      await fetch(`${sim.origin}/__sim/canary/html-image`);
      const { hits } = (await (await fetch(`${sim.origin}/__sim/canaries`)).json()) as { hits: { path: string }[] };
      assert.deepEqual(hits.map((h) => h.path), ['/__sim/canary/html-image']);
      assert.equal(sim.log.filter((e) => e.path.includes('canary')).length, 0, 'not an API request');
      sim.reset();
      assert.equal(sim.canaryHits.length, 0);
    });
  });
});
