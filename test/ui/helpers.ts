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

/**
 * Opens the workbench (extension loaded) in a new browser with a new profile, and waits until
 * it is on screen. VS Code for the web keeps a window's state (open editors, shown views) in
 * the browser's profile and writes it every 5 s, so a page of the same profile would restore
 * what an earlier page left or closed in its last seconds: a restored panel then holds the
 * keyboard focus, and F1 opens no palette. (run.ts also gives each test file its own process
 * and code-server; this keeps a second call within one file just as clean.)
 */
export async function openWorkbench(): Promise<Page> {
  await closeBrowser();
  browser = await launchBrowser();
  current = await browser.context.newPage();
  recordConsole(current, resultsPath('ui-browser.log'));
  await current.addInitScript(recordFocus);
  await current.goto(requiredEnv('HIVER_UI_WORKBENCH_URL'));
  await waitForWorkbench(current);
  await current.locator('.part.activitybar').waitFor();
  // The workbench shows before it has restored its editors and views; VS Code marks the end of that.
  await current.waitForFunction(() => performance.getEntriesByName('code/didStartWorkbench').length > 0);
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

/** The simulator's demo account key. */
export const DEMO_KEY = 'hiver-demo-key';

/**
 * Sets the API key as a user does (palette, input box), then waits until the extension's check
 * of it was answered and the window is idle. A row in the tree is no sign of that: the disk
 * cache shows rows at once. While the check runs, a refused answer (reauth.ui.ts changes the
 * simulator's keys next) puts the key input back over whatever palette the test has opened,
 * and its answer redraws the tree under a hovered row.
 */
export async function setApiKey(key = DEMO_KEY): Promise<void> {
  const since = Date.now();
  await runCommand('Hiver: Set API Key');
  await typeInQuickInput(key);
  await untilKeyChecked(since);
}

/** Waits until a key check that started after `since` (epoch ms) was accepted, and the window is idle. */
export async function untilKeyChecked(since: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { entries } = (await simControl('GET', 'log')) as { entries: { time: number; path: string; status: number; authValid: boolean }[] };
    if (entries.some((e) => e.time >= since && e.path === '/v1/inboxes' && e.status === 200 && e.authValid)) break;
    if (Date.now() > deadline) throw new Error('the API key check was never answered');
    await page().waitForTimeout(100);
  }
  await page().locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await untilIdle();
}

/**
 * Waits until this window has no request queued, in flight or held by a 429 pause (the status
 * bar says so). An answer redraws rows, and a row redrawn under a still pointer drops its
 * hover: hover only once that is done.
 */
export async function untilIdle(): Promise<void> {
  await page().locator('.part.statusbar .statusbar-item').filter({ hasText: 'Hiver:' }).filter({ hasNotText: /queued|paused/ }).first().waitFor({ timeout: 60_000 });
}

