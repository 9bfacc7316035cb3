// Helpers for UI tests (test/ui/**/*.ui.ts): drive the real VS Code workbench (code-server) in
// Chromium. `npm run test:ui` starts the simulator and code-server and passes their addresses
// in the environment; the browser starts with the first openWorkbench() and closes after the run.
import fs from 'node:fs';
import path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { launchBrowser, recordConsole, waitForWorkbench, type Browser } from '../vscode/browser';
import { resultsPath, SCREENSHOTS_DIR } from '../vscode/paths';

let browser: Browser | undefined;
let current: Page | undefined;
let shots = 0;

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run UI tests with \`npm run test:ui\``);
  return value;
}

/** The simulator's origin, for its control endpoints under /__sim/ (log, faults, config, reset). */
export const simOrigin = (): string => requiredEnv('HIVER_SIM_ORIGIN');

/** Calls a simulator control endpoint (`/__sim/<path>`): log, faults, config, reset; returns its JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function simControl(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${simOrigin()}/__sim/${path}`, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`simulator ${method} ${path}: ${response.status}`);
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

/** The page opened by the last openWorkbench(). */
export function page(): Page {
  if (!current) throw new Error('call openWorkbench() first');
  return current;
}

/** Opens a fresh tab on the workbench (extension loaded) and waits until it is on screen. */
export async function openWorkbench(): Promise<Page> {
  browser ??= await launchBrowser();
  await current?.close();
  current = await browser.context.newPage();
  recordConsole(current, resultsPath('ui-browser.log'));
  await current.goto(requiredEnv('HIVER_UI_WORKBENCH_URL'));
  await waitForWorkbench(current);
  await current.locator('.part.activitybar').waitFor();
  return current;
}

/**
 * Shows the Hiver view container in the side bar (through the command "View: Show Hiver": clicking
 * its tab would hide the side bar when a restored layout already shows it). Returns the side bar.
 */
export async function openHiverView(): Promise<Locator> {
  // The tab appears once the workbench has read the extension's contributions (and its commands).
  await page().locator('.part.activitybar').getByRole('tab', { name: 'Hiver' }).waitFor();
  await runCommand('View: Show Hiver');
  await page().locator('#workbench\\.view\\.extension\\.hiver').waitFor({ state: 'visible' });
  return page().locator('.part.sidebar');
}

/** Runs a command from the palette by its full title, e.g. `Hiver: Set API Key`. */
export async function runCommand(title: string): Promise<void> {
  const input = page().locator('.quick-input-widget input');
  // Click the row whose label is exactly the title (fuzzy matching may list others first).
  const label = page().locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) });
  const row = page().locator('.quick-input-list .monaco-list-row').filter({ has: label }).first();
  // A palette opened just before a command was registered never lists it: reopen and retry.
  for (let attempt = 1; ; attempt++) {
    await page().keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ timeout: 5000 });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
      await page().keyboard.press('Escape');
    }
  }
  await row.click();
}

/** Types into the open quick input (input box or quick pick) and, by default, presses Enter. */
export async function typeInQuickInput(text: string, { submit = true } = {}): Promise<void> {
  const input = page().locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  if (submit) await input.press('Enter');
}

/** A row of any tree (the Hiver view, Explorer, ...) by accessible name: substring unless a RegExp. */
export function treeItem(name: string | RegExp): Locator {
  return page().getByRole('treeitem', { name }).first();
}

/** The document inside the showing webview (e.g. a Hiver detail panel); the last one if several show. */
export function webviewFrame(): FrameLocator {
  return page().locator('iframe.webview.ready').filter({ visible: true }).last().contentFrame().frameLocator('#active-frame');
}

/**
 * Right-clicks a tree row and picks an entry of its context menu with the keyboard: a mouse
 * click on a menu item sometimes does not register just after the menu opened (the menu's
 * full-window click-catcher takes it), while arrow keys and Enter always do.
 */
export async function contextMenu(row: Locator, entry: string): Promise<void> {
  await row.click({ button: 'right' });
  const menu = page().locator('.context-view .monaco-menu');
  await menu.getByRole('menuitem', { name: entry }).first().waitFor();
  const focused = menu.locator('.action-item.focused');
  for (let step = 0; step < 12; step++) {
    await page().keyboard.press('ArrowDown');
    if ((await focused.innerText().catch(() => '')).trim().startsWith(entry)) {
      await page().keyboard.press('Enter');
      await menu.waitFor({ state: 'detached' });
      return;
    }
  }
  throw new Error(`no "${entry}" in the context menu`);
}

/** Expands a tree row (a click on a collapsed row) and waits until it shows as expanded. */
export async function expand(row: Locator): Promise<void> {
  await row.waitFor({ timeout: 30_000 });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  // Poll through the locator: the row's element can be re-rendered while it expands.
  const deadline = Date.now() + 10_000;
  while ((await row.getAttribute('aria-expanded')) !== 'true') {
    if (Date.now() > deadline) throw new Error('the row did not expand');
    await page().waitForTimeout(100);
  }
}

/**
 * Leaves the shared workbench as the next UI test file expects it: no editor or panel open, the
 * first inbox collapsed, and the Explorer showing (a reloaded workbench restores the last view).
 */
export async function leaveWorkbenchClean(): Promise<void> {
  await runCommand('View: Close All Editors');
  const inbox = treeItem('Customer Support');
  if ((await inbox.getAttribute('aria-expanded')) === 'true') await inbox.click();
  await page().waitForFunction(() => !document.querySelector('iframe.webview'));
  await runCommand('View: Show Explorer');
}

/** Saves a PNG of the whole window as test-results/screenshots/ui-NN-<step>.png; returns its path. */
export async function screenshot(stepName: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const slug = stepName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const file = path.join(SCREENSHOTS_DIR, `ui-${String(++shots).padStart(2, '0')}-${slug}.png`);
  await page().screenshot({ path: file });
  return file;
}

/** Closes the browser; the root hooks call it after the run. */
export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
  current = undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
