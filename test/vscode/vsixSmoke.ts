// Packages the extension the way a release does (`npm run package`), checks the .vsix holds only
// what a user needs, installs THAT file into a fresh code-server and checks in Chromium that the
// extension shows up and runs. Ends with `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, recordConsole, waitForWorkbench, type Browser } from './browser';
import { workbenchUrl } from './codeServer';
import { startHiverEnvironment, type HiverEnvironment } from './hiverEnvironment';
import { REPO_ROOT, resultsPath, SCREENSHOTS_DIR } from './paths';

const VSIX = path.join(REPO_ROOT, 'hiver-vscode.vsix');
// Everything a .vsix may hold; vsce adds the manifest files and renames README/CHANGELOG/LICENSE.
const ALLOWED = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/package\.nls\.json$/,
  /^extension\/(readme\.md|changelog\.md|LICENSE\.txt)$/,
  /^extension\/dist\/.+\.js$/,
  /^extension\/media\/.+\.(svg|png|css)$/,
  /^extension\/docs\/images\/.+\.png$/,
];

/** Issue 9's goal for what activation loads: dist/extension.js (features.js loads on first use). */
const MAX_ACTIVATION_BYTES = 150_000;
/**
 * A guard on both bundles together against a dependency that drags in a polyfill
 * (node-fetch-native was 114 KB): 217 KB on 2026-12-07.
 */
const MAX_BUNDLES_BYTES = 230_000;
const BUNDLES = ['dist/extension.js', 'dist/features.js'];
const REQUIRED = ['extension/package.json', 'extension/package.nls.json', ...BUNDLES.map((file) => `extension/${file}`)];

let passed = 0;
let failed = 0;

async function check(name: string, run: () => Promise<void> | void): Promise<boolean> {
  try {
    await run();
    passed++;
    console.log(`  ✔ ${name}`);
    return true;
  } catch (error) {
    failed++;
    console.log(`  ✘ ${name}\n      ${String(error instanceof Error ? error.message : error).replace(/\n/g, '\n      ')}`);
    return false;
  }
}

async function main(): Promise<void> {
  const packaged = await check('npm run package builds hiver-vscode.vsix', () => {
    fs.rmSync(VSIX, { force: true });
    const result = spawnSync('npm', ['run', 'package'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (result.status !== 0 || !fs.existsSync(VSIX)) throw new Error(`npm run package failed (exit ${result.status})`);
  });
  if (!packaged) return;

  await check('the .vsix holds only what a user needs', () => {
    const entries = zipEntries(VSIX);
    console.log(entries.map((entry) => `      ${entry}`).join('\n'));
    const unexpected = entries.filter((entry) => !ALLOWED.some((pattern) => pattern.test(entry)));
    const missing = REQUIRED.filter((entry) => !entries.includes(entry));
    if (unexpected.length) throw new Error(`unexpected files: ${unexpected.join(', ')}`);
    if (missing.length) throw new Error(`missing files: ${missing.join(', ')}`);
  });

  await check("the README's images are in the .vsix (the Extensions view shows them from it)", () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1]).filter((target) => !/^[a-z]+:/i.test(target));
    if (!images.length) throw new Error('the README has no relative image: is this check still reading it right?');
    const entries = zipEntries(VSIX);
    const absent = images.filter((image) => !entries.includes(`extension/${image}`));
    if (absent.length) throw new Error(`README images not packaged: ${absent.join(', ')}`);
  });

  await check('the packaged bundles carry no test hooks', () => {
    // `npm run package` just built dist/ for production: what the .vsix holds.
    const bundles = [...BUNDLES, ...fs.readdirSync(path.join(REPO_ROOT, 'dist/webview')).filter((f) => f.endsWith('.js')).map((f) => `dist/webview/${f}`)];
    const hooked = bundles.filter((file) => fs.readFileSync(path.join(REPO_ROOT, file), 'utf8').includes('reportRendered'));
    if (hooked.length) throw new Error(`test hooks (reportRendered) in ${hooked.join(', ')}: is HIVER_TEST_HOOKS defined false for production?`);
  });

  await check(`activation loads under ${MAX_ACTIVATION_BYTES / 1000} KB, both bundles under ${MAX_BUNDLES_BYTES / 1000} KB`, () => {
    // A size is deterministic (unlike a time): a dependency that drags in a polyfill shows here.
    const [activation, features] = BUNDLES.map((file) => fs.statSync(path.join(REPO_ROOT, file)).size);
    console.log(`      dist/extension.js: ${(activation / 1000).toFixed(1)} KB, dist/features.js: ${(features / 1000).toFixed(1)} KB`);
    if (activation >= MAX_ACTIVATION_BYTES) throw new Error(`dist/extension.js is ${activation} bytes, the bound is ${MAX_ACTIVATION_BYTES}`);
    if (activation + features >= MAX_BUNDLES_BYTES) throw new Error(`the bundles are ${activation + features} bytes, the bound is ${MAX_BUNDLES_BYTES}`);
  });

  await check('each bundle copies the vscode API once', () => {
    // 46 copies made loading the bundle take tens of ms of activation (esbuild.mjs).
    for (const file of BUNDLES) {
      const requires = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8').split('require("vscode")').length - 1;
      if (requires !== 1) throw new Error(`${file}: require("vscode") ${requires} times: is esbuild.mjs's oneVscodeNamespace plugin in the build?`);
    }
  });

  let env: HiverEnvironment | undefined;
  let browser: Browser | undefined;
  try {
    const installed = await check('code-server installs the .vsix', async () => {
      env = await startHiverEnvironment({ minGapMs: 100, vsix: VSIX, logFile: resultsPath('vsix-code-server.log') });
    });
    if (!installed || !env) return;
    browser = await launchBrowser();
    const page = await browser.context.newPage();
    fs.writeFileSync(resultsPath('vsix-browser.log'), '');
    recordConsole(page, resultsPath('vsix-browser.log'));
    await page.goto(workbenchUrl(env.server)); // no development path: only the installed copy exists
    await waitForWorkbench(page);
    await checkWorkbench(page);
  } finally {
    await browser?.close();
    await env?.stop();
  }
}

