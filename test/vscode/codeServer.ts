// Starts code-server (a real VS Code 1.100 server + web workbench, installed by
// scripts/install-code-server.sh) on a free loopback port, in throwaway folders, so tests
// and the demo can load the extension in a real VS Code without internet.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './paths';

export const CODE_SERVER_BIN = path.join(REPO_ROOT, '.vscode-test/code-server/node_modules/.bin/code-server');

export interface CodeServerOptions {
  /** User settings merged over the defaults below (e.g. `hiver.apiBaseUrl`). */
  settings?: Record<string, unknown>;
  /** Extra environment for the server, inherited by its extension hosts. */
  env?: Record<string, string>;
  /** Folder the workbench opens; a fresh empty one by default. */
  workspace?: string;
  /** A .vsix to install into the fresh extensions folder before starting. */
  vsix?: string;
  /** Fixed port (the demo wants a stable URL); a free one by default. */
  port?: number;
  /** Where code-server's own output goes; discarded when unset. */
  logFile?: string;
}

export interface CodeServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  /** host:port, the authority `vscode-remote://` URIs must use. */
  authority: string;
  workspace: string;
  /** VS Code's user data folder (settings.json under User/, the logs under logs/). */
  userDataDir: string;
  stop(): Promise<void>;
}

// Quiet, offline-friendly defaults (no welcome page, no telemetry, no update checks).
export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
};

export function ensureCodeServerInstalled(): void {
  if (fs.existsSync(CODE_SERVER_BIN)) return;
  const result = spawnSync('bash', [path.join(REPO_ROOT, 'scripts/install-code-server.sh')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('installing code-server failed (scripts/install-code-server.sh)');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  ensureCodeServerInstalled();
  // code-server writes config and sockets under XDG dirs and TMPDIR even for --version.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hiver-code-server-'));
  const dirs = {
    config: path.join(root, 'xdg-config'),
    data: path.join(root, 'xdg-data'),
    tmp: path.join(root, 'tmp'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  const workspace = options.workspace ?? path.join(root, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(dirs.userData, 'User/settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...options.settings }, null, 2),
  );

  const env = {
    ...process.env,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    TMPDIR: dirs.tmp,
    // No extension gallery: keeps code-server from calling open-vsx.org (offline, loopback only).
    EXTENSIONS_GALLERY: '{}',
    ...options.env,
  };
  const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  const removeRoot = () => fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });

  if (options.vsix) installVsix(options.vsix, common, env);

  const port = options.port ?? (await freePort());
  const authority = `127.0.0.1:${port}`;
  const url = `http://${authority}`;
  const log = options.logFile ? fs.openSync(options.logFile, 'w') : 'ignore';
  const child = spawn(
    CODE_SERVER_BIN,
    [
      '--bind-addr', authority, '--auth', 'none',
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--disable-getting-started-override', ...common, workspace,
    ],
    // Its own process group, so stop() can also end what it leaves behind (tsserver and the like).
    { env, stdio: ['ignore', log, log], detached: true },
  );
  if (typeof log === 'number') fs.closeSync(log);
  const killOnExit = () => killGroup(child, 'SIGKILL');
  process.on('exit', killOnExit);

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      await terminate(child);
      process.off('exit', killOnExit);
      removeRoot();
    })();
    return stopped;
  };

  try {
    await waitForHealthz(url, child, 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, authority, workspace, userDataDir: dirs.userData, stop };
}

/** Installs a .vsix into the extensions folder code-server will use (same dirs and env). */
function installVsix(vsix: string, dirArgs: string[], env: NodeJS.ProcessEnv): void {
  const result = spawnSync(CODE_SERVER_BIN, [...dirArgs, '--install-extension', path.resolve(vsix)], {
    env,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`installing ${vsix} failed:\n${result.stdout}\n${result.stderr}`);
  }
}

export interface WorkbenchUrlOptions {
  /** Load the extension from this folder, unpackaged (default: the repo). */
  extensionDevelopmentPath?: string;
  /** A bundled mocha entry exporting run(); VS Code runs it in the extension host. */
  extensionTestsPath?: string;
}

/** The workbench URL; code-server's CLI rejects the development flags, so they go in `payload`. */
export function workbenchUrl(server: CodeServer, options: WorkbenchUrlOptions = {}): string {
  const remote = (file: string) => `vscode-remote://${server.authority}${path.resolve(file)}`;
  const payload: [string, string][] = [];
  if (options.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)]);
  if (options.extensionTestsPath) payload.push(['extensionTestsPath', remote(options.extensionTestsPath)]);
  const query = `folder=${encodeURIComponent(server.workspace)}`;
  return payload.length ? `${server.url}/?${query}&payload=${encodeURIComponent(JSON.stringify(payload))}` : `${server.url}/?${query}`;
}

async function waitForHealthz(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms`);
}

/** SIGTERM (code-server then ends its extension hosts), SIGKILL if it lingers, then the stragglers. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  for (let i = 0; i < 20 && killGroup(child, 0); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  killGroup(child, 'SIGKILL');
}

/** Signals the process group code-server leads; false once no process of it is left. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-child.pid!, signal);
    return true;
  } catch {
    return false;
  }
}
