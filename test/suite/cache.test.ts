// The disk cache in the real extension host: after the model is rebuilt from the file (as at
// activation after a window reload), the tree's first paint, a conversation panel, Find User
// and Go to Conversation cost no request; the rows say they are cached and how old; data older
// than hiver.cacheMaxAgeMinutes is re-read in the background when shown.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HiverExtensionApi } from '../../src/extension';
import type { FindResult } from '../../src/commands/search';
import type { GoToConversationResult } from '../../src/search/goToConversation';
import type { ConversationView } from '../../src/panels/kinds/conversationView';
import { DEMO_KEY, requestsTo, signIn, sim, waitFor } from './testUtils';
import { child, children, collapseView, entityRows, group, setSetting, sleep, treeItem } from './treeHelpers';
import { quiet } from './quiet';
import { cachedLabel, cachedTooltip } from '../../src/tree/cachedLabel';

const INBOX = '105';

describe('disk cache', function () {
  this.timeout(60_000);
  let api: HiverExtensionApi;
  let conversationId: string;
  let userEmail: string;

  /** What activation does after a reload: an empty model filled from this account's file. */
  function rebuildFromDisk(): void {
    const cache = api.session.cache;
    assert.ok(cache, 'the extension has a disk cache');
    const account = { key: DEMO_KEY, baseUrl: api.session.settings.apiBaseUrl };
    cache.flush();
    cache.use(undefined); // nothing is written while the model is emptied
    api.session.model.clear();
    assert.equal(api.session.model.inboxes.loaded, false);
    cache.use(account, { restore: true });
  }

  before(async () => {
    await sim.reset();
    api = await signIn();
    await quiet(api);
    const model = api.session.model;
    // The tree as a user left it: inbox 105's users, tags and conversations, names all loaded,
    // and one conversation read singly for its panel.
    for (const kind of ['users', 'tags', 'conversations'] as const) await model.loadRest({ kind, inboxId: INBOX });
    conversationId = model.list({ kind: 'conversations', inboxId: INBOX }).items[3].id;
    await api.panels.show({ kind: 'conversation', inboxId: INBOX, id: conversationId });
    await waitFor(() => model.detail(INBOX, conversationId), 'the single read');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    userEmail = model.list({ kind: 'users', inboxId: INBOX }).items[5].email;
  });

  beforeEach(async () => {
    await quiet(api);
    rebuildFromDisk();
    await sim.clearLog();
  });

  after(async () => {
    await setSetting('cacheMaxAgeMinutes', undefined, () => api.session.settings.cacheMaxAgeMinutes === 30);
  });

  it('draws the tree from the disk with no request, each cached group marked with its age', async () => {
    const provider = api.tree.provider;
    const inboxes = await children(provider);
    assert.equal(inboxes.length, 5);
    const users = await group(provider, INBOX, 'users');
    const userRows = entityRows(await children(provider, users));
    assert.equal(userRows.length, api.session.model.list({ kind: 'users', inboxId: INBOX }).size);
    const conversations = await group(provider, INBOX, 'conversations');
    assert.ok(entityRows(await children(provider, conversations)).length > 0);
    const item = await treeItem(provider, conversations);
    assert.match(String(item.description), /cached · just now$/);
    assert.match(String(item.tooltip), /Kept on disk from an earlier session/);
    assert.equal(api.tree.view.description, 'cached · just now');

    await sleep(500); // a background re-read would have started by now
    assert.deepEqual(await sim.log(), [], 'no request at all');
  });

  it('says "at an unknown time" for a cached list whose time was ahead of the clock, not "20,000 days ago"', () => {
    const now = Date.now();
    assert.equal(cachedLabel({ fetchedAt: now - 5 * 60_000, cached: true }, now), 'cached · 5 min ago');
    // The disk cache reads a time ahead of the clock as 0 (cacheFormat.ts), so it is re-read.
    assert.equal(cachedLabel({ fetchedAt: 0, cached: true }, now), 'cached · at an unknown time');
    assert.match(cachedTooltip({ fetchedAt: 0, cached: true }, 30, now), /read from Hiver at an unknown time\./);
  });

  it('reopens a conversation panel, finds a user by email and goes to a conversation with no request', async () => {
    const ref = { kind: 'conversation', inboxId: INBOX, id: conversationId } as const;
    await api.panels.show(ref);
    const view = api.panels.hostFor(ref)?.data as ConversationView | undefined;
    assert.ok(view?.messages?.length, 'the message ids came from the disk');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    const found = await vscode.commands.executeCommand<FindResult>('hiver.findUser', { query: userEmail });
    assert.equal((found.hits[0]?.item as { email?: string } | undefined)?.email, userEmail);
    const gone = await vscode.commands.executeCommand<GoToConversationResult>('hiver.goToConversation', conversationId);
    assert.equal(gone.status, 'opened');
    assert.equal((gone as { source: string }).source, 'loaded');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    await sleep(300);
    assert.deepEqual(await sim.log(), [], 'no request at all');
  });

  it('re-reads a cached group older than hiver.cacheMaxAgeMinutes in the background when shown, once', async () => {
    await setSetting('cacheMaxAgeMinutes', 0, () => api.session.settings.cacheMaxAgeMinutes === 0);
    const provider = api.tree.provider;
    const tags = await group(provider, INBOX, 'tags');
    const rows = entityRows(await children(provider, tags));
    assert.ok(rows.length > 0, 'the cached rows come first');
    await waitFor(() => api.session.model.freshness({ kind: 'tags', inboxId: INBOX })?.cached === false, 'the re-read');
    assert.equal((await requestsTo(new RegExp(`^/v1/inboxes/${INBOX}/tags$`))).length, 1, 'one page, as cached');
    assert.doesNotMatch(String((await treeItem(provider, tags)).description), /cached/);
    await children(provider, tags);
    await child(provider, undefined, `inbox/${INBOX}`);
    await sleep(300);
    assert.equal((await requestsTo(new RegExp(`^/v1/inboxes/${INBOX}/tags$`))).length, 1, 'fresh data is not re-read');
  });

  it('redraws an open cached group a few times while it is re-read, not over and over', async () => {
    await setSetting('cacheMaxAgeMinutes', 0, () => api.session.settings.cacheMaxAgeMinutes === 0);
    await sim.faults([{ kind: 'hang', ms: 1500, method: 'GET', pathIncludes: `/inboxes/${INBOX}/tags` }]);
    const provider = api.tree.provider;
    const tags = await group(provider, INBOX, 'tags');
    const original = provider.getChildren.bind(provider);
    let listed = 0;
    provider.getChildren = (element) => {
      if (element?.id === tags.id) listed++;
      return original(element);
    };
    try {
      await vscode.commands.executeCommand('hiver.inboxes.focus');
      await api.tree.view.reveal(tags, { expand: true, select: false, focus: false });
      await waitFor(() => listed > 0, 'the view to list the group');
      await waitFor(() => api.session.model.freshness({ kind: 'tags', inboxId: INBOX })?.cached === false, 'the re-read');
      await sleep(300);
      assert.ok(listed <= 4, `the group was listed ${listed} times during a 1.5 s re-read`);
    } finally {
      provider.getChildren = original;
      await sim.clearFaults();
      await collapseView();
    }
  });
});
