// Hostile API text in every surface of the real workbench: the simulator's 'hostile' dataset puts
// script/img tags, javascript: and command: links, $(icon) syntax, bidi controls, canary images
// and 10,000-character strings in every string field. Each surface is visited and checked:
// no payload ran in any frame (window.__hiverCanary), nothing loaded the simulator's canary
// URL, no command link or icon was made from API text, the text shows literally, and long
// names are cut (screenshots in test-results/screenshots show the layout).
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { closeAllEditors, contextMenu, expand, openHiverView, openWorkbench, page, runCommand, screenshot, setApiKey, simControl, simOrigin, treeItem, typeInQuickInput, untilIdle, webviewFrame } from './helpers';

const CANARY = '__hiverCanary';
const FIRST_CONVERSATION = '538700001';
/** Every payload at once, for the server's error message. */
const ERROR_MESSAGE =
  `<img src=x onerror="window.${CANARY}=1"> <script>window.${CANARY}=1</script> [Open settings](command:workbench.action.toggleZenMode) ` +
  '$(alert) $(zap) \u202Etxt.exe ![img](SIM/__sim/canary/error-image) <a href="command:workbench.action.toggleZenMode">x</a> 🐝';

/** What each surface showed as text, to check at the end that payloads came through literally. */
let shownText = '';

/** Fails when anything in the page shows that a payload was executed or rendered as markup. */
async function assertInert(surface: string, area?: Locator): Promise<void> {
  for (const frame of page().frames()) {
    const fired = await frame.evaluate((name) => (window as unknown as Record<string, unknown>)[name], CANARY).catch(() => undefined);
    assert.equal(fired, undefined, `${surface}: a payload ran in ${frame.url().slice(0, 80)}`);
  }
  const { hits } = (await simControl('GET', 'canaries')) as { hits: { path: string }[] };
  assert.deepEqual(hits.map((h) => h.path), [], `${surface}: something loaded the canary URL`);
  const made = await page().evaluate(() => ({
    links: document.querySelectorAll('[href*="toggleZenMode"], [data-href*="toggleZenMode"]').length,
    icons: document.querySelectorAll('.codicon-zap').length,
    images: document.querySelectorAll('img[src*="canary"]').length,
  }));
  assert.deepEqual(made, { links: 0, icons: 0, images: 0 }, `${surface}: API text became a link, icon or image`);
  if (!area) return;
  const text = await area.innerText();
  // Shown literally: a bidi override would show "exe.txt" for "txt.exe" (U+202E reorders what follows).
  assert.doesNotMatch(text, /[\u202A-\u202E\u2066-\u2069]/, `${surface}: bidi controls reached the screen`);
  shownText += `\n${text}`;
}

/** Hovers a row until its tooltip shows; returns the hover widget. */
async function hover(target: Locator): Promise<Locator> {
  await target.hover();
  const widget = page().locator('.monaco-hover, .workbench-hover').filter({ visible: true }).last();
  await widget.waitFor({ timeout: 10_000 });
  return widget;
}

/** Moves the pointer away and waits for any tooltip to go, so it does not cover a screenshot. */
async function clearHover(): Promise<void> {
  await page().mouse.move(1000, 700);
  await page().locator('.workbench-hover, .monaco-hover').filter({ visible: true }).first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
}

/** The showing panel's document is no wider than the panel: long text wraps or is cut. */
async function assertNoSidewaysScroll(surface: string): Promise<void> {
  const overflow = await webviewFrame().locator('#root').evaluate((el) => el.ownerDocument.documentElement.scrollWidth - el.ownerDocument.documentElement.clientWidth);
  assert.ok(overflow <= 1, `${surface} scrolls sideways by ${overflow}px`);
}

const quickInput = () => page().locator('.quick-input-widget');
const quickRows = () => page().locator('.quick-input-list .monaco-list-row');

/** Every visible label of the open quick input is at most 200 characters long. */
async function assertShortRows(surface: string): Promise<void> {
  const labels = await page().locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts();
  for (const label of labels) assert.ok(label.length <= 201, `${surface}: a ${label.length}-character label`);
}

