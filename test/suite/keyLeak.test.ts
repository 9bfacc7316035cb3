// The key leaks nowhere: with a recognisable key, run the main flows (failures included), then
// look for it everywhere the extension puts text: global and workspace state, settings files,
// the log, every notification, every webview (HTML, document, saved state, messages), the
// Accounts-menu session, every file the extension writes, and every error and its cause.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HiverExtensionApi } from '../../src/extension';
import type { TreeNode } from '../../src/tree/nodes';
import { DEMO_KEY, extensionApi, sim, waitFor } from './testUtils';
import { recordMessages, type RecordedMessages } from './recordMessages';
import { quiet } from './quiet';
import { allText } from '../common/allText';

const CANARY = `LEAKCANARY-${Math.random().toString(36).slice(2, 12)}`;

/** Every file under a folder, with its text ({} when the folder does not exist). */
async function filesUnder(folder: vscode.Uri | undefined): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  if (!folder) return files;
  const walk = async (uri: vscode.Uri): Promise<void> => {
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(uri);
    } catch {
      return;
    }
    for (const [name, type] of entries) {
      const child = vscode.Uri.joinPath(uri, name);
      if (type & vscode.FileType.Directory) await walk(child);
      else files[child.toString()] = Buffer.from(await vscode.workspace.fs.readFile(child)).toString('latin1');
    }
  };
  await walk(folder);
  return files;
}

async function readText(uri: vscode.Uri): Promise<string> {
  try {
    return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  } catch {
    return '';
  }
}

