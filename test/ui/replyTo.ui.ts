// A shared draft kept with the message it replies to, shown again before the panel knows the
// conversation's messages (the read failed): when they come, the draft still replies to the
// message the user chose, not to the newest one, which the panel picks for a new draft.
import assert from 'node:assert/strict';
import { closeAllEditors, DEMO_KEY, eventually, expand, openHiverView, openWorkbench, page, screenshot, scrollTo, setApiKey, simControl, treeItem, webviewFrame } from './helpers';

const INBOX = '105';
// A second key of the same account: changing the key drops what the window had read.
const SECOND_KEY = 'hiver-second-key';

interface SimConversation {
  id: number;
  message_ids: unknown[];
}

describe('UI shared draft: the message it replies to', () => {
  let id: string;

  before(async () => {
    await simControl('POST', 'reset');
    await simControl('POST', 'config', { keys: [DEMO_KEY, SECOND_KEY] });
    const inbox = (await simControl('GET', `inboxes/${INBOX}`)) as { conversations: SimConversation[] };
    // The newest with three messages or more (the list is newest first: near the top of the group).
    const withMessages = inbox.conversations.filter((c) => c.message_ids.length >= 3).sort((a, b) => b.id - a.id);
    assert.ok(withMessages.length > 0, 'a conversation with three messages');
    id = String(withMessages[0].id);
    await openWorkbench();
    await openHiverView();
    await setApiKey();
  });

  after(() => simControl('DELETE', 'faults'));

  async function openConversation(): Promise<void> {
    await expand(treeItem('Engineering Escalations'));
    await expand(page().getByRole('treeitem', { name: /^Conversations/ }).first());
    const row = treeItem(new RegExp(`\\b${id}\\b`));
    await scrollTo(row);
    await row.click();
    await webviewFrame().locator('#draft-body').waitFor({ timeout: 30_000 });
  }

  const replyTo = () => webviewFrame().locator('#draft-reply-to');
  const optionValues = () => replyTo().locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));

  it('keeps the chosen message when the messages come after the kept draft', async () => {
    await openConversation();
    await eventually(async () => (await optionValues()).length >= 4, 'the messages to reply to');
    const values = await optionValues();
    const chosen = values[1];
    assert.notEqual(chosen, values.at(-1), 'the first message is not the newest');
    await replyTo().selectOption(chosen);
    const body = webviewFrame().locator('#draft-body');
    await body.click();
    await body.pressSequentially('Replying to the first message');
    // The Command Palette that closes the panel takes focus from it first, which saves the draft.
    await closeAllEditors();

    // Another key: the window forgets what it read. Reading the conversation fails for now.
    await setApiKey(SECOND_KEY);
    await simControl('POST', 'faults', { rules: [{ kind: 'status', status: 500, method: 'GET', pathIncludes: `/conversations/${id}`, count: -1 }] });
    await openConversation();
    await eventually(async () => (await body.inputValue()) === 'Replying to the first message', 'the kept draft in the panel');
    assert.deepEqual(await optionValues(), [''], 'no messages listed yet');
    await screenshot('kept draft, messages unknown');

    await simControl('DELETE', 'faults');
    await webviewFrame().locator('vscode-button', { hasText: 'Refresh from Hiver' }).click();
    await eventually(async () => (await optionValues()).length >= 4, 'the messages after Refresh');
    assert.equal(await replyTo().inputValue(), chosen, 'the draft still replies to the message chosen');
    await screenshot('kept draft, messages listed');
  });
});
