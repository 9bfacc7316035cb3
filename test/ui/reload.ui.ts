// A window reload as a user does it (a code-server page reload is a VS Code window reload): the
// detail panels that were open come back with their content, and a note being written is still
// in its box, unsent. All of it, the tree included, comes from the disk cache: no request.
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { waitForWorkbench } from '../vscode/browser';
import { contextMenu, expand, openHiverView, openWorkbench, page, screenshot, setApiKey, simControl, treeItem, webviewFrame } from './helpers';

const INBOX = '101';

function tab(name: string | RegExp): Locator {
  return page().locator('.tabs-container .tab').filter({ hasText: name }).first();
}

describe('UI window reload', () => {
  let conversationId: string;

  before(async () => {
    await simControl('POST', 'reset');
    const inbox = (await simControl('GET', `inboxes/${INBOX}`)) as { conversations: { id: number }[] };
    // The list is newest first: the first row of the group.
    conversationId = String([...inbox.conversations].sort((a, b) => b.id - a.id)[0].id);
    await openWorkbench();
    await openHiverView();
    await setApiKey();
    await treeItem('Customer Support').waitFor({ timeout: 30_000 });
  });

  it('restores a user panel and a conversation panel with the note being written', async () => {
    await expand(treeItem('Customer Support'));
    await expand(page().getByRole('treeitem', { name: /^Users/ }).first());
    await contextMenu(treeItem('Avery Admin'), 'Show Details');
    await webviewFrame().locator('#root').getByText('admin@acme.example').first().waitFor({ timeout: 30_000 });
    await page().getByRole('treeitem', { name: /^Users/ }).first().click(); // collapse the long list

    await expand(page().getByRole('treeitem', { name: /^Conversations/ }).first());
    await treeItem(new RegExp(`\\b${conversationId}\\b`)).click();
    const note = webviewFrame().locator('#note-text');
    await note.waitFor({ timeout: 30_000 });
    await note.scrollIntoViewIfNeeded();
    await note.click();
    const text = 'Unsent: call the customer back after the reload';
    await note.pressSequentially(text);
    // VS Code for the web writes its state (open editors, webview state, workspace storage) to
    // IndexedDB every 5 s, and a page reload cannot wait for the last write; desktop VS Code
    // saves on shutdown. Wait past one write, as a user who paused a moment would.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    await screenshot('reload before');
    const before = (await simControl('GET', 'log')).entries as unknown[];
    assert.ok(before.length > 0);
    assert.ok(before.every((entry) => (entry as { status: number }).status !== 0), 'nothing in flight');
    await simControl('DELETE', 'log');

    await page().reload();
    await waitForWorkbench(page());
    await page().locator('.part.activitybar').waitFor();

    // Both tabs are back; the conversation's (the active one) shows its data and the unsent note.
    await tab('Avery Admin').waitFor({ timeout: 30_000 });
    await tab(`Conversation ${conversationId}`).waitFor({ timeout: 30_000 });
    const root = webviewFrame().locator('#root');
    await root.locator('h1', { hasText: conversationId }).waitFor({ timeout: 30_000 });
    // The field stays read-only until the host's composer state came, which follows the data.
    const restored = webviewFrame().locator('#note-text:not([readonly])');
    await restored.waitFor({ timeout: 30_000 });
    await restored.scrollIntoViewIfNeeded();
    assert.equal(await restored.inputValue(), text);
    assert.equal(((await simControl('GET', `conversations/${conversationId}`)) as { notes: unknown[] }).notes.length, 0, 'the note was sent');
    await page().mouse.move(1000, 700);
    await screenshot('reload conversation panel restored');

    // The user's panel, once shown, has its details again.
    await tab('Avery Admin').click();
    const userRoot = webviewFrame().locator('#root');
    await userRoot.getByText('admin@acme.example').first().waitFor({ timeout: 30_000 });
    const userText = await userRoot.innerText();
    for (const expected of ['Avery Admin', 'First name', 'Customer Support']) {
      assert.ok(userText.includes(expected), `the restored panel does not show "${expected}":\n${userText}`);
    }
    await screenshot('reload user panel restored');

    // The tree as it was, from the disk: the inbox, its Conversations group marked cached with
    // its age, and the conversation rows. (code-server does not restore which rows were
    // expanded after a page reload, so they are expanded again, as a user would.)
    await openHiverView();
    await expand(treeItem('Customer Support'));
    await expand(treeItem(/^Conversations/));
    await treeItem(/^Conversations, \d+\+? · cached · just now/).waitFor({ timeout: 30_000 });
    await treeItem(new RegExp(`\\b${conversationId}\\b`)).waitFor({ timeout: 30_000 });
    await screenshot('reload tree from the disk cache');
    const log = (await simControl('GET', 'log')).entries as { method: string; path: string }[];
    assert.deepEqual(log.map((entry) => `${entry.method} ${entry.path}`), [], 'requests after the reload');
  });
});