describe('key leak', function () {
  this.timeout(120_000);
  let api: HiverExtensionApi;
  let messages: RecordedMessages;
  /** Everything thrown or returned by the flows. */
  const outcomes: unknown[] = [];

  async function attempt(run: () => Thenable<unknown> | Promise<unknown>): Promise<void> {
    try {
      outcomes.push(await run());
    } catch (error) {
      outcomes.push(error);
    }
  }

  const children = async (node?: TreeNode) => (await api.tree.provider.getChildren(node)) ?? [];

  before(async () => {
    await sim.reset();
    await sim.clearFaults();
    await sim.configure({ keys: [DEMO_KEY, CANARY] });
    api = await extensionApi();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The suite before cleared the model, so the view asks for its root rows when the workbench
    // gets to it: load them now, or that request, sent with the saved key, can take the one-shot
    // 401 meant for the key check below.
    await children();
    await quiet(api);
    messages = recordMessages();
  });

  after(async () => {
    messages.dispose();
    await sim.clearFaults();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Go To Inbox expanded rows of the real view: collapse them, so the key change below
    // does not make the view refetch them while the next suite counts requests.
    await quiet(api);
    await sim.configure({ keys: [DEMO_KEY] });
    await vscode.commands.executeCommand('hiver.setApiKey', DEMO_KEY);
    await quiet(api);
  });

  it('runs the main flows with a recognisable key, failures included', async () => {
    // Setting the key: malformed, unknown (401), refused with Hiver echoing it, then pasted with a line break.
    await attempt(() => vscode.commands.executeCommand('hiver.setApiKey', `${CANARY} x`));
    await attempt(() => vscode.commands.executeCommand('hiver.setApiKey', `${CANARY}\u0007`));
    await attempt(() => vscode.commands.executeCommand('hiver.setApiKey', `${CANARY}-wrong`));
    await sim.faults([{ kind: 'status', status: 401, message: `Invalid key ${CANARY}`, pathIncludes: '/v1/inboxes', count: 1 }]);
    await attempt(() => vscode.commands.executeCommand('hiver.setApiKey', CANARY));
    assert.equal(await vscode.commands.executeCommand('hiver.setApiKey', ` ${CANARY}\n`), CANARY);

    // The tree: every group of the first inbox.
    const [inbox] = await children();
    const groups = await children(inbox);
    const items: TreeNode[][] = [];
    for (const group of groups) items.push(await children(group));

    // Search, loaded and on the server, and navigation.
    await attempt(() => vscode.commands.executeCommand('hiver.findUser', { query: 'admin@acme.example' }));
    await attempt(() => vscode.commands.executeCommand('hiver.findTag', { query: 'prio', scope: 'server' }));
    await attempt(() => vscode.commands.executeCommand('hiver.goToInbox', '102'));
    const conversation = items[2].find((node) => node.id.match(/\/\d+$/)) as (TreeNode & { itemId: string }) | undefined;
    assert.ok(conversation, 'a conversation row');
    await attempt(() => vscode.commands.executeCommand('hiver.goToConversation', conversation.itemId));

    // Panels of each kind, through their command.
    for (const node of [inbox, items[0][0], items[1][0], conversation]) await attempt(() => vscode.commands.executeCommand('hiver.showDetails', node));
    const target = { inboxId: '101', conversationId: conversation.itemId };
    await attempt(() => vscode.commands.executeCommand('hiver.setStatus', target, 'pending'));

    // Failures, with Hiver echoing the key in its messages: 500 on a POST (never retried), 401
    // on a GET (the re-authentication prompt), a 429 (paused and retried), a timeout.
    await sim.faults([{ kind: 'status', status: 500, method: 'POST', message: `Internal error for Bearer ${CANARY}`, count: 2 }]);
    await attempt(() => vscode.commands.executeCommand('hiver.addNote', target, { content: 'leak test note', notifyAll: false }));
    await attempt(() => api.session.client.createTag('101', { name: 'leak-test' }));
    await sim.faults([{ kind: 'status', status: 401, method: 'GET', message: `Key ${CANARY} is revoked`, count: 2 }]);
    await attempt(() => api.session.client.listUsers('102', { limit: 10 }));
    await attempt(() => vscode.commands.executeCommand('hiver.refreshNode', groups[1]));
    await attempt(async () => (await children(groups[1])).map((node) => node.id));
    await sim.faults([{ kind: 'status', status: 429, method: 'GET', message: `Slow down ${CANARY}`, count: 1 }]);
    await attempt(() => api.session.client.listTags('102', { limit: 10 }));
    const timeoutMs = api.session.transport.currentSettings.timeoutMs;
    api.session.transport.updateSettings({ timeoutMs: 500 });
    try {
      await sim.faults([{ kind: 'hang', method: 'POST', count: 1 }]);
      // After the 500 the note may be in Hiver: only Send Anyway sends it again.
      await attempt(() => vscode.commands.executeCommand('hiver.addNote', target, { content: 'leak test note', notifyAll: false }, { sendAnyway: true }));
    } finally {
      api.session.transport.updateSettings({ timeoutMs });
      await sim.clearFaults();
    }
    // The run really met those failures (else the scan below proves little).
    const statuses = (await sim.log()).map((entry) => entry.status);
    for (const status of [401, 500, 429, 0]) assert.ok(statuses.includes(status), `a ${status} answer: ${statuses.join(',')}`);
    assert.ok(outcomes.some((outcome) => outcome instanceof Error), 'some flow threw');
    assert.ok(messages.texts.length >= 4, messages.texts.join('\n'));
  });

  it('finds the key nowhere', async () => {
    const context = api.session.context;
    const places: Record<string, string> = {};

    // Global and workspace state.
    for (const [name, memento] of [['globalState', context.globalState], ['workspaceState', context.workspaceState]] as const) {
      for (const key of memento.keys()) places[`${name}.${key}`] = key + JSON.stringify(memento.get(key) ?? null);
    }

    // Settings: as read, and the user and folder settings files.
    const config = vscode.workspace.getConfiguration('hiver');
    places['settings (read)'] = JSON.stringify(config) + JSON.stringify(['apiBaseUrl', 'pageSize', 'dailyRequestLimit', 'requestIntervalMs'].map((name) => config.inspect(name)));
    const userSettings = vscode.Uri.joinPath(context.globalStorageUri, '..', '..', 'settings.json');
    places['user settings.json'] = await readText(userSettings);
    assert.match(places['user settings.json'], /hiver\.apiBaseUrl/, 'found the user settings file');
    for (const folder of vscode.workspace.workspaceFolders ?? []) places[`folder settings ${folder.name}`] = await readText(vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json'));

    // Notifications.
    messages.texts.forEach((text, i) => (places[`notification ${i}`] = text));

    // Webviews: the HTML set, the document drawn, the saved state, every message posted.
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview);
    assert.ok(tabs.length >= 4, `four panels open (${tabs.length})`);
    let panels = 0;
    for (const tab of tabs) {
      const label = tab.label;
      const host = findHost(api, label);
      if (!host) continue;
      panels++;
      const dom = await waitFor(() => host.requestRendered(), `the "${label}" panel to answer`, 45_000);
      places[`webview ${label} html`] = host.html;
      places[`webview ${label} document`] = dom;
      assert.ok(host.savedState, `the "${label}" panel reported its saved state`);
      places[`webview ${label} saved state`] = host.savedState;
      places[`webview ${label} posted`] = JSON.stringify(host.posted) + (host.error ?? '') + host.panel.title;
    }
    assert.ok(panels >= 4, `scanned ${panels} panels`);

    // The Accounts-menu session other extensions can be given.
    places['auth sessions'] = JSON.stringify(await api.auth.getSessions());
    // The status bar's source.
    places['transport state'] = JSON.stringify(api.session.transport.state);
    // Every error and result of the flows, causes included.
    // (Results are data, read as JSON; errors are walked, causes included.)
    outcomes.forEach((outcome, i) => (places[`outcome ${i}`] = outcome instanceof Error ? allText(outcome) : JSON.stringify(outcome ?? null)));
    assert.ok(outcomes.filter((outcome) => outcome instanceof Error).every((error) => allText(error).includes('stack=')), 'errors are read in full');

    // Files the extension writes, the log included (flushed by the time the last line is in).
    const logs = await waitFor(async () => {
      const files = await filesUnder(context.logUri);
      return Object.entries(files).some(([name, text]) => name.endsWith('Hiver.log') && text.includes('POST /inboxes/101/conversations') && text.includes('Hiver did not answer')) ? files : undefined;
    }, 'the Hiver log file to hold the last request');
    const files = { ...logs, ...(await filesUnder(context.globalStorageUri)), ...(await filesUnder(context.storageUri)) };
    for (const [name, text] of Object.entries(files)) places[`file ${name}`] = text;
    assert.ok(Object.keys(files).some((name) => name.includes('accounts')), 'global storage holds the shared slot (the budget), scanned too');

    const leaks = Object.entries(places).filter(([, text]) => text.includes(CANARY));
    assert.deepEqual(leaks.map(([where, text]) => `${where}: ${text.slice(Math.max(0, text.indexOf(CANARY) - 80), text.indexOf(CANARY) + 40)}`), []);
    // And the key really was the one in use (so its absence above means something).
    assert.equal(api.session.keys.get(), CANARY);
    assert.equal(await context.secrets.get('hiver.apiKey'), CANARY);
  });
});

/** The open panel host whose tab has this title. */
function findHost(api: HiverExtensionApi, title: string) {
  return api.panels.all().find((host) => host.panel.title === title);
}
