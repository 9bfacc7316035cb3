// The key stays the user's: the Accounts menu never hands it to other extensions, a malformed
// paste is refused before any request, and a secret storage that cannot save it keeps it nowhere.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HiverExtensionApi } from '../../src/extension';
import type { HiverSession } from '../../src/session';
import { ApiKeyStore } from '../../src/auth/apiKeyStore';
import { ApiKeyFlow } from '../../src/auth/apiKeyFlow';
import { DEMO_KEY, extensionApi, sim, waitFor } from './testUtils';
import { recordMessages } from './recordMessages';
import { quiet } from './quiet';

const SECRET_KEY = 'hiver.apiKey';

describe('the key stays the user\'s', function () {
  this.timeout(60_000);
  let api: HiverExtensionApi;

  before(async () => {
    await sim.reset();
    api = await extensionApi();
    await vscode.commands.executeCommand('hiver.setApiKey', DEMO_KEY);
  });

  beforeEach(async () => {
    await quiet(api);
    await sim.clearLog();
  });

  after(() => vscode.commands.executeCommand('hiver.setApiKey', DEMO_KEY));

  it('the Accounts-menu sessions, which VS Code hands to extensions the user allows, never contain the key', async () => {
    // What the registered provider serves is what VS Code passes on. (getSession from here would
    // need the user to allow this caller in a modal dialog first; silently it answers nothing.)
    const sessions = await api.auth.getSessions();
    assert.equal(sessions.length, 1, 'a session while a key is saved');
    const silent = await vscode.authentication.getSession('hiver', [], { silent: true });
    const window = vscode.window as { showInputBox: typeof vscode.window.showInputBox };
    const original = window.showInputBox;
    window.showInputBox = () => Promise.resolve(DEMO_KEY); // signing in from the Accounts menu
    let created: vscode.AuthenticationSession;
    try {
      created = await api.auth.createSession();
    } finally {
      window.showInputBox = original;
    }
    for (const session of [...sessions, silent, created]) {
      assert.ok(!JSON.stringify(session ?? null).includes(DEMO_KEY), JSON.stringify(session));
    }
    assert.equal(sessions[0].accessToken, 'hiver-key-is-not-shared-with-other-extensions');
    assert.equal(created.accessToken, 'hiver-key-is-not-shared-with-other-extensions');
    assert.equal(api.session.keys.get(), DEMO_KEY, 'the extension itself still has the key');
  });

  it('trims a key pasted with spaces and line breaks', async () => {
    assert.equal(await vscode.commands.executeCommand('hiver.setApiKey', `  ${DEMO_KEY}\r\n\t`), DEMO_KEY);
    assert.equal(await api.session.context.secrets.get(SECRET_KEY), DEMO_KEY);
    assert.equal((await sim.log()).length, 1);
  });

  it('refuses an empty or malformed key given to the command, with a plain reason and no request', async () => {
    const cases: [string, RegExp][] = [
      ['', /^Enter the API key\.$/],
      [' \n ', /^Enter the API key\.$/],
      ['hiver demo key', /no spaces or line breaks inside it/],
      ['hiver-demo\nkey', /no spaces or line breaks inside it/],
      ['hiver-demo-key\u0000', /control or invisible characters/],
      ['hiver-\u200Bdemo-key', /control or invisible characters/],
      ['\u201Chiver-demo-key\u201D', /such as curly quotes/],
      ['k'.repeat(5000), /too long/],
    ];
    for (const [key, reason] of cases) {
      const messages = recordMessages();
      try {
        assert.equal(await vscode.commands.executeCommand('hiver.setApiKey', key), undefined, JSON.stringify(key));
      } finally {
        messages.dispose();
      }
      assert.equal(messages.texts.length, 1, JSON.stringify(key));
      assert.match(messages.texts[0], reason);
      assert.ok(!key.trim() || !messages.texts[0].includes(key.trim().slice(0, 20)), 'the reason does not repeat the key');
    }
    assert.deepEqual(await sim.log(), [], 'no request sent');
    assert.equal(api.session.keys.get(), DEMO_KEY, 'the saved key stays');
  });

  it('the input box checks what is typed with the same rule', async () => {
    const window = vscode.window as { showInputBox: typeof vscode.window.showInputBox };
    const original = window.showInputBox;
    let options: vscode.InputBoxOptions | undefined;
    window.showInputBox = (given?: vscode.InputBoxOptions) => {
      options = given;
      return Promise.resolve(undefined); // the user pressed Escape
    };
    try {
      assert.equal(await vscode.commands.executeCommand('hiver.setApiKey'), undefined);
    } finally {
      window.showInputBox = original;
    }
    const validate = options?.validateInput;
    assert.ok(validate, 'the input box validates');
    assert.equal(options?.password, true);
    assert.equal(await validate(`  ${DEMO_KEY}\n`), undefined);
    assert.match(String(await validate('')), /Enter the API key/);
    assert.match(String(await validate('hiver demo key')), /no spaces or line breaks inside it/);
    assert.match(String(await validate('hiver\u0007key')), /control or invisible characters/);
    assert.deepEqual(await sim.log(), []);
  });

  it('when secret storage cannot save the key: a clear message, and the key is kept nowhere', async () => {
    const real = api.session.context.secrets;
    const broken: vscode.SecretStorage = {
      get: (key) => real.get(key).then((value) => (key === SECRET_KEY ? undefined : value)),
      store: () => Promise.reject(new Error('Cannot create an item in a locked collection')),
      delete: () => Promise.resolve(),
      onDidChange: new vscode.EventEmitter<vscode.SecretStorageChangeEvent>().event,
    };
    const keys = await ApiKeyStore.open(broken);
    const canary = `LEAKCANARY-${Math.random().toString(36).slice(2)}`;
    await sim.configure({ keys: [DEMO_KEY, canary] });
    // The real session, with only its key store swapped for one on the broken storage.
    const session = Object.create(api.session, { keys: { value: keys } }) as HiverSession;
    const messages = recordMessages();
    let saved: string | undefined;
    try {
      saved = await new ApiKeyFlow(session).run(canary);
    } finally {
      messages.dispose();
      await sim.configure({ keys: [DEMO_KEY] });
    }
    assert.equal(saved, undefined);
    assert.deepEqual(messages.texts, ['VS Code could not save the key in its secret storage: Cannot create an item in a locked collection. The key was not saved.']);
    assert.equal(keys.get(), undefined, 'not kept in memory as if saved');
    assert.equal((await sim.log()).length, 1, 'the one check request');
    assert.equal(await real.get(SECRET_KEY), DEMO_KEY, 'the real storage still has the earlier key');
    for (const memento of [api.session.context.globalState, api.session.context.workspaceState]) {
      for (const name of memento.keys()) assert.ok(!JSON.stringify(memento.get(name) ?? null).includes(canary), `not in state ${name}`);
    }
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('hiver')).includes(canary), 'not in settings');
    keys.dispose();
  });

  it('a key store whose storage fails refuses, and an earlier key stays in force', async () => {
    const broken: vscode.SecretStorage = {
      get: () => Promise.resolve('earlier-key'),
      store: () => Promise.reject(new Error('no keyring')),
      delete: () => Promise.resolve(),
      onDidChange: new vscode.EventEmitter<vscode.SecretStorageChangeEvent>().event,
    };
    const keys = await ApiKeyStore.open(broken);
    const fired: (string | undefined)[] = [];
    keys.onDidChange((key) => fired.push(key));
    await assert.rejects(keys.set('new-key'), (error: Error) => error.message === 'VS Code could not save the key in its secret storage: no keyring. The key was not saved.' && !error.message.includes('new-key') && error.cause === undefined);
    assert.equal(keys.get(), 'earlier-key');
    await waitFor(() => true, 'events to settle');
    assert.deepEqual(fired, []);
    keys.dispose();
  });
});
