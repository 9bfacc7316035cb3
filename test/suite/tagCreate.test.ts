// Creating a tag from the real command when Hiver does not confirm it: the tags are re-read by
// name before anything offers to create it again, so exactly one tag with the name exists.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HiverExtensionApi } from '../../src/extension';
import { requestsTo, signIn, sim, waitFor } from './testUtils';

const INBOX = '105';
type Result = { ok: boolean; message?: string };

describe('creating a tag Hiver did not confirm', function () {
  this.timeout(60_000);
  let api: HiverExtensionApi;
  let conversationId: string;

  const tagsNamed = async (name: string) => (await sim.inbox(INBOX)).tags.filter((tag: { name: string }) => tag.name === name) as { id: number | string; name: string }[];
  const tagIdsOf = async () => ((await sim.conversation(conversationId)).conversation.tag_ids as (string | number)[]).map(String);
  const editTags = (name: string) => vscode.commands.executeCommand<Result>('hiver.editTags', { inboxId: INBOX, conversationId }, { newTag: { name, colorHex: '#e57373' } });

  before(async () => {
    await sim.reset();
    await sim.clearFaults();
    api = await signIn();
    api.session.model.clear();
    await api.session.model.ensureLoaded({ kind: 'conversations', inboxId: INBOX });
    conversationId = api.session.model.list({ kind: 'conversations', inboxId: INBOX }).items.at(-1)!.id;
  });

  beforeEach(() => sim.clearLog());
  after(() => sim.clearFaults());

  it('a 500 after Hiver created the tag: the tag found by name is applied, not created again', async () => {
    await sim.faults([{ kind: 'status', status: 500, method: 'POST', pathIncludes: `/inboxes/${INBOX}/tags`, afterProcessing: true }]);
    const result = await editTags('Unconfirmed once');
    assert.equal(result?.ok, true, result?.message);
    const tags = await tagsNamed('Unconfirmed once');
    assert.equal(tags.length, 1, 'exactly one tag with the name');
    assert.ok((await tagIdsOf()).includes(String(tags[0].id)), 'applied to the conversation');
    assert.equal((await requestsTo(new RegExp(`/inboxes/${INBOX}/tags$`), 'POST')).length, 1);
  });

  it('a 500 before Hiver created it: says so after re-reading, and Create Again makes exactly one', async () => {
    await sim.faults([{ kind: 'status', status: 500, method: 'POST', pathIncludes: `/inboxes/${INBOX}/tags` }]);
    const window = vscode.window as unknown as { showWarningMessage: (message: string, ...items: string[]) => Thenable<string | undefined> };
    const original = window.showWarningMessage;
    const warnings: string[] = [];
    // The user presses the offered button.
    window.showWarningMessage = (message: string, ...items: string[]) => {
      warnings.push([message, ...items].join(' | '));
      return Promise.resolve(items.find((item) => item === 'Create Again'));
    };
    try {
      const result = await editTags('Unconfirmed twice');
      assert.equal(result?.ok, false);
      assert.match(result && !result.ok ? String(result.message) : '', /may not have been created.*read again, do not have it/);
      await waitFor(async () => (await tagsNamed('Unconfirmed twice')).length === 1, 'the tag created again');
      const tags = await tagsNamed('Unconfirmed twice');
      await waitFor(async () => (await tagIdsOf()).includes(String(tags[0].id)), 'the tag applied');
    } finally {
      window.showWarningMessage = original;
    }
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], /\| Create Again$/);
    assert.equal((await requestsTo(new RegExp(`/inboxes/${INBOX}/tags$`), 'POST')).length, 2);
    assert.equal((await requestsTo(new RegExp(`/inboxes/${INBOX}/tags/search$`))).length, 2, 're-read before offering, and again before creating');
  });
});
