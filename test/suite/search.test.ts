// Command-palette search and navigation against the simulator (demo dataset, inboxes 101-105):
// matching loaded data without requests, server search (one request per inbox, counted in the
// simulator's log), per-inbox errors, cancel, hostile input, Go to Inbox, Go to Conversation.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HiverExtensionApi } from '../../src/extension';
import type { FindResult } from '../../src/commands/search';
import type { GoToConversationResult } from '../../src/search/goToConversation';
import type { InboxUser, Tag } from '../../src/hiver/models';
import { searchServer } from '../../src/search/serverSearch';
import { requestsTo, signIn, sim, waitFor, type SimLogEntry } from './testUtils';
import { collapseView, sleep } from './treeHelpers';

const INBOX_IDS = ['101', '102', '103', '104', '105'];
const ADMIN = { id: '450001', email: 'admin@acme.example' };
const USER_SEARCH = /^\/v1\/inboxes\/[^/]+\/users\/search$/;
const TAG_SEARCH = /^\/v1\/inboxes\/[^/]+\/tags\/search$/;
const CONVERSATION_GET = /^\/v1\/inboxes\/[^/]+\/conversations\/[^/]+$/;

const inboxOf = (path: string) => /^\/v1\/inboxes\/([^/]+)\//.exec(path)?.[1];

/**
 * Requests the simulator accepted. A 429 is an attempt it refused unprocessed, which the
 * transport retries after a pause (the harness paces both sides at ~100 ms, so one can happen).
 */
async function accepted(pathPattern?: RegExp): Promise<SimLogEntry[]> {
  const entries = pathPattern ? await requestsTo(pathPattern) : await sim.log();
  return entries.filter((entry) => entry.status !== 429);
}

