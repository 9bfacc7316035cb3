// The API key: checked with one real request before it is saved, kept only in SecretStorage,
// removed back to the welcome state; and the status bar's queue/budget text.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HiverExtensionApi } from '../../src/extension';
import { statusText, statusTooltip } from '../../src/status/statusBar';
import { requestLogText } from '../../src/common/logger';
import { recordMessages } from './recordMessages';
import { DEMO_KEY, extensionApi, removeApiKey, sim, waitFor } from './testUtils';

const SECRET_KEY = 'hiver.apiKey';

describe('API key and status', function () {
  this.timeout(60_000);
  let api: HiverExtensionApi;

  before(async () => {
    await sim.reset();
    api = await extensionApi();
    await removeApiKey();
  });

  beforeEach(() => sim.clearLog());

  after(async () => {
    await vscode.commands.executeCommand('hiver.setApiKey', DEMO_KEY);
  });

  it('shows the welcome state without a key: no rows and no requests', async () => {
    assert.equal(api.session.keys.get(), undefined);
    assert.deepEqual(await api.tree.provider.getChildren(), []);
    assert.deepEqual(await sim.log(), []);
  });

  it('rejects a wrong key with the server reason and stores nothing', async () => {
    const saved = await vscode.commands.executeCommand('hiver.setApiKey', 'not-a-real-key');
    assert.equal(saved, undefined);
    assert.equal(await api.session.context.secrets.get(SECRET_KEY), undefined);
    assert.equal(api.session.keys.get(), undefined);
    const log = await sim.log();
    assert.equal(log.length, 1, 'one check request');
    assert.equal(log[0].status, 401);
    assert.equal(log[0].authValid, false);
  });

  it('says why a key was not saved in whole sentences, each ending once', async () => {
    // The demo key passes the simulator's own check, so each fault answers in its place.
    const messages = recordMessages();
    try {
      await sim.faults([{ kind: 'status', status: 401, message: 'Invalid API key.', pathIncludes: '/v1/inboxes' }]);
      await vscode.commands.executeCommand('hiver.setApiKey', DEMO_KEY);
      await sim.faults([{ kind: 'status', status: 401, shape: 'empty', pathIncludes: '/v1/inboxes' }]);
      await vscode.commands.executeCommand('hiver.setApiKey', DEMO_KEY);
      await sim.faults([{ kind: 'status', status: 404, pathIncludes: '/v1/inboxes' }]);
      await vscode.commands.executeCommand('hiver.setApiKey', DEMO_KEY);
    } finally {
      messages.dispose();
      await sim.clearFaults();
    }
    assert.deepEqual(messages.texts, [
      'Hiver rejected this key: Invalid API key. Nothing was saved.',
      'Hiver rejected this key (HTTP 401). Nothing was saved.',
      'The key could not be checked: Hiver could not find what the request to list inboxes asked for (HTTP 404): Not Found. Nothing was saved.',
    ]);
    assert.equal(api.session.keys.get(), undefined);
  });

  it('checks a good key with one request, stores it only in secret storage, and fills the tree from that answer', async () => {
    const saved = await vscode.commands.executeCommand('hiver.setApiKey', DEMO_KEY);
    assert.equal(saved, DEMO_KEY);
    assert.equal(await api.session.context.secrets.get(SECRET_KEY), DEMO_KEY);

    const roots = await api.tree.provider.getChildren();
    assert.ok(roots.length > 0, 'inboxes listed');
    const log = await sim.log();
    assert.deepEqual(log.map((entry) => `${entry.method} ${entry.path} ${entry.status}`), ['GET /v1/inboxes 200'], 'the check request is the only one');

    const settings = JSON.stringify(vscode.workspace.getConfiguration('hiver'));
    assert.ok(!settings.includes(DEMO_KEY), 'key not in settings');
    for (const memento of [api.session.context.globalState, api.session.context.workspaceState]) {
      for (const key of memento.keys()) assert.ok(!JSON.stringify(memento.get(key) ?? null).includes(DEMO_KEY), `key not in state ${key}`);
    }
  });

  it('keeps what is loaded when the same key is set again, and loads again only what failed', async () => {
    if (api.session.keys.get() !== DEMO_KEY) await vscode.commands.executeCommand('hiver.setApiKey', DEMO_KEY);
    const model = api.session.model;
    const loaded = { kind: 'users', inboxId: '101' } as const;
    const failed = { kind: 'users', inboxId: '102' } as const;
    await model.ensureLoaded(loaded);
    await sim.faults([{ kind: 'status', status: 400, message: 'Refused', count: -1, pathIncludes: '/inboxes/102/users' }]);
    await model.ensureLoaded(failed).catch(() => undefined);
    assert.ok(model.list(failed).error, 'the second list failed');
    await sim.clearFaults();
    await sim.clearLog();

    // What the 403 question invites: "wait and try again, or set a new key".
    await vscode.commands.executeCommand('hiver.setApiKey', DEMO_KEY);
    assert.deepEqual((await sim.log()).map((entry) => `${entry.method} ${entry.path}`), ['GET /v1/inboxes'], 'the check only');
    assert.equal(model.list(loaded).loaded, true, 'the loaded list is kept');
    assert.equal(model.list(failed).error, undefined, 'the failed one is forgotten, to load again');
    await model.ensureLoaded(failed);
    assert.equal(model.list(failed).loaded, true);
  });

  it('shows the key as a Hiver account in the Accounts menu', async () => {
    const accounts = await vscode.authentication.getAccounts('hiver');
    assert.equal(accounts.length, 1);
    assert.equal(accounts[0].label, 'Hiver API key (127.0.0.1:' + new URL(api.session.settings.apiBaseUrl).port + ')');
  });

  it('asks before removing the key, and Cancel keeps it', async () => {
    const asked = await removeApiKey('Cancel');
    assert.deepEqual(asked, [
      'Remove the Hiver API key? | Every VS Code window stops using it, watching stops, and the inboxes and conversations saved on disk for this account are deleted. Unsent notes and drafts are kept. | Remove Key',
    ]);
    assert.equal(api.session.keys.get(), DEMO_KEY);
    assert.equal(await api.session.context.secrets.get(SECRET_KEY), DEMO_KEY);
    assert.ok((await api.tree.provider.getChildren()).length > 0, 'the inboxes stay');
  });

  it('removes the key and returns to the welcome state', async () => {
    assert.equal((await removeApiKey()).length, 1, 'asked once');
    assert.equal(await api.session.context.secrets.get(SECRET_KEY), undefined);
    assert.deepEqual(await api.tree.provider.getChildren(), []);
    assert.equal(api.session.model.inboxes.size, 0);
    assert.deepEqual(await vscode.authentication.getAccounts('hiver'), []);
  });

  it('counts the requests sent today', async () => {
    const before = api.session.transport.state.usedToday;
    await vscode.commands.executeCommand('hiver.setApiKey', DEMO_KEY);
    assert.equal(api.session.transport.state.usedToday, before + 1);
  });

  it('follows a key removed or set in another window (SecretStorage change): key, tree and Accounts menu', async () => {
    assert.equal(api.session.keys.get(), DEMO_KEY);
    // Another window's change reaches this one only as a SecretStorage change event.
    await api.session.context.secrets.delete(SECRET_KEY);
    await waitFor(() => api.session.keys.get() === undefined, 'the key to be gone');
    assert.deepEqual(await api.tree.provider.getChildren(), []);
    assert.equal(api.session.model.inboxes.size, 0, 'nothing loaded with the old key is kept');
    await waitFor(async () => (await vscode.authentication.getAccounts('hiver')).length === 0, 'the account to be gone');

    await api.session.context.secrets.store(SECRET_KEY, DEMO_KEY);
    await waitFor(() => api.session.keys.get() === DEMO_KEY, 'the key to come back');
    assert.ok((await api.tree.provider.getChildren()).length > 0, 'inboxes listed with the key');
    await waitFor(async () => (await vscode.authentication.getAccounts('hiver')).length === 1, 'the account to come back');
  });

  it('formats a request log line as method, path, status or error, ms, attempt and note', () => {
    const line = { operation: 'listInboxes', method: 'GET', path: '/inboxes?limit=50', ms: 412, attempt: 1 };
    assert.equal(requestLogText({ ...line, status: 200 }), 'GET /inboxes?limit=50 200 412 ms');
    assert.equal(requestLogText({ ...line, status: 429, attempt: 2, note: 'pacing is now cautious' }), 'GET /inboxes?limit=50 429 412 ms (attempt 2): pacing is now cautious');
    assert.equal(requestLogText({ ...line, error: 'Could not reach Hiver for the request to list inboxes: connection refused.' }), 'GET /inboxes?limit=50 Could not reach Hiver for the request to list inboxes: connection refused. 412 ms');
    assert.equal(requestLogText(line), 'GET /inboxes?limit=50 failed 412 ms');
  });

  it('writes one log line per request, with method, path, status and ms, and never the key', async () => {
    const texts: string[] = [];
    const subscription = api.session.transport.onDidLog((line) => texts.push(requestLogText(line)));
    try {
      await sim.faults([{ kind: 'status', status: 500, count: 1, pathIncludes: '/v1/inboxes' }]);
      await api.session.client.listInboxes({ limit: 5 });
      await vscode.commands.executeCommand('hiver.setApiKey', 'not-a-real-key');
    } finally {
      subscription.dispose();
    }
    const requests = await sim.log();
    assert.equal(texts.length, requests.length, `one line per request: ${texts.join(' | ')}`);
    assert.equal(requests.length, 3);
    assert.match(texts[0], /^GET \/inboxes\?limit=\d+ 500 \d+ ms$/);
    assert.match(texts[1], /^GET \/inboxes\?limit=\d+ 200 \d+ ms \(attempt 2\)$/);
    assert.match(texts[2], /^GET \/inboxes\?limit=\d+ 401 \d+ ms$/);
    for (const text of texts) {
      assert.ok(!text.includes(DEMO_KEY) && !text.includes('not-a-real-key'), text);
    }
  });

  it('asks once when Hiver refuses the saved key with 403, saying it may be a temporary block, with its reason as plain text', async () => {
    await vscode.commands.executeCommand('hiver.setApiKey', DEMO_KEY);
    const shown: string[] = [];
    const window = vscode.window as { showWarningMessage: (message: string) => Thenable<unknown> };
    const original = window.showWarningMessage;
    window.showWarningMessage = (message: string) => {
      shown.push(message);
      return Promise.resolve(undefined);
    };
    try {
      const reason = 'This API key has been blacklisted [unblock](command:hiver.removeApiKey).';
      await sim.faults([{ kind: 'status', status: 403, message: reason, count: 3, pathIncludes: '/v1/inboxes' }]);
      for (let i = 0; i < 3; i++) await api.session.client.listInboxes({ limit: 5 }).catch(() => undefined);
      await waitFor(() => shown.length > 0, 'the re-authentication prompt');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(shown.length, 1, 'one prompt for three refusals');
      assert.match(shown[0], /^Hiver refused the saved API key \(HTTP 403\): it may be revoked, or blocked for a while after too many requests\. Wait and try again, or set a new key\. \(This API key has been blacklisted \[unblock\] \(command/);
      assert.ok(!shown[0].includes(']('), 'no link can form');
    } finally {
      window.showWarningMessage = original;
      await sim.clearFaults();
      // Saving the key again lets the next refusal of it ask again.
      await vscode.commands.executeCommand('hiver.setApiKey', DEMO_KEY);
    }
  });

  it('says the queue, the budget and a pause in the status bar text', () => {
    const now = Date.UTC(2026, 10, 25, 12);
    const state = { queued: 2, inFlight: 0, usedToday: 1204, dailyLimit: 5000, resetAt: now + 3_600_000 };
    assert.equal(statusText(state, now), '$(mail) Hiver: 2 queued · 1,204/5,000 today');
    const paused = statusText({ ...state, queued: 0, inFlight: 1, pausedUntil: now + 60_000 }, now);
    assert.match(paused, /^\$\(sync~spin\) Hiver: paused until .+ · 1 queued · 1,204\/5,000 today$/);
  });

  it('shows the last error in the tooltip as text: no link, emphasis or bidi override from the server', () => {
    const now = Date.UTC(2026, 10, 25, 12);
    const message = 'Key [blacklisted](command:hiver.removeApiKey) **now** \u202Eexe.txt $(alert)';
    const state = { queued: 0, inFlight: 0, usedToday: 1, dailyLimit: 5000, resetAt: now, lastError: { operation: 'listInboxes', message, at: now } };
    const tooltip = statusTooltip(state, now);
    assert.equal(tooltip.supportThemeIcons, false);
    assert.ok(!tooltip.isTrusted);
    const line = tooltip.value.split('\n').find((l) => l.includes('Key'));
    assert.ok(line, tooltip.value);
    assert.ok(line.endsWith(String.raw`Key \[blacklisted\]\(command\:hiver\.removeApiKey\) \*\*now\*\* exe\.txt \$\(alert\)`), line);
  });
});
