// A user opens detail panels from the Hiver tree's context menu and reads them: the text is in
// the webview, hostile names show as text, the copy button copies (the status bar says so).
import assert from 'node:assert/strict';
import { COLOR_THEMES, closeAllEditors, contextMenu, eventually, expand, openConversationFromTree, openHiverView, openWorkbench, page, runCommand, screenshot, setApiKey, simControl, treeItem, useColorTheme, webviewFrame } from './helpers';
import { contrastRatio } from '../common/wcag';

/** The simulator's request log (its control endpoint). */
async function simLog(): Promise<{ method: string; path: string; query: Record<string, string> }[]> {
  return ((await simControl('GET', 'log')) as { entries: { method: string; path: string; query: Record<string, string> }[] }).entries;
}

describe('UI detail panels', () => {
  before(async () => {
    await openWorkbench();
    await openHiverView();
    // Set the key through the palette as a user does (it replaces any key a previous test set).
    await setApiKey();
    await treeItem('Customer Support').waitFor({ timeout: 30_000 });
  });

  it("opens a user's details from the tree's context menu and reads them in the webview", async () => {
    const inbox = treeItem('Customer Support');
    await expand(inbox);
    const users = page().getByRole('treeitem', { name: /^Users/ }).first();
    await expand(users);
    const avery = treeItem('Avery Admin');
    await avery.waitFor({ timeout: 30_000 });
    await contextMenu(avery, 'Show Details');

    const root = webviewFrame().locator('#root');
    await root.getByText('admin@acme.example').first().waitFor({ timeout: 30_000 });
    const text = await root.innerText();
    for (const expected of ['Avery Admin', 'First name', 'Avery', 'Last name', 'Admin', 'admin@acme.example', 'Customer Support', '450001']) {
      assert.ok(text.includes(expected), `the panel does not show "${expected}":\n${text}`);
    }
    await page().mouse.move(900, 700); // no tree tooltip over the screenshot
    await screenshot('user details panel');

    // The copy button posts to the host, which writes the clipboard and says so in the status bar.
    await webviewFrame().locator('vscode-button[title="Copy email"]').first().click();
    await page().locator('.part.statusbar').getByText('Copied email').waitFor();

    // "Refresh from Hiver" asks the server: one exact search by the user's email (no GET by id exists).
    await simControl('DELETE', 'log');
    await webviewFrame().locator('vscode-button', { hasText: 'Refresh from Hiver' }).click();
    const deadline = Date.now() + 15_000;
    let requests = await simLog();
    while (requests.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      requests = await simLog();
    }
    await new Promise((resolve) => setTimeout(resolve, 500)); // nothing else follows
    requests = await simLog();
    assert.deepEqual(requests.map((r) => `${r.method} ${r.path} ${r.query.email}`), ['GET /v1/inboxes/101/users/search admin@acme.example']);
    await root.getByText('admin@acme.example').first().waitFor();
  });

  it('shows hostile names from the API as text', async () => {
    // Open on its own too (--grep): the user is in Customer Support's Users group.
    await expand(treeItem('Customer Support'));
    await expand(page().getByRole('treeitem', { name: /^Users/ }).first());
    const hostile = treeItem(/^<script>alert\(1\)<\/script>/);
    await hostile.scrollIntoViewIfNeeded().catch(() => undefined);
    await hostile.waitFor({ timeout: 30_000 });
    await contextMenu(hostile, 'Show Details');

    const root = webviewFrame().locator('#root');
    await root.getByText('script.tester@acme.example').first().waitFor({ timeout: 30_000 });
    const heading = await root.locator('h1').innerText();
    assert.equal(heading.trim(), '<script>alert(1)</script> <img src=x onerror=alert(1)>');
    assert.equal(await root.locator('img, script').count(), 0, 'a hostile name became an element');
    await page().mouse.move(900, 700);
    await screenshot('hostile user panel shows text');
  });

  it('keeps keyboard focus on the button pressed when the panel redraws, and reads out an unchanged warning once', async () => {
    await closeAllEditors();
    await page().locator('.part.sidebar .action-label[aria-label="Collapse All"]').first().click();
    // Billing has lost access: its panel shows a warning.
    await contextMenu(treeItem('Billing'), 'Show Details');
    const root = webviewFrame().locator('#root');
    await root.getByText('billing@acme.example').first().waitFor({ timeout: 30_000 });
    assert.equal(await root.getAttribute('aria-live'), null, 'the whole panel is no live region (each update would be read out whole)');
    const refresh = root.locator('vscode-button', { hasText: 'Refresh from Hiver' });
    await refresh.evaluate((element) => element.setAttribute('data-drawn-before', ''));
    await refresh.press('Enter');
    await root.locator('[data-drawn-before]').waitFor({ state: 'detached', timeout: 15_000 });
    const focused = await root.evaluate(() => document.activeElement?.getAttribute('data-key') ?? document.activeElement?.tagName);
    assert.equal(focused, 'Refresh from Hiver', 'focus stays on the button after the redraw');
    assert.equal(await root.locator('.warning').getAttribute('role'), null, 'the same warning drawn again is not a new alert');
  });

  it('keeps every button readable while hovered, in the light, dark and both high contrast themes', async () => {
    await closeAllEditors();
    await contextMenu(treeItem('Billing'), 'Show Details');
    const root = webviewFrame().locator('#root');
    await root.getByText('billing@acme.example').first().waitFor({ timeout: 30_000 });
    try {
      for (const colorTheme of COLOR_THEMES) {
        const theme = colorTheme.name;
        await useColorTheme(colorTheme);
        await eventually(async () => (await webviewFrame().locator('body').getAttribute('class'))?.split(' ').includes(colorTheme.webview) ?? false, `the panel in ${theme}`);
        const buttons = await root.locator('vscode-button').all();
        assert.ok(buttons.length >= 2, 'the panel has buttons');
        if (colorTheme.workbench === 'hc-black') {
          await page().mouse.move(0, 0);
          for (const button of buttons) {
            const look = await button.evaluate((element) => {
              const base = getComputedStyle(element.shadowRoot?.querySelector('.base') as Element);
              return { background: base.backgroundColor, border: base.borderTopColor };
            });
            // As VS Code draws its own buttons in High Contrast: no fill, the contrast border.
            const label = `"${await button.innerText()}" in ${theme}`;
            assert.equal(look.background, 'rgba(0, 0, 0, 0)', `${label}: filled with ${look.background}`);
            assert.notEqual(look.border, 'rgba(0, 0, 0, 0)', `${label}: no border`);
          }
          await screenshot('panel buttons in high contrast');
        }
        for (const button of buttons) {
          await button.hover();
          // vscode-button draws itself in its shadow root; the hover rule applies to `.base` there.
          const colors = await button.evaluate((element) => {
            const base = getComputedStyle(element.shadowRoot?.querySelector('.base') as Element);
            // A button with no fill shows the panel's background.
            const background = base.backgroundColor === 'rgba(0, 0, 0, 0)' ? getComputedStyle(document.body).backgroundColor : base.backgroundColor;
            return { color: base.color, background, hovered: element.matches(':hover') };
          });
          const label = `"${await button.innerText()}" hovered in ${theme} (${colors.color} on ${colors.background})`;
          assert.ok(colors.hovered, `${label}: the mouse is over it`);
          const ratio = contrastRatio(colors.color, colors.background);
          assert.ok(ratio >= 4.5, `${label}: contrast ${ratio.toFixed(2)}, below 4.5`);
        }
        if (theme === 'Default High Contrast Light') await screenshot('panel button hovered in high contrast light');
      }
    } finally {
      await useColorTheme(undefined);
      // Closing the settings editor focused the panel, whose webview loads again: a key pressed
      // before it is drawn (the next step's F1) would be lost.
      await root.getByText('billing@acme.example').first().waitFor({ timeout: 30_000 });
    }
  });

  it('fits a narrow editor: nothing scrolls sideways, the status stays on one line, values keep their width', async () => {
    await closeAllEditors();
    const inbox = (await simControl('GET', 'inboxes/101')) as { conversations: { id: number; message_ids: unknown[] }[] };
    const id = String(inbox.conversations.filter((c) => c.message_ids.length > 0).sort((a, b) => b.id - a.id)[0].id);
    await openConversationFromTree('Customer Support', id);
    const root = webviewFrame().locator('#root');
    // The messages to reply to are listed: their options are the widest text in the panel.
    await eventually(async () => (await root.locator('#draft-reply-to option').count()) >= 2, 'the messages to reply to');
    const width = () => root.evaluate(() => document.documentElement.clientWidth);
    try {
      // Each split halves the panel's editor group: a second or third editor beside it.
      for (let splits = 0; (await width()) >= 300 && splits < 5; splits++) await runCommand('View: Split Editor Right');
      await eventually(async () => (await width()) < 300, 'a panel narrower than 300 px');
      const layout = await root.evaluate(() => {
        const html = document.documentElement;
        const badge = document.querySelector('h1 .badge') as Element;
        const range = document.createRange();
        range.selectNodeContents(badge);
        const wider = Array.from(document.querySelectorAll('body *')).filter((e) => e.getBoundingClientRect().right > html.clientWidth + 1);
        // Values of up to 40 characters (ids, emails, names): how many lines each takes.
        const valueLines = Array.from(document.querySelectorAll('dd .value'))
          .filter((value) => (value.textContent ?? '').length <= 40)
          .map((value) => {
            const lines = document.createRange();
            lines.selectNodeContents(value);
            return { text: value.textContent, lines: new Set(Array.from(lines.getClientRects()).map((rect) => Math.round(rect.top))).size };
          });
        return { scrollWidth: html.scrollWidth, clientWidth: html.clientWidth, badgeLines: range.getClientRects().length, wider: wider.map((e) => e.id || e.className || e.tagName), valueLines };
      });
      assert.ok(layout.scrollWidth <= layout.clientWidth, `the panel scrolls sideways: ${JSON.stringify(layout)}`);
      assert.equal(layout.badgeLines, 1, 'the status badge is on one line');
      assert.ok(layout.valueLines.length >= 5, 'the panel lists its values');
      const broken = layout.valueLines.filter((value) => value.lines > 2);
      assert.deepEqual(broken, [], 'a short value takes more than two lines');
      await root.locator('h1').scrollIntoViewIfNeeded();
      await screenshot('narrow conversation panel');
    } finally {
      await runCommand('View: Close All Editor Groups');
    }
  });
});
