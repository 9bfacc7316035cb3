// A list load shared by the tree and a picker, in the real VS Code: closing the picker ends only
// its own wait. The tree's group still loads, from the same request, with no error row.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HiverExtensionApi } from '../../src/extension';
import { requestsTo, signIn, sim, waitFor } from './testUtils';
import { children, collapseView, entityRows, group, pagingRows, type Provider } from './treeHelpers';

// Engineering Escalations: 31 users, one page at the default page size.
const INBOX = '105';

describe('shared list loads', function () {
  this.timeout(60_000);
  let api: HiverExtensionApi;
  let provider: Provider;

  before(async () => {
    await sim.clearFaults();
    api = await signIn();
    provider = api.tree.provider;
  });

  after(async () => {
    await sim.clearFaults();
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  it("closing a picker does not cancel the tree's load of the same list", async () => {
    await collapseView();
    api.session.model.clear();
    await api.session.model.ensureLoaded({ kind: 'conversations', inboxId: INBOX });
    const users = await group(provider, INBOX, 'users'); // loads the inbox list first
    const conversation = api.session.model.list({ kind: 'conversations', inboxId: INBOX }).items[0];
    const expected = (await sim.inbox(INBOX)).users.length;
    await sim.clearLog();
    await sim.faults([{ kind: 'hang', ms: 1500, count: 1, pathIncludes: `/inboxes/${INBOX}/users` }]);

    // The assignee picker starts loading the inbox's users; the tree's group joins that load.
    const assigning = vscode.commands.executeCommand<{ ok: boolean; cancelled?: boolean }>('hiver.assign', { inboxId: INBOX, conversationId: conversation.id });
    await waitFor(async () => (await requestsTo(new RegExp(`/inboxes/${INBOX}/users$`))).length === 1, 'the picker to ask for the users');
    const rows = children(provider, users);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    const outcome = await assigning;
    assert.equal(outcome?.cancelled, true, 'closing the picker cancels the assignment');

    const shown = await rows;
    assert.equal(entityRows(shown).length, expected, 'the group shows its users');
    assert.deepEqual(pagingRows(shown), [], 'no error row (and nothing more to load)');
    const list = api.session.model.list({ kind: 'users', inboxId: INBOX });
    assert.equal(list.error, undefined);
    const requests = await requestsTo(new RegExp(`/inboxes/${INBOX}/users$`));
    assert.deepEqual(
      requests.map((entry) => entry.status),
      [200],
      'one request, answered: the picker leaving did not cancel it, and nothing was sent again',
    );
  });
});
