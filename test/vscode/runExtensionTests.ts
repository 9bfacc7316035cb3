// `npm run test:vscode`: runs the extension-host suite (test/suite) inside a real VS Code
// (code-server, driven by Chromium) against the Hiver simulator, offline.
// Prints the suite's mocha output and ends with `N passed, N failed`.
// Run part of it: HIVER_TEST_GREP='tree' npm run test:vscode (a mocha grep pattern).
// HIVER_HOST_ENTRY=out/test/bench/host/index.js loads another entry instead (npm run bench).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, recordConsole, waitForWorkbench, type Browser } from './browser';
import { workbenchUrl } from './codeServer';
import { startHiverEnvironment, type HiverEnvironment } from './hiverEnvironment';
import { REPO_ROOT, resultsPath, SCREENSHOTS_DIR } from './paths';

const TIME_LIMIT_MS = 10 * 60_000;
// Small, so the suite is fast: the simulator's strict gap between requests.
const MIN_GAP_MS = 100;
// The extension's hiver.requestIntervalMs, deliberately above the simulator's gap (the setting's
// "account with a raised limit" use): on this loaded machine the simulator shares a process with
// the harness and stamps some arrivals up to ~80 ms late, more than the transport's 30 ms margin
// is meant to cover. 150 + 30 ms between starts leaves room for that; a 429 would still switch
// the transport to cautious pacing (test/suite/pacing.test.ts).
const EXTENSION_INTERVAL_MS = 150;

async function main(): Promise<number> {
  build();
  const resultsFile = resultsPath('vscode-suite.txt');
  fs.rmSync(resultsFile, { force: true });
  const browserLog = resultsPath('vscode-suite-browser.log');
  fs.writeFileSync(browserLog, '');

  let env: HiverEnvironment | undefined;
  let browser: Browser | undefined;
  let timer: NodeJS.Timeout | undefined;
  const cleanup = async () => {
    clearTimeout(timer);
    await browser?.close();
    await env?.stop();
  };
  onSignal(cleanup);
  try {
    env = await startHiverEnvironment({
      minGapMs: MIN_GAP_MS,
      settings: { 'hiver.requestIntervalMs': EXTENSION_INTERVAL_MS },
      logFile: resultsPath('vscode-suite-code-server.log'),
      // The extension host inherits the server's environment (so HIVER_TEST_GREP passes too).
      env: { HIVER_TEST_RESULTS: resultsFile },
    });
    browser = await launchBrowser();
    const page = await browser.context.newPage();
    recordConsole(page, browserLog);
    // The workbench calls this with 0 or 1 when the suite's run() settles.
    let exit: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => (exit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), TIME_LIMIT_MS)));
    await page.goto(
      workbenchUrl(env.server, {
        extensionDevelopmentPath: REPO_ROOT,
        extensionTestsPath: path.join(REPO_ROOT, process.env.HIVER_HOST_ENTRY ?? 'out/test/suite/index.js'),
      }),
    );
    await waitForWorkbench(page);
    const outcome = await Promise.race([exitCode, timedOut]);
    fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS_DIR, 'vscode-suite-end.png') }).catch(() => undefined);
    return report(resultsFile, outcome, browserLog);
  } finally {
    await cleanup();
  }
}

function build(): void {
  const result = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('build failed');
}

/** Prints the suite's own output, whose last line should be `N passed, N failed`. */
function report(resultsFile: string, outcome: number | 'timeout', browserLog: string): number {
  const output = fs.existsSync(resultsFile) ? fs.readFileSync(resultsFile, 'utf8').trimEnd() : '';
  if (output) console.log(output);
  const summary = /^(\d+) passed, (\d+) failed$/.exec(output.split('\n').at(-1) ?? '');
  if (outcome === 'timeout') console.log(`\nThe suite did not finish within ${TIME_LIMIT_MS / 60_000} min.`);
  else if (!summary) console.log(`\nThe suite ended (exit ${outcome}) without reporting results; see ${browserLog}.`);

  if (outcome === 0 && summary && summary[2] === '0') return 0;
  if (outcome === 1 && summary && summary[2] !== '0') return 1;
  // Something no test counted went wrong (crash, timeout): count it as one failure.
  console.log(`${summary?.[1] ?? 0} passed, 1 failed`);
  return 1;
}

function onSignal(cleanup: () => Promise<void>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
