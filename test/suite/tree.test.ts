// The Inboxes tree against the simulator: rows per level, laziness, Load more / Load all
// (request counts from the simulator's log), the budget stop, error rows with Retry, refresh.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HiverExtensionApi } from '../../src/extension';
import { labelText } from '../../src/common/display';
import { DEMO_KEY, EXTENSION_ID, removeApiKey, requestsTo, signIn, sim, waitFor } from './testUtils';
import { recordMessages } from './recordMessages';
import { answered, child, children, collapseView, entityRows, group, labelOf, pagingRows, recordRedraws, setSetting, sleep, treeItem, type Provider } from './treeHelpers';

describe('tree: inboxes, users and tags', function () {
  this.timeout(60_000);
  let api: HiverExtensionApi;
  let provider: Provider;

  before(async () => {
    await sim.reset();
    api = await signIn();
    provider = api.tree.provider;
  });

  beforeEach(async () => {
    await collapseView();
    api.session.model.clear();
    await sim.clearLog();
  });

  after(async () => {
    await sim.clearFaults();
  });

  it('lists inboxes at the root, and fetches nothing more until a row is expanded', async () => {
    const roots = await children(provider);
    const expected = (await (await fetch(`${process.env.HIVER_SIM_ORIGIN}/__sim/state`)).json()) as { inboxes: { id: string; display_name: string; email: string }[] };
    assert.deepEqual(roots.map((r) => r.id), expected.inboxes.map((i) => `inbox/${i.id}`));
    const support = await treeItem(provider, roots[0]);
    assert.equal(labelOf(support), 'Customer Support');
    assert.equal(support.description, 'support@acme.example');
    assert.equal(support.contextValue, 'hiver.inbox');
    assert.equal(support.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.match(String(support.tooltip), /support@acme\.example/);

    const groups = await children(provider, roots[0]);
    assert.deepEqual(groups.map((g) => g.id), ['inbox/101/users', 'inbox/101/tags', 'inbox/101/conversations']);
    const groupItems = await Promise.all(groups.map((g) => treeItem(provider, g)));
    assert.deepEqual(groupItems.map(labelOf), ['Users', 'Tags', 'Conversations']);
    assert.deepEqual(groupItems.map((g) => g.contextValue), ['hiver.group.users', 'hiver.group.tags', 'hiver.group.conversations']);
    assert.ok(groupItems.every((g) => g.collapsibleState === vscode.TreeItemCollapsibleState.Collapsed));

    const log = await sim.log();
    assert.deepEqual(log.map((e) => e.path), ['/v1/inboxes'], 'only the inbox list was fetched');
  });

  it('marks an inbox Hiver lost access to with a warning icon and tooltip', async () => {
    const billing = await treeItem(provider, await child(provider, undefined, 'inbox/103'));
    assert.ok(billing.iconPath instanceof vscode.ThemeIcon);
    assert.equal(billing.iconPath.id, 'warning');
    assert.match(String(billing.tooltip), /lost access/);
    const support = await treeItem(provider, await child(provider, undefined, 'inbox/101'));
    assert.equal((support.iconPath as vscode.ThemeIcon).id, 'inbox');
  });

  it('shows user rows with names and emails, then Load more and Load all', async () => {
    const users = await group(provider, '101', 'users');
    const rows = await children(provider, users);
    const expected = (await sim.inbox('101')).users;
    const people = entityRows(rows);
    assert.equal(people.length, 100);
    assert.deepEqual(people.map((r) => r.id), expected.slice(0, 100).map((u: { id: string }) => `inbox/101/users/${u.id}`));
    assert.deepEqual(pagingRows(rows), ['~loadMore', '~loadAll']);
    const first = await treeItem(provider, people[0]);
    assert.equal(labelOf(first), `${expected[0].first_name} ${expected[0].last_name}`);
    assert.equal(first.description, expected[0].email);
    assert.equal(first.contextValue, 'hiver.user');
    assert.equal(first.id, people[0].id);
    const loadMore = await treeItem(provider, rows.at(-2)!);
    assert.equal(labelOf(loadMore), 'Load more (100)');
    assert.equal(labelOf(await treeItem(provider, rows.at(-1)!)), 'Load all');
    const groupItem = await treeItem(provider, users);
    assert.equal(groupItem.contextValue, 'hiver.group.users hasMore');
    assert.equal((await answered(/^\/v1\/inboxes\/101\/users$/)).length, 1);
  });

  it('Load more appends one page with one request, and a second click while loading sends none', async () => {
    const users = await group(provider, '101', 'users');
    const before = await children(provider, users);
    const loadMore = before.find((r) => r.id.endsWith('/~loadMore'))!;
    await sleep(200); // let the refreshes of the setup settle, then record only Load more's
    const redraws = recordRedraws(provider);
    const first = vscode.commands.executeCommand('hiver.loadMore', loadMore);
    const second = vscode.commands.executeCommand('hiver.loadMore', loadMore);
    await Promise.all([first, second]);
    assert.equal((await answered(/^\/v1\/inboxes\/101\/users$/)).length, 2, 'first page + exactly one Load more request');

    const after = await children(provider, users);
    const people = entityRows(after);
    assert.equal(people.length, (await sim.inbox('101')).users.length);
    // The rows already shown are kept: the same node objects, in the same order, at the front.
    entityRows(before).forEach((row, i) => assert.equal(people[i], row));
    assert.equal(new Set(people.map((r) => r.id)).size, people.length, 'ids are unique');
    assert.deepEqual(pagingRows(after), [], 'nothing more to load');
    // Only that group was refreshed (a second after its listing: see the test above), not the whole tree.
    await waitFor(() => redraws.nodes().length > 0, 'a redraw after Load more');
    await sleep(200);
    redraws.dispose();
    const refreshed = redraws.nodes();
    assert.ok(refreshed.every((node) => node === users), `refreshed ${redraws.ids().join(', ')}`);
    assert.equal((await treeItem(provider, users)).contextValue, 'hiver.group.users');
  });

  it('redraws nothing after listing a group the first time; the count shows when it is drawn', async () => {
    // A redraw of the group, or of its inbox, right after its rows were handed over makes the
    // extension host forget those rows just when the user reaches for them: a click does
    // nothing until VS Code has asked again, and when the redraw reaches VS Code together with
    // the rows, VS Code never asks again.
    const users = await group(provider, '101', 'users');
    await sleep(200); // let the refreshes of the setup settle, then record only the listing's
    const redraws = recordRedraws(provider);
    await children(provider, users);
    await sleep(200);
    redraws.dispose();
    assert.deepEqual(redraws.ids(), []);
    assert.equal((await treeItem(provider, users)).description, '100+', 'the group row, drawn again, shows its count');
  });

  it('redraws a group its names load starts on only a second after listing it', async () => {
    // Listing Conversations starts Load all on Users for names. The Users rows were just handed
    // over: a redraw arriving with them would leave VS Code holding rows the host forgot.
    const users = await group(provider, '101', 'users');
    const tags = await group(provider, '101', 'tags');
    const conversations = await group(provider, '101', 'conversations');
    await sleep(200); // let the refreshes of the setup settle, then record only the listings'
    const redraws = recordRedraws(provider);
    try {
      const listingStarted = Date.now();
      await Promise.all([children(provider, users), children(provider, conversations)]);
      const usersRedrawn = await waitFor(() => redraws.firstAt(users), 'a redraw of the Users group (its names load)');
      assert.ok(usersRedrawn - listingStarted >= 1000, `Users redrawn ${usersRedrawn - listingStarted} ms after its listing began`);
      const tagsRedrawn = redraws.firstAt(tags);
      assert.ok(tagsRedrawn !== undefined && tagsRedrawn <= usersRedrawn, 'Tags, not listed, is redrawn without waiting for Users');
    } finally {
      redraws.dispose();
      api.session.model.cancelLoadAll({ kind: 'users', inboxId: '101' });
    }
  });

  it('holds every redraw for a second after one of its quick inputs opens, or until it closes', async () => {
    // A redraw reaching VS Code with a quick input's opening, while the tree has focus, gives
    // the tree its focus back and the quick input closes at once.
    const inbox = await child(provider, undefined, 'inbox/101');
    await sleep(200); // let the refreshes of the setup settle
    const redraws = recordRedraws(provider);
    const beforeOpening = Date.now();
    const picking = vscode.commands.executeCommand('hiver.findUser');
    try {
      await waitFor(() => provider.queue.holding, 'Find User by Email to open');
      provider.refreshNode(inbox);
      const redrawn = await waitFor(() => redraws.firstAt(inbox), 'the redraw, once held');
      assert.ok(redrawn - beforeOpening >= 1000, `redrawn ${redrawn - beforeOpening} ms after the picker began to open`);
    } finally {
      redraws.dispose();
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await picking;
    }
    // Closed before the second is up: nothing is held any more (after a new key, say, the old
    // account's rows go at once).
    const again = vscode.commands.executeCommand('hiver.findUser');
    await waitFor(() => provider.queue.holding, 'Find User by Email to open again');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await again;
    assert.equal(provider.queue.holding, false, 'the hold ended with the picker');
  });

  it('shows a spinner on Load more while its page loads', async () => {
    await sim.configure({ latencyMs: 400 });
    try {
      const tags = await group(provider, '101', 'tags');
      await setSetting('pageSize', 10, () => api.session.settings.pageSize === 10);
      const rows = await children(provider, tags);
      const loadMore = rows.find((r) => r.id.endsWith('/~loadMore'))!;
      const loading = vscode.commands.executeCommand('hiver.loadMore', loadMore);
      await sleep(100);
      const during = await treeItem(provider, (await children(provider, tags)).find((r) => r.id.endsWith('/~loadMore'))!);
      assert.equal((during.iconPath as vscode.ThemeIcon).id, 'loading~spin');
      assert.equal(((await treeItem(provider, tags)).iconPath as vscode.ThemeIcon).id, 'loading~spin');
      await loading;
      const done = await treeItem(provider, (await children(provider, tags)).find((r) => r.id.endsWith('/~loadMore'))!);
      assert.notEqual((done.iconPath as vscode.ThemeIcon).id, 'loading~spin');
    } finally {
      await sim.configure({ latencyMs: 0 });
      await setSetting('pageSize', undefined, () => api.session.settings.pageSize === 100);
    }
  });

  it('shows tag rows with their names and colours', async () => {
    const tags = await group(provider, '101', 'tags');
    const rows = entityRows(await children(provider, tags));
    const expected = (await sim.inbox('101')).tags as { id: string; name: string; color_code: string }[];
    assert.equal(rows.length, expected.length);
    for (const [i, row] of rows.entries()) {
      const item = await treeItem(provider, row);
      assert.equal(labelOf(item), labelText(expected[i].name)); // without bidi controls, cut when long
      assert.equal(item.contextValue, 'hiver.tag');
      assert.ok(item.iconPath instanceof vscode.Uri, 'a colour swatch');
      assert.equal(item.iconPath.scheme, 'data');
      const svg = Buffer.from(item.iconPath.path.split(',')[1], 'base64').toString();
      assert.ok(svg.includes(`fill="${expected[i].color_code.toLowerCase()}"`), svg);
    }
    assert.deepEqual(pagingRows(await children(provider, tags)), [], 'one page holds all 30 tags');
  });

  describe('with 10 items per page', () => {
    before(() => setSetting('pageSize', 10, () => api.session.settings.pageSize === 10));
    after(() => setSetting('pageSize', undefined, () => api.session.settings.pageSize === 100));

    it('Load all fetches every remaining page, one request each', async () => {
      const users = await group(provider, '105', 'users');
      const total = (await sim.inbox('105')).users.length;
      assert.equal(entityRows(await children(provider, users)).length, 10);
      await vscode.commands.executeCommand('hiver.loadAll', users);
      assert.equal((await answered(/^\/v1\/inboxes\/105\/users$/)).length, Math.ceil(total / 10));
      const rows = await children(provider, users);
      assert.equal(entityRows(rows).length, total);
      assert.deepEqual(pagingRows(rows), []);
      assert.equal((await treeItem(provider, users)).contextValue, 'hiver.group.users');
    });

    it('Load all can be cancelled, and shows that it runs while it does', async () => {
      const users = await group(provider, '101', 'users');
      const pages = Math.ceil((await sim.inbox('101')).users.length / 10);
      await children(provider, users);
      const loadingAll = vscode.commands.executeCommand('hiver.loadAll', users);
      await waitFor(async () => (await answered(/^\/v1\/inboxes\/101\/users$/)).length >= 3, 'two Load all pages');
      assert.equal((await treeItem(provider, users)).contextValue, 'hiver.group.users hasMore loadingAll');
      assert.match((await treeItem(provider, users)).accessibilityInformation?.label ?? '', /^Users, \d+\+, loading all$/, 'said, not only spun');
      const cancelRow = (await children(provider, users)).find((r) => r.id.endsWith('/~loadAll'))!;
      assert.equal(labelOf(await treeItem(provider, cancelRow)), 'Cancel loading…');
      await vscode.commands.executeCommand('hiver.cancelLoadAll', users);
      await loadingAll;
      const sent = (await answered(/^\/v1\/inboxes\/101\/users$/)).length;
      await sleep(500);
      assert.equal((await answered(/^\/v1\/inboxes\/101\/users$/)).length, sent, 'no request after cancel');
      assert.ok(sent < pages, `stopped early (${sent} of ${pages} pages)`);
      const rows = await children(provider, users);
      assert.deepEqual(pagingRows(rows), ['~loadMore', '~loadAll'], 'no error row; can continue');
      assert.equal((await treeItem(provider, users)).contextValue, 'hiver.group.users hasMore');
      assert.match((await treeItem(provider, users)).accessibilityInformation?.label ?? '', /^Users, \d+\+$/);
    });

    it('Load all stops before the budget reserve and says so in one row', async () => {
      const users = await group(provider, '101', 'users');
      await children(provider, users); // the first page, a user request
      const used = api.session.transport.state.usedToday;
      const originalLimit = api.session.transport.state.dailyLimit;
      // The smallest limit whose 95% background share allows exactly two more requests.
      const limit = Math.ceil((used + 2) / 0.95);
      const allowed = Math.floor(limit * 0.95) - used;
      await sim.clearLog();
      await setSetting('dailyRequestLimit', limit, () => api.session.transport.state.dailyLimit === limit);
      try {
        await vscode.commands.executeCommand('hiver.loadAll', users);
        // Every attempt sent counts towards the budget, so here a refused one counts too.
        assert.equal((await requestsTo(/^\/v1\/inboxes\/101\/users$/)).length, allowed);
        const rows = await children(provider, users);
        assert.equal(entityRows(rows).length, 10 * (1 + allowed));
        assert.deepEqual(pagingRows(rows), ['~budget', '~loadMore', '~loadAll'], 'a message, no error row');
        const message = await treeItem(provider, rows.find((r) => r.id.endsWith('/~budget'))!);
        assert.match(labelOf(message), /Load all stopped/);
      } finally {
        await setSetting('dailyRequestLimit', undefined, () => api.session.transport.state.dailyLimit === originalLimit);
      }
    });

    it('Load all stops an endless run of empty pages after three requests, in one error row', async () => {
      const users = await group(provider, '105', 'users');
      await children(provider, users);
      await sim.clearLog();
      await sim.faults([{ kind: 'emptyPages', count: -1, pathIncludes: '/inboxes/105/users' }]);
      try {
        await vscode.commands.executeCommand('hiver.loadAll', users);
        assert.equal((await answered(/^\/v1\/inboxes\/105\/users$/)).length, 3);
        const rows = await children(provider, users);
        assert.equal(entityRows(rows).length, 10, 'the first page stays');
        assert.deepEqual(pagingRows(rows), ['~error']);
        const error = await treeItem(provider, rows.find((r) => r.id.endsWith('/~error'))!);
        assert.equal(labelOf(error), 'Paging stopped');
        assert.match(String(error.tooltip), /3 empty pages in a row/);
        assert.equal((await treeItem(provider, users)).contextValue, 'hiver.group.users hasMore', 'Load all is over');
      } finally {
        await sim.clearFaults();
      }
    });

    it('refresh loads as many pages as the group had', async () => {
      const users = await group(provider, '102', 'users');
      const rows = await children(provider, users);
      await vscode.commands.executeCommand('hiver.loadMore', rows.find((r) => r.id.endsWith('/~loadMore')));
      assert.equal(entityRows(await children(provider, users)).length, 20);
      await sim.clearLog();
      await vscode.commands.executeCommand('hiver.refreshNode', users);
      assert.equal(entityRows(await children(provider, users)).length, 20);
      assert.equal((await answered(/^\/v1\/inboxes\/102\/users$/)).length, 2, 'two pages again');
    });

    it('refresh while Load more is pending starts again from page 1 and keeps the page asked for', async () => {
      const users = await group(provider, '104', 'users');
      const rows = await children(provider, users);
      const expected = ((await sim.inbox('104')).users as { id: string }[]).slice(0, 20).map((u) => `inbox/104/users/${u.id}`);
      assert.deepEqual(entityRows(rows).map((r) => r.id), expected.slice(0, 10));
      await sim.faults([{ kind: 'hang', ms: 1500, pathIncludes: '/inboxes/104/users', count: 1 }]);
      try {
        const loadMore = vscode.commands.executeCommand('hiver.loadMore', rows.find((r) => r.id.endsWith('/~loadMore')));
        await sleep(300); // the page request is out, and hangs
        assert.equal(((await treeItem(provider, users)).iconPath as vscode.ThemeIcon).id, 'loading~spin', 'Load more is pending');
        await vscode.commands.executeCommand('hiver.refreshNode', users);
        const after = await children(provider, users);
        await loadMore;
        assert.deepEqual(entityRows(after).map((r) => r.id), expected, 'page 1 first, then the page Load more asked for');
        assert.deepEqual(entityRows(await children(provider, users)).map((r) => r.id), expected, 'the late page did not land on top');
      } finally {
        await sim.clearFaults();
      }
    });
  });

  it('says so in one row when a group is empty, after one request and with no paging rows', async () => {
    const tags = await group(provider, '103', 'tags');
    await sim.clearLog();
    const rows = await children(provider, tags);
    assert.equal(rows.length, 1);
    assert.equal(labelOf(await treeItem(provider, rows[0])), 'No tags');
    assert.equal((await treeItem(provider, rows[0])).contextValue, 'hiver.message', 'no Load more / Load all');
    assert.equal((await requestsTo(/\/inboxes\/103\/tags$/)).length, 1);
  });

  it('turns a failing level into one error row with Retry; the rest keeps working', async () => {
    await sim.faults([{ kind: 'status', status: 500, count: -1, pathIncludes: '/inboxes/102/users' }]);
    try {
      const users = await group(provider, '102', 'users');
      const rows = await children(provider, users);
      assert.equal(rows.length, 1);
      const error = await treeItem(provider, rows[0]);
      assert.equal(error.contextValue, 'hiver.error');
      // A few words fit the sidebar beside Retry; the whole message is the tooltip and what a screen reader says.
      assert.equal(labelOf(error), 'Server error (HTTP 500)');
      assert.equal(error.description, 'Retry');
      const whole = "Hiver had a server error answering the request to list an inbox's users (HTTP 500): Internal Server Error. See status.hiverhq.com.\nClick to retry.";
      assert.equal(error.tooltip, whole);
      assert.equal(error.accessibilityInformation?.label, whole.replace('\nClick to retry.', ' Retry'));
      assert.equal(error.command?.command, 'hiver.retry');
      // Another group of the same inbox still loads.
      assert.equal(entityRows(await children(provider, await group(provider, '102', 'tags'))).length, (await sim.inbox('102')).tags.length);
      // Reopening the failed level does not spend requests: it waits for Retry.
      const sent = (await answered(/^\/v1\/inboxes\/102\/users$/)).length;
      assert.equal((await children(provider, users))[0].id, 'inbox/102/users/~error');
      assert.equal((await answered(/^\/v1\/inboxes\/102\/users$/)).length, sent);

      await sim.clearFaults();
      await vscode.commands.executeCommand('hiver.retry', rows[0]);
      const retried = await children(provider, users);
      assert.equal(entityRows(retried).length, (await sim.inbox('102')).users.length);
      assert.deepEqual(pagingRows(retried), []);
    } finally {
      await sim.clearFaults();
    }
  });

  it('offers Set API Key on a level Hiver refused the key for, once its prompt was declined (beside Retry for a 403)', async () => {
    // The one re-authentication prompt, declined (recordMessages answers every message with undefined).
    const messages = recordMessages();
    await sim.faults([{ kind: 'status', status: 401, count: -1, pathIncludes: '/inboxes/102/tags' }]);
    try {
      const tags = await group(provider, '102', 'tags');
      const rows = await children(provider, tags);
      assert.equal(rows.length, 1);
      const error = await treeItem(provider, rows[0]);
      assert.equal(error.command?.command, 'hiver.setApiKey', 'Retry alone would be refused again');
      assert.equal(labelOf(error), 'Key not accepted (HTTP 401)');
      assert.equal(error.description, 'Set API Key');
      assert.equal(error.contextValue, 'hiver.error keyRefused');
      await waitFor(() => messages.texts.some((text) => text.includes('Set API Key')), 'the declined prompt');
      // A 403 may be a block that ends: a click retries, and the key button is beside Retry.
      await sim.faults([{ kind: 'status', status: 403, count: -1, pathIncludes: '/inboxes/103/tags' }]);
      api.session.model.refresh({ kind: 'tags', inboxId: '103' });
      const blocked = await treeItem(provider, (await children(provider, await group(provider, '103', 'tags')))[0]);
      assert.equal(blocked.command?.command, 'hiver.retry');
      assert.equal(blocked.contextValue, 'hiver.error keyRefused');
    } finally {
      messages.dispose();
      await sim.clearFaults();
      // Saving the key again lets the next refusal of it ask again; it re-reads the tree too.
      await vscode.commands.executeCommand('hiver.setApiKey', DEMO_KEY);
    }
    assert.equal(entityRows(await children(provider, await group(provider, '102', 'tags'))).length, (await sim.inbox('102')).tags.length);
  });

  it('keeps the rows when Load more fails, and Retry loads the page', async () => {
    const users = await group(provider, '101', 'users');
    const rows = await children(provider, users);
    await sim.faults([{ kind: 'status', status: 500, count: -1, pathIncludes: '/inboxes/101/users' }]);
    try {
      await vscode.commands.executeCommand('hiver.loadMore', rows.find((r) => r.id.endsWith('/~loadMore')));
      const failed = await children(provider, users);
      assert.equal(entityRows(failed).length, 100);
      assert.deepEqual(pagingRows(failed), ['~error']);
      await sim.clearFaults();
      await vscode.commands.executeCommand('hiver.retry', failed.at(-1));
      assert.equal(entityRows(await children(provider, users)).length, (await sim.inbox('101')).users.length);
    } finally {
      await sim.clearFaults();
    }
  });

  it('Refresh (everything) reloads the inbox list and the groups that were open', async () => {
    const tags = await group(provider, '104', 'tags');
    assert.ok(entityRows(await children(provider, tags)).length > 0);
    await sim.clearLog();
    await vscode.commands.executeCommand('hiver.refresh');
    assert.equal(api.session.model.list({ kind: 'tags', inboxId: '104' }).loaded, false);
    assert.equal((await children(provider)).length, 5);
    assert.ok(entityRows(await children(provider, tags)).length > 0);
    assert.equal((await answered(/^\/v1\/inboxes$/)).length, 1);
    assert.equal((await answered(/^\/v1\/inboxes\/104\/tags$/)).length, 1);
  });

  it('Refresh on a user row re-reads that user with one search and replaces it in place', async () => {
    const users = await group(provider, '101', 'users');
    const before = entityRows(await children(provider, users));
    const row = before[5];
    const id = row.id.split('/').pop()!;
    const list = api.session.model.list({ kind: 'users', inboxId: '101' });
    const user = list.get(id)!;
    const server = ((await sim.inbox('101')).users as { id: string; first_name: string; last_name: string }[]).find((u) => u.id === id)!;
    list.upsert({ ...user, firstName: 'Stale' }); // what the server no longer says
    await sim.clearLog();
    await vscode.commands.executeCommand('hiver.refreshNode', row);
    assert.deepEqual((await answered(/./)).map((e) => [e.path, e.query.email]), [['/v1/inboxes/101/users/search', user.email]], 'one request');
    await waitFor(async () => labelOf(await treeItem(provider, row)) === `${server.first_name} ${server.last_name}`, 'the server\'s name on the row');
    const after = entityRows(await children(provider, users));
    assert.deepEqual(after.map((r) => r.id), before.map((r) => r.id), 'the rows stay in place');
    assert.equal(after[5], row);
  });

  it('Refresh on a tag row re-reads that tag with one search by name and replaces it in place', async () => {
    const tags = await group(provider, '101', 'tags');
    const before = entityRows(await children(provider, tags));
    const row = before[3];
    const id = row.id.split('/').pop()!;
    const list = api.session.model.list({ kind: 'tags', inboxId: '101' });
    const tag = list.get(id)!;
    const server = ((await sim.inbox('101')).tags as { id: string; color_code: string }[]).find((t) => t.id === id)!;
    list.upsert({ ...tag, color: '#000000' });
    await sim.clearLog();
    await vscode.commands.executeCommand('hiver.refreshNode', row);
    assert.deepEqual((await answered(/./)).map((e) => [e.path, e.query.name]), [['/v1/inboxes/101/tags/search', tag.name]], 'one request');
    const icon = (await treeItem(provider, row)).iconPath as vscode.Uri;
    assert.ok(Buffer.from(icon.path.split(',')[1], 'base64').toString().includes(`fill="${server.color_code.toLowerCase()}"`), 'the server\'s colour');
    const after = entityRows(await children(provider, tags));
    assert.deepEqual(after.map((r) => r.id), before.map((r) => r.id), 'the rows stay in place');
    assert.equal(after[3], row);
  });

  const rowMenus = () => vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.menus['view/item/context'] as { command: string; when: string; group?: string }[];
  /** Whether a row menu's `when` holds for a row of this contextValue in the Inboxes view. */
  const shows = (when: string, contextValue: string) =>
    when.split(' && ').every((clause) => {
      const regex = /^viewItem =~ \/(.*)\/$/.exec(clause);
      if (regex) return new RegExp(regex[1]).test(contextValue);
      const equal = /^viewItem == (.*)$/.exec(clause);
      return equal ? equal[1] === contextValue : clause === 'view == hiver.inboxes';
    });

  it('offers Load All or Cancel Load All on a group, never both', () => {
    const offered = (contextValue: string) => rowMenus().filter((menu) => shows(menu.when, contextValue)).map((menu) => menu.command);
    const idle = offered('hiver.group.users hasMore');
    assert.ok(idle.includes('hiver.loadAll') && !idle.includes('hiver.cancelLoadAll'), idle.join(', '));
    const running = offered('hiver.group.conversations hasMore loadingAll filtered');
    assert.ok(running.includes('hiver.cancelLoadAll') && !running.includes('hiver.loadAll'), running.join(', '));
  });

  it('offers at most three inline actions on any row (UX guidelines)', () => {
    const inline = rowMenus().filter((menu) => menu.group?.startsWith('inline'));
    // Every row kind, with every flag its contextValue can carry at once.
    const rows = ['hiver.inbox', 'hiver.inbox watched', 'hiver.group.users hasMore loadingAll', 'hiver.group.conversations hasMore loadingAll filtered', 'hiver.group.conversations hasMore filtered', 'hiver.user', 'hiver.tag', 'hiver.conversation', 'hiver.loadAll loadingAll', 'hiver.error', 'hiver.error keyRefused'];
    for (const row of rows) {
      const actions = inline.filter((menu) => shows(menu.when, row)).map((menu) => menu.command);
      assert.ok(actions.length <= 3, `${row}: ${actions.join(', ')}`);
    }
  });

  it('copies ids and emails, and opens details from a row', async () => {
    const users = await group(provider, '101', 'users');
    const row = entityRows(await children(provider, users))[0];
    const user = (await sim.inbox('101')).users[0];
    await vscode.commands.executeCommand('hiver.copyId', row);
    assert.equal(await vscode.env.clipboard.readText(), user.id);
    await vscode.commands.executeCommand('hiver.copyEmail', row);
    assert.equal(await vscode.env.clipboard.readText(), user.email);
    await vscode.commands.executeCommand('hiver.copyEmail', await child(provider, undefined, 'inbox/101'));
    assert.equal(await vscode.env.clipboard.readText(), 'support@acme.example');

    await vscode.commands.executeCommand('hiver.showDetails', row);
    const panel = api.panels.panelFor({ kind: 'user', inboxId: '101', id: user.id });
    assert.ok(panel, 'the user panel is open');
    panel.dispose();
  });

  it('reveals a user row, expanding its inbox and group', async () => {
    const user = (await sim.inbox('103')).users[3];
    await api.tree.reveal({ inboxId: '103', kind: 'users', itemId: user.id });
    await waitFor(() => api.tree.view.selection[0]?.id === `inbox/103/users/${user.id}`, 'the revealed row to be selected');
    assert.equal(api.tree.view.visible, true);
    await collapseView();
  });

  it('shows the welcome (no rows) without a key', async () => {
    const secrets = api.session.context.secrets;
    const deleted = new Promise<void>((resolve) => {
      const subscription = secrets.onDidChange(() => {
        subscription.dispose();
        resolve();
      });
    });
    try {
      await removeApiKey();
      assert.deepEqual(await children(provider), []);
    } finally {
      // Let the key store see its own deletion before the key is set again (it re-reads the secret then).
      await deleted;
      await secrets.get('hiver.apiKey');
      await signIn();
    }
    const roots = await children(provider);
    assert.equal(roots.length, 5, `key set: ${api.session.keys.get() !== undefined}, inboxes loaded: ${api.session.model.inboxes.size}`);
  });
});
