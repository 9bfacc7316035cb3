// Watching an inbox in the real workbench: a conversation added in the simulator shows up as
// the Hiver view's badge and as a "New" row on top of the loaded Conversations group (inserted
// without a reload), and opening it clears both. After a reload with the Hiver view closed, the
// extension still starts (on startup, not on the view) and keeps watching.
import { waitForWorkbench } from '../vscode/browser';
import { closeAllEditors, expand, openHiverView, openWorkbench, page, runCommand, screenshot, setApiKey, setUserSetting, simControl, treeItem, typeInQuickInput, userSetting } from './helpers';

interface LogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

const INBOX = 'Engineering Escalations';
const INBOX_ID = '105';

async function watchPolls(): Promise<LogEntry[]> {
  const { entries } = (await simControl('GET', 'log')) as { entries: LogEntry[] };
  return entries.filter((e) => e.path === `/v1/inboxes/${INBOX_ID}/conversations` && e.query.sort_by === 'id' && e.query.sort_order === 'desc' && e.status === 200);
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await page().waitForTimeout(200);
  }
}

/** The number on the Hiver icon in the activity bar ('' when none). */
async function badge(): Promise<string> {
  const item = page().locator('.part.activitybar .action-item').filter({ has: page().locator('[aria-label^="Hiver"]') });
  const content = item.locator('.badge-content').first();
  return (await content.isVisible().catch(() => false)) ? (await content.innerText()).trim() : '';
}

describe('UI watching an inbox', () => {
  before(async () => {
    await simControl('POST', 'reset');
    await openWorkbench();
    const sidebar = await openHiverView();
    await setApiKey();
    await treeItem(INBOX).waitFor({ timeout: 30_000 });
    await sidebar.getByRole('button', { name: 'Collapse All' }).click();
  });

  it('Choose Who I Am asks under its own title and finds a member on a later page', async () => {
    // Customer Support has more members than one page; the last one is on the second.
    const state = (await simControl('GET', 'state')) as { users: Record<string, { id: string; email: string }[]> };
    const last = state.users['101'].at(-1)!;
    await runCommand('Hiver: Choose Who I Am');
    const quickInput = page().locator('.quick-input-widget');
    await quickInput.locator('input[placeholder="Choose an inbox"]').waitFor();
    const title = await quickInput.locator('.quick-input-title').innerText();
    if (title !== 'Choose Who I Am') throw new Error(`the inbox question is titled "${title}"`);
    await typeInQuickInput('Customer Support');
    await typeInQuickInput(last.email, { submit: false });
    await quickInput.locator('.quick-input-list .monaco-list-row', { hasText: last.email }).first().waitFor({ timeout: 30_000 });
    await quickInput.locator('input').press('Enter');
    await until('the setting', async () => userSetting('hiver.watch.me') === last.id);
    await setUserSetting('hiver.watch.me', undefined);
  });

  it('shows a conversation added in Hiver as the view badge and a New row', async () => {
    // Nothing is watched yet: the palette has no Check Now or Stop Watching to offer.
    await page().keyboard.press('F1');
    // "Watch" matches the three watch commands, a list short enough to be drawn whole.
    await typeInQuickInput('>Hiver: Watch', { submit: false });
    await page().locator('.quick-input-list .label-name', { hasText: 'Hiver: Watch Inbox' }).first().waitFor();
    const offered = await page().locator('.quick-input-list .label-name').allInnerTexts();
    if (offered.some((name) => /Check Watched|Stop Watching/i.test(name))) throw new Error(`offered with nothing watched: ${offered.join(' | ')}`);
    await page().keyboard.press('Escape');

    await expand(treeItem(INBOX));
    await expand(treeItem(/^Conversations/));
    await runCommand('Hiver: Watch Inbox');
    await typeInQuickInput(INBOX);
    await until('the first poll (the baseline)', async () => (await watchPolls()).length === 1);

    // The view's menu offers to stop watching now that an inbox is watched.
    // Its actions show while the pointer is over the side bar.
    await page().locator('.part.sidebar .composite.title').hover();
    await page().locator('.part.sidebar .composite.title a.action-label[aria-label="Views and More Actions..."]').click();
    const menu = page().locator('.monaco-menu');
    await menu.getByRole('menuitem', { name: 'Check Watched Inboxes Now' }).waitFor();
    const entries = await menu.getByRole('menuitem').allInnerTexts();
    if (!entries.some((entry) => entry.includes('Stop Watching Inbox'))) throw new Error(`the view's menu offers: ${entries.join(' | ')}`);
    await page().keyboard.press('Escape');

    const { conversation } = (await simControl('POST', `inboxes/${INBOX_ID}/conversations`, {})) as { conversation: { id: number } };
    await runCommand('Hiver: Check Watched Inboxes Now');
    await until('the second poll', async () => (await watchPolls()).length === 2);

    const row = treeItem(new RegExp(`^${conversation.id}, New`));
    const tree = page().locator('.part.sidebar .monaco-list').first();
    for (let step = 0; step < 30 && !(await row.isVisible()); step++) {
      await tree.hover();
      await page().mouse.wheel(0, 400);
      await page().waitForTimeout(100);
    }
    await row.waitFor({ timeout: 10_000 });
    // On top of the group (newest first), not after the rows loaded before.
    const position = await row.getAttribute('aria-posinset');
    if (position !== '1') throw new Error(`the New row is row ${position} of its group, not the first`);
    await until('the badge', async () => (await badge()) === '1');
    await page().mouse.move(1000, 700);
    await screenshot('watch new conversation badge and row');

    // Opening it clears the marker and the badge.
    await row.click();
    await until('the badge to clear', async () => (await badge()) === '');
    await treeItem(new RegExp(`^${conversation.id}, open`)).waitFor({ timeout: 10_000 });
  });

  it('keeps watching after a reload with the Hiver view closed', async () => {
    // A user whose window opens on the Explorer: nothing of Hiver's is in view, yet the watched
    // inbox must still be polled and the palette must offer the Hiver commands.
    await closeAllEditors();
    await runCommand('View: Show Explorer');
    await page().waitForTimeout(6000); // past VS Code for the web's 5 s state write (reload.ui.ts)
    const before = (await watchPolls()).length;
    await page().reload();
    await waitForWorkbench(page());
    await page().locator('.part.activitybar').waitFor();
    await page().waitForFunction(() => performance.getEntriesByName('code/didStartWorkbench').length > 0);
    if (await page().locator('#workbench\\.view\\.extension\\.hiver').isVisible()) throw new Error('the Hiver view is open after the reload');

    await page().locator('.statusbar-item', { hasText: 'Hiver:' }).first().waitFor({ timeout: 30_000 });
    await runCommand('Hiver: Check Watched Inboxes Now');
    await until('a poll after the reload', async () => (await watchPolls()).length > before);
    await screenshot('watch after reload explorer');
  });
});
