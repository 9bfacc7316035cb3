// Watching in the real VS Code, against the simulator: a conversation added in Hiver goes on
// top of the loaded Conversations group and into the view's badge, and a loaded row newly
// assigned to "me" shows its new assignee, each with one request per poll and no reload.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HiverExtensionApi } from '../../src/extension';
import { INBOXES } from '../../src/model/hiverModel';
import { watchStatusLine } from '../../src/watch/registerWatch';
import { SharedWatchStore } from '../../src/watch/watchStore';
import { accountId } from '../../src/hiver/sharedSlot';
import { DEMO_KEY, signIn, sim, waitFor, type SimLogEntry } from './testUtils';
import { child, children, collapseView, group, treeItem } from './treeHelpers';
import { transportIdle } from './quiet';
import { recordMessages } from './recordMessages';

const INBOX = '105';
const ref = { kind: 'conversations' as const, inboxId: INBOX };

/** Every GET of the inbox's conversation list since the log was cleared. */
async function listRequests(): Promise<SimLogEntry[]> {
  return (await sim.log()).filter((e) => e.method === 'GET' && e.path === `/v1/inboxes/${INBOX}/conversations`);
}

describe('watching an inbox (extension host)', function () {
  this.timeout(60_000);
  let api: HiverExtensionApi;

  before(async () => {
    await sim.reset();
    api = await signIn();
    await collapseView();
    api.session.model.clear();
    // The notification names the inbox from the loaded list.
    await api.session.model.ensureLoaded(INBOXES);
  });

  after(async () => {
    await api.watch.unwatch(INBOX);
    await api.watch.markSeen();
    for (const name of ['watch.me', 'watch.notify', 'watch.notifyWhenUnfocused', 'watch.dailyShare']) {
      await vscode.workspace.getConfiguration('hiver').update(name, undefined, vscode.ConfigurationTarget.Global);
    }
  });

  /** Answers the extension's information messages with `answer` (by button) and records them. */
  function answerMessages(answer: (text: string, buttons: string[]) => string | undefined): { texts: string[]; dispose(): void } {
    const window = vscode.window as unknown as { showInformationMessage: (text: string, ...buttons: string[]) => Thenable<string | undefined> };
    const original = window.showInformationMessage;
    const texts: string[] = [];
    window.showInformationMessage = (text, ...buttons) => {
      texts.push(`${text} | ${buttons.join(' | ')}`);
      return Promise.resolve(answer(text, buttons));
    };
    return { texts, dispose: () => (window.showInformationMessage = original) };
  }

  it('puts a conversation added in Hiver on top of the loaded group and in the badge, one request per poll', async () => {
    const model = api.session.model;
    await model.ensureLoaded(ref);
    const loaded = model.list(ref).items.map((c) => c.id);
    const pages = model.list(ref).nextPage;
    await sim.clearLog();
    await api.watch.watch(INBOX);
    await waitFor(async () => (await listRequests()).length === 1, 'the first poll (the baseline)');
    const { conversation } = await sim.addConversation(INBOX);
    await vscode.commands.executeCommand('hiver.checkWatchedNow');

    const id = String(conversation.id);
    await waitFor(() => model.list(ref).items[0]?.id === id, 'the new conversation on top of the group');
    assert.deepEqual(model.list(ref).items.map((c) => c.id), [id, ...loaded], 'on top, once, the rest as it was');
    assert.equal(model.list(ref).nextPage, pages, 'Load more still leads to the next page');
    assert.equal(api.tree.view.badge?.value, 1);
    assert.equal(api.watch.isNew(INBOX, id), true);
    assert.match(watchStatusLine(api.watch) ?? '', /^Watching 1 inbox · every \d+ (min|s)$/, 'the pace in the status bar tooltip');
    const requests = await listRequests();
    assert.equal(requests.length, 2, 'the baseline and one poll; no reload of the group');
    assert.ok(requests.every((e) => e.query.sort_by === 'id' && e.query.sort_order === 'desc' && e.status === 200));

    const row = (await children(api.tree.provider, await group(api.tree.provider, INBOX, 'conversations')))[0];
    assert.match(String((await treeItem(api.tree.provider, row)).description), /^New · /);
  });

  it('shows a loaded conversation newly assigned to me with its new assignee, from the polled page alone', async () => {
    const model = api.session.model;
    const users = (await sim.inbox(INBOX)).users as { id: string; email: string }[];
    const me = users[0];
    await vscode.workspace.getConfiguration('hiver').update('watch.me', me.id, vscode.ConfigurationTarget.Global);
    await waitFor(() => api.watch.watchSettings.me === me.id, 'hiver.watch.me to apply');
    const target = model.list(ref).items.find((c) => c.assigneeId !== me.id && !api.watch.isNew(INBOX, c.id));
    assert.ok(target, 'a loaded conversation assigned to someone else');
    // As a teammate would in Hiver: through the client alone (paced with the rest, so no 429),
    // which leaves the loaded row as it was.
    await api.session.client.updateConversation(INBOX, target.id, { assigneeEmail: me.email });
    assert.notEqual(model.list(ref).get(target.id)?.assigneeId, me.id);
    // The rows drawn by the test before asked for the inbox's names (users, tags) in the background.
    const names = (['users', 'tags'] as const).map((kind) => model.list({ kind, inboxId: INBOX }));
    await waitFor(() => names.every((list) => list.loaded && !list.loadingAll), 'the names to load');
    await transportIdle(api);
    await sim.clearLog();
    await vscode.commands.executeCommand('hiver.checkWatchedNow');

    await waitFor(() => model.list(ref).get(target.id)?.assigneeId === me.id, 'the row to show its new assignee');
    assert.equal(api.watch.isNew(INBOX, target.id), true, 'marked New');
    assert.equal(api.tree.view.badge?.value, 2);
    assert.equal(model.list(ref).items.filter((c) => c.id === target.id).length, 1, 'still one row');
    const gets = (await sim.log()).filter((e) => e.method === 'GET');
    assert.deepEqual(gets.map((e) => e.path), [`/v1/inboxes/${INBOX}/conversations`], `one request, the poll: ${JSON.stringify(gets)}`);
  });

  it("keeps a change made here over another window's older poll, read after it", async () => {
    const model = api.session.model;
    const target = model.list(ref).items.find((c) => c.status === 'open' && !api.watch.isNew(INBOX, c.id));
    assert.ok(target, 'a loaded open conversation');
    const older = { ...target };
    // Another window queues its poll now; its page will hold the conversation as it is now.
    const queuedBefore = Date.now() - 1;
    await vscode.commands.executeCommand('hiver.setStatus', { inboxId: INBOX, conversationId: target.id }, 'closed');
    assert.equal(model.list(ref).get(target.id)?.status, 'closed');
    // That poll lands in the shared state only now, and this window reads it.
    const store = new SharedWatchStore(api.session.context.globalStorageUri.fsPath, accountId(api.session.settings.apiBaseUrl, DEMO_KEY));
    const publish = async (queuedAt: number) => {
      await store.update((s) => {
        s.pollSeq += 1;
        s.updates[INBOX] = { seq: s.pollSeq, queuedAt, conversations: [older] };
      });
      // Not waiting for the next tick: watching the inbox again reads the shared state at once.
      await api.watch.watch(INBOX);
    };
    await publish(queuedBefore);
    assert.equal(model.list(ref).get(target.id)?.status, 'closed', 'the older poll undid the change made here');
    // The same copy from a poll queued after the change is newer, and replaces the row.
    await publish(Date.now());
    assert.equal(model.list(ref).get(target.id)?.status, 'open', 'a newer poll is applied');
    await api.session.client.updateConversation(INBOX, target.id, { status: 'open' }); // as the row now shows
  });

  it('says what one poll found in one notification; in "assigned" mode only what was assigned to me; Don\'t Show Again turns it off for good', async () => {
    const config = () => vscode.workspace.getConfiguration('hiver');
    if (!api.watch.isWatched(INBOX)) await api.watch.watch(INBOX);
    const me = ((await sim.inbox(INBOX)).users as { id: string }[])[0].id;
    await config().update('watch.me', me, vscode.ConfigurationTarget.Global);
    await config().update('watch.notifyWhenUnfocused', true, vscode.ConfigurationTarget.Global);
    await config().update('watch.notify', 'assigned', vscode.ConfigurationTarget.Global);
    await waitFor(() => api.watch.watchSettings.notify === 'assigned' && api.watch.watchSettings.notifyWhenUnfocused && api.watch.watchSettings.me === me, 'the settings to apply');
    const messages = answerMessages((text, buttons) => (/assigned to you/.test(text) ? buttons[buttons.length - 1] : undefined));
    try {
      const badge = () => Number(api.tree.view.badge?.value ?? 0);
      const before = badge();
      await sim.addConversation(INBOX);
      await sim.addConversation(INBOX, { assignee_id: me });
      await vscode.commands.executeCommand('hiver.checkWatchedNow');
      await waitFor(() => badge() === before + 2, 'both in the badge');
      await waitFor(() => messages.texts.length > 0, 'the notification');
      assert.deepEqual(messages.texts, ['1 conversation in Engineering Escalations newly assigned to you | Open | Don\'t Show Again']);
      await waitFor(() => config().inspect('watch.notify')?.globalValue === 'off', 'Don\'t Show Again to be saved in the user settings');
      await waitFor(() => api.watch.watchSettings.notify === 'off', 'the setting to apply');

      await sim.addConversation(INBOX, { assignee_id: me });
      await vscode.commands.executeCommand('hiver.checkWatchedNow');
      await waitFor(() => badge() === before + 3, 'the next one in the badge');
      assert.equal(messages.texts.length, 1, 'no notification once turned off');
    } finally {
      messages.dispose();
    }
  });

  it('Check Now says what it found: nothing new, how many are new, or why it could not check', async () => {
    await api.watch.unwatch(INBOX);
    await waitFor(() => api.watch.watchedCount === 0, 'nothing watched');
    const messages = recordMessages();
    const last = () => messages.texts.at(-1) ?? '';
    try {
      await vscode.commands.executeCommand('hiver.checkWatchedNow');
      assert.equal(last(), 'No inbox is watched. Watch one first: Hiver: Watch Inbox, or the eye on an inbox row.');
      await api.watch.watch(INBOX);
      await vscode.commands.executeCommand('hiver.checkWatchedNow');
      assert.equal(last(), '$(eye) Checked 1 watched inbox: nothing new | 5000');
      // A check sets the time of the last poll, so no background poll comes before the next check.
      await sim.addConversation(INBOX);
      await sim.addConversation(INBOX);
      await vscode.commands.executeCommand('hiver.checkWatchedNow');
      assert.equal(last(), '$(eye) Checked 1 watched inbox: 2 new | 5000');
      await api.watch.watch('102');
      await vscode.commands.executeCommand('hiver.checkWatchedNow');
      assert.equal(last(), '$(eye) Checked 2 watched inboxes: nothing new | 5000');
      assert.match(watchStatusLine(api.watch) ?? '', /^Watching 2 inboxes · /);
      await api.watch.unwatch('102');
      await sim.faults([{ kind: 'status', status: 400, message: 'Bad sort', count: -1, pathIncludes: `/inboxes/${INBOX}/conversations` }]);
      await vscode.commands.executeCommand('hiver.checkWatchedNow');
      assert.equal(last(), 'Could not check Engineering Escalations: Hiver rejected the request to list conversations (HTTP 400): Bad sort.');
    } finally {
      messages.dispose();
      await sim.clearFaults();
      await api.watch.unwatch(INBOX);
      await api.watch.markSeen();
    }
  });

  it('asks who I am with a button when an inbox is watched and nobody is chosen, and the button opens the member picker', async () => {
    await vscode.workspace.getConfiguration('hiver').update('watch.me', undefined, vscode.ConfigurationTarget.Global);
    await waitFor(() => api.watch.watchSettings.me === '', 'no "me"');
    await api.watch.unwatch(INBOX);
    const messages = answerMessages((_text, buttons) => buttons.find((b) => b === 'Choose Who I Am'));
    const window = vscode.window as unknown as { createQuickPick: () => vscode.QuickPick<vscode.QuickPickItem> };
    const original = window.createQuickPick;
    const pickers: vscode.QuickPick<vscode.QuickPickItem>[] = [];
    window.createQuickPick = () => {
      const picker = original.call(vscode.window);
      pickers.push(picker);
      return picker;
    };
    try {
      await vscode.commands.executeCommand('hiver.watchInbox', await child(api.tree.provider, undefined, INBOX));
      assert.equal(api.watch.isWatched(INBOX), true);
      // The eye on the row says it to the eye; a screen reader hears it.
      const row = await child(api.tree.provider, undefined, INBOX);
      assert.equal((await treeItem(api.tree.provider, row)).accessibilityInformation?.label, 'Engineering Escalations, escalations@acme.example, watched');
      await waitFor(() => pickers.length > 0, 'the member picker');
      assert.deepEqual(messages.texts, ['Watching Engineering Escalations. Choose who you are in Hiver to hear about conversations assigned to you. | Choose Who I Am']);
      assert.equal(pickers[0].title, 'Choose Who I Am');
      await waitFor(() => pickers[0].items.length > 0, 'the members listed');
    } finally {
      window.createQuickPick = original;
      messages.dispose();
      for (const picker of pickers) picker.hide();
      await api.watch.unwatch(INBOX);
    }
  });

  it('asks who I am once when watching starts, and with two inboxes watched asks which one lists me', async () => {
    await vscode.workspace.getConfiguration('hiver').update('watch.me', undefined, vscode.ConfigurationTarget.Global);
    await waitFor(() => api.watch.watchSettings.me === '', 'no "me"');
    await api.watch.unwatch(INBOX);
    const messages = recordMessages();
    const window = vscode.window as unknown as { showQuickPick: (items: readonly vscode.QuickPickItem[], options?: vscode.QuickPickOptions) => Thenable<unknown> };
    const original = window.showQuickPick;
    const asked: string[] = [];
    window.showQuickPick = (items, options) => (asked.push(`${options?.title}: ${items.map((i) => i.label).join(', ')}`), Promise.resolve(undefined));
    // A member picker shown without the inbox question is noted, and closed as Escape would.
    const creating = vscode.window as unknown as { createQuickPick: () => vscode.QuickPick<vscode.QuickPickItem> };
    const originalCreate = creating.createQuickPick;
    creating.createQuickPick = () => {
      const picker = originalCreate.call(vscode.window);
      const show = picker.show.bind(picker);
      picker.show = () => (asked.push(`members: ${picker.title}`), show(), setTimeout(() => picker.hide(), 0), undefined);
      return picker;
    };
    try {
      await vscode.commands.executeCommand('hiver.watchInbox', await child(api.tree.provider, undefined, INBOX));
      await vscode.commands.executeCommand('hiver.watchInbox', await child(api.tree.provider, undefined, '102'));
      assert.deepEqual(messages.texts, ['Watching Engineering Escalations. Choose who you are in Hiver to hear about conversations assigned to you. | Choose Who I Am'], 'not asked again for the second inbox');
      const unwatched = await child(api.tree.provider, undefined, '101');
      await api.tree.view.reveal(unwatched, { select: true, focus: false });
      await waitFor(() => api.tree.view.selection[0]?.id === unwatched.id, 'an unwatched inbox selected');
      await vscode.commands.executeCommand('hiver.chooseMe');
      const names = api.session.model.inboxes.items.filter((inbox) => [INBOX, '102'].includes(inbox.id)).map((inbox) => inbox.displayName);
      assert.deepEqual(asked, [`Choose Who I Am: ${names.join(', ')}`], 'the watched inboxes, not the first one nor the selected unwatched one');
    } finally {
      window.showQuickPick = original;
      creating.createQuickPick = originalCreate;
      messages.dispose();
      await api.watch.unwatch(INBOX);
      await api.watch.unwatch('102');
      await collapseView();
    }
  });

  it('from the palette, acts on the selected inbox only where it can, and asks otherwise', async () => {
    const window = vscode.window as unknown as { showQuickPick: (items: unknown, options?: vscode.QuickPickOptions) => Thenable<unknown> };
    const original = window.showQuickPick;
    const asked: string[] = [];
    window.showQuickPick = (_items, options) => (asked.push(options?.title ?? ''), Promise.resolve(undefined));
    try {
      await api.watch.unwatch(INBOX);
      const row = await child(api.tree.provider, undefined, INBOX);
      await api.tree.view.reveal(row, { select: true, focus: false });
      // reveal() resolves before the view's selection event reaches this host: wait for it, or
      // the commands below see no selection and ask (both questions asked, nothing watched).
      await waitFor(() => api.tree.view.selection[0]?.id === row.id, 'the inbox row selected');
      await vscode.commands.executeCommand('hiver.unwatchInbox');
      assert.deepEqual(asked, ['Stop Watching Inbox'], 'the selected inbox is not watched: which one to stop?');
      await vscode.commands.executeCommand('hiver.watchInbox');
      assert.equal(api.watch.isWatched(INBOX), true, 'the selected inbox, with no question');
      assert.equal(asked.length, 1);
    } finally {
      window.showQuickPick = original;
      await api.watch.unwatch(INBOX);
      await collapseView();
    }
  });

  it('says in the status bar tooltip that a share of 0 turned watching off, and how to turn it back on; polls nothing', async () => {
    const config = () => vscode.workspace.getConfiguration('hiver');
    await config().update('watch.dailyShare', 0, vscode.ConfigurationTarget.Global);
    try {
      await waitFor(() => api.watch.watchSettings.dailyShare === 0, 'the share read as 0');
      await sim.clearLog();
      await api.watch.watch(INBOX);
      const off = 'Watching is off: hiver.watch.dailyShare is 0. Set it above 0 to watch again.';
      await waitFor(() => watchStatusLine(api.watch) === off, 'the status line saying watching is off');
      assert.equal((await listRequests()).length, 0, 'no poll, not even the baseline');
    } finally {
      await config().update('watch.dailyShare', undefined, vscode.ConfigurationTarget.Global);
      await api.watch.unwatch(INBOX);
    }
  });
});
