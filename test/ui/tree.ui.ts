// A user connects the Hiver view from its welcome, expands an inbox and its users, presses
// Load more, looks at tags and conversations, and filters conversations from the QuickPick.
import assert from 'node:assert/strict';
import { contextMenu, DEMO_KEY, expand, openHiverView, openWorkbench, page, screenshot, scrollTo, simControl, treeItem, typeInQuickInput, untilKeyChecked } from './helpers';

interface LogEntry {
  method: string;
  path: string;
  status: number;
}

async function simLog(): Promise<LogEntry[]> {
  return ((await simControl('GET', 'log')) as { entries: LogEntry[] }).entries;
}

/** Drags the side bar's edge so rows and descriptions fit in the screenshots. */
async function widenSideBar(width: number): Promise<void> {
  const box = await page().locator('.part.sidebar').boundingBox();
  if (!box || box.width >= width) return;
  const edge = box.x + box.width;
  await page().mouse.move(edge, box.y + box.height / 2);
  await page().mouse.down();
  await page().mouse.move(box.x + width, box.y + box.height / 2, { steps: 5 });
  await page().mouse.up();
}

/** Moves the mouse away so no tooltip covers the screenshot. */
async function shot(step: string): Promise<void> {
  await page().mouse.move(1000, 700);
  await page().waitForTimeout(300); // let the tree finish drawing (not a timing assertion)
  await screenshot(step);
}

describe('UI inbox tree', () => {
  before(async () => {
    await simControl('POST', 'reset');
    await openWorkbench();
    const sidebar = await openHiverView();
    await widenSideBar(520);
    // A new browser profile and code-server (run.ts): no key is saved, the view shows its welcome.
    await sidebar.getByRole('button', { name: 'Set API Key' }).waitFor({ timeout: 30_000 });
  });

  it('connects from the welcome button and lists the inboxes', async () => {
    await shot('tree welcome without a key');
    const since = Date.now();
    await page().locator('.part.sidebar').getByRole('button', { name: 'Set API Key' }).click();
    await typeInQuickInput(DEMO_KEY);
    await untilKeyChecked(since);
    await treeItem('Customer Support').waitFor({ timeout: 30_000 });
    await treeItem('Billing').waitFor();
    await shot('tree inboxes listed');
  });

  it('expands an inbox and its users, then Load more appends the next page with one request', async () => {
    await simControl('DELETE', 'log');
    await expand(treeItem('Customer Support'));
    await expand(page().getByRole('treeitem', { name: /^Users/ }).first());
    await treeItem('Avery Admin').waitFor({ timeout: 30_000 });
    const loadMore = page().getByRole('treeitem', { name: /^Load more \(100\)/ });
    await scrollTo(loadMore);
    await shot('tree users with load more');
    const usersRequests = async () => (await simLog()).filter((e) => e.method === 'GET' && e.path === '/v1/inboxes/101/users' && e.status !== 429).length;
    assert.equal(await usersRequests(), 1, 'one page fetched on expand');

    await loadMore.click();
    await loadMore.waitFor({ state: 'detached', timeout: 30_000 }); // all 130 users are loaded: no more Load more
    assert.equal(await usersRequests(), 2, 'exactly one request for Load more');
    await shot('tree users after load more');
  });

  it('shows tag colours and conversations with names, and filters conversations', async () => {
    const collapseAll = () => page().locator('.part.sidebar .action-label[aria-label="Collapse All"]').first().click();
    await collapseAll();
    await expand(treeItem('Customer Support'));
    await expand(page().getByRole('treeitem', { name: /^Tags/ }).first());
    await treeItem('Priority').waitFor({ timeout: 30_000 });
    await shot('tree tags with colours');
    await collapseAll();
    await expand(treeItem('Customer Support'));

    const conversations = page().getByRole('treeitem', { name: /^Conversations/ }).first();
    await expand(conversations);
    await treeItem(/^538700\d{3}/).waitFor({ timeout: 30_000 });
    await shot('tree conversations');

    // The inline filter action on the Conversations row opens the QuickPick.
    await conversations.hover();
    await conversations.locator('.action-label[aria-label^="Filter Conversations"]').click();
    const input = page().locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await typeInQuickInput('pending', { submit: false });
    await page().locator('.quick-input-list .monaco-list-row', { hasText: 'pending' }).first().click(); // ticks it
    await page().locator('.quick-input-widget', { hasText: '1 Selected' }).waitFor();
    await shot('tree conversation filter quick pick');
    await page().keyboard.press('Enter');
    await page().getByRole('treeitem', { name: /^Conversations.*status: pending/ }).first().waitFor({ timeout: 15_000 });
    await shot('tree conversations filtered');
    const rows = await page().getByRole('treeitem', { name: /^538700\d{3}/ }).allInnerTexts();
    assert.ok(rows.length > 0, 'some pending conversations are shown');
    assert.ok(rows.every((text) => text.includes('pending')), rows.join('\n'));

    // A filtered row offers to clear it inline, beside the filter (and in its context menu).
    await conversations.hover();
    await conversations.locator('.action-label[aria-label^="Clear Conversation Filter"]').click();
    await page().getByRole('treeitem', { name: /^Conversations.*status:/ }).waitFor({ state: 'detached', timeout: 15_000 });
  });

  it("offers Load All in a group's context menu, and only Cancel Load All while it runs", async () => {
    const conversations = page().getByRole('treeitem', { name: /^Conversations/ }).first();
    const menu = page().locator('.context-view .monaco-menu');
    const entries = async () => {
      await conversations.click({ button: 'right' });
      await menu.getByRole('menuitem').first().waitFor();
      const names = (await menu.getByRole('menuitem').allInnerTexts()).map((text) => text.trim().split('\n')[0]);
      await page().keyboard.press('Escape');
      await menu.waitFor({ state: 'detached' });
      return names;
    };
    const idle = await entries();
    assert.ok(idle.includes('Load All') && !idle.includes('Cancel Load All'), idle.join(' | '));
    // Slow answers keep the load running while the menu is looked at.
    await simControl('POST', 'config', { latencyMs: 3000 });
    try {
      await contextMenu(conversations, 'Load All');
      // The row's menu follows its contextValue, which the tree redraws once the load starts.
      let running = await entries();
      for (const deadline = Date.now() + 15_000; !running.includes('Cancel Load All') && Date.now() < deadline; ) running = await entries();
      assert.ok(running.includes('Cancel Load All') && !running.includes('Load All'), running.join(' | '));
      await contextMenu(conversations, 'Cancel Load All');
    } finally {
      await simControl('POST', 'config', { latencyMs: 0 });
    }
  });
});
