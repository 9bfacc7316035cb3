// The conversation panel in the real extension host: what it shows (names, colours, message
// ids, links), that it shows only server-accepted state, unsent text coming back, the notes
// sent from here, and hostile names rendered as text.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HiverExtensionApi } from '../../src/extension';
import type { ConversationView } from '../../src/panels/kinds/conversationView';
import { DraftStore } from '../../src/conversations/draftStore';
import type { EntityRef } from '../../src/panels/panelRegistry';
import { requestsTo, signIn, sim, waitFor } from './testUtils';

interface SimConversation {
  id: number;
  status: string;
  tag_ids: string[];
  private_permalink: string;
  message_ids: { hiver_message_id: number; gmail_message_id: string }[];
}

type Result = { ok: boolean; message?: string };

describe('conversation panel', function () {
  this.timeout(60_000);
  let api: HiverExtensionApi;

  const ref = (inboxId: string, id: number | string): EntityRef => ({ kind: 'conversation', inboxId, id: String(id) });
  const shown = (r: EntityRef) => api.panels.hostFor(r)?.data as ConversationView | undefined;
  const conversationsOf = async (inboxId: string) => (await sim.inbox(inboxId)).conversations as SimConversation[];

  before(async () => {
    await sim.reset();
    api = await signIn();
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
    assert.equal(shown(r)?.saved.note?.content, 'Half-written note');
    await waitFor(() => api.panels.hostFor(r)?.posted.some((m) => (m as { type?: string }).type === 'focusComposer'), 'the note composer to get focus');

    const sent = await vscode.commands.executeCommand<Result>('hiver.addNote', { inboxId: '105', conversationId: String(c.id) }, { content: 'Sent from the suite', notifyAll: false });
    assert.equal(sent?.ok, true, sent?.message);
    const view = await waitFor(() => (shown(r)?.sentNotes.length ? shown(r) : undefined), 'the sent note in the panel');
    assert.equal(view.sentNotes[0].content, 'Sent from the suite');
    assert.equal(view.sentNotes[0].author, 'admin@acme.example');
    assert.equal(view.saved.note, undefined, 'the store was cleared after the 201');
    assert.ok(api.panels.hostFor(r)?.posted.some((m) => (m as { type?: string }).type === 'sent'), 'the webview was told to empty its composer');
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
