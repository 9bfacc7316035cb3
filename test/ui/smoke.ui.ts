// The workbench loads with the extension: Hiver's activity-bar tab and view are there, its
// commands are in the palette, and the helpers drive the workbench.
import assert from 'node:assert/strict';
import { openHiverView, openWorkbench, page, runCommand, screenshot, typeInQuickInput } from './helpers';

describe('UI smoke', () => {
  before(async () => {
    await openWorkbench();
  });

  it('has a Hiver tab in the activity bar that shows the Hiver view', async () => {
    await screenshot('workbench loaded');
    await page().locator('.part.activitybar').getByRole('tab', { name: 'Hiver' }).waitFor();
    const sidebar = await openHiverView();
    await sidebar.getByText('Inboxes', { exact: false }).first().waitFor();
    await screenshot('hiver view open');
  });

  it('lists Hiver: Set API Key in the command palette', async () => {
    await page().keyboard.press('F1');
    await typeInQuickInput('>Hiver: Set API Key', { submit: false });
    await page().locator('.quick-input-list .monaco-list-row[aria-label="Hiver: Set API Key"]').waitFor();
    await screenshot('palette lists set api key');
    await page().keyboard.press('Escape');
  });

  it('runs a command by its title', async () => {
    const sidebar = page().locator('.part.sidebar');
    const wasVisible = await sidebar.isVisible();
    await runCommand('View: Toggle Primary Side Bar Visibility');
    await sidebar.waitFor({ state: wasVisible ? 'hidden' : 'visible' });
    await runCommand('View: Toggle Primary Side Bar Visibility');
    await sidebar.waitFor({ state: wasVisible ? 'visible' : 'hidden' });
    assert.equal(await sidebar.isVisible(), wasVisible);
  });
});