/** Runs a command from the palette by its full title, e.g. `Hiver: Set API Key`. */
export async function runCommand(title: string): Promise<void> {
  const input = page().locator('.quick-input-widget input');
  // Click the row whose label is exactly the title (fuzzy matching may list others first).
  const label = page().locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) });
  const row = page().locator('.quick-input-list .monaco-list-row').filter({ has: label }).first();
  await page().keyboard.press('F1');
  let step = 'palette to show';
  try {
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    step = 'title to be typed';
    await input.fill(`>${title}`, { timeout: 10_000 });
    step = 'command to be listed';
    await row.waitFor({ timeout: 10_000 });
  } catch (error) {
    const shown = await page().locator('.quick-input-list .label-name').allInnerTexts();
    const palette = await input.isVisible() ? `shows "${await input.inputValue()}" with ${shown.length} rows: ${shown.slice(0, 3).join(' | ')}` : 'hidden';
    throw new Error(`runCommand "${title}": no ${step} within 10 s; palette ${palette}`, { cause: error });
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

/** Scrolls the Hiver tree down until the row is drawn (the tree only draws the rows on screen). */
export async function scrollTo(row: Locator): Promise<void> {
  const tree = page().locator('.part.sidebar .monaco-list').first();
  for (let step = 0; step < 30 && !(await row.isVisible()); step++) {
    await tree.hover();
    await page().mouse.wheel(0, 400);
    await page().waitForTimeout(100);
  }
  await row.waitFor({ timeout: 5_000 });
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
 * Opens a conversation's panel from the tree as a user does: expands the inbox and its
 * Conversations group (the only one expanded), then clicks the conversation's row.
 */
export async function openConversationFromTree(inboxName: string, conversationId: string): Promise<void> {
  await expand(treeItem(inboxName));
  await expand(page().getByRole('treeitem', { name: /^Conversations/ }).first());
  const row = treeItem(new RegExp(`\\b${conversationId}\\b`));
  await row.waitFor({ timeout: 30_000 });
  await row.click();
}

/**
 * Closes every editor and waits until no webview is left. Opening a panel while another shows
 * races webviewFrame(): the old panel's frame can still be the last one shown, and it goes
 * away under the test ("Frame was detached").
 */
export async function closeAllEditors(): Promise<void> {
  await runCommand('View: Close All Editors');
  await page().waitForFunction(() => !document.querySelector('iframe.webview'));
}

/** Saves a PNG of the whole window as test-results/screenshots/ui-<file>-NN-<step>.png; returns its path. */
export async function screenshot(stepName: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const slug = stepName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const file = path.join(SCREENSHOTS_DIR, `ui-${requiredEnv('HIVER_UI_FILE')}-${String(++shots).padStart(2, '0')}-${slug}.png`);
  await page().screenshot({ path: file });
  return file;
}

/**
 * Runs in the workbench page: keeps the last 40 focus moves (what took focus, when), for
 * recentFocus(). A quick pick closes when it loses focus, so this is what a test that lost its
 * picker needs to know.
 */
function recordFocus(): void {
  // No named inner functions: tsx compiles them to calls of a helper the page does not have.
  const moves: string[] = [];
  (window as unknown as { hiverFocusMoves: string[] }).hiverFocusMoves = moves;
  const start = performance.now();
  document.addEventListener('focusin', (event) => {
    const node = event.target as Element;
    const label = (node.getAttribute?.('aria-label') ?? node.textContent ?? '').trim().slice(0, 40);
    moves.push(`+${Math.round(performance.now() - start)} ms ${node.tagName?.toLowerCase()}.${Array.from(node.classList ?? []).slice(0, 3).join('.')} "${label}"`);
    if (moves.length > 40) moves.shift();
  }, true);
}

/** The last focus moves in the workbench page, oldest first (see recordFocus), or why there are none. */
export async function recentFocus(): Promise<string[]> {
  return page().evaluate(() => (window as unknown as { hiverFocusMoves?: string[] }).hiverFocusMoves ?? ['no focus record']);
}

/** Closes the browser: before each openWorkbench(), and from the root hooks after the run. */
export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
  current = undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** VS Code's user data folder of the code-server under test (settings, logs). */
export const userDataDir = (): string => requiredEnv('HIVER_UI_USER_DATA');

/**
 * Sets a user setting (undefined removes it) as a user does: in the user settings.json editor,
 * saved. (VS Code for the web does not notice the file changing on disk.)
 */
export async function setUserSetting(name: string, value: unknown): Promise<void> {
  const settings = JSON.parse(fs.readFileSync(settingsFile(), 'utf8')) as Record<string, unknown>;
  if (value === undefined) delete settings[name];
  else settings[name] = value;
  await runCommand('Preferences: Open User Settings (JSON)');
  const input = page().locator('.editor-instance .monaco-editor textarea').first();
  await input.waitFor({ state: 'attached' });
  await input.focus();
  await page().keyboard.press('ControlOrMeta+A');
  await page().keyboard.press('Delete');
  // One line (a line break would be auto-indented), then whatever the editor auto-closed after it goes.
  await page().keyboard.insertText(JSON.stringify(settings));
  await page().keyboard.press('ControlOrMeta+Shift+End');
  await page().keyboard.press('Delete');
  await page().keyboard.press('ControlOrMeta+S');
  const expected = JSON.stringify(settings);
  const deadline = Date.now() + 10_000;
  const saved = () => {
    try {
      return JSON.stringify(JSON.parse(fs.readFileSync(settingsFile(), 'utf8'))) === expected;
    } catch {
      return false; // caught half written
    }
  };
  while (!saved()) {
    if (Date.now() > deadline) throw new Error('the settings were not saved');
    await page().waitForTimeout(100);
  }
  await runCommand('View: Close Editor');
}

/** The default colour themes the UI tests use, with the class each gives the workbench and a webview's body. */
export const COLOR_THEMES = [
  { name: 'Default Light Modern', workbench: 'vs', webview: 'vscode-light' },
  { name: 'Default Dark Modern', workbench: 'vs-dark', webview: 'vscode-dark' },
  { name: 'Default High Contrast', workbench: 'hc-black', webview: 'vscode-high-contrast' },
  { name: 'Default High Contrast Light', workbench: 'hc-light', webview: 'vscode-high-contrast-light' },
] as const;

/**
 * Sets the colour theme (undefined: back to the default, Light Modern here) and waits until the
 * workbench shows it: a theme applied later can close a Command Palette the next step opened.
 */
export async function useColorTheme(theme: (typeof COLOR_THEMES)[number] | undefined): Promise<void> {
  await setUserSetting('workbench.colorTheme', theme?.name);
  const workbench = theme?.workbench ?? 'vs';
  await eventually(async () => (await page().locator('.monaco-workbench').getAttribute('class'))?.split(' ').includes(workbench) ?? false, `the ${theme?.name ?? 'default'} theme`);
}

/** A user setting as settings.json has it now. */
export function userSetting(name: string): unknown {
  return (JSON.parse(fs.readFileSync(settingsFile(), 'utf8')) as Record<string, unknown>)[name];
}

function settingsFile(): string {
  return path.join(userDataDir(), 'User/settings.json');
}

/** What the extension host says when a promise rejection or an exception went unhandled. */
const UNHANDLED = /rejected promise not handled|unhandled|uncaught/i;

/**
 * Watches the extension host's logs (code-server's logs/**\/*exthost*.log and the extension's
 * own Hiver.log there, and the page
 * console, where the extension host's console goes) for unhandled rejections and exceptions:
 * `problems()` returns the lines that appeared since the last `mark()`.
 */
export class ExtensionHostLogs {
  private offsets = new Map<string, number>();

  mark(): void {
    this.offsets = new Map(this.files().map((file) => [file, fs.statSync(file).size]));
  }

  problems(): string[] {
    const lines: string[] = [];
    for (const file of this.files()) {
      const text = fs.readFileSync(file);
      const added = text.subarray(Math.min(this.offsets.get(file) ?? 0, text.length)).toString('utf8');
      lines.push(...added.split('\n').filter((line) => UNHANDLED.test(line)).map((line) => `${path.basename(file)}: ${line}`));
    }
    return lines;
  }

  private files(): string[] {
    const logs = path.join(userDataDir(), 'logs');
    const hostLogs = fs.existsSync(logs)
      ? fs.readdirSync(logs, { recursive: true, encoding: 'utf8' }).filter((name) => /exthost[^/]*\.log$|Hiver\.log$/.test(name)).map((name) => path.join(logs, name))
      : [];
    return [...hostLogs, resultsPath('ui-browser.log')].filter((file) => fs.existsSync(file));
  }
}

/** The text of the extension's status bar item, e.g. `Hiver: 2 queued · 12/5,000 today`. */
export async function hiverStatusText(): Promise<string> {
  return (await page().locator('.statusbar-item', { hasText: 'Hiver:' }).first().innerText()).trim();
}

/** Polls until `check` holds (what travels through the paced queue takes a moment). */
export async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