describe('UI hostile API text', () => {
  before(async function () {
    this.timeout(150_000);
    await simControl('POST', 'config', { dataset: 'hostile' });
    await simControl('POST', 'reset');
    await openWorkbench();
    await openHiverView();
    await setApiKey();
    await treeItem(/^Inbox 1 /).waitFor({ timeout: 30_000 });
  });

  it('tree: every inbox and group expanded, rows and tooltips show text, cut when long', async () => {
    const sidebar = page().locator('.part.sidebar');
    for (const inbox of [1, 2, 3]) {
      const row = treeItem(new RegExp(`^Inbox ${inbox} `));
      await expand(row);
      for (const group of ['Users', 'Tags', 'Conversations']) {
        const groupRow = page().getByRole('treeitem', { name: new RegExp(`^${group}`) }).first();
        await expand(groupRow);
        // The group's first row, with its tooltip.
        const first = page().locator('.part.sidebar .monaco-list-row[aria-level="3"]').first();
        await first.waitFor({ timeout: 30_000 });
        await untilIdle();
        const tip = await hover(first);
        await screenshot(`hostile tree inbox ${inbox} ${group}`);
        await assertInert(`tree inbox ${inbox} ${group}`, sidebar);
        shownText += `\n${await tip.innerText()}`;
        await page().mouse.move(1000, 700);
        await groupRow.click(); // collapse again, so the next group's rows come first
      }
      const tip = await hover(row);
      await assertInert(`inbox ${inbox} tooltip`, tip);
      await row.click();
    }
    const widths = await page().locator('.part.sidebar .monaco-list-row').evaluateAll((rows) => rows.map((r) => r.scrollWidth - r.clientWidth));
    assert.ok(widths.every((w) => w <= 1), 'no tree row overflows its width');
  });

  it('pickers: Find User, Find Tag, Go to Inbox, Choose a Conversation, Go to Conversation', async () => {
    // The pickers match what is loaded: load the first inbox's lists through the tree.
    const inbox = treeItem(/^Inbox 1 /);
    await expand(inbox);
    for (const group of ['Users', 'Tags', 'Conversations']) {
      const groupRow = page().getByRole('treeitem', { name: new RegExp(`^${group}`) }).first();
      await expand(groupRow);
      await page().locator('.part.sidebar .monaco-list-row[aria-level="3"]').first().waitFor({ timeout: 30_000 });
      await groupRow.click();
    }
    await inbox.click();

    const pickers: [string, string | undefined][] = [
      ['Hiver: Find User by Email', 'acme'],
      ['Hiver: Find Tag by Name', 'Tag'],
      ['Hiver: Go to Inbox', undefined],
      // From the palette, a conversation action first asks which loaded conversation.
      ['Hiver: Set Conversation Status…', undefined],
    ];
    for (const [command, query] of pickers) {
      await runCommand(command);
      await quickInput().waitFor();
      if (query) await typeInQuickInput(query, { submit: false });
      await quickRows().nth(1).waitFor({ timeout: 30_000 });
      await screenshot(`hostile ${command}`);
      await assertInert(command, quickInput());
      await assertShortRows(command);
      await page().keyboard.press('Escape');
      await quickInput().waitFor({ state: 'hidden' });
    }

    // Go to Conversation by id: the conversation's panel opens.
    await runCommand('Hiver: Go to Conversation');
    await typeInQuickInput(FIRST_CONVERSATION);
    await webviewFrame().locator('#root h1', { hasText: FIRST_CONVERSATION }).waitFor({ timeout: 30_000 });
    await assertInert('Go to Conversation', webviewFrame().locator('#root'));
    await closeAllEditors();
  });

  it('panels: inbox, user, tag and conversation show text, run nothing', async () => {
    const inbox = treeItem(/^Inbox 1 /);
    await expand(inbox);
    await contextMenu(inbox, 'Show Details');
    await webviewFrame().locator('#root h1').waitFor({ timeout: 30_000 });
    await clearHover();
    await screenshot('hostile inbox panel');
    await assertInert('inbox panel', webviewFrame().locator('#root'));
    await assertNoSidewaysScroll('the inbox panel');

    for (const [group, kind] of [['Users', 'user'], ['Tags', 'tag']] as const) {
      const groupRow = page().getByRole('treeitem', { name: new RegExp(`^${group}`) }).first();
      await expand(groupRow);
      // The third row: past the key owner, with payloads in every field (its email is 10,000 characters).
      const row = page().locator('.part.sidebar .monaco-list-row[aria-level="3"]').nth(2);
      // One panel at a time, so webviewFrame() cannot find the last panel's frame on its way out.
      await closeAllEditors();
      await contextMenu(row, 'Show Details');
      await webviewFrame().locator('#root h1').waitFor({ timeout: 30_000 });
      await clearHover();
      await screenshot(`hostile ${kind} panel`);
      await assertInert(`${kind} panel`, webviewFrame().locator('#root'));
      await assertNoSidewaysScroll(`the ${kind} panel`);
      await groupRow.click();
    }

    await expand(page().getByRole('treeitem', { name: /^Conversations/ }).first());
    await treeItem(new RegExp(`^${FIRST_CONVERSATION}`)).click();
    const root = webviewFrame().locator('#root');
    await root.locator('h1', { hasText: FIRST_CONVERSATION }).waitFor({ timeout: 30_000 });
    await root.getByText('Message 1 (Hiver ID)').waitFor({ timeout: 30_000 });
    await clearHover();
    await screenshot('hostile conversation panel');
    await assertInert('conversation panel', root);
    assert.equal(await root.locator('a[href^="javascript:"], a[href^="command:"], a[href^="data:"]').count(), 0, 'a hostile permalink became a link');
    await assertNoSidewaysScroll('the conversation panel');
  });

  it('conversation pickers (status, assignee, tags), an error notification and the status bar tooltip', async () => {
    await runCommand('Hiver: Go to Conversation');
    await typeInQuickInput(FIRST_CONVERSATION);
    const root = webviewFrame().locator('#root');
    await root.locator('h1', { hasText: FIRST_CONVERSATION }).waitFor({ timeout: 30_000 });
    for (const button of ['Assign…', 'Tags…']) {
      await webviewFrame().locator('vscode-button', { hasText: button }).click();
      await quickRows().first().waitFor({ timeout: 30_000 });
      await screenshot(`hostile ${button} picker`);
      await assertInert(`${button} picker`, quickInput());
      await assertShortRows(`${button} picker`);
      await page().keyboard.press('Escape');
      await quickInput().waitFor({ state: 'hidden' });
    }

    // Hiver refuses the change with every payload in its message: a notification and the status bar's last error.
    await simControl('POST', 'faults', { rules: [{ kind: 'status', status: 400, method: 'PATCH', message: ERROR_MESSAGE.replace('SIM', simOrigin()) }] });
    await webviewFrame().locator('vscode-button', { hasText: 'Set Status…' }).click();
    await quickRows().first().waitFor();
    await screenshot('hostile status picker');
    await assertInert('status picker', quickInput());
    await typeInQuickInput('pending');
    const toast = page().locator('.notifications-toasts .notification-toast', { hasText: 'txt.exe' }).first();
    await toast.waitFor({ timeout: 30_000 });
    await screenshot('hostile error notification');
    await assertInert('error notification', toast);
    await root.locator('.error', { hasText: 'HTTP 400' }).first().waitFor();
    await assertInert('conversation panel showing the error', root);

    const status = page().locator('.part.statusbar .statusbar-item', { hasText: 'Hiver:' }).first();
    const tip = await hover(status);
    await tip.getByText('Last error').waitFor();
    await screenshot('hostile status bar tooltip');
    await assertInert('status bar tooltip', tip);
    await page().mouse.move(1000, 700);
    await simControl('DELETE', 'faults');

    // Everything came through as text.
    for (const literal of ['<script>', 'onerror=', '$(zap)', '](command:', 'javascript:', '🐝']) {
      assert.ok(shownText.includes(literal), `"${literal}" was never shown as text`);
    }
  });
});
