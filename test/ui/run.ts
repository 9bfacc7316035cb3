// `npm run test:ui [-- mocha args, e.g. --grep tree]`: builds the extension, starts the simulator
// and code-server (extension loaded from this folder), then runs mocha over test/ui/**/*.ui.ts.
// Ends with `N passed, N failed`.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { workbenchUrl } from '../vscode/codeServer';
import { startHiverEnvironment, type HiverEnvironment } from '../vscode/hiverEnvironment';
import { REPO_ROOT, resultsPath } from '../vscode/paths';

const TIME_LIMIT_MS = 15 * 60_000;
const MIN_GAP_MS = 100;
// The extension's hiver.requestIntervalMs, above the simulator's gap for the loaded machine's
// jitter (see EXTENSION_INTERVAL_MS in test/vscode/runExtensionTests.ts).
const EXTENSION_INTERVAL_MS = 150;
// The request timeout of the extension under test (30 s in the product), so a timeout case of
// the fault suite (faults.ui.ts) takes seconds. Above the 3 s answers other tests hold back.
const EXTENSION_TIMEOUT_MS = 6000;

async function main(): Promise<number> {
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');

  fs.writeFileSync(resultsPath('ui-browser.log'), ''); // the helpers append the page console here
  let env: HiverEnvironment | undefined;
  const cleanup = () => env?.stop();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanup()?.finally(() => process.exit(130)));
  }
  try {
    env = await startHiverEnvironment({
      minGapMs: MIN_GAP_MS,
      settings: { 'hiver.requestIntervalMs': EXTENSION_INTERVAL_MS },
      logFile: resultsPath('ui-code-server.log'),
      env: { HIVER_TEST_TIMEOUT_MS: String(EXTENSION_TIMEOUT_MS) },
    });
    const { passed, failed, code } = await runMocha({
      HIVER_UI_WORKBENCH_URL: workbenchUrl(env.server, { extensionDevelopmentPath: REPO_ROOT }),
      HIVER_SIM_ORIGIN: env.sim.origin,
      HIVER_SIM_URL: env.sim.url,
      HIVER_UI_USER_DATA: env.server.userDataDir,
    });
    // A crash or timeout that no test counted is one failure.
    const failures = code !== 0 && failed === 0 ? 1 : failed;
    console.log(`${passed} passed, ${failures} failed`);
    return failures ? 1 : 0;
  } finally {
    await cleanup();
  }
}

/** Runs mocha in a child process (tsx for TypeScript), echoing its output and reading its counts. */
function runMocha(env: Record<string, string>): Promise<{ passed: number; failed: number; code: number }> {
  const mocha = path.join(REPO_ROOT, 'node_modules/mocha/bin/mocha.js');
  const args = [
    mocha, '--no-config', '--node-option', 'import=tsx',
    '--require', 'test/ui/hooks.ts', '--timeout', '60000', '--reporter', 'spec',
    'test/ui/**/*.ui.ts', ...process.argv.slice(2),
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      output += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), TIME_LIMIT_MS);
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