async function checkWorkbench(page: Page): Promise<void> {
  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS_DIR, `vsix-${name}.png`) });
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });

  await check('the Hiver activity-bar tab opens its view', async () => {
    await page.locator('.part.activitybar').getByRole('tab', { name: 'Hiver' }).click();
    await page.locator('#workbench\\.view\\.extension\\.hiver').waitFor({ state: 'visible' });
    await shot('hiver-view');
  });

  await check('Hiver: Set API Key from the palette asks for the key', async () => {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>Hiver: Set API Key');
    const row = page.locator('.quick-input-list .monaco-list-row[aria-label="Hiver: Set API Key"]');
    await row.waitFor();
    await shot('palette');
    // The packaged code runs the command, not only the manifest that lists it.
    await row.click();
    try {
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Hiver: Set API Key' }).waitFor();
      await page.locator('.quick-input-widget input[type="password"]').waitFor();
    } finally {
      await page.keyboard.press('Escape');
    }
  });

  await check("the Extensions view shows the extension's own icon", async () => {
    // "View: Show Extensions" is always in the palette; the Extensions: ones come only once the
    // Extensions view was first set up, so a palette opened before then does not list them.
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>View: Show Extensions');
    await page.locator('.quick-input-list .monaco-list-row[aria-label^="View: Show Extensions"]').first().click();
    // The view focuses its search box (an editor): list what is installed, by name.
    await page.locator('.extensions-viewlet .suggest-input-container .monaco-editor.focused').waitFor();
    await page.keyboard.type('@installed Hiver');
    const row = page.locator('.extensions-viewlet .monaco-list-row').filter({ has: page.locator('.name', { hasText: /^Hiver$/ }) }).first();
    await row.waitFor({ timeout: 20_000 });
    await shot('extensions-view');
    const icon = row.locator('img.icon');
    const src = decodeURIComponent((await icon.getAttribute('src')) ?? '');
    // Without `icon` in package.json the row shows VS Code's grey default icon instead.
    if (!/media\/icon\.png/.test(src)) throw new Error(`the row's icon is ${src || 'missing'}, not media/icon.png`);
    // decode() waits for the image to load (and fails if it cannot be drawn).
    const size = await icon.evaluate(async (img) => {
      await (img as HTMLImageElement).decode();
      return `${(img as HTMLImageElement).naturalWidth} × ${(img as HTMLImageElement).naturalHeight}`;
    });
    if (size !== '128 × 128') throw new Error(`the icon drawn is ${size}, not the 128 × 128 of media/icon.png`);
  });

  await check('the extension is running (Developer: Show Running Extensions)', async () => {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>Developer: Show Running Extensions');
    await page.locator('.quick-input-list .monaco-list-row[aria-label="Developer: Show Running Extensions"]').click();
    // Rows are labelled with the package name; the list is virtual, so scroll until ours renders.
    const editor = page.locator('.runtime-extensions-editor');
    const row = editor.locator('.monaco-list-row[aria-label="hiver-vscode"]');
    await editor.locator('.monaco-list-row').first().waitFor();
    for (let i = 0; i < 20 && !(await row.isVisible()); i++) {
      await editor.hover();
      await page.mouse.wheel(0, 300);
      await page.waitForTimeout(100);
    }
    // "Activation: N ms" once activated; an activation error shows instead of it.
    await row.filter({ hasText: /Activation: \d+/ }).waitFor({ timeout: 20_000 });
    await shot('running-extensions');
  });
}

/** The file names in a zip (a .vsix is one), read from its central directory. */
function zipEntries(file: string): string[] {
  const zip = fs.readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])); // end of central directory
  if (end < 0) throw new Error(`${file} is not a zip file`);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`${file}: bad central directory`);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names.sort();
}

main()
  .catch((error) => {
    console.error(error);
    failed++;
  })
  .finally(() => {
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  });
