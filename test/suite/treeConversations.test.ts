// Conversations in the tree: rows that read well without a subject (names from the inbox's
// users and tags, fetched once per inbox), status icons, and client-side filters.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HiverExtensionApi } from '../../src/extension';
import { labelText } from '../../src/common/display';
import { recordMessages } from './recordMessages';
import { signIn, sim, waitFor } from './testUtils';
import { answered, children, collapseView, entityRows, group, labelOf, pagingRows, recordRedraws, sleep, treeItem, type Provider } from './treeHelpers';

interface SimUser {
  id: string;
  first_name: string;
  last_name: string;
}
interface SimConversation {
  id: number;
  status: string;
  assignee?: { assignee_id: number } | null;
  tag_ids: string[];
}

const STATUS_ICONS: Record<string, string> = { open: 'issues', pending: 'clock', closed: 'pass' };

describe('tree: conversations', function () {
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
    for (const inboxId of ['101', '102', '105']) api.tree.setConversationFilter(inboxId, undefined);
    api.session.model.clear();
    await sim.clearLog();
  });

  after(async () => {
    await sim.clearFaults();
    for (const inboxId of ['101', '102', '105']) api.tree.setConversationFilter(inboxId, undefined);
  });

  /** The loaded conversations of an inbox as the simulator holds them, by id. */
  async function simConversations(inboxId: string) {
    const data = await sim.inbox(inboxId);
    return {
      byId: new Map((data.conversations as SimConversation[]).map((c) => [String(c.id), c])),
      users: new Map((data.users as SimUser[]).map((u) => [u.id, `${u.first_name} ${u.last_name}`])),
      tags: new Map((data.tags as { id: string; name: string }[]).map((t) => [t.id, t.name])),
    };
  }

  async function namesLoaded(inboxId: string) {
    const model = api.session.model;
    await waitFor(() => {
      const users = model.list({ kind: 'users', inboxId });
      const tags = model.list({ kind: 'tags', inboxId });
      return users.loaded && !users.hasMore && !users.loading && tags.loaded && !tags.hasMore && !tags.loading;
    }, 'the inbox users and tags');
  }

  it('labels rows by id with status, assignee name and tag names, fetching users and tags once', async () => {
    const conversations = await group(provider, '101', 'conversations');
    await children(provider, conversations);
    await namesLoaded('101');
    const rows = await children(provider, conversations);
    const expected = await simConversations('101');
    assert.equal(entityRows(rows).length, 100);
    assert.deepEqual(pagingRows(rows), ['~loadMore', '~loadAll']);
    let assigned = 0;
    let unassigned = 0;
    for (const row of entityRows(rows)) {
      const item = await treeItem(provider, row);
      const id = row.id.split('/').pop()!;
      const conversation = expected.byId.get(id)!;
      assert.ok(conversation, `conversation ${id} is in the inbox`);
      assert.equal(labelOf(item), id);
      assert.equal(item.contextValue, 'hiver.conversation');
      const assigneeId = conversation.assignee?.assignee_id;
      const parts = [conversation.status, assigneeId === undefined ? 'unassigned' : expected.users.get(String(assigneeId))!];
      if (conversation.tag_ids.length) parts.push(conversation.tag_ids.map((t) => expected.tags.get(String(t))!).join(', '));
      // Labels show API text through labelText: no bidi controls, cut to 200 characters.
      assert.equal(item.description, labelText(parts.join(' · ')));
      assert.equal((item.iconPath as vscode.ThemeIcon).id, STATUS_ICONS[conversation.status]);
      if (assigneeId === undefined) unassigned++;
      else assigned++;
    }
    assert.ok(assigned > 0 && unassigned > 0, 'the page has assigned and unassigned conversations');

    const users = (await sim.inbox('101')).users.length;
    assert.equal((await answered(/^\/v1\/inboxes\/101\/users$/)).length, Math.ceil(users / 100), 'the users list once, page by page');
    assert.equal((await answered(/^\/v1\/inboxes\/101\/tags$/)).length, 1);
    assert.equal((await answered(/^\/v1\/inboxes\/101\/(users|tags)\/.+/)).length, 0, 'no lookup per row');
    assert.equal((await answered(/^\/v1\/inboxes\/101\/conversations/)).length, 1);
  });

  it('shows an assignee it cannot name as "user <id>"', async () => {
    await sim.faults([{ kind: 'status', status: 400, count: -1, pathIncludes: '/inboxes/105/users' }]);
    try {
      const conversations = await group(provider, '105', 'conversations');
      await children(provider, conversations);
      const users = api.session.model.list({ kind: 'users', inboxId: '105' });
      await waitFor(() => users.error !== undefined && !users.loading, 'the users request to fail');
      const expected = await simConversations('105');
      const row = entityRows(await children(provider, conversations)).find((r) => expected.byId.get(r.id.split('/').pop()!)?.assignee);
      assert.ok(row, 'an assigned conversation');
      const conversation = expected.byId.get(row.id.split('/').pop()!)!;
      const description = String((await treeItem(provider, row)).description);
      assert.match(description, new RegExp(`^${conversation.status} · user ${conversation.assignee!.assignee_id}\\b`));
    } finally {
      await sim.clearFaults();
    }
  });

  it('filters on the client and says how many were scanned and matched; Load more scans further', async () => {
    const conversations = await group(provider, '101', 'conversations');
    const scannedIds = entityRows(await children(provider, conversations)).map((r) => r.id.split('/').pop()!);
    await namesLoaded('101');
    const expected = await simConversations('101');
    const openIn = (ids: string[]) => ids.filter((id) => expected.byId.get(id)!.status === 'open');
    await sim.clearLog();

    await vscode.commands.executeCommand('hiver.filterConversations', conversations, { statuses: ['open'], assignees: [], tagIds: [] });
    const filtered = await children(provider, conversations);
    assert.deepEqual(entityRows(filtered).map((r) => r.id.split('/').pop()), openIn(scannedIds));
    const groupItem = await treeItem(provider, conversations);
    assert.equal(groupItem.description, `status: open · ${openIn(scannedIds).length} of 100 scanned`);
    assert.equal(groupItem.contextValue, 'hiver.group.conversations hasMore filtered');
    const loadMore = filtered.find((r) => r.id.endsWith('/~loadMore'))!;
    assert.equal((await treeItem(provider, loadMore)).description, `${openIn(scannedIds).length} of 100 scanned match the filter`);
    assert.equal((await sim.log()).length, 0, 'filtering sends no request');

    await vscode.commands.executeCommand('hiver.loadMore', loadMore);
    const sent = await answered(/^\/v1\/inboxes\/101\/conversations$/);
    assert.equal(sent.length, 1, JSON.stringify(await sim.log()));
    const all = [...expected.byId.keys()];
    const afterMore = await children(provider, conversations);
    assert.equal(entityRows(afterMore).length, openIn(all).length);
    assert.equal((await treeItem(provider, conversations)).description, `status: open · ${openIn(all).length} of ${all.length} scanned`);

    const stored = api.session.context.workspaceState.get<Record<string, { statuses: string[] }>>('hiver.conversationFilters');
    assert.deepEqual(stored?.['101']?.statuses, ['open'], 'kept in workspace state');

    await vscode.commands.executeCommand('hiver.clearConversationFilter', conversations);
    assert.equal(entityRows(await children(provider, conversations)).length, all.length);
    assert.equal((await treeItem(provider, conversations)).contextValue, 'hiver.group.conversations');
  });

  it('redraws a filtered group when the names in its filter arrive, not when it is listed', async () => {
    // Names start loading as the group is listed; a redraw of the group then would follow its
    // listing and make VS Code forget the rows it was just given (see listChildren).
    const assignee = String((await sim.inbox('102')).users[0].id);
    const conversations = await group(provider, '102', 'conversations');
    await vscode.commands.executeCommand('hiver.filterConversations', conversations, { statuses: [], assignees: [assignee], tagIds: [] });
    try {
      assert.equal((await treeItem(provider, conversations)).description, `assignee: user ${assignee}`, 'no "0 of 0 scanned" before the first page');
      await sim.faults([{ kind: 'hang', ms: 1500, method: 'GET', pathIncludes: '/inboxes/102/users' }]);
      await sleep(200); // let the filter's redraw settle, then record only the listing's
      const redraws = recordRedraws(provider);
      try {
        await children(provider, conversations);
        await sleep(300);
        assert.ok(!redraws.ids().includes(conversations.id), `redrawn after the listing: ${redraws.ids().join(', ')}`);
        await namesLoaded('102');
        await waitFor(() => redraws.ids().includes(conversations.id), 'the group redrawn with the name');
      } finally {
        redraws.dispose();
      }
      assert.match(String((await treeItem(provider, conversations)).description), /^assignee: (?!user )/);
    } finally {
      await vscode.commands.executeCommand('hiver.clearConversationFilter', conversations);
    }
  });

  it('combines assignee (unassigned included) and tag filters', async () => {
    const conversations = await group(provider, '101', 'conversations');
    await children(provider, conversations);
    await namesLoaded('101');
    const expected = await simConversations('101');
    const loaded = api.session.model.list({ kind: 'conversations', inboxId: '101' }).items.map((c) => expected.byId.get(c.id)!);

    await vscode.commands.executeCommand('hiver.filterConversations', conversations, { statuses: [], assignees: ['unassigned'], tagIds: [] });
    const unassigned = entityRows(await children(provider, conversations)).map((r) => r.id.split('/').pop());
    assert.deepEqual(unassigned, loaded.filter((c) => !c.assignee).map((c) => String(c.id)));
    assert.match(String((await treeItem(provider, conversations)).description), /^assignee: unassigned · \d+ of 100 scanned$/);

    const tagId = loaded.find((c) => c.tag_ids.length > 0)!.tag_ids[0];
    await vscode.commands.executeCommand('hiver.filterConversations', conversations, { statuses: ['open', 'pending'], assignees: [], tagIds: [tagId] });
    const tagged = entityRows(await children(provider, conversations)).map((r) => r.id.split('/').pop());
    const want = loaded.filter((c) => ['open', 'pending'].includes(c.status) && c.tag_ids.map(String).includes(String(tagId)));
    assert.deepEqual(tagged, want.map((c) => String(c.id)));
    assert.equal(
      (await treeItem(provider, conversations)).description,
      `status: open, pending · tag: ${expected.tags.get(String(tagId))} · ${want.length} of 100 scanned`,
    );

    await vscode.commands.executeCommand('hiver.filterConversations', conversations, { statuses: ['no-such-status'], assignees: [], tagIds: [] });
    const none = await children(provider, conversations);
    assert.equal(entityRows(none).length, 0);
    assert.deepEqual(pagingRows(none), ['~noMatch', '~loadMore', '~loadAll']);

    // Clicking the row that says nothing matches clears the filter.
    const noMatch = await treeItem(provider, none.find((row) => row.id.endsWith('~noMatch'))!);
    assert.equal(noMatch.command?.command, 'hiver.clearConversationFilter');
    await vscode.commands.executeCommand(noMatch.command.command, ...(noMatch.command.arguments ?? []));
    assert.equal(entityRows(await children(provider, conversations)).length, loaded.length);
    assert.equal((await treeItem(provider, conversations)).contextValue, 'hiver.group.conversations hasMore');
  });

  it('refuses a filter from a caller that is not one, saying so, and the group row still draws', async () => {
    const conversations = await group(provider, '101', 'conversations');
    await children(provider, conversations);
    const messages = recordMessages();
    try {
      // Another extension can call the command with anything: this broke the row's description for good.
      await vscode.commands.executeCommand('hiver.filterConversations', conversations, { statuses: 'x', assignees: '', tagIds: '' });
    } finally {
      messages.dispose();
    }
    assert.deepEqual(messages.texts, ['The filter given to Filter Conversations is not a filter (lists of statuses, assignees and tag ids); the filter was not changed.']);
    assert.equal((await treeItem(provider, conversations)).contextValue, 'hiver.group.conversations hasMore');
    assert.equal(api.session.context.workspaceState.get<Record<string, unknown>>('hiver.conversationFilters')?.['101'], undefined, 'nothing stored');
  });

  it('keeps a revealed conversation selected while the names load, then names it', async () => {
    // beforeEach cleared the model: inbox 102's users and tags are not loaded, so showing its
    // conversations starts loading them in the background, and the rows redraw when they arrive.
    const model = api.session.model;
    assert.ok(!model.list({ kind: 'users', inboxId: '102' }).loaded && !model.list({ kind: 'tags', inboxId: '102' }).loaded);
    const expected = await simConversations('102');
    const conversation = [...expected.byId.values()].filter((c) => c.assignee && c.tag_ids.length > 0).at(-1);
    assert.ok(conversation, 'an assigned, tagged conversation in inbox 102');
    const id = `inbox/102/conversations/${conversation.id}`;
    try {
      await api.tree.reveal({ inboxId: '102', kind: 'conversations', itemId: String(conversation.id) });
      await waitFor(() => api.tree.view.selection[0]?.id === id, 'the revealed row to be selected', 2000);
      await namesLoaded('102');
      await sleep(500); // let the redraws that follow the names settle
      assert.equal(api.tree.view.selection[0]?.id, id, 'still selected after the names arrived');
      const item = await treeItem(provider, api.tree.view.selection[0]);
      const assignee = expected.users.get(String(conversation.assignee!.assignee_id));
      assert.ok(assignee, 'the assignee is one of the inbox users');
      assert.ok(String(item.description).includes(`· ${assignee} ·`), String(item.description));
    } finally {
      await collapseView();
    }
  });

  it('redraws one conversation row after the model changed it', async () => {
    const conversations = await group(provider, '102', 'conversations');
    const row = entityRows(await children(provider, conversations))[0];
    await namesLoaded('102');
    const id = row.id.split('/').pop()!;
    const list = api.session.model.list({ kind: 'conversations', inboxId: '102' });
    const before = list.get(id)!;
    const status = before.status === 'pending' ? 'open' : 'pending';
    await sleep(200); // let earlier refreshes settle
    const events: unknown[] = [];
    const subscription = provider.onDidChangeTreeData!((event) => events.push(event));
    try {
      list.upsert({ ...before, status });
      api.tree.refreshConversation('102', id);
      await waitFor(() => events.length > 0, 'a refresh');
    } finally {
      subscription.dispose();
    }
    assert.equal(events.length, 1);
    assert.ok(Array.isArray(events[0]) && events[0].length === 1 && events[0][0] === row, 'only that row');
    const item = await treeItem(provider, row);
    assert.ok(String(item.description).startsWith(`${status} · `));
    assert.equal((item.iconPath as vscode.ThemeIcon).id, STATUS_ICONS[status]);
  });

  it('redraws only the row after Set Status, not its group', async () => {
    const conversations = await group(provider, '102', 'conversations');
    const row = entityRows(await children(provider, conversations))[20];
    await namesLoaded('102');
    const id = row.id.split('/').pop()!;
    const status = api.session.model.list({ kind: 'conversations', inboxId: '102' }).get(id)!.status === 'pending' ? 'open' : 'pending';
    await sleep(200); // let earlier refreshes settle
    const redraws = recordRedraws(provider);
    try {
      const result = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>('hiver.setStatus', { inboxId: '102', conversationId: id }, status);
      assert.equal(result?.ok, true, result?.message);
      await waitFor(() => redraws.nodes().length > 0, 'a refresh');
      await sleep(200); // nothing else follows
    } finally {
      redraws.dispose();
    }
    assert.deepEqual(redraws.ids(), [row.id]);
    assert.ok(String((await treeItem(provider, row)).description).startsWith(`${status} · `));
  });

  it('Refresh on a conversation row re-reads it with one GET and keeps the row in place', async () => {
    const conversations = await group(provider, '102', 'conversations');
    const before = entityRows(await children(provider, conversations));
    const row = before[25];
    await namesLoaded('102');
    const id = row.id.split('/').pop()!;
    const list = api.session.model.list({ kind: 'conversations', inboxId: '102' });
    const server = (await simConversations('102')).byId.get(id)!;
    const stale = server.status === 'pending' ? 'open' : 'pending';
    list.upsert({ ...list.get(id)!, status: stale }); // what the server no longer says
    await sim.clearLog();
    await vscode.commands.executeCommand('hiver.refreshNode', row);
    assert.deepEqual((await answered(/./)).map((e) => `${e.method} ${e.path}`), [`GET /v1/inboxes/102/conversations/${id}`], 'one request');
    assert.equal(list.get(id)?.status, server.status);
    assert.ok(String((await treeItem(provider, row)).description).startsWith(`${server.status} · `));
    const after = entityRows(await children(provider, conversations));
    assert.deepEqual(after.map((r) => r.id), before.map((r) => r.id), 'the rows stay in place');
    assert.equal(after[25], row);
  });
});
