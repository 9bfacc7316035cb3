// Conversation triage against the simulator: every action through the real commands, each
// checked in the simulator's state afterwards and in the model; then the failure paths.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HiverExtensionApi } from '../../src/extension';
import { DraftStore } from '../../src/conversations/draftStore';
import type { SentNotes } from '../../src/conversations/sentNotes';
import { DEFAULT_TRANSPORT_SETTINGS } from '../../src/hiver/transportTypes';
import { DEMO_KEY, removeApiKey, requestsTo, signIn, sim, waitFor, type SimLogEntry } from './testUtils';
import { children, group, setSetting } from './treeHelpers';

interface SimConversation {
  id: number;
  status: string;
  assignee?: { assignee_id: number } | null;
  tag_ids: string[];
  message_ids: { hiver_message_id: number; gmail_message_id: string }[];
}
interface SimUser {
  id: string;
  email: string;
}

// Engineering Escalations. conversationPanel.test.ts changes its conversations 10 to 15: this
// file keeps to 0 to 9 and 20 and over.
const INBOX = '105';

/** What a command returns: an Outcome, or a send result. */
type Result = { ok: boolean; message?: string; cancelled?: boolean; uncertain?: boolean; value?: unknown };

/** A second account's key (the simulator accepts it once configured). */
const OTHER_KEY = 'hiver-other-key';

