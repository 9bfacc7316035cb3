// The workbench loads with the extension: Hiver's activity-bar tab opens its view, and its
// commands are in the palette.
import assert from 'node:assert/strict';
import { openHiverView, openWorkbench, page, runCommand, screenshot, typeInQuickInput } from './helpers';

describe('UI smoke', () => {
  before(async () => {
    await openWorkbench();
  });

  it('shows the Hiver view from the activity bar', async () => {
    await screenshot('workbench loaded');
    const sidebar = await openHiverView();
    await sidebar.getByText('Inboxes', { exact: false }).first().waitFor();
    await screenshot('hiver view open');
  });

  it('lists Hiver: Set API Key in the command palette', async () => {
    await page().keyboard.press('F1');
    await typeInQuickInput('>Hiver: Set API Key', { submit: false });
    const row = page().locator('.quick-input-list .monaco-list-row', { hasText: 'Set API Key' });
    await row.first().waitFor();
    await screenshot('palette lists set api key');
    await page().keyboard.press('Escape');
  });

  it('runs a command by its title', async () => {
    await runCommand('View: Toggle Primary Side Bar Visibility');
    await page().locator('.part.sidebar').waitFor({ state: 'hidden' });
    await runCommand('View: Toggle Primary Side Bar Visibility');
    await page().locator('.part.sidebar').waitFor({ state: 'visible' });
    assert.ok(await page().locator('.part.sidebar').isVisible());
  });
});
