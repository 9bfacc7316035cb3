// Mocha root hooks for UI tests: a screenshot of every failed test, and the browser closed at the end.
import type { Context } from 'mocha';
import { closeBrowser, page, screenshot } from './helpers';

export const mochaHooks = {
  async afterEach(this: Context) {
    const test = this.currentTest;
    if (test?.state !== 'failed') return;
    try {
      page();
    } catch {
      return; // no workbench was opened
    }
    const file = await screenshot(`failed ${test.fullTitle()}`).catch(() => undefined);
    if (file) console.log(`      screenshot: ${file}`);
  },
  async afterAll() {
    await closeBrowser();
  },
};