describe('conversation triage', function () {
  this.timeout(60_000);
  let api: HiverExtensionApi;
  let conversations: SimConversation[];
  let users: SimUser[];
  let drafts: DraftStore;
  let sentNotes: SentNotes;

  const target = (c: SimConversation | string) => ({ inboxId: INBOX, conversationId: typeof c === 'string' ? c : String(c.id) });
  const simConversation = async (id: number | string) => (await sim.conversation(String(id))) as { conversation: SimConversation; notes: Record<string, unknown>[]; drafts: Record<string, unknown>[] };
  const modelConversation = (id: number | string) => api.session.model.list({ kind: 'conversations', inboxId: INBOX }).get(String(id));
  const run = (command: string, ...args: unknown[]) => vscode.commands.executeCommand<Result>(command, ...args);
  const conversationRequests = (id: number | string, method: string) => requestsTo(new RegExp(`/inboxes/${INBOX}/conversations/${id}$`), method);

  before(async () => {
    await sim.reset();
    await sim.clearFaults();
    api = await signIn();
    drafts = new DraftStore(api.session.context.workspaceState);
    sentNotes = api.panels.conversations.services.sentNotes;
    const inbox = await sim.inbox(INBOX);
    conversations = inbox.conversations as SimConversation[];
    users = inbox.users as SimUser[];
    // What a user has after expanding the inbox: its conversations, users and tags.
    api.session.model.clear();
    for (const kind of ['conversations', 'users', 'tags'] as const) await api.session.model.ensureLoaded({ kind, inboxId: INBOX });
  });

  beforeEach(async () => {
    await sim.clearFaults();
    await sim.clearLog();
  });

  after(async () => {
    await sim.clearFaults();
    api.session.transport.updateSettings({ timeoutMs: DEFAULT_TRANSPORT_SETTINGS.timeoutMs });
  });

  it('changes the status with one PATCH, and the model only after the server accepted it', async () => {
    const c = conversations[0];
    const next = c.status === 'pending' ? 'open' : 'pending';
    const result = await run('hiver.setStatus', target(c), next);
    assert.equal(result?.ok, true, result?.message);
    assert.equal((await simConversation(c.id)).conversation.status, next);
    assert.equal(modelConversation(c.id)?.status, next);
    const patches = await conversationRequests(c.id, 'PATCH');
    assert.equal(patches.length, 1);
    assert.deepEqual(patches[0].body, { status: { name: next } });
    assert.equal(patches[0].status, 204);
    assert.equal((await conversationRequests(c.id, 'GET')).length, 0, 'a 204 is applied locally, not re-read');

    // Closing sends Hiver's write name "close"; reads say "closed".
    assert.equal((await run('hiver.setStatus', target(c), 'closed'))?.ok, true);
    assert.equal((await simConversation(c.id)).conversation.status, 'closed');
    assert.equal(modelConversation(c.id)?.status, 'closed');
  });

  it('from the palette, acts on the conversation whose panel is the active editor, without asking which', async () => {
    const c = conversations[25];
    const next = c.status === 'pending' ? 'open' : 'pending';
    const ref = { kind: 'conversation' as const, inboxId: INBOX, id: String(c.id) };
    await api.panels.show(ref);
    const panel = api.panels.panelFor(ref);
    await waitFor(() => panel?.active, 'the panel to be the active editor');
    const window = vscode.window as unknown as { showQuickPick: (...args: unknown[]) => Thenable<unknown> };
    const original = window.showQuickPick;
    let asked = 0;
    window.showQuickPick = () => (asked++, Promise.resolve(undefined));
    try {
      // As the palette runs it: no arguments but the value (a keybinding could pass it).
      const result = await run('hiver.setStatus', undefined, next);
      assert.equal(result?.ok, true, result?.message);
    } finally {
      window.showQuickPick = original;
      panel?.dispose();
    }
    assert.equal(asked, 0, 'no picker: the panel in front says which conversation');
    assert.equal((await simConversation(c.id)).conversation.status, next);
  });

  it('shows each change on its way to Hiver in the status bar, once the choice is made', async () => {
    const c = conversations[26];
    const member = users.find((u) => Number(u.id) !== c.assignee?.assignee_id && u.email !== 'admin@acme.example');
    const tag = ((await sim.inbox(INBOX)).tags as { id: string }[])[0];
    assert.ok(member && tag);
    const window = vscode.window as unknown as { withProgress: typeof vscode.window.withProgress };
    const original = window.withProgress;
    const titles: string[] = [];
    window.withProgress = ((options, task) => {
      titles.push(String(options.title));
      return original.call(vscode.window, options, task);
    }) as typeof vscode.window.withProgress;
    try {
      assert.equal((await run('hiver.setStatus', target(c), c.status === 'pending' ? 'open' : 'pending'))?.ok, true);
      assert.equal((await run('hiver.assign', target(c), member.email))?.ok, true);
      assert.equal((await run('hiver.editTags', target(c), { toApply: [tag.id], toRemove: [] }))?.ok, true);
    } finally {
      window.withProgress = original;
    }
    assert.deepEqual(titles, [`Setting the status of conversation ${c.id}…`, `Assigning conversation ${c.id}…`, `Changing the tags of conversation ${c.id}…`]);
  });

  it('assigns to a member by email', async () => {
    const c = conversations[1];
    const member = users.find((u) => Number(u.id) !== c.assignee?.assignee_id && u.email !== 'admin@acme.example');
    assert.ok(member);
    const result = await run('hiver.assign', target(c), member.email);
    assert.equal(result?.ok, true, result?.message);
    assert.equal(String((await simConversation(c.id)).conversation.assignee?.assignee_id), member.id);
    assert.equal(modelConversation(c.id)?.assigneeId, member.id);
    const patches = await conversationRequests(c.id, 'PATCH');
    assert.deepEqual(patches.map((p) => [p.status, p.body]), [[204, { assignee: { email: member.email } }]]);
    assert.equal((await conversationRequests(c.id, 'GET')).length, 0);
  });

  it('applies and removes tags in ONE PATCH', async () => {
    const c = conversations.find((x) => x.tag_ids.length > 0);
    assert.ok(c, 'a conversation with tags');
    const allTags = (await sim.inbox(INBOX)).tags as { id: string }[];
    const toRemove = [c.tag_ids[0]];
    const toApply = allTags.map((t) => t.id).filter((id) => !c.tag_ids.includes(id)).slice(0, 2);
    const result = await run('hiver.editTags', target(c), { toApply, toRemove });
    assert.equal(result?.ok, true, result?.message);
    const expected = [...c.tag_ids.filter((id) => !toRemove.includes(id)), ...toApply];
    assert.deepEqual([...(await simConversation(c.id)).conversation.tag_ids].sort(), [...expected].sort());
    assert.deepEqual([...(modelConversation(c.id)?.tagIds ?? [])].sort(), [...expected].sort());
    const patches = await conversationRequests(c.id, 'PATCH');
    assert.equal(patches.length, 1, 'apply and remove go in one request');
    assert.deepEqual(patches[0].body, { tags: { to_apply: toApply, to_remove: toRemove } });
  });

  it('creates a tag in the inbox and applies it', async () => {
    const c = conversations[3];
    const name = 'Triage suite tag';
    const result = await run('hiver.editTags', target(c), { newTag: { name, colorHex: '#1e88e5', description: 'made by the triage suite' } });
    assert.equal(result?.ok, true, result?.message);
    const created = ((await sim.inbox(INBOX)).tags as { id: string; name: string; color_code: string; description: string }[]).find((t) => t.name === name);
    assert.ok(created, 'the tag exists in the simulator');
    assert.equal(created.color_code, '#1e88e5');
    assert.equal(created.description, 'made by the triage suite');
    assert.ok((await simConversation(c.id)).conversation.tag_ids.includes(created.id));
    assert.ok(modelConversation(c.id)?.tagIds.includes(created.id));
    assert.ok(api.session.model.list({ kind: 'tags', inboxId: INBOX }).get(created.id), 'the loaded tag list knows the new tag (its name shows)');
    const log = (await sim.log()).filter((e) => e.method !== 'GET');
    assert.deepEqual(log.map((e) => `${e.method} ${e.status}`), ['POST 200', 'PATCH 204']);
  });

  it('adds a note with mentions (email in mentions and in the text), then a reply to it', async () => {
    const c = conversations[4];
    const [mentioned, written] = users.filter((u) => u.email !== 'admin@acme.example');
    const first = await run('hiver.addNote', target(c), { content: `Please look at this, ${written.email}`, mentions: [mentioned.email], notifyAll: true });
    assert.equal(first?.ok, true, first?.message);
    let notes = (await simConversation(c.id)).notes;
    assert.equal(notes.length, 1);
    assert.deepEqual([...(notes[0].mentions as string[])].sort(), [mentioned.email, written.email].sort());
    assert.ok(String(notes[0].content).includes(mentioned.email), 'the chosen mention is written into the text too');
    assert.ok(String(notes[0].content).includes(written.email));
    assert.equal(notes[0].notify_all, true);
    const noteId = String(notes[0].id);
    assert.equal(drafts.get(INBOX, String(c.id), 'note'), undefined, 'cleared after the 201');
    const recorded = sentNotes.list(String(c.id));
    assert.deepEqual(recorded.map((n) => n.id), [noteId]);
    assert.equal(recorded[0].authorEmail, 'admin@acme.example');

    const reply = await run('hiver.addNote', target(c), { content: 'Done, thanks.', parentNoteId: noteId });
    assert.equal(reply?.ok, true, reply?.message);
    notes = (await simConversation(c.id)).notes;
    assert.equal(notes.length, 2);
    assert.equal(notes[1].parent_note_id, noteId);
    assert.deepEqual(sentNotes.list(String(c.id)).map((n) => n.parentNoteId), [undefined, noteId]);
    assert.equal((await requestsTo(/\/notes$/, 'POST')).length, 2);
  });

  it('creates a shared draft replying to one of the conversation\'s messages', async () => {
    const c = conversations[5];
    const message = c.message_ids[c.message_ids.length - 1];
    const result = await run('hiver.createSharedDraft', target(c), { body: 'Thanks for writing in.', replyType: 'reply_all', replyTo: `hiver:${message.hiver_message_id}` });
    assert.equal(result?.ok, true, result?.message);
    const created = (await simConversation(c.id)).drafts;
    assert.equal(created.length, 1);
    assert.equal(created[0].body, 'Thanks for writing in.');
    assert.equal(created[0].reply_type, 'reply_all');
    assert.equal(created[0].reply_to_message_id, message.hiver_message_id);
    assert.equal(drafts.get(INBOX, String(c.id), 'draft'), undefined);
  });

  it('refuses a non-member assignee (400): the model keeps the old state and the reason is given', async () => {
    const c = conversations[6];
    const before = modelConversation(c.id);
    const result = await run('hiver.assign', target(c), 'stranger@elsewhere.example');
    assert.equal(result?.ok, false);
    assert.match(result?.message ?? '', /not a member/i, 'the server\'s reason');
    assert.deepEqual(modelConversation(c.id), before);
    assert.deepEqual((await simConversation(c.id)).conversation.assignee ?? null, c.assignee ?? null);
    assert.deepEqual((await conversationRequests(c.id, 'PATCH')).map((p) => p.status), [400]);
  });

  it('sets the status the panel shows too: Hiver may have changed it since (one PATCH)', async () => {
    const c = conversations[23];
    const shown = modelConversation(c.id)?.status;
    assert.ok(shown === 'open' || shown === 'pending' || shown === 'closed', `a settable status: ${shown}`);
    // A teammate changes it in Hiver: through the client alone, which leaves the row as it was.
    await api.session.client.updateConversation(INBOX, String(c.id), { status: shown === 'closed' ? 'open' : 'closed' });
    assert.equal(modelConversation(c.id)?.status, shown);
    await sim.clearLog();
    const result = await run('hiver.setStatus', target(c), shown);
    assert.equal(result?.ok, true, result?.message);
    assert.equal((await conversationRequests(c.id, 'PATCH')).length, 1);
    assert.equal((await simConversation(c.id)).conversation.status, shown, 'Hiver has the status chosen');
  });

  it('reports an unknown conversation (404) and changes nothing', async () => {
    const result = await run('hiver.setStatus', target('999999999'), 'closed');
    assert.equal(result?.ok, false);
    assert.match(result?.message ?? '', /not found/i);
    assert.equal(modelConversation('999999999'), undefined);
    const log = await sim.log();
    assert.ok(log.some((e) => e.status === 404), 'the server answered 404');
    assert.equal(log.filter((e) => e.method === 'PATCH').length, 0);
  });

  it('keeps the note and never posts it twice after a 500', async () => {
    const c = conversations[7];
    await sim.faults([{ kind: 'status', status: 500, pathIncludes: '/notes', method: 'POST', count: 1 }]);
    const content = 'Customer asked for a callback (500 test)';
    const failed = await run('hiver.addNote', target(c), { content, notifyAll: false });
    assert.equal(failed?.ok, false);
    assert.equal(failed?.uncertain, true, 'a 5xx may have reached Hiver: the user must check');
    assert.equal(drafts.get(INBOX, String(c.id), 'note')?.value.content, content, 'the text is kept');
    assert.equal((await requestsTo(/\/notes$/, 'POST')).length, 1, 'ONE POST: no automatic retry');
    assert.equal((await simConversation(c.id)).notes.length, 0);

    // Sending again without confirming is refused: it may be in Hiver already.
    const unconfirmed = await run('hiver.addNote', target(c), { content, notifyAll: false });
    assert.equal(unconfirmed?.ok, false);
    assert.equal((await requestsTo(/\/notes$/, 'POST')).length, 1, 'no POST without Send Anyway');
    // The user chose to send anyway: one more POST, and only then is the text cleared.
    const again = await run('hiver.addNote', target(c), { content, notifyAll: false }, { sendAnyway: true });
    assert.equal(again?.ok, true, again?.message);
    assert.equal((await requestsTo(/\/notes$/, 'POST')).length, 2);
    assert.equal((await simConversation(c.id)).notes.length, 1);
    assert.equal(drafts.get(INBOX, String(c.id), 'note'), undefined);
  });

  describe('the Send Again prompt after a 500', () => {
    type Shower = (...args: unknown[]) => Thenable<unknown>;
    const window = vscode.window as unknown as Record<'showWarningMessage' | 'showInformationMessage', Shower>;
    const originals = { warning: window.showWarningMessage, info: window.showInformationMessage };
    let answer: (choice: string | undefined) => void;
    let infos: string[];

    beforeEach(() => {
      // The prompt stays open until the test answers it, as it stays in the notification center.
      infos = [];
      const prompt = new Promise<unknown>((resolve) => (answer = resolve));
      window.showWarningMessage = () => prompt;
      window.showInformationMessage = (message) => (infos.push(String(message)), Promise.resolve(undefined));
    });
    afterEach(() => {
      answer(undefined);
      window.showWarningMessage = originals.warning;
      window.showInformationMessage = originals.info;
    });

    const failOnce = async (c: SimConversation, content: string) => {
      await sim.faults([{ kind: 'status', status: 500, pathIncludes: '/notes', method: 'POST', count: 1 }]);
      const failed = await run('hiver.addNote', target(c), { content, notifyAll: false });
      assert.equal(failed?.uncertain, true);
    };

    it('sends the kept text once when chosen', async () => {
      const c = conversations[21];
      await failOnce(c, 'Callback booked (Send Again test)');
      answer('Send Again');
      await waitFor(() => drafts.get(INBOX, String(c.id), 'note') === undefined, 'the note sent and its text cleared');
      assert.equal((await requestsTo(/\/notes$/, 'POST')).length, 2);
      assert.deepEqual((await simConversation(c.id)).notes.map((n) => n.content), ['Callback booked (Send Again test)']);
    });

    it('sends nothing, and says a newer attempt was made, once the text was sent again and that is in doubt too', async () => {
      const c = conversations[24];
      const content = 'Escalated to tier 2 (newer attempt test)';
      await failOnce(c, content);
      // Send Anyway fails the same way: its own prompt is dismissed; the first one is answered below.
      window.showWarningMessage = () => Promise.resolve(undefined);
      await sim.faults([{ kind: 'status', status: 500, pathIncludes: '/notes', method: 'POST', count: 1 }]);
      const anyway = await run('hiver.addNote', target(c), { content, notifyAll: false }, { sendAnyway: true });
      assert.equal(anyway?.uncertain, true);
      answer('Send Again');
      await waitFor(() => infos.length > 0, 'a message that nothing was sent');
      assert.match(infos[0], /Nothing was sent: a newer attempt to send that note was made since/);
      assert.equal((await requestsTo(/\/notes$/, 'POST')).length, 2, 'the first POST and Send Anyway only');
      assert.equal(drafts.get(INBOX, String(c.id), 'note')?.value.content, content, 'the text is kept');
    });

    it('sends nothing once that text was sent from the panel and a new one begun', async () => {
      const c = conversations[22];
      const content = 'Refund approved (stale prompt test)';
      await failOnce(c, content);
      const anyway = await run('hiver.addNote', target(c), { content, notifyAll: false }, { sendAnyway: true });
      assert.equal(anyway?.ok, true, anyway?.message);
      const next = { content: 'Half-written, do not send', mentions: [], notifyAll: true };
      await drafts.save(INBOX, String(c.id), 'note', next);
      answer('Send Again');
      await waitFor(() => infos.length > 0, 'a message that nothing was sent');
      assert.match(infos[0], /Nothing was sent: that note was sent or replaced since/);
      assert.equal((await requestsTo(/\/notes$/, 'POST')).length, 2, 'the failed POST and Send Anyway only');
      assert.deepEqual((await simConversation(c.id)).notes.map((n) => n.content), [content]);
      assert.deepEqual(drafts.get(INBOX, String(c.id), 'note')?.value, next, 'the new text is kept, unsent');
    });
  });

  it('keeps the note and never posts it twice after a timeout', async () => {
    const c = conversations[8];
    api.session.transport.updateSettings({ timeoutMs: 2000 });
    try {
      // The simulator saves the note, then never answers: the worst case for a retry.
      await sim.faults([{ kind: 'hang', pathIncludes: '/notes', afterProcessing: true }]);
      const content = 'Escalating to the on-call engineer (timeout test)';
      const failed = await run('hiver.addNote', target(c), { content, notifyAll: false });
      assert.equal(failed?.ok, false);
      assert.equal(failed?.uncertain, true);
      assert.match(failed?.message ?? '', /did not answer/i);
      assert.equal(drafts.get(INBOX, String(c.id), 'note')?.value.content, content, 'the text is kept');
      const posts: SimLogEntry[] = await requestsTo(/\/notes$/, 'POST');
      assert.equal(posts.length, 1, 'ONE POST: a request that may have reached Hiver is never retried');
      assert.equal((await simConversation(c.id)).notes.length, 1, 'it did reach the simulator: hence "check in Hiver"');
    } finally {
      api.session.transport.updateSettings({ timeoutMs: DEFAULT_TRANSPORT_SETTINGS.timeoutMs });
      await sim.clearFaults();
    }
  });

  it('retries a PATCH answered 429 after a pause, then updates the model', async () => {
    const c = conversations[9];
    const next = c.status === 'open' ? 'pending' : 'open';
    await sim.faults([{ kind: 'status', status: 429, method: 'PATCH', count: 1 }]);
    const result = await run('hiver.setStatus', target(c), next);
    assert.equal(result?.ok, true, result?.message);
    assert.deepEqual((await conversationRequests(c.id, 'PATCH')).map((p) => p.status), [429, 204]);
    assert.equal((await simConversation(c.id)).conversation.status, next);
    assert.equal(modelConversation(c.id)?.status, next);
  });

  it('keeps a conversation found by Go to Conversation out of the rows after an action on it', async () => {
    const provider = api.tree.provider;
    const ref = { kind: 'conversations' as const, inboxId: INBOX };
    // 10 a page, so most of the inbox's conversations are in no loaded page.
    await setSetting('pageSize', 10, () => api.session.settings.pageSize === 10);
    try {
      api.session.model.refresh(ref);
      await api.session.model.ensureLoaded(ref);
      const list = api.session.model.list(ref);
      const size = list.size;
      const c = conversations[20];
      assert.equal(list.hasPaged(String(c.id)), false);
      const found = await vscode.commands.executeCommand<{ status: string; inboxId?: string }>('hiver.goToConversation', String(c.id));
      assert.equal(found?.status, 'opened');
      assert.equal(found?.inboxId, INBOX);
      const next = c.status === 'pending' ? 'open' : 'pending';
      const result = await run('hiver.setStatus', target(c), next);
      assert.equal(result?.ok, true, result?.message);
      assert.equal(modelConversation(c.id)?.status, next, 'the panel and a second lookup see the new state');
      assert.equal(list.hasPaged(String(c.id)), false, 'still beside the pages');
      assert.equal(list.size, size, 'the paged list (and the filter\'s "scanned" count) is unchanged');
      const rows = await children(provider, await group(provider, INBOX, 'conversations'));
      assert.ok(!rows.some((row) => row.id === `inbox/${INBOX}/conversations/${c.id}`), 'no row for it');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await setSetting('pageSize', undefined, () => api.session.settings.pageSize === 100);
    }
  });

  it('keeps a note sent while another window changed the key under the key it was sent with', async () => {
    const c = conversations[3];
    const text = `Sent before the switch ${Date.now()}`;
    const contents = () => sentNotes.list(String(c.id)).map((n) => n.content);
    await sim.configure({ keys: [DEMO_KEY, OTHER_KEY] });
    await sim.faults([{ kind: 'hang', ms: 2000, method: 'POST', pathIncludes: `/conversations/${c.id}/notes` }]);
    await sim.clearLog();
    try {
      const adding = run('hiver.addNote', target(c), { content: text });
      await waitFor(async () => (await requestsTo(/\/notes$/, 'POST')).length === 1, 'the note on its way');
      // Another window's Set API Key: only the stored secret changes here.
      await api.session.keys.set(OTHER_KEY);
      const added = await adding;
      assert.equal(added?.ok, true, added?.message);
      assert.deepEqual(contents(), [], "not listed under the other key's account");
      await api.session.keys.set(DEMO_KEY);
      assert.deepEqual(contents(), [text], 'listed under the key it was sent with');
    } finally {
      await sim.clearFaults();
      await sim.configure({ keys: [DEMO_KEY] });
      await signIn();
    }
  });

  // Last: it removes the key, and signs in again.
  it("lists a note only under the key it was added with, and Remove API Key deletes it from disk", async () => {
    const c = conversations[2];
    const text = `Customer detail ${Date.now()}`;
    const added = await run('hiver.addNote', target(c), { content: text });
    assert.equal(added?.ok, true, added?.message);
    const contents = () => sentNotes.list(String(c.id)).map((n) => n.content);
    assert.deepEqual(contents(), [text]);
    await sim.configure({ keys: [DEMO_KEY, OTHER_KEY] });
    try {
      // Conversation ids repeat across accounts: the other account's panel must not show it, nor offer it to reply to.
      await signIn(OTHER_KEY);
      assert.equal(api.session.keys.get(), OTHER_KEY);
      assert.deepEqual(contents(), [], "another account's note is not listed");
      await signIn();
      assert.deepEqual(contents(), [text], 'listed again under its own key');
      await removeApiKey();
      assert.deepEqual(contents(), []);
      assert.deepEqual(filesHolding(api.session.context.globalStorageUri.fsPath, text), [], 'no file on disk holds the note');
    } finally {
      await sim.configure({ keys: [DEMO_KEY] });
      await signIn();
    }
  });
});

/** The files under `dir` whose text includes `text`. */
function filesHolding(dir: string, text: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => fs.statSync(file).isFile() && fs.readFileSync(file, 'utf8').includes(text));
}
