// Mocha root hooks for UI tests: a screenshot and the last focus moves of every failed test, and
// the browser closed at the end.
import type { Context } from 'mocha';
import { closeBrowser, page, recentFocus, screenshot } from './helpers';

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
    const moves = await recentFocus().catch((error: Error) => [`unknown: ${error.message}`]);
    console.log(`      last focus moves:\n${moves.map((move) => `        ${move}`).join('\n')}`);
  },
  async afterAll() {
    await closeBrowser();
  },
};
