// `npm run demo`: the extension against the Hiver simulator's demo data, offline, in a real
// VS Code: code-server in your browser (default) or desktop VS Code (`npm run demo -- --desktop`,
// when a `code` command is on PATH). Stays up until Ctrl+C, then cleans up.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DEMO_KEY, startSimulator, type Simulator } from '../test/simulator';
import { DEFAULT_SETTINGS, startCodeServer, workbenchUrl } from '../test/vscode/codeServer';
import { REPO_ROOT } from '../test/vscode/paths';

const SIMULATOR_PORT = 4010;
const CODE_SERVER_PORT = 4020;

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');

  // The simulator's real pacing (1 request per second), as Hiver enforces it.
  const sim = await startSimulator({ dataset: 'demo', port: (await isFree(SIMULATOR_PORT)) ? SIMULATOR_PORT : 0 });
  const settings = { 'hiver.apiBaseUrl': sim.url };
  const wantsDesktop = process.argv.includes('--desktop');
  if (wantsDesktop && hasCommand('code')) return runDesktop(sim, settings);
  if (wantsDesktop) console.log('No `code` command on PATH: starting code-server instead.\n');

  const server = await startCodeServer({
    port: (await isFree(CODE_SERVER_PORT)) ? CODE_SERVER_PORT : undefined,
    settings,
    logFile: path.join(os.tmpdir(), 'hiver-demo-code-server.log'),
  });
  untilInterrupted(async () => {
    await server.stop();
    await sim.close();
  });
  printInstructions(sim, workbenchUrl(server, { extensionDevelopmentPath: REPO_ROOT }));
}

/** Desktop VS Code in a throwaway profile, with the extension loaded from this folder. */
function runDesktop(sim: Simulator, settings: Record<string, unknown>): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hiver-demo-desktop-'));
  fs.mkdirSync(path.join(root, 'user-data/User'), { recursive: true });
  fs.mkdirSync(path.join(root, 'workspace'));
  fs.writeFileSync(path.join(root, 'user-data/User/settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2));
  const code = spawn(
    'code',
    [
      '--new-window', '--wait',
      '--user-data-dir', path.join(root, 'user-data'), '--extensions-dir', path.join(root, 'extensions'),
      '--extensionDevelopmentPath', REPO_ROOT, path.join(root, 'workspace'),
    ],
    { stdio: 'inherit' },
  );
  const cleanup = async () => {
    code.kill();
    await sim.close();
    fs.rmSync(root, { recursive: true, force: true });
  };
  code.on('exit', () => void cleanup().then(() => process.exit(0)));
  untilInterrupted(cleanup);
  printInstructions(sim, 'the VS Code window that just opened');
}

function printInstructions(sim: Simulator, where: string): void {
  console.log(`
Hiver demo is running (offline; the simulator serves made-up data at ${sim.url}).

  Open:          ${where}
  Then:          click the Hiver icon in the activity bar, "Set API Key", and paste
  Demo API key:  ${DEMO_KEY}

Press Ctrl+C to stop.`);
}

function untilInterrupted(cleanup: () => Promise<void>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.log('\nStopping...');
      void cleanup().finally(() => process.exit(0));
    });
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
