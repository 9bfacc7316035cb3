// A triage as a user does it: open a conversation from the tree, change its status, assign it
// and add a note with an @mention, in the real workbench. Each step is checked in the
// simulator's state and captured in a screenshot.
import assert from 'node:assert/strict';
import { closeAllEditors, expand, openConversationFromTree, openHiverView, openWorkbench, page, screenshot, setApiKey, setUserSetting, simControl, treeItem, typeInQuickInput, webviewFrame } from './helpers';

const INBOX = '105';

interface SimConversation {
  id: number;
  status: string;
  assignee?: { assignee_id: number } | null;
}
interface SimUser {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
}

const sim = async <T>(path: string, method = 'GET'): Promise<T> => (await simControl(method, path)) as T;

/** Polls the simulator until `check` holds (the change travels through the paced queue). */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('UI conversation triage', () => {
  let conversation: SimConversation;
  let members: SimUser[];

  before(async () => {
    await sim('reset', 'POST');
    const inbox = await sim<{ conversations: SimConversation[]; users: SimUser[] }>(`inboxes/${INBOX}`);
    // The list is newest first: the first row of the group.
    conversation = [...inbox.conversations].sort((a, b) => b.id - a.id)[0];
    members = inbox.users;
    await openWorkbench();
    await openHiverView();
    await setApiKey();
    await treeItem('Engineering Escalations').waitFor({ timeout: 30_000 });
  });

  it('opens a conversation from the tree, changes its status, assigns it and adds a note', async () => {
    const id = String(conversation.id);
    await openConversationFromTree('Engineering Escalations', id);

    // 1. The panel: the conversation as Hiver has it.
    const root = webviewFrame().locator('#root');
    await root.locator('h1', { hasText: id }).waitFor({ timeout: 30_000 });
    await root.getByText('Message 1 (Hiver ID)').waitFor({ timeout: 30_000 });
    await page().mouse.move(1000, 700);
    await screenshot('triage conversation panel');

    // 2. Status, through the same QuickPick as the row's context menu.
    const next = conversation.status === 'pending' ? 'open' : 'pending';
    await webviewFrame().locator('vscode-button', { hasText: 'Set Status…' }).click();
    await page().locator('.quick-input-widget').getByText(`Set Status of Conversation ${id}`).waitFor();
    await screenshot('triage status picker');
    await typeInQuickInput(next);
    await root.locator('h1 .badge', { hasText: new RegExp(`^${next}$`, 'i') }).waitFor({ timeout: 20_000 });
    await eventually(async () => (await sim<{ conversation: SimConversation }>(`conversations/${id}`)).conversation.status === next, 'the status in the simulator');
    await screenshot('triage status changed');

    // 3. Assign, picked by name.
    const member = members.find((m) => Number(m.id) !== conversation.assignee?.assignee_id && m.email !== 'admin@acme.example' && /^[A-Za-z]+$/.test(m.first_name));
    assert.ok(member, 'a member to assign');
    const name = `${member.first_name} ${member.last_name}`;
    await webviewFrame().locator('vscode-button', { hasText: 'Assign…' }).click();
    await page().locator('.quick-input-widget input').waitFor({ state: 'visible' });
    await typeInQuickInput(member.email, { submit: false });
    await page().locator('.quick-input-list .monaco-list-row', { hasText: member.email }).first().waitFor();
    await screenshot('triage assignee picker');
    await page().locator('.quick-input-widget input').press('Enter');
    await root.locator('dd', { hasText: name }).first().waitFor({ timeout: 20_000 });
    await eventually(
      async () => String((await sim<{ conversation: SimConversation }>(`conversations/${id}`)).conversation.assignee?.assignee_id) === member.id,
      'the assignee in the simulator',
    );
    await screenshot('triage assigned');

    // 4. A note with an @mention picked from the completion list.
    const note = webviewFrame().locator('#note-text');
    await note.scrollIntoViewIfNeeded();
    await note.click();
    await note.pressSequentially(`Customer called again, please follow up @${member.first_name.slice(0, 3)}`);
    const suggestion = webviewFrame().locator('#mention-list li', { hasText: member.email });
    await suggestion.waitFor();
    await suggestion.scrollIntoViewIfNeeded();
    await screenshot('triage mention completion');
    await note.press('Enter');
    await note.pressSequentially('today.');
    assert.equal(await note.inputValue(), `Customer called again, please follow up ${member.email} today.`);
    await webviewFrame().locator('#note-send').click();
    await webviewFrame().locator('#note-status', { hasText: 'Note added.' }).waitFor({ timeout: 20_000 });
    await webviewFrame().locator('.sent-note', { hasText: 'Customer called again' }).waitFor();
    assert.equal(await note.inputValue(), '', 'the composer is emptied once Hiver accepted the note');
    const notes = (await sim<{ notes: { content: string; mentions: string[] }[] }>(`conversations/${id}`)).notes;
    assert.equal(notes.length, 1);
    assert.equal(notes[0].content, `Customer called again, please follow up ${member.email} today.`);
    assert.deepEqual(notes[0].mentions, [member.email]);
    await page().mouse.move(1000, 700);
    await screenshot('triage note added');
  });

  it('draws every status badge at 4.5:1 contrast or more, in a light and in a dark theme', async () => {
    const row = treeItem(new RegExp(`\\b${conversation.id}\\b`));
    try {
      for (const [theme, kind] of [['Default Light Modern', 'vscode-light'], ['Default Dark Modern', 'vscode-dark']]) {
        await setUserSetting('workbench.colorTheme', theme);
        await row.click();
        const frame = webviewFrame();
        await frame.locator(`body.${kind}`).waitFor({ timeout: 20_000 });
        // tsx names the functions below with a helper the webview does not have.
        await frame.locator('body').evaluate(() => void ((globalThis as { __name?: unknown }).__name = (fn: unknown) => fn));
        // Probe badges of each status under the panel's own stylesheet and theme colours.
        const ratios = await frame.locator('body').evaluate((body) => {
          const canvas = document.createElement('canvas');
          const context = canvas.getContext('2d', { willReadFrequently: true })!;
          const rgb = (color: string, under?: number[]) => {
            context.clearRect(0, 0, 1, 1);
            if (under) {
              context.fillStyle = `rgb(${under.join(',')})`;
              context.fillRect(0, 0, 1, 1);
            }
            context.fillStyle = color;
            context.fillRect(0, 0, 1, 1);
            return [...context.getImageData(0, 0, 1, 1).data.slice(0, 3)];
          };
          const luminance = (c: number[]) => {
            const [r, g, b] = c.map((v) => v / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
          };
          const page = rgb(getComputedStyle(body).backgroundColor, [255, 255, 255]);
          return ['open', 'pending', 'closed', 'other'].map((status) => {
            const heading = document.createElement('h1');
            const badge = document.createElement('span');
            badge.className = `badge status-${status}`;
            badge.textContent = status;
            heading.append(badge);
            body.append(heading);
            const style = getComputedStyle(badge);
            const background = rgb(style.backgroundColor, page);
            const text = rgb(style.color, background);
            heading.remove();
            const [light, dark] = [luminance(text), luminance(background)].sort((a, b) => b - a);
            return [status, (light + 0.05) / (dark + 0.05)] as const;
          });
        });
        const low = ratios.filter(([, ratio]) => ratio < 4.5);
        assert.deepEqual(low, [], `${theme}: ${ratios.map(([status, ratio]) => `${status} ${ratio.toFixed(2)}:1`).join(', ')}`);
      }
    } finally {
      await setUserSetting('workbench.colorTheme', undefined);
    }
  });

  it('keeps a half-written note when the panel is closed and reopened', async () => {
    const id = String(conversation.id);
    const text = 'Half-written: waiting for the logs from the customer';
    const note = webviewFrame().locator('#note-text');
    await note.scrollIntoViewIfNeeded();
    await note.click();
    await note.pressSequentially(text);
    await closeAllEditors();

    await treeItem(new RegExp(`\\b${id}\\b`)).click();
    const reopened = webviewFrame().locator('#note-text');
    await reopened.waitFor({ timeout: 30_000 });
    await reopened.scrollIntoViewIfNeeded();
    assert.equal(await reopened.inputValue(), text);
    await screenshot('triage note kept after closing');
  });

  it('moves between the action buttons with the arrow keys, the toolbar being one tab stop', async () => {
    await expand(treeItem('Engineering Escalations'));
    await expand(page().getByRole('treeitem', { name: /^Conversations/ }).first());
    await treeItem(new RegExp(`\\b${conversation.id}\\b`)).click();
    const buttons = webviewFrame().getByRole('toolbar', { name: 'Actions' }).locator('vscode-button');
    await buttons.first().waitFor({ timeout: 30_000 });
    const keys = await buttons.evaluateAll((elements) => elements.map((e) => e.getAttribute('data-key') ?? ''));
    assert.ok(keys.length >= 3, 'three or more actions');
    const tabStops = () => buttons.evaluateAll((elements) => elements.filter((e) => (e as HTMLElement).tabIndex >= 0).map((e) => e.getAttribute('data-key')));
    await eventually(async () => (await tabStops()).length === 1, 'one tab stop in the toolbar');
    assert.deepEqual(await tabStops(), [keys[0]], 'the first action is the tab stop');

    const focused = () => buttons.first().evaluate(() => document.activeElement?.getAttribute('data-key'));
    await buttons.first().focus();
    for (const [key, expected] of [['ArrowRight', 1], ['ArrowRight', 2], ['ArrowLeft', 1], ['End', keys.length - 1], ['ArrowRight', 0], ['ArrowLeft', keys.length - 1], ['Home', 0], ['ArrowRight', 1]] as const) {
      await page().keyboard.press(key);
      assert.equal(await focused(), keys[expected], `${key} moves focus to ${keys[expected]}`);
    }
    assert.deepEqual(await tabStops(), [keys[1]], 'the focused action is now the only tab stop');

    // A redraw (here after Refresh) keeps the focused action as the toolbar's tab stop.
    await page().keyboard.press('End');
    await buttons.last().evaluate((element) => element.setAttribute('data-drawn-before', ''));
    await page().keyboard.press('Enter');
    await webviewFrame().locator('[data-drawn-before]').waitFor({ state: 'detached', timeout: 15_000 });
    await eventually(async () => (await focused()) === keys[keys.length - 1], 'focus back on the last action');
    await eventually(async () => JSON.stringify(await tabStops()) === JSON.stringify([keys[keys.length - 1]]), 'the last action as the only tab stop after the redraw');
  });
});
