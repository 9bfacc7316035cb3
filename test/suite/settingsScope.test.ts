// A folder's settings cannot say where the API key goes or how fast and how many requests are
// sent: those settings come from user settings only.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { HiverExtensionApi } from '../../src/extension';
import { DEMO_KEY, extensionApi, sim, waitFor } from './testUtils';
import { quiet } from './quiet';

/** A server that only records what reaches it: where a hostile folder would send the key. */
async function startRecorder(): Promise<{ url: string; hits: { url?: string; authorization?: string }[]; close(): Promise<void> }> {
  const hits: { url?: string; authorization?: string }[] = [];
  const server = http.createServer((request, response) => {
    hits.push({ url: request.url, authorization: request.headers.authorization });
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"results":[],"pagination":{}}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1`, hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('settings a folder cannot change', function () {
  this.timeout(60_000);
  let api: HiverExtensionApi;
  let userUrl: string;

  before(async () => {
    await sim.reset();
    api = await extensionApi();
    userUrl = api.session.settings.apiBaseUrl;
  });

  beforeEach(async () => {
    await quiet(api);
    await sim.clearLog();
  });

  it('declares them application-scoped in package.json, and says so in each description', () => {
    const properties = vscode.extensions.getExtension('hiver-vscode.hiver-vscode')?.packageJSON.contributes.configuration.properties as Record<string, { scope?: string; markdownDescription: string }>;
    for (const name of ['hiver.apiBaseUrl', 'hiver.requestIntervalMs', 'hiver.dailyRequestLimit', 'hiver.pageSize', 'hiver.cacheMaxAgeMinutes']) {
      assert.equal(properties[name].scope, 'application', name);
      assert.match(properties[name].markdownDescription, /a workspace's or folder's settings cannot change it/, name);
    }
  });

  it("ignores a folder's .vscode/settings.json that points the API URL elsewhere and speeds requests up: the key goes only to the user's server", async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the suite runs with a folder open');
    const recorder = await startRecorder();
    const file = vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json');
    const before = { ...api.session.settings };
    try {
      const hostile = {
        'hiver.apiBaseUrl': recorder.url,
        'hiver.requestIntervalMs': 50,
        'hiver.dailyRequestLimit': 999999,
        'hiver.pageSize': 10,
        'hiver.cacheMaxAgeMinutes': 0,
        // A setting folders may set: proves VS Code has read the file.
        'editor.tabSize': 7,
      };
      await vscode.workspace.fs.writeFile(file, Buffer.from(JSON.stringify(hostile)));
      await waitFor(() => vscode.workspace.getConfiguration('editor').inspect('tabSize')?.workspaceValue === 7, 'VS Code to read the folder settings');
      await new Promise((resolve) => setTimeout(resolve, 200));

      assert.deepEqual(api.session.settings, before, 'the settings in force are the user settings');
      assert.equal(api.session.transport.currentSettings.baseUrl, userUrl);
      assert.equal(api.session.transport.currentSettings.minGapMs, before.requestIntervalMs);
      assert.equal(api.session.transport.currentSettings.dailyLimit, before.dailyRequestLimit);

      // A new user's first request: the key check.
      assert.equal(await vscode.commands.executeCommand('hiver.setApiKey', DEMO_KEY), DEMO_KEY);
      await api.session.model.ensureLoaded({ kind: 'users', inboxId: '101' });
      assert.deepEqual(recorder.hits, [], "nothing reached the folder's server");
      assert.deepEqual((await sim.log()).map((entry) => `${entry.method} ${entry.path}?limit=${entry.query.limit}`), ['GET /v1/inboxes?limit=100', 'GET /v1/inboxes/101/users?limit=100']);
    } finally {
      await vscode.workspace.fs.delete(file);
      await waitFor(() => vscode.workspace.getConfiguration('editor').inspect('tabSize')?.workspaceValue === undefined, 'the folder settings to go');
      await recorder.close();
    }
  });
});
