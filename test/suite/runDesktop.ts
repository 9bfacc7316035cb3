// Runs the extension-host suite in desktop VS Code via @vscode/test-electron, for machines with
// internet (it downloads VS Code): `npx tsx test/suite/runDesktop.ts`. Offline, use
// `npm run test:vscode` (code-server); both load the same bundle, out/test/suite/index.js.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { startSimulator } from '../simulator';
import { DEFAULT_SETTINGS } from '../vscode/codeServer';
import { REPO_ROOT, resultsPath } from '../vscode/paths';

const MIN_GAP_MS = 100;
// As in test/vscode/runExtensionTests.ts: the extension keeps a wider gap than the simulator's
// strict one, so a loaded test machine's jitter cannot turn into 429s.
const EXTENSION_INTERVAL_MS = 150;

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');

  const sim = await startSimulator({ dataset: 'demo', minGapMs: MIN_GAP_MS });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hiver-desktop-'));
  try {
    const userData = path.join(root, 'user-data');
    const workspace = path.join(root, 'workspace');
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.mkdirSync(workspace);
    fs.writeFileSync(
      path.join(userData, 'User/settings.json'),
      JSON.stringify({ ...DEFAULT_SETTINGS, 'hiver.apiBaseUrl': sim.url, 'hiver.requestIntervalMs': EXTENSION_INTERVAL_MS }, null, 2),
    );
    await runTests({
      version: '1.100.3', // the engine the extension declares
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(REPO_ROOT, 'out/test/suite/index.js'),
      extensionTestsEnv: { HIVER_SIM_ORIGIN: sim.origin, HIVER_TEST_RESULTS: resultsPath('desktop-suite.txt') },
      launchArgs: [workspace, '--user-data-dir', userData, '--extensions-dir', path.join(root, 'extensions'), '--disable-extensions'],
    });
  } finally {
    await sim.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
