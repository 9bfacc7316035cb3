// `npm run test:ui [-- mocha args, e.g. --grep tree]`: builds the extension, then runs each
// test/ui/*.ui.ts in its own mocha process against its own simulator and code-server (extension
// loaded from this folder). Ends with `N passed, N failed`.
//
// One environment per file: the extension keeps its pace, 429 history and cache per account in
// code-server's user data (sharedSlot.ts, the disk cache), and a closed page's extension host
// lives on in the server (sending, polling). With one server for the run, a file inherited what
// an earlier one did: after the fault suite's 429 storms, later files ran at a sixteenth of the
// rate and their waits timed out.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { workbenchUrl } from '../vscode/codeServer';
import { startHiverEnvironment, type HiverEnvironment } from '../vscode/hiverEnvironment';
import { REPO_ROOT, resultsPath, SCREENSHOTS_DIR } from '../vscode/paths';

const TIME_LIMIT_MS = 15 * 60_000;
const MIN_GAP_MS = 100;
// The extension's hiver.requestIntervalMs, above the simulator's gap for the loaded machine's
// jitter (see EXTENSION_INTERVAL_MS in test/vscode/runExtensionTests.ts).
const EXTENSION_INTERVAL_MS = 150;
// The request timeout of the extension under test (30 s in the product), so a timeout case of
// the fault suite (faults.ui.ts) takes seconds. Above the 3 s answers other tests hold back.
const EXTENSION_TIMEOUT_MS = 6000;
const UI_DIR = path.join(REPO_ROOT, 'test/ui');

async function main(): Promise<number> {
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');

  fs.writeFileSync(resultsPath('ui-browser.log'), ''); // the helpers append the page console here
  // Screenshots of an earlier run would mix with this run's.
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  for (const old of fs.readdirSync(SCREENSHOTS_DIR).filter((name) => name.startsWith('ui-'))) fs.rmSync(path.join(SCREENSHOTS_DIR, old));
  // With mocha arguments (e.g. --grep), files none of whose tests would run start no environment.
  const files = fs.readdirSync(UI_DIR).filter((name) => name.endsWith('.ui.ts')).sort()
    .filter((name) => process.argv.length <= 2 || selectedTests(name) !== 0);
  const deadline = Date.now() + TIME_LIMIT_MS;
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    // A file whose simulator or code-server does not start is one failure; the next ones still run.
    const result = await runFile(file, deadline).catch((error: unknown) => {
      console.error(`${file}: ${error instanceof Error ? error.stack : String(error)}`);
      return { passed: 0, failed: 1 };
    });
    passed += result.passed;
    failed += result.failed;
  }
  console.log(`\n${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

/** Runs one test file against a simulator and code-server of its own. */
async function runFile(file: string, deadline: number): Promise<{ passed: number; failed: number }> {
  let env: HiverEnvironment | undefined;
  const cleanup = () => env?.stop();
  const onSignal = () => void cleanup()?.finally(() => process.exit(130));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, onSignal);
  try {
    env = await startHiverEnvironment({
      minGapMs: MIN_GAP_MS,
      settings: { 'hiver.requestIntervalMs': EXTENSION_INTERVAL_MS },
      logFile: resultsPath(`ui-code-server-${file.replace(/\.ui\.ts$/, '')}.log`),
      env: { HIVER_TEST_TIMEOUT_MS: String(EXTENSION_TIMEOUT_MS) },
    });
    const { passed, failed, code } = await runMocha(path.join('test/ui', file), deadline, {
      HIVER_UI_FILE: file.replace(/\.ui\.ts$/, ''),
      HIVER_UI_WORKBENCH_URL: workbenchUrl(env.server, { extensionDevelopmentPath: REPO_ROOT }),
      HIVER_SIM_ORIGIN: env.sim.origin,
      HIVER_SIM_URL: env.sim.url,
      HIVER_UI_USER_DATA: env.server.userDataDir,
    });
    // A crash or timeout that no test counted is one failure.
    return { passed, failed: code !== 0 && failed === 0 ? 1 : failed };
  } finally {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, onSignal);
    await cleanup();
  }
}

/** mocha for one file, with the run's own arguments (tsx for TypeScript). */
function mochaArgs(file: string): string[] {
  const mocha = path.join(REPO_ROOT, 'node_modules/mocha/bin/mocha.js');
  return [
    mocha, '--no-config', '--node-option', 'import=tsx',
    '--require', 'test/ui/hooks.ts', '--timeout', '60000', '--reporter', 'spec',
    file, ...process.argv.slice(2),
  ];
}

/** How many tests of a file the run's mocha arguments select (a dry run: nothing starts); undefined when unknown. */
function selectedTests(name: string): number | undefined {
  const dry = spawnSync(process.execPath, [...mochaArgs(path.join('test/ui', name)), '--dry-run'], { cwd: REPO_ROOT, encoding: 'utf8' });
  const count = /^\s*(\d+) passing/m.exec(dry.stdout ?? '')?.[1];
  return dry.status === 0 && count !== undefined ? Number(count) : undefined;
}

/** Runs mocha in a child process, echoing its output and reading its counts. */
function runMocha(file: string, deadline: number, env: Record<string, string>): Promise<{ passed: number; failed: number; code: number }> {
  const args = mochaArgs(file);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      output += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), Math.max(0, deadline - Date.now()));
    child.on('close', (code) => {
      clearTimeout(timer);
      const passed = Number(/^\s*(\d+) passing/m.exec(output)?.[1] ?? 0);
      const failed = Number(/^\s*(\d+) failing/m.exec(output)?.[1] ?? 0);
      resolve({ passed, failed, code: code ?? 1 });
    });
  });
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
