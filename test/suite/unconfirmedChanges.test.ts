// Changes Hiver applied without confirming them (a 5xx after the PATCH landed, a read-back that
// failed) and a conversation shown through two inboxes: what the user is told, and that the
// model, the rows and the panels show what Hiver has. Counted in the simulator's log.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HiverExtensionApi } from '../../src/extension';
import type { ConversationView } from '../../src/panels/kinds/conversationView';
import type { EntityRef } from '../../src/panels/panelRegistry';
import { recordMessages } from './recordMessages';
import { requestsTo, signIn, sim, waitFor } from './testUtils';
import { setSetting } from './treeHelpers';
import { decodeCache, encodeCache } from '../../src/model/cacheFormat';
import { matches, UNASSIGNED } from '../../src/tree/conversationFilter';

interface SimConversation {
  id: number;
  status: string;
  assignee?: { assignee_id: number } | null;
  tag_ids: string[];
}

// Engineering Escalations: conversation.test.ts changes its conversations 0 to 9 and 20 and
// over, conversationPanel.test.ts 10 to 15; this file changes 16 to 19.
const INBOX = '105';
/** Every attempt the transport makes at a GET or PATCH answered 5xx (the first and its retries). */
const ATTEMPTS = 4;

type Result = { ok: boolean; message?: string };

