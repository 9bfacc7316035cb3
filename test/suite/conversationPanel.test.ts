// The conversation panel in the real extension host: what it shows (names, colours, message
// ids, links), that it shows only server-accepted state, unsent text coming back, the notes
// sent from here, and hostile names rendered as text.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HiverExtensionApi } from '../../src/extension';
import type { ConversationHostMessage, ConversationView } from '../../src/panels/kinds/conversationView';
import { ComposerKind, DraftStore, NoteDraft } from '../../src/conversations/draftStore';
import { Composer } from '../../src/conversations/composer';
import { ConversationActions } from '../../src/conversations/conversationActions';
import { MAX_KEPT_TEXT_LENGTH, MAX_TEXT_LENGTH } from '../../src/conversations/textLimits';
import type { EntityRef } from '../../src/panels/panelRegistry';
import { recordMessages } from './recordMessages';
import { requestsTo, signIn, sim, waitFor } from './testUtils';
import { transportIdle } from './quiet';
import { collapseView } from './treeHelpers';

interface SimConversation {
  id: number;
  status: string;
  tag_ids: string[];
  private_permalink: string;
  gmail_thread_id: string;
  message_ids: { hiver_message_id: number; gmail_message_id: string }[];
}

type Result = { ok: boolean; message?: string };

