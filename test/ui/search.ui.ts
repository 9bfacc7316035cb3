// Find User by Email as a user does it: palette, type an email (no requests while typing),
// pick "Search every inbox", choose the hit, read its panel. Also: Escape stops a search.
import assert from 'node:assert/strict';
import { closeAllEditors, expand, openHiverView, openWorkbench, page, runCommand, screenshot, setApiKey, simControl, treeItem, typeInQuickInput, webviewFrame } from './helpers';

interface LogEntry {
  method: string;
  path: string;
  status: number;
}

const sim = simControl;

/** User searches the simulator accepted (a 429 is a refused attempt the transport retries). */
async function userSearches(): Promise<string[]> {
  const { entries } = (await sim('GET', 'log')) as { entries: LogEntry[] };
  return entries.filter((e) => /\/users\/search$/.test(e.path) && e.status !== 429).map((e) => e.path.split('/')[3]);
}

/** A user only inbox `inboxId` has (the last of its own users). */
async function ownUser(inboxId: string): Promise<{ first_name: string; last_name: string; email: string }> {
  const { users } = await sim('GET', `inboxes/${inboxId}`);
  return users[users.length - 1];
}

const quickInput = () => page().locator('.quick-input-widget');
/** Moves the pointer off the picker, so no hover covers it in screenshots. */
const pointerAway = () => page().mouse.move(900, 700);
const pickRow = (text: string | RegExp) => page().locator('.quick-input-list .monaco-list-row', { hasText: text }).first();

describe('search from the command palette', () => {
  before(async () => {
    await sim('POST', 'reset');
    await openWorkbench();
    await openHiverView();
    await setApiKey();
    await page().getByRole('treeitem', { name: /Customer Support/ }).first().waitFor();
  });

  afterEach(async () => {
    await sim('DELETE', 'faults');
    if (await quickInput().isVisible()) await page().keyboard.press('Escape');
  });

  it('finds a user by email in every inbox and opens its details', async () => {
    const user = await ownUser('105');
    await sim('DELETE', 'log');
    await runCommand('Hiver: Find User by Email');
    await quickInput().locator('.quick-input-title', { hasText: 'Find User by Email' }).waitFor();
    const input = quickInput().locator('input');
    await input.pressSequentially(user.email, { delay: 15 });
    await pickRow(`for "${user.email}"`).waitFor();
    await pointerAway();
    await screenshot('find user typed an email');
    assert.deepEqual(await userSearches(), [], 'typing sends no request');

    await input.press('Enter');
    const hit = pickRow(`${user.first_name} ${user.last_name}`);
    await hit.waitFor();
    assert.match((await hit.textContent()) ?? '', /Engineering Escalations/, 'the hit names its inbox');
    await quickInput().locator('.quick-input-title', { hasText: /^Find User by Email$/ }).waitFor();
    await pointerAway();
    await screenshot('find user server results');
    assert.deepEqual(await userSearches(), ['101', '102', '103', '104', '105'], 'one search per inbox');

    await hit.click();
    await webviewFrame().getByText(user.email).first().waitFor();
    await screenshot('find user details panel');
  });

  it('opens a loaded user at once when its exact email is pasted and Enter pressed', async () => {
    // The trap: VS Code re-sorts the rows by label, and the "Search every inbox" row's label
    // holds the typed email, so it became the active row and Enter spent one request per inbox.
    const inbox = treeItem('Customer Support');
    await expand(inbox);
    await expand(page().getByRole('treeitem', { name: /^Users/ }).first());
    const { users } = await sim('GET', 'inboxes/101');
    const user = users[0] as { first_name: string; last_name: string; email: string };
    await treeItem(`${user.first_name} ${user.last_name}`).waitFor({ timeout: 30_000 });
    await sim('DELETE', 'log');
    await runCommand('Hiver: Find User by Email');
    await quickInput().locator('.quick-input-title', { hasText: 'Find User by Email' }).waitFor();
    await quickInput().locator('input').fill(user.email); // a paste: one input event
    await pickRow(`${user.first_name} ${user.last_name}`).waitFor();
    await pointerAway();
    await screenshot('find user pasted a loaded email');
    await quickInput().locator('input').press('Enter');
    await quickInput().waitFor({ state: 'hidden' });
    await webviewFrame().getByText(user.email).first().waitFor();
    const { entries } = (await sim('GET', 'log')) as { entries: LogEntry[] };
    assert.deepEqual(entries.map((e) => `${e.method} ${e.path}`), [], 'no request: the user was loaded');
    await closeAllEditors();
    await page().getByRole('treeitem', { name: /^Users/ }).first().click(); // collapse again
    await inbox.click();
  });

  it('stops asking the remaining inboxes when the picker is closed mid-search', async () => {
    // The second inbox answers slowly, so there is time to press Escape while it is asked.
    await sim('POST', 'faults', { rules: [{ kind: 'hang', ms: 3000, pathIncludes: '/inboxes/102/users/search' }] });
    await sim('DELETE', 'log');
    await runCommand('Hiver: Find User by Email');
    await typeInQuickInput('nobody@acme.example', { submit: false });
    await pickRow('Search every inbox').waitFor();
    await quickInput().locator('input').press('Enter');
    await quickInput().locator('.quick-input-title', { hasText: /searching/ }).waitFor();
    const deadline = Date.now() + 10_000;
    while (!(await userSearches()).includes('102')) {
      assert.ok(Date.now() < deadline, 'the search never reached the second inbox');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await pickRow('Asking each inbox in turn').waitFor();
    await pointerAway();
    await screenshot('find user searching');
    await page().keyboard.press('Escape');
    await quickInput().waitFor({ state: 'hidden' });
    // Long enough for the slow answer and three more paced requests, had they been sent.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    assert.deepEqual(await userSearches(), ['101', '102']);
  });

  it('goes to a conversation by its id from the palette', async () => {
    const { conversations } = await sim('GET', 'inboxes/103');
    const id = String(conversations[0].id);
    await runCommand('Hiver: Go to Conversation');
    await quickInput().locator('.quick-input-title', { hasText: 'Go to Conversation' }).waitFor();
    await typeInQuickInput('not an id', { submit: false });
    await quickInput().locator('.quick-input-message', { hasText: /Not a conversation id/ }).waitFor();
    await screenshot('go to conversation rejects text');
    await typeInQuickInput(id);
    await webviewFrame().getByText(id).first().waitFor();
    await screenshot('go to conversation panel');
  });
});
