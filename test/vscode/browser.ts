// Debian's Chromium driven by playwright-core (Playwright's own browsers cannot be downloaded here).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.HIVER_CHROMIUM ?? '/usr/bin/chromium';

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hiver-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    // Without the background-networking flags Chromium floods the closed network.
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    env: { ...process.env, HOME: profile },
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/** Appends the page's console and errors to a log file (the extension host logs only there). */
export function recordConsole(page: Page, logFile: string): void {
  const write = (line: string) => fs.appendFileSync(logFile, `${line}\n`);
  page.on('console', (message) => write(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => write(`[pageerror] ${error.message}`));
}

/** Waits until the workbench shell is on screen. */
export async function waitForWorkbench(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
}