describe('conversation panel', function () {
  this.timeout(60_000);
  let api: HiverExtensionApi;

  const ref = (inboxId: string, id: number | string): EntityRef => ({ kind: 'conversation', inboxId, id: String(id) });
  const shown = (r: EntityRef) => api.panels.hostFor(r)?.data as ConversationView | undefined;
  const conversationsOf = async (inboxId: string) => (await sim.inbox(inboxId)).conversations as SimConversation[];
  /** The host's composer state now, and the last one it posted to the panel's webview. */
  const composerOf = (r: EntityRef, kind: ComposerKind) => {
    const { inboxId, id } = r as { inboxId: string; id: string };
    return api.panels.conversations.services.composer.snapshot(inboxId, id, kind);
  };
  const lastComposer = (r: EntityRef, kind: ComposerKind) =>
    (api.panels.hostFor(r)?.posted ?? [])
      .map((m) => m as ConversationHostMessage)
      .filter((m): m is Extract<ConversationHostMessage, { type: 'composer' }> => m.type === 'composer' && m.state.kind === kind)
      .at(-1)?.state;

  before(async () => {
    await sim.reset();
    await collapseView(); // so the key change below re-reads no row an earlier suite expanded
    api = await signIn();
    await transportIdle(api);
    api.session.model.clear();
    await api.session.model.ensureLoaded({ kind: 'inboxes' });
    for (const kind of ['conversations', 'users', 'tags'] as const) await api.session.model.ensureLoaded({ kind, inboxId: '105' });
  });

  beforeEach(async () => {
    await sim.clearFaults();
    await sim.clearLog();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows the conversation with names, tag colours, message ids and safe links, after ONE read', async () => {
    const c = (await conversationsOf('105')).find((x) => x.tag_ids.length > 0);
    assert.ok(c);
    const r = ref('105', c.id);
    await api.panels.show(r);
    // Opened from a loaded row: its data shows at once; the single read adds the message ids.
    const view = await waitFor(() => (shown(r)?.messages ? shown(r) : undefined), 'message ids in the panel');
    assert.equal(view.status.value, c.status);
    const tags = (await sim.inbox('105')).tags as { id: string; name: string; color_code: string }[];
    assert.deepEqual(
      view.tags.map((t) => [t.name, t.color]),
      c.tag_ids.map((id) => {
        const tag = tags.find((t) => t.id === id);
        return [tag?.name, tag?.color_code];
      }),
    );
    assert.deepEqual(view.messages?.map((m) => m.value), c.message_ids.map((m) => `hiver:${m.hiver_message_id}`));
    assert.deepEqual(view.links.map((l) => [l.url, l.openable]).slice(0, 1), [[c.private_permalink, true]]);
    assert.equal((await requestsTo(new RegExp(`/conversations/${c.id}$`))).length, 1);
    const dom = await waitFor(async () => {
      const html = await api.panels.hostFor(r)?.requestRendered();
      return html?.includes('note-text') ? html : undefined;
    }, 'the panel to render', 45_000); // the first webview of a fresh profile waits for its service worker
    assert.ok(dom.includes(view.tags[0].name.replace(/&/g, '&amp;')));
  });

  it('Refresh pressed while the read is on its way waits for it instead of sending it again', async () => {
    const c = (await conversationsOf('105'))[16];
    const r = ref('105', c.id);
    const reads = () => requestsTo(new RegExp(`/conversations/${c.id}$`));
    await sim.faults([{ kind: 'hang', ms: 1500, method: 'GET', pathIncludes: `/conversations/${c.id}` }]);
    // Not awaited: showing resolves once the panel's read answered.
    const showing = api.panels.show(r);
    await waitFor(async () => (await reads()).length === 1, 'the read on its way');
    const host = api.panels.hostFor(r);
    assert.ok(host?.loading, 'still reading');
    await Promise.all([host.receive({ type: 'refresh' }), host.receive({ type: 'refresh' }), showing]);
    assert.ok(shown(r)?.messages, 'the answer shown');
    assert.equal((await reads()).length, 1, 'one read');
    await host.receive({ type: 'refresh' });
    assert.equal((await reads()).length, 2, 'a Refresh after the answer reads again');
  });

  it('shows a change only once the server accepted it, and the old state with the reason on failure', async () => {
    const c = (await conversationsOf('105'))[10];
    const r = ref('105', c.id);
    await api.panels.show(r);
    await waitFor(() => shown(r)?.messages, 'the panel to load');
    await sim.clearLog();
    const next = c.status === 'pending' ? 'open' : 'pending';

    await sim.faults([{ kind: 'status', status: 400, method: 'PATCH', message: 'Simulated refusal', count: 1 }]);
    const refused = await vscode.commands.executeCommand<Result>('hiver.setStatus', { inboxId: '105', conversationId: String(c.id) }, next);
    assert.equal(refused?.ok, false);
    assert.match(refused?.message ?? '', /Simulated refusal/);
    assert.equal(shown(r)?.status.value, c.status, 'the old state stays');

    const accepted = await vscode.commands.executeCommand<Result>('hiver.setStatus', { inboxId: '105', conversationId: String(c.id) }, next);
    assert.equal(accepted?.ok, true, accepted?.message);
    await waitFor(() => shown(r)?.status.value === next, 'the panel to show the accepted status');
    assert.equal((await requestsTo(new RegExp(`/conversations/${c.id}$`))).length, 0, 'no re-read after a 204');
  });

  it('brings back unsent text, and lists the notes sent from this editor', async () => {
    const c = (await conversationsOf('105'))[11];
    const r = ref('105', c.id);
    const drafts = new DraftStore(api.session.context.workspaceState);
    // As if typed before the panel was closed or the window reloaded.
    await drafts.save('105', String(c.id), 'note', { content: 'Half-written note', mentions: [], notifyAll: true });
    const opened = await vscode.commands.executeCommand<Result>('hiver.addNote', { inboxId: '105', conversationId: String(c.id) });
    assert.equal(opened?.ok, true);
    assert.ok(api.panels.panelFor(r), 'Add Note opens the conversation panel');
    await waitFor(() => shown(r)?.messages, 'the panel to load');
    assert.equal(composerOf(r, 'note').value && (composerOf(r, 'note').value as NoteDraft).content, 'Half-written note');
    await waitFor(() => lastComposer(r, 'note')?.value, 'the host to send the panel its note');
    await waitFor(() => api.panels.hostFor(r)?.posted.some((m) => (m as { type?: string }).type === 'focusComposer'), 'the note composer to get focus');

    // A command with a text of its own (a keybinding, another extension) leaves the panel's alone.
    const posts = (await requestsTo(/\/notes$/, 'POST')).length;
    const other = await vscode.commands.executeCommand<Result>('hiver.addNote', { inboxId: '105', conversationId: String(c.id) }, { content: 'Sent from the suite', notifyAll: false });
    assert.equal(other?.ok, false);
    assert.match(other?.message ?? '', /has a note being written in its panel: nothing was sent/);
    assert.equal((await requestsTo(/\/notes$/, 'POST')).length, posts, 'no POST');
    assert.equal(drafts.get('105', String(c.id), 'note')?.value.content, 'Half-written note');

    const sent = await vscode.commands.executeCommand<Result>('hiver.addNote', { inboxId: '105', conversationId: String(c.id) }, { content: 'Half-written note', notifyAll: false });
    assert.equal(sent?.ok, true, sent?.message);
    const view = await waitFor(() => (shown(r)?.sentNotes.length ? shown(r) : undefined), 'the sent note in the panel');
    assert.equal(view.sentNotes[0].content, 'Half-written note');
    assert.equal(view.sentNotes[0].author, 'admin@acme.example');
    assert.equal(drafts.get('105', String(c.id), 'note'), undefined, 'the store was cleared after the 201');
    const emptied = await waitFor(() => (lastComposer(r, 'note')?.notice?.text === 'Note added.' ? lastComposer(r, 'note') : undefined), 'the webview told the note was added');
    assert.equal(emptied.value, undefined, 'the webview was told to empty its composer');
  });

  describe('the composer state, owned by the host', () => {
    const NOTES = /\/conversations\/\d+\/notes$/;
    let drafts: DraftStore;
    before(() => {
      drafts = new DraftStore(api.session.context.workspaceState);
    });

    /** Opens the panel and waits until the host sent its webview the note composer. */
    const openPanel = async (index: number) => {
      const c = (await conversationsOf('105'))[index];
      const r = ref('105', c.id);
      await api.panels.show(r);
      await waitFor(() => shown(r)?.messages, 'the panel to load');
      await waitFor(() => lastComposer(r, 'note'), 'the composer state in the panel');
      const host = api.panels.hostFor(r);
      assert.ok(host);
      return { c, r, host, id: String(c.id) };
    };
    const note = (content: string, notifyAll = false) => ({ content, mentions: [], notifyAll });

    it('ignores a save made while the note was sending, and a late one after it was sent (the text never comes back)', async () => {
      const { r, host, id } = await openPanel(12);
      await sim.faults([{ kind: 'hang', ms: 1500, method: 'POST', pathIncludes: '/notes' }]);
      const revision = composerOf(r, 'note').revision;
      const sending = host.receive({ type: 'send', kind: 'note', value: note('Sent once (late save test)'), revision });
      // Once the POST is at Hiver, the send is past every local step.
      await waitFor(async () => composerOf(r, 'note').phase === 'sending' && (await requestsTo(NOTES, 'POST')).length === 1, 'the POST to arrive');
      // "Notify all" ticked while the POST runs: the save lands during the send, then after it.
      await host.receive({ type: 'saveDraft', kind: 'note', value: note('Sent once (late save test)', true), revision });
      assert.equal(drafts.get('105', id, 'note')?.value.notifyAll, false, 'a save during the send is ignored');
      await sending;
      await host.receive({ type: 'saveDraft', kind: 'note', value: note('Sent once (late save test)', true), revision });
      assert.equal(drafts.get('105', id, 'note'), undefined, 'the late save did not put the sent text back');
      assert.equal(composerOf(r, 'note').value, undefined);
      assert.equal(composerOf(r, 'note').notice?.text, 'Note added.');
      // A click in a panel that missed "sent" (e.g. hidden meanwhile) carries the old revision: refused.
      await host.receive({ type: 'send', kind: 'note', value: note('Sent once (late save test)'), revision });
      const notes = (await sim.conversation(id)).notes;
      assert.equal(notes.length, 1);
      assert.equal(notes[0].notify_all, false);
      assert.equal((await requestsTo(NOTES, 'POST')).length, 1, 'exactly one POST');
      assert.equal(lastComposer(r, 'note')?.value, undefined, 'the panel was shown the emptied composer again');
    });

    it('after an uncertain failure the panel asks for Send Anyway before sending again', async () => {
      const { r, host, id } = await openPanel(13);
      await sim.faults([{ kind: 'status', status: 500, method: 'POST', pathIncludes: '/notes', afterProcessing: true }]);
      await host.receive({ type: 'send', kind: 'note', value: note('Maybe sent (500 test)'), revision: composerOf(r, 'note').revision });
      const state = composerOf(r, 'note');
      assert.equal(state.phase, 'unconfirmed');
      assert.match(state.notice?.text ?? '', /may have been sent: check in Hiver/);
      assert.equal(drafts.get('105', id, 'note')?.value.content, 'Maybe sent (500 test)', 'the text is kept');
      const dom = await waitFor(async () => {
        const html = await host.requestRendered();
        return html?.includes('may have been sent') ? html : undefined;
      }, 'the panel to say it may have been sent');
      assert.match(dom, /<vscode-button[^>]*id="note-send"[^>]*disabled/, 'Add Note is disabled');
      assert.doesNotMatch(dom, /<vscode-button[^>]*id="note-send-anyway"[^>]*hidden/, 'Send Anyway is offered');

      // Add Note (no confirmation) is refused by the host too: no second POST.
      await host.receive({ type: 'send', kind: 'note', value: note('Maybe sent (500 test)'), revision: composerOf(r, 'note').revision });
      assert.equal((await requestsTo(NOTES, 'POST')).length, 1);
      assert.match(composerOf(r, 'note').notice?.text ?? '', /Send Anyway/);

      await host.receive({ type: 'send', kind: 'note', value: note('Maybe sent (500 test)'), revision: composerOf(r, 'note').revision, sendAnyway: true });
      assert.equal((await requestsTo(NOTES, 'POST')).length, 2, 'sent again only after Send Anyway');
      assert.equal(composerOf(r, 'note').phase, 'editing');
      assert.equal(drafts.get('105', id, 'note'), undefined);
    });

    it('marks the text "sending" before the POST leaves, so a restored window brings it back as "may have been sent"', async () => {
      const { r, host, id } = await openPanel(14);
      await sim.faults([{ kind: 'hang', ms: 2000, method: 'POST', pathIncludes: '/notes', afterProcessing: true }]);
      const sending = host.receive({ type: 'send', kind: 'note', value: note('In flight at the reload'), revision: composerOf(r, 'note').revision });
      // The POST has arrived at Hiver: the mark must already be in workspace storage.
      await waitFor(async () => (await requestsTo(NOTES, 'POST')).length === 1, 'the POST to arrive');
      const stored = new DraftStore(api.session.context.workspaceState).get('105', id, 'note');
      assert.equal(stored?.value.content, 'In flight at the reload');
      assert.ok(stored?.sendStartedAt, 'marked as sending before the request');
      // What a reloaded window sees: a composer with no memory of this session, over the same storage.
      const actions = new ConversationActions(api.session);
      const restored = new Composer(api.session, actions, new DraftStore(api.session.context.workspaceState), api.panels.conversations.services.sentNotes);
      try {
        const state = restored.snapshot('105', id, 'note');
        assert.equal(state.phase, 'unconfirmed', 'never an ordinary draft');
        assert.equal((state.value as NoteDraft).content, 'In flight at the reload');
        assert.match(state.notice?.text ?? '', /may have been sent: check in Hiver before sending again/);
        const refused = await restored.sendNote('105', id, note('In flight at the reload'));
        assert.equal(refused.ok, false);
        assert.equal(!refused.ok && refused.refused, 'unconfirmed');
      } finally {
        restored.dispose();
        actions.dispose();
      }
      await sending;
      assert.equal((await requestsTo(NOTES, 'POST')).length, 1, 'nothing sent without Send Anyway');
    });

    it('restored by its Gmail thread id, shows the kept note once the id is known and never lets a save replace it', async () => {
      const { c, r, host, id } = await openPanel(16);
      await host.receive({ type: 'saveDraft', kind: 'note', value: note('Kept before the reload'), revision: composerOf(r, 'note').revision });
      assert.equal(drafts.get('105', id, 'note')?.value.content, 'Kept before the reload');
      api.panels.panelFor(r)?.dispose();

      // A reload restores the panel by the Gmail thread id it was opened with. Its GET answers
      // late, so the webview's composerReady comes first (the usual order after a reload).
      const byThread = ref('105', c.gmail_thread_id);
      await sim.faults([{ kind: 'hang', ms: 6000, method: 'GET', pathIncludes: `/conversations/${c.gmail_thread_id}` }]);
      const panel = vscode.window.createWebviewPanel('hiver.details', 'Restoring', vscode.ViewColumn.Active, {});
      let composerReady = false;
      panel.webview.onDidReceiveMessage((m: { type?: string }) => void (m.type === 'composerReady' && (composerReady = true)));
      const restoring = api.panels.serializer.deserializeWebviewPanel(panel, { ref: byThread });
      const restored = api.panels.hostFor(byThread);
      assert.ok(restored);
      await waitFor(() => composerReady, "the restored webview's composerReady");
      assert.ok(restored.loading, 'the GET has not answered yet');
      // A save before the id is known would be kept under the thread id: refused.
      await restored.receive({ type: 'saveDraft', kind: 'note', value: note('Too early'), revision: 0 });
      await restoring;

      // The first keystroke, as the webview sends it: what it was shown, plus one character.
      const seen = lastComposer(byThread, 'note');
      const seenText = (seen?.value as NoteDraft | undefined)?.content ?? '';
      await restored.receive({ type: 'saveDraft', kind: 'note', value: note(`${seenText}!`), revision: seen?.revision ?? 0 });
      assert.equal(drafts.get('105', id, 'note')?.value.content, 'Kept before the reload!', 'the kept text was not replaced');
      assert.equal(seenText, 'Kept before the reload', 'the panel was shown the kept note once the id was known');
      assert.equal(drafts.get('105', c.gmail_thread_id, 'note'), undefined, 'nothing kept under the thread id');
      // composerReady after the answer (the panel shown again) gets the same composer.
      await restored.receive({ type: 'composerReady' });
      assert.equal((lastComposer(byThread, 'note')?.value as NoteDraft | undefined)?.content, 'Kept before the reload!');
      await drafts.clear('105', id, 'note');
    });

    it('restored by its Hiver id while its GET is on the way (or offline), shows the kept note at once', async () => {
      // Inbox 101's conversations are not loaded in this suite: the model does not hold this one.
      const c = (await conversationsOf('101'))[0];
      const id = String(c.id);
      const r = ref('101', c.id);
      assert.equal(api.panels.conversations.services.actions.known('101', id), undefined);
      await drafts.save('101', id, 'note', note('Kept while offline'));
      await sim.faults([{ kind: 'hang', ms: 6000, method: 'GET', pathIncludes: `/conversations/${id}` }]);
      const panel = vscode.window.createWebviewPanel('hiver.details', 'Restoring', vscode.ViewColumn.Active, {});
      const restoring = api.panels.serializer.deserializeWebviewPanel(panel, { ref: r });
      const restored = api.panels.hostFor(r);
      assert.ok(restored);
      await waitFor(() => (lastComposer(r, 'note')?.value as NoteDraft | undefined)?.content === 'Kept while offline', 'the kept note in the panel');
      assert.ok(restored.loading, 'shown before the GET answered');
      await restoring;
      await drafts.clear('101', id, 'note');
    });

    it('keeps a note too long to send and a reply-to like hiver:1.5, and says why instead of doing nothing', async () => {
      const { r, host, id } = await openPanel(15);
      const long = 'x'.repeat(MAX_TEXT_LENGTH + 1);
      await host.receive({ type: 'saveDraft', kind: 'note', value: note(long), revision: composerOf(r, 'note').revision });
      assert.equal(drafts.get('105', id, 'note')?.value.content.length, MAX_TEXT_LENGTH + 1, 'saved anyway');
      const messages = recordMessages();
      try {
        await host.receive({ type: 'send', kind: 'note', value: note(long), revision: composerOf(r, 'note').revision });
        assert.deepEqual(messages.texts, [], 'the panel says why, beside its button: no notification');
        // The same text from a command: its caller has only the notification, said once.
        await vscode.commands.executeCommand('hiver.addNote', { inboxId: '105', conversationId: id }, note(long));
        assert.deepEqual(messages.texts, [`The note has ${(MAX_TEXT_LENGTH + 1).toLocaleString()} characters: at most ${MAX_TEXT_LENGTH.toLocaleString()} can be sent. Shorten it.`]);
      } finally {
        messages.dispose();
      }
      assert.match(composerOf(r, 'note').notice?.text ?? '', new RegExp(`at most ${MAX_TEXT_LENGTH.toLocaleString()} can be sent`));
      assert.equal(drafts.get('105', id, 'note')?.value.content.length, MAX_TEXT_LENGTH + 1, 'still kept');
      assert.equal((await requestsTo(NOTES, 'POST')).length, 0);
      const dom = await waitFor(async () => {
        const html = await host.requestRendered();
        return html?.includes('can be sent') ? html : undefined;
      }, 'the panel to say why');
      assert.ok(dom.includes(`maxlength="${MAX_TEXT_LENGTH}"`), 'the textarea has the enforced maximum');
      assert.ok(dom.includes(`Up to ${MAX_TEXT_LENGTH.toLocaleString()} characters.`), 'and the panel says it');

      // Far beyond anything a textarea gives: not kept, but the panel is told so.
      await host.receive({ type: 'saveDraft', kind: 'note', value: note('y'.repeat(MAX_KEPT_TEXT_LENGTH + 1)), revision: composerOf(r, 'note').revision });
      assert.match(composerOf(r, 'note').notice?.text ?? '', /too long to keep/);

      // A message id with a dot (a number id from Hiver): kept, and the draft is really sent.
      const draft = { body: 'Reply to an odd id', replyType: 'reply', replyTo: 'hiver:1.5' };
      await host.receive({ type: 'saveDraft', kind: 'draft', value: draft, revision: composerOf(r, 'draft').revision });
      assert.equal(drafts.get('105', id, 'draft')?.value.replyTo, 'hiver:1.5');
      await host.receive({ type: 'send', kind: 'draft', value: draft, revision: composerOf(r, 'draft').revision });
      const posts = await requestsTo(/\/conversations\/shared-drafts$/, 'POST');
      assert.equal(posts.length, 1, 'the send was not dropped');
      assert.equal((posts[0].body as { fields: Record<string, string> }).fields.hiver_message_id, '1.5');
      // The simulator knows no message 1.5 (400): the reason shows and the text stays.
      assert.match(composerOf(r, 'draft').notice?.text ?? '', /Your text is kept/);
      assert.equal(drafts.get('105', id, 'draft')?.value.body, 'Reply to an odd id');
    });
  });

  it('renders hostile tag names as text', async () => {
    const tags = (await sim.inbox('104')).tags as { id: string; name: string }[];
    const script = tags.find((t) => t.name === '<script>alert(1)</script>');
    assert.ok(script);
    const c = (await conversationsOf('104')).find((x) => x.tag_ids.includes(script.id));
    assert.ok(c, 'a conversation tagged with the hostile tag');
    for (const kind of ['users', 'tags'] as const) await api.session.model.ensureLoaded({ kind, inboxId: '104' });
    const r = ref('104', c.id);
    await api.panels.show(r);
    const dom = await waitFor(async () => {
      const html = await api.panels.hostFor(r)?.requestRendered();
      return html?.includes('&lt;script&gt;alert(1)&lt;/script&gt;') ? html : undefined;
    }, 'the hostile tag name drawn as text');
    assert.ok(!dom.includes('<script>alert(1)'), 'no markup from the API');
    assert.ok(!/<img[^>]*onerror/i.test(dom));
  });
});
