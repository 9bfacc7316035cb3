// When Hiver stops accepting the saved key (revoked, replaced), the user gets ONE prompt to set
// a new key, not a toast per failed request; the prompt's button leads to the key input.
import assert from 'node:assert/strict';
import { DEMO_KEY, openHiverView, openWorkbench, page, runCommand, screenshot, setApiKey, simControl, typeInQuickInput } from './helpers';

const sim = simControl;

async function waitForRefusals(count: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { entries } = (await sim('GET', 'log')) as { entries: { status: number }[] };
    const refused = entries.filter((e) => e.status === 401).length;
    if (refused >= count) return;
    assert.ok(Date.now() < deadline, `only ${refused} of ${count} requests were refused`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Escape until the picker is gone (a first Escape may only close a hover over it). */
async function closeQuickInput(): Promise<void> {
  const widget = page().locator('.quick-input-widget');
  await page().mouse.move(900, 700);
  for (let tries = 0; tries < 5 && (await widget.isVisible()); tries++) {
    await page().keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: 1000 }).catch(() => undefined);
  }
  assert.equal(await widget.isVisible(), false, 'the picker closed');
}

const rejectionToasts = () => page().locator('.notifications-toasts .notification-toast', { hasText: 'did not accept the saved API key' });

describe('a key Hiver stops accepting', () => {
  before(async () => {
    await sim('POST', 'reset');
    await openWorkbench();
    await openHiverView();
    await setApiKey();
    await page().getByRole('treeitem', { name: /Customer Support/ }).first().waitFor();
  });

  it('asks once to set a new key however many requests fail', async () => {
    // The account's key is replaced in Hiver: the saved one now gets 401.
    await sim('POST', 'config', { keys: ['a-new-key'] });
    await sim('DELETE', 'log');
    await runCommand('Hiver: Find User by Email');
    await typeInQuickInput('nobody@acme.example', { submit: false });
    await page().locator('.quick-input-list .monaco-list-row', { hasText: 'Search every inbox' }).first().waitFor();
    await page().locator('.quick-input-widget input').press('Enter');

    // The search stops at the first inbox refusing the key; then two refreshes fail the same way.
    await waitForRefusals(1);
    await closeQuickInput();
    await runCommand('Hiver: Refresh');
    await waitForRefusals(2);
    await runCommand('Hiver: Refresh');
    await waitForRefusals(3);
    await rejectionToasts().first().waitFor();
    await screenshot('reauth one prompt');
    assert.equal(await rejectionToasts().count(), 1, 'one prompt for three refused requests');

    await rejectionToasts().getByRole('button', { name: 'Set API Key' }).click();
    await page().locator('.quick-input-widget .quick-input-title', { hasText: 'Hiver: Set API Key' }).waitFor();
    await sim('POST', 'config', { keys: [DEMO_KEY] });
    await typeInQuickInput(DEMO_KEY);
    await page().locator('.quick-input-widget').waitFor({ state: 'hidden' });
  });
});
