// The API URL must be https unless it is this computer; anything else is refused with a plain
// message where the key is set and in the status bar, before any request is sent.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HiverExtensionApi } from '../../src/extension';
import { DEMO_KEY, extensionApi, sim, waitFor } from './testUtils';
import { recordMessages } from './recordMessages';
import { quiet } from './quiet';

describe('the API URL must be https off this computer', function () {
  this.timeout(60_000);
  let api: HiverExtensionApi;
  let userUrl: string;

  async function setUrl(url: string): Promise<void> {
    await vscode.workspace.getConfiguration('hiver').update('apiBaseUrl', url, vscode.ConfigurationTarget.Global);
    await waitFor(() => api.session.settings.apiBaseUrl === url, `hiver.apiBaseUrl to become ${url}`);
  }

  before(async () => {
    await sim.reset();
    api = await extensionApi();
    userUrl = api.session.settings.apiBaseUrl;
    await vscode.commands.executeCommand('hiver.setApiKey', DEMO_KEY);
  });

  beforeEach(async () => {
    await quiet(api);
    await sim.clearLog();
  });

  after(() => setUrl(userUrl));

  it('refuses a plain-http URL to another host in Set API Key: a plain message, no request', async () => {
    // 0.0.0.0 would reach the simulator on this machine, but it is not loopback.
    await setUrl(`http://0.0.0.0:${new URL(userUrl).port}/v1`);
    const messages = recordMessages();
    try {
      assert.equal(await vscode.commands.executeCommand('hiver.setApiKey', DEMO_KEY), undefined);
    } finally {
      messages.dispose();
    }
    assert.equal(messages.texts.length, 1, messages.texts.join('\n'));
    assert.match(messages.texts[0], /^The Hiver API URL \(setting hiver\.apiBaseUrl\) uses plain http to 0\.0\.0\.0, which would send your API key unencrypted\. Use an https:\/\/ URL .*so the API key check was not sent\.$/);
    assert.deepEqual(await sim.log(), [], 'no request sent');
  });

  it('refuses it for every request with a saved key too, and the status bar says why', async () => {
    await setUrl(`http://0.0.0.0:${new URL(userUrl).port}/v1`);
    await assert.rejects(api.session.model.ensureLoaded({ kind: 'inboxes' }), /hiver\.apiBaseUrl/);
    assert.match(api.session.transport.state.lastError?.message ?? '', /^The Hiver API URL \(setting hiver\.apiBaseUrl\) uses plain http/);
    assert.deepEqual(await sim.log(), [], 'no request sent');
  });

  it('accepts http to this computer (the simulator)', async () => {
    await setUrl(userUrl);
    assert.equal(await vscode.commands.executeCommand('hiver.setApiKey', DEMO_KEY), DEMO_KEY);
    assert.equal((await sim.log()).length, 1);
  });
});