describe('search and navigation', function () {
  this.timeout(60_000);
  let api: HiverExtensionApi;

  const findUser = (args: object) => vscode.commands.executeCommand<FindResult>('hiver.findUser', args);
  const findTag = (args: object) => vscode.commands.executeCommand<FindResult>('hiver.findTag', args);
  const goToConversation = (reference: string) => vscode.commands.executeCommand<GoToConversationResult>('hiver.goToConversation', reference);

  /** A user of the inbox that no other inbox has (the dataset gives each inbox its own users). */
  async function ownUser(inboxId: string): Promise<{ id: string; email: string }> {
    const users = (await sim.inbox(inboxId)).users as { id: string; email: string }[];
    return users[users.length - 1];
  }

  before(async () => {
    await sim.reset();
    api = await signIn();
  });

  beforeEach(async () => {
    // Start from an empty model (other suites load data), with the inbox list loaded.
    await collapseView();
    api.session.model.clear();
    await api.session.model.ensureLoaded({ kind: 'inboxes' });
    await sim.clearLog();
  });

  afterEach(async () => {
    await sim.clearFaults();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  describe('Find User / Find Tag in loaded data', () => {
    it('matches loaded users in every inbox, keystroke by keystroke, without a request', async () => {
      await api.session.model.ensureLoaded({ kind: 'users', inboxId: '101' });
      await api.session.model.ensureLoaded({ kind: 'users', inboxId: '102' });
      await sim.clearLog();

      let result: FindResult | undefined;
      for (let length = 1; length <= ADMIN.email.length; length++) result = await findUser({ query: ADMIN.email.slice(0, length) });
      assert.ok(result);
      const admins = result.hits.filter((hit) => hit.item.id === ADMIN.id);
      assert.deepEqual(admins.map((hit) => hit.inbox.id).sort(), ['101', '102'], 'the admin is a member of both loaded inboxes');
      assert.deepEqual(admins.map((hit) => hit.inbox.displayName).sort(), ['Customer Support', 'Sales'], 'each hit names its inbox');
      assert.ok(admins.every((hit) => hit.paged), 'loaded hits are in the pages (the tree has rows for them)');
      assert.equal(result.hits[0].item.id, ADMIN.id, 'the exact email match comes first');

      const byName = await findUser({ query: 'avery adm' });
      assert.ok(byName?.hits.some((hit) => hit.item.id === ADMIN.id), 'a user is found by name too');
      assert.deepEqual(await sim.log(), [], 'matching loaded data sends no request');
    });

    it('matches loaded tags by part of their name, without a request', async () => {
      await api.session.model.ensureLoaded({ kind: 'tags', inboxId: '102' });
      await sim.clearLog();
      const result = await findTag({ query: 'PRIO' });
      assert.ok(result);
      const names = result.hits.map((hit) => (hit.item as Tag).name);
      assert.ok(names.includes('Priority'), `hits: ${names.join(', ')}`);
      assert.ok(result.hits.every((hit) => hit.inbox.id === '102' && (hit.item as Tag).name.toLowerCase().includes('prio')));
      assert.deepEqual(await sim.log(), []);
    });

    it('takes hostile text in the search box as plain text', async () => {
      await api.session.model.ensureLoaded({ kind: 'users', inboxId: '101' });
      await sim.clearLog();
      const script = await findUser({ query: '<script>' });
      assert.deepEqual(script?.hits.map((hit) => hit.item.id), ['450901'], 'the user whose name holds a script tag, and only that one');
      for (const query of ['.*', '(', '[a-z]+', '\\', '\u202E', '$(alert)', '%', "' OR 1=1 --"]) {
        const result = await findUser({ query });
        assert.ok(result, `no result for ${JSON.stringify(query)}`);
        for (const hit of result.hits) {
          const user = hit.item as InboxUser;
          const text = `${user.email} ${user.firstName} ${user.lastName}`.toLowerCase();
          assert.ok(text.includes(query.toLowerCase()), `${JSON.stringify(query)} matched ${user.email}, which does not contain it`);
        }
      }
      assert.deepEqual(await sim.log(), []);
    });
  });

  describe('Find User / Find Tag on the server', () => {
    it('asks every inbox exactly once, names the inbox of each hit, and remembers it beside the pages', async () => {
      const target = await ownUser('105');
      const result = await findUser({ query: target.email, scope: 'server' });
      assert.ok(result);

      const searches = await accepted(USER_SEARCH);
      assert.deepEqual(searches.map((entry) => inboxOf(entry.path)), INBOX_IDS, 'one search per inbox, in order');
      assert.ok(searches.every((entry) => entry.query.email === target.email && entry.status === 200));
      assert.equal((await accepted()).length, searches.length, 'nothing else was requested');

      assert.deepEqual(result.hits.map((hit) => [hit.inbox.id, hit.inbox.displayName, hit.item.id]), [['105', 'Engineering Escalations', target.id]]);
      assert.deepEqual(result.failures, []);
      assert.equal(result.hits[0].paged, false);
      const list = api.session.model.list({ kind: 'users', inboxId: '105' });
      assert.equal(list.get(target.id)?.email, target.email, 'the hit is remembered in the model');
      assert.equal(list.loaded, false, 'remembering a hit did not pretend the inbox users were loaded');
      assert.equal(list.items.length, 0, 'the hit is not a row of the paged list');

      // Typing it again finds it locally.
      await sim.clearLog();
      const again = await findUser({ query: target.email });
      assert.deepEqual(again?.hits.map((hit) => hit.item.id), [target.id]);
      assert.deepEqual(await sim.log(), []);
    });

    it('searches tags in every inbox and reports which inbox each tag is in', async () => {
      const result = await findTag({ query: 'Refund', scope: 'server' });
      assert.ok(result);
      const searches = await accepted(TAG_SEARCH);
      assert.deepEqual(searches.map((entry) => inboxOf(entry.path)), INBOX_IDS);
      assert.ok(searches.every((entry) => entry.query.name === 'Refund'));
      const inboxesWithHits = [...new Set(result.hits.map((hit) => hit.inbox.id))].sort();
      const expected: string[] = [];
      for (const id of INBOX_IDS) if (((await sim.inbox(id)).tags as { name: string }[]).some((t) => t.name.includes('Refund'))) expected.push(id);
      assert.deepEqual(inboxesWithHits, expected);
      assert.ok(result.hits.every((hit) => (hit.item as Tag).name.includes('Refund')));
    });

    it('reports an inbox that failed without losing the other inboxes hits', async () => {
      await sim.faults([{ kind: 'status', status: 404, message: 'Inbox 103 not found', pathIncludes: '/inboxes/103/users/search', count: -1 }]);
      const result = await findUser({ query: ADMIN.email, scope: 'server' });
      assert.ok(result);
      assert.deepEqual(result.hits.map((hit) => hit.inbox.id), ['101', '102', '104', '105']);
      assert.deepEqual(result.failures.map((failure) => failure.inbox.id), ['103']);
      assert.match(result.failures[0].message, /Inbox 103 not found/);
      assert.deepEqual((await accepted(USER_SEARCH)).map((entry) => inboxOf(entry.path)), INBOX_IDS);
    });

    it('stops sending when cancelled part-way', async () => {
      const controller = new AbortController();
      const result = await searchServer(api.session.model, 'users', ADMIN.email, api.session.model.inboxes.items, {
        signal: controller.signal,
        // Cancel once two inboxes were asked, before the third request is sent.
        onProgress: (done) => {
          if (done === 2) controller.abort();
        },
      });
      assert.equal(result.cancelled, true);
      assert.deepEqual(result.hits.map((hit) => hit.inbox.id), ['101', '102']);
      assert.deepEqual(result.notSearched.map((inbox) => inbox.id), ['103', '104', '105']);
      // Give a stray request time to arrive (the simulator's pace is ~100 ms).
      await sleep(800);
      assert.deepEqual((await accepted(USER_SEARCH)).map((entry) => inboxOf(entry.path)), ['101', '102']);
    });

    it('sends hostile text as one query value, never as path or extra parameters', async () => {
      const hostile = `"<script>alert(1)</script>"@x.io&email=${ADMIN.email}#/../../inboxes`;
      const users = await findUser({ query: hostile, scope: 'server' });
      assert.deepEqual(users?.hits, [], 'nobody matches, and the smuggled admin email did not count');
      assert.deepEqual(users?.failures, []);
      const userSearches = await accepted(USER_SEARCH);
      assert.equal(userSearches.length, INBOX_IDS.length);
      for (const entry of userSearches) {
        assert.equal(entry.query.email, hostile);
        // The client may add paging (limit); nothing from the text may become a parameter.
        assert.deepEqual(Object.keys(entry.query).filter((key) => key !== 'limit'), ['email'], JSON.stringify(entry.query));
      }

      const tagName = '../../101/users?x=1 \u202E%2F';
      const tags = await findTag({ query: tagName, scope: 'server' });
      assert.deepEqual(tags?.hits, []);
      const tagSearches = await accepted(TAG_SEARCH);
      assert.equal(tagSearches.length, INBOX_IDS.length);
      assert.ok(tagSearches.every((entry) => entry.query.name === tagName));
    });
  });

  describe('choosing a hit', () => {
    it('reveals a loaded user in the tree and opens its panel', async () => {
      await api.session.model.ensureLoaded({ kind: 'users', inboxId: '102' });
      await sim.clearLog();
      const found = await findUser({ query: ADMIN.email });
      const index = found?.hits.findIndex((hit) => hit.inbox.id === '102') ?? -1;
      assert.ok(index >= 0);
      const result = await findUser({ query: ADMIN.email, choose: index });
      assert.equal(result?.chosen?.inbox.id, '102');
      await waitFor(() => api.tree.view.selection[0]?.id === `inbox/102/users/${ADMIN.id}`, 'the user row to be selected');
      const ref = { kind: 'user' as const, inboxId: '102', id: ADMIN.id };
      assert.ok(api.panels.panelFor(ref), 'the user panel is open');
      assert.equal((api.panels.hostFor(ref)?.data as { heading?: string } | undefined)?.heading, 'Avery Admin');
      assert.deepEqual(await sim.log(), [], 'revealing and showing loaded data sends no request');
    });

    it('opens the panel of a user found on the server, from what the search brought', async () => {
      const target = await ownUser('104');
      const result = await findUser({ query: target.email, scope: 'server', choose: 0 });
      assert.equal(result?.chosen?.inbox.id, '104');
      const ref = { kind: 'user' as const, inboxId: '104', id: target.id };
      assert.ok(api.panels.panelFor(ref), 'the user panel is open');
      assert.deepEqual(
        (await accepted()).map((entry) => entry.path),
        INBOX_IDS.map((id) => `/v1/inboxes/${id}/users/search`),
        'only the searches: no page was loaded to reveal or show it',
      );
    });

    it('opens the panel of a chosen tag', async () => {
      await api.session.model.ensureLoaded({ kind: 'tags', inboxId: '105' });
      const result = await findTag({ query: 'VIP', choose: 0 });
      const chosen = result?.chosen;
      assert.ok(chosen);
      await waitFor(() => api.tree.view.selection[0]?.id === `inbox/105/tags/${chosen.item.id}`, 'the tag row to be selected');
      assert.ok(api.panels.panelFor({ kind: 'tag', inboxId: '105', id: chosen.item.id }));
    });
  });

  describe('Go to Inbox', () => {
    it('reveals and selects the inbox without a request when the list is loaded', async () => {
      const id = await vscode.commands.executeCommand<string | undefined>('hiver.goToInbox', '104');
      assert.equal(id, '104');
      await waitFor(() => api.tree.view.selection[0]?.id === 'inbox/104', 'the inbox row to be selected');
      assert.deepEqual(await sim.log(), []);
    });

    it('loads the inbox list first when it is not loaded, and refuses an unknown inbox', async () => {
      await sim.clearLog();
      // The tree (if shown) reloads the list too; the model shares one request between them.
      api.session.model.clear();
      assert.equal(await vscode.commands.executeCommand('hiver.goToInbox', '999'), undefined);
      assert.deepEqual((await accepted()).map((entry) => entry.path), ['/v1/inboxes']);
    });
  });

  describe('Go to Conversation', () => {
    /** A conversation of `inboxId` that belongs to no other inbox. */
    async function conversationOf(inboxId: string, index = 0) {
      const conversation = (await sim.inbox(inboxId)).conversations[index] as { id: number; gmail_thread_id: string; private_permalink: string; public_permalink: string };
      assert.deepEqual((await sim.conversation(String(conversation.id))).inboxIds, [inboxId]);
      return conversation;
    }

    it('finds an id by asking the inboxes in turn, stopping at the first that has it, and opens its panel', async () => {
      const conversation = await conversationOf('103');
      const id = String(conversation.id);
      const result = await goToConversation(id);
      assert.deepEqual(result, { status: 'opened', inboxId: '103', id, source: 'server' });
      const ref = { kind: 'conversation', inboxId: '103', id } as const;
      assert.ok(api.panels.panelFor(ref), 'the conversation panel is open');
      const host = await waitFor(() => api.panels.hostFor(ref), 'the panel host');
      await host.loading;
      assert.ok(host.data, 'the panel shows the conversation');
      // One GET per inbox asked, and the panel reuses the answer (message ids included).
      const gets = await accepted(CONVERSATION_GET);
      assert.deepEqual(gets.map((entry) => [inboxOf(entry.path), entry.status]), [['101', 404], ['102', 404], ['103', 200]]);

      // A second time it is known: no request.
      await sim.clearLog();
      assert.deepEqual(await goToConversation(id), { status: 'opened', inboxId: '103', id, source: 'loaded' });
      assert.deepEqual((await accepted(CONVERSATION_GET)).length, 0);
    });

    it('finds a Gmail thread id the same way and opens the conversation it names', async () => {
      const conversation = await conversationOf('102', 20);
      const result = await goToConversation(conversation.gmail_thread_id.toUpperCase());
      assert.deepEqual(result, { status: 'opened', inboxId: '102', id: String(conversation.id), source: 'server' });
      const lookups = (await accepted(CONVERSATION_GET)).filter((entry) => entry.path.endsWith(`/${conversation.gmail_thread_id}`));
      assert.deepEqual(lookups.map((entry) => entry.path), [
        `/v1/inboxes/101/conversations/${conversation.gmail_thread_id}`,
        `/v1/inboxes/102/conversations/${conversation.gmail_thread_id}`,
      ]);
    });

    it('finds loaded conversations by id, thread id or permalink without a request, and reveals the row', async () => {
      await api.session.model.ensureLoaded({ kind: 'conversations', inboxId: '105' });
      // Showing an inbox's conversations makes the tree load its users and tags once (to name
      // assignees and tags); loaded first, so this test is only about finding and revealing.
      await api.session.model.ensureLoaded({ kind: 'users', inboxId: '105' });
      await api.session.model.ensureLoaded({ kind: 'tags', inboxId: '105' });
      const conversation = api.session.model.list({ kind: 'conversations', inboxId: '105' }).items[3];
      await sim.clearLog();
      const opened = { status: 'opened', inboxId: '105', id: conversation.id, source: 'loaded' };
      assert.deepEqual(await goToConversation(conversation.id), opened);
      await waitFor(() => api.tree.view.selection[0]?.id === `inbox/105/conversations/${conversation.id}`, 'the conversation row to be selected');
      assert.deepEqual(await goToConversation(conversation.gmailThreadId!), opened);
      assert.deepEqual(await goToConversation(`  ${conversation.privatePermalink!}/  `), opened);
      assert.deepEqual(await goToConversation(conversation.publicPermalink!), opened);
      // No lookup: the only request is the panel reading its conversation afresh when it opens.
      const log = await accepted();
      assert.ok(log.length <= 1 && log.every((entry) => entry.path === `/v1/inboxes/105/conversations/${conversation.id}`), JSON.stringify(log));
    });

    it('says plainly that a permalink of a conversation not loaded cannot be resolved, without a request', async () => {
      const conversation = await conversationOf('104');
      const result = await goToConversation(conversation.private_permalink);
      assert.equal(result.status, 'unresolvable');
      assert.match(result.status === 'unresolvable' ? result.message : '', /permalink/i);
      assert.deepEqual(await sim.log(), []);
    });

    it('asks every inbox once for an unknown id and says it is in none', async () => {
      const result = await goToConversation('999999999');
      assert.equal(result.status, 'notFound');
      assert.match(result.status === 'notFound' ? result.message : '', /999999999.*5 inboxes/);
      const gets = await accepted(CONVERSATION_GET);
      assert.deepEqual(gets.map((entry) => inboxOf(entry.path)), INBOX_IDS);
    });

    it('refuses text that is no id, thread id or permalink, without a request', async () => {
      for (const text of ['../../inboxes/101', '<script>alert(1)</script>', 'https://evil.example/permalinks/pvt/201c00fa', '538706170/notes']) {
        const result = await goToConversation(text);
        assert.equal(result.status, 'invalid', text);
      }
      assert.deepEqual(await sim.log(), []);
    });

    it('reports inboxes that could not be asked instead of claiming the conversation does not exist', async () => {
      await sim.faults([{ kind: 'status', status: 400, message: 'Simulated refusal', pathIncludes: '/inboxes/102/conversations/', count: -1 }]);
      const result = await goToConversation('999999998');
      assert.equal(result.status, 'failed');
      assert.match(result.status === 'failed' ? result.message : '', /1 of 5 inboxes could not be searched.*Simulated refusal/);
    });
  });
});