describe('changes Hiver did not confirm', function () {
  this.timeout(60_000);
  let api: HiverExtensionApi;
  let conversations: SimConversation[];

  const target = (c: SimConversation, inboxId = INBOX) => ({ inboxId, conversationId: String(c.id) });
  const run = (command: string, ...args: unknown[]) => vscode.commands.executeCommand<Result>(command, ...args);
  const simConversation = async (c: SimConversation) => (await sim.conversation(String(c.id))).conversation as SimConversation;
  const known = (c: SimConversation, inboxId = INBOX) => api.panels.conversations.services.actions.known(inboxId, String(c.id));
  const requests = (c: SimConversation, method: string, inboxId = INBOX) => requestsTo(new RegExp(`/inboxes/${inboxId}/conversations/${c.id}$`), method);

  /** Runs a command while recording the notifications it shows. */
  async function recorded(command: string, ...args: unknown[]): Promise<{ result: Result | undefined; texts: string[] }> {
    const messages = recordMessages();
    try {
      return { result: await run(command, ...args), texts: messages.texts };
    } finally {
      messages.dispose();
    }
  }

  before(async () => {
    await sim.reset();
    api = await signIn();
    conversations = (await sim.inbox(INBOX)).conversations as SimConversation[];
    // The inbox's conversations only: its members are not loaded.
    api.session.model.clear();
    await api.session.model.ensureLoaded({ kind: 'inboxes' });
    await api.session.model.ensureLoaded({ kind: 'conversations', inboxId: INBOX });
  });

  beforeEach(async () => {
    await sim.clearFaults();
    await sim.clearLog();
  });

  after(async () => {
    await sim.clearFaults();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a status change answered 502 after Hiver applied it: says it may be applied and shows Hiver\'s state', async () => {
    const c = conversations[16];
    const next = c.status === 'pending' ? 'open' : 'pending';
    await sim.faults([{ kind: 'status', status: 502, method: 'PATCH', afterProcessing: true, count: -1 }]);
    const { result, texts } = await recorded('hiver.setStatus', target(c), next);
    assert.equal(result?.ok, false);
    assert.match(result?.message ?? '', /may have applied it.*read again/);
    assert.equal((await simConversation(c)).status, next, 'Hiver applied it');
    assert.equal(known(c)?.status, next, 'the row and the panel show what Hiver has');
    assert.equal(texts.length, 1);
    assert.doesNotMatch(texts[0], /Could not/);
    assert.equal((await requests(c, 'PATCH')).length, ATTEMPTS);
    assert.equal((await requests(c, 'GET')).length, 1, 'read again once');
  });

  it('when the read after an unconfirmed status change fails too, says so and that Refresh shows it', async () => {
    const c = conversations[17];
    const before = known(c)?.status;
    const next = c.status === 'pending' ? 'open' : 'pending';
    await sim.faults([
      { kind: 'status', status: 502, method: 'PATCH', afterProcessing: true, count: -1 },
      { kind: 'status', status: 503, method: 'GET', pathIncludes: `/conversations/${c.id}`, count: -1 },
    ]);
    const { result, texts } = await recorded('hiver.setStatus', target(c), next);
    assert.equal(result?.ok, false);
    assert.match(result?.message ?? '', /may have applied it.*failed too.*Refresh/);
    assert.equal(texts.length, 1);
    assert.doesNotMatch(texts[0], /Could not/);
    assert.equal(known(c)?.status, before, 'nothing new is known');
    assert.equal((await requests(c, 'PATCH')).length, ATTEMPTS);
    assert.deepEqual((await requests(c, 'GET')).map((get) => get.status), Array(ATTEMPTS).fill(503));
  });

  it('a new tag whose PATCH was not confirmed: says it was created and may be applied', async () => {
    const c = conversations[18];
    const name = 'Unconfirmed apply tag';
    await sim.faults([{ kind: 'status', status: 502, method: 'PATCH', afterProcessing: true, count: -1 }]);
    const { result } = await recorded('hiver.editTags', target(c), { newTag: { name, colorHex: '#e57373' } });
    assert.equal(result?.ok, false);
    assert.match(result?.message ?? '', new RegExp(`Tag "${name}" was created\\. Hiver did not confirm .* may have applied it`));
    const created = ((await sim.inbox(INBOX)).tags as { id: string; name: string }[]).filter((t) => t.name === name);
    assert.equal(created.length, 1);
    assert.ok((await simConversation(c)).tag_ids.includes(created[0].id));
    assert.ok(known(c)?.tagIds.includes(created[0].id), 'the row shows the tag Hiver applied');
    assert.equal((await requestsTo(/\/tags$/, 'POST')).length, 1);
    assert.equal((await requests(c, 'GET')).length, 1);
  });

  it('an assignment to a member not loaded, whose read-back fails: reported as assigned, shown by email', async () => {
    const c = conversations[19];
    // The members' first page only (10), as a panel or the tree may have loaded it meanwhile.
    const ref = { kind: 'users' as const, inboxId: INBOX };
    await setSetting('pageSize', 10, () => api.session.settings.pageSize === 10);
    let outcome: { result: Result | undefined; texts: string[] };
    let member: { id: string; email: string } | undefined;
    try {
      api.session.model.refresh(ref);
      await api.session.model.ensureLoaded(ref);
      const loaded = api.session.model.list(ref);
      const users = (await sim.inbox(INBOX)).users as { id: string; email: string }[];
      member = users.find((u) => Number(u.id) !== c.assignee?.assignee_id && !loaded.get(u.id));
      assert.ok(member, 'a member not loaded');
      await sim.clearLog();
      await sim.faults([{ kind: 'status', status: 503, method: 'GET', pathIncludes: `/conversations/${c.id}`, count: -1 }]);
      outcome = await recorded('hiver.assign', target(c), member.email);
    } finally {
      await setSetting('pageSize', undefined, () => api.session.settings.pageSize === 100);
      api.session.model.refresh(ref);
    }
    const { result, texts } = outcome;
    assert.equal(result?.ok, true, result?.message);
    assert.equal(String((await simConversation(c)).assignee?.assignee_id), member.id, 'Hiver assigned');
    assert.equal(texts.length, 1);
    assert.match(texts[0], /^Assigned to .*could not be read back/);
    assert.equal(known(c)?.assigneeId, undefined, 'not the old assignee');
    assert.equal(known(c)?.assigneeEmail, member.email);
    assert.deepEqual((await requests(c, 'PATCH')).map((p) => p.status), [204]);
    assert.deepEqual((await requests(c, 'GET')).map((get) => get.status), Array(ATTEMPTS).fill(503));
    assert.equal(matches({ statuses: [], assignees: [UNASSIGNED], tagIds: [] }, known(c)!), false, 'not among the unassigned');
    // The disk cache's copy (what a reload shows) still names the email, not "unassigned".
    const { text } = encodeCache('account', Date.now(), api.session.model.snapshot(), { maxBytes: 50_000_000, maxDetails: 100 });
    const lists = decodeCache(text, 'account').lists.filter((l) => l.kind === 'conversations' && l.inboxId === INBOX);
    const cached = lists.flatMap((l) => l.items as { id: string; assigneeId?: string; assigneeEmail?: string }[]).find((i) => i.id === String(c.id));
    assert.deepEqual({ assigneeId: cached?.assigneeId, assigneeEmail: cached?.assigneeEmail }, { assigneeId: undefined, assigneeEmail: member.email });
  });

  it('a change made through one inbox shows in a panel opened through another', async () => {
    const shared = ((await sim.inbox('102')).conversations as SimConversation[])[11];
    assert.deepEqual((await sim.conversation(String(shared.id))).inboxIds.sort(), ['101', '102']);
    const panel: EntityRef = { kind: 'conversation', inboxId: '101', id: String(shared.id) };
    await api.panels.show(panel);
    const shown = () => api.panels.hostFor(panel)?.data as ConversationView | undefined;
    await waitFor(() => shown()?.messages, 'the panel to read the conversation');
    assert.equal(shown()?.status.value, shared.status);
    assert.equal(api.session.model.list({ kind: 'conversations', inboxId: '101' }).hasPaged(String(shared.id)), false, 'read singly, in no loaded page');
    await sim.clearLog();
    const next = shared.status === 'pending' ? 'open' : 'pending';
    const result = await run('hiver.setStatus', target(shared, '102'), next);
    assert.equal(result?.ok, true, result?.message);
    assert.equal(known(shared, '101')?.status, next);
    assert.equal(shown()?.status.value, next, 'the panel opened through the other inbox');
    assert.equal((await requests(shared, 'PATCH', '102')).length, 1);
  });
});
