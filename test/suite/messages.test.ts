// API text reaches the screen through one door (src/common/notify.ts): the places that once
// showed a name or Hiver's own error message raw now show it as plain text. Each test stubs
// the window function the message goes to and reads what would have been shown.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HiverExtensionApi } from '../../src/extension';
import type { EntityRef } from '../../src/panels/protocol';
import { missingTagItem } from '../../src/conversations/pickers';
import { notificationText } from '../../src/common/notify';
import { HOSTILE_INBOX_NAME, HOSTILE_TAG_NAMES, HOSTILE_USERS } from '../simulator/hostileStrings';
import { signIn, sim, waitFor } from './testUtils';
import { labelOf } from './treeHelpers';

const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
/** Hiver's text as a hostile admin or server could make it: a command link, an icon, a bidi override. */
const HOSTILE = '[unblock](command:hiver.removeApiKey) $(alert) \u202Egnp.exe';
const SHOWN = '[unblock] (command:hiver.removeApiKey) $(alert) gnp.exe';

type WindowFunction = 'showErrorMessage' | 'showWarningMessage' | 'setStatusBarMessage' | 'createWebviewPanel';

/** Replaces one window function for the length of `run`, recording the first argument of each call. */
async function capture(name: WindowFunction, run: () => PromiseLike<unknown>, answer: (...args: unknown[]) => unknown = () => Promise.resolve(undefined)): Promise<string[]> {
  const window = vscode.window as unknown as Record<WindowFunction, (...args: unknown[]) => unknown>;
  const original = window[name];
  const shown: string[] = [];
  window[name] = (...args: unknown[]) => {
    shown.push(String(args[0]));
    return answer(...args);
  };
  try {
    await run();
  } finally {
    window[name] = original;
  }
  return shown;
}

function assertPlain(text: string): void {
  assert.ok(!text.includes(']('), `no link can form: ${text}`);
  assert.doesNotMatch(text, BIDI_CONTROLS, text);
}

describe('API text through one door', function () {
  this.timeout(60_000);
  let api: HiverExtensionApi;
  const INBOX = '101';

  before(async () => {
    await sim.reset();
    await sim.clearFaults();
    api = await signIn();
  });

  afterEach(() => sim.clearFaults());

  it('escapes every argument of a notification, the hostile dataset and link syntax included', () => {
    const names = [HOSTILE, HOSTILE_INBOX_NAME, ...HOSTILE_TAG_NAMES, ...HOSTILE_USERS.flatMap((u) => [u.first_name, u.last_name, u.email])];
    for (const name of names) {
      assertPlain(notificationText('Tag "{0}" is gone.', [name]));
      assertPlain(notificationText('{0}', [`[${name}](command:hiver.removeApiKey)`]));
    }
    assert.equal(notificationText('Could not {0}: {1}', ['load', HOSTILE]), `Could not load: ${SHOWN}`);
    // Two arguments side by side cannot join into a link either.
    assert.equal(notificationText('{0}{1}', ['[x]', '(command:hiver.removeApiKey)']), '[x] (command:hiver.removeApiKey)');
  });

  it('names a tag that is gone as plain text (tree refresh warning)', async () => {
    const tags = { kind: 'tags' as const, inboxId: INBOX };
    // A tag with a hostile name, created and listed through the API, then gone from Hiver.
    const created = await api.session.client.createTag(INBOX, { name: HOSTILE, colorHex: '#ce93d8' });
    api.session.model.refresh(tags);
    await api.session.model.loadAll(tags);
    assert.equal(api.session.model.list(tags).get(created.id)?.name, HOSTILE);
    await sim.reset();
    const node = api.tree.provider.itemNode(api.tree.provider.groupNode(INBOX, 'tags'), created.id);
    const shown = await capture('showWarningMessage', () => vscode.commands.executeCommand('hiver.refreshNode', node));
    assert.deepEqual(shown, [`Tag "${SHOWN}" is no longer in this inbox under that name: refresh its group.`]);
  });

  it('names a user that is gone by their email as plain text (tree refresh warning)', async () => {
    const users = { kind: 'users' as const, inboxId: INBOX };
    await api.session.model.ensureLoaded(users);
    const user = api.session.model.list(users).items[0];
    api.session.model.remember(users, { ...user, email: `${HOSTILE}@acme.example` });
    const node = api.tree.provider.itemNode(api.tree.provider.groupNode(INBOX, 'users'), user.id);
    const shown = await capture('showWarningMessage', () => vscode.commands.executeCommand('hiver.refreshNode', node));
    assert.deepEqual(shown, [`User ${SHOWN}@acme.example is no longer in this inbox: refresh its group.`]);
  });

  it("shows Hiver's error message as plain text when a row's refresh fails", async () => {
    const conversations = { kind: 'conversations' as const, inboxId: INBOX };
    await api.session.model.ensureLoaded(conversations);
    const id = api.session.model.list(conversations).items[0].id;
    await sim.faults([{ kind: 'status', status: 400, message: HOSTILE, count: 1, pathIncludes: `/conversations/${id}` }]);
    const node = api.tree.provider.itemNode(api.tree.provider.groupNode(INBOX, 'conversations'), id);
    const shown = await capture('showErrorMessage', () => vscode.commands.executeCommand('hiver.refreshNode', node));
    assert.equal(shown.length, 1, shown.join('\n'));
    assert.ok(shown[0].includes(SHOWN), shown[0]);
    assertPlain(shown[0]);
  });

  it('shows an error from a panel message as plain text', async () => {
    const ref: EntityRef = { kind: 'inbox', inboxId: INBOX };
    await api.panels.show(ref, { preserveFocus: true });
    const host = api.panels.hostFor(ref);
    assert.ok(host, 'the panel is open');
    const env = vscode.env as { openExternal: (uri: vscode.Uri) => Thenable<boolean> };
    const openExternal = env.openExternal;
    env.openExternal = () => Promise.reject(new Error(HOSTILE));
    try {
      const shown = await capture('showErrorMessage', () => host.receive({ type: 'openExternal', url: 'https://v2.hiverhq.com/permalinks/pvt/201c00fa' }));
      assert.deepEqual(shown, [SHOWN]);
    } finally {
      env.openExternal = openExternal;
      host.panel.dispose();
    }
  });

  it('shows an error opening the conversation panel as plain text', async () => {
    const conversations = { kind: 'conversations' as const, inboxId: INBOX };
    await api.session.model.ensureLoaded(conversations);
    const id = api.session.model.list(conversations).items[1].id;
    let shown: string[] = [];
    const tried = await capture(
      'createWebviewPanel',
      async () => {
        shown = await capture('showErrorMessage', () => vscode.commands.executeCommand('hiver.addNote', { inboxId: INBOX, conversationId: id }));
      },
      () => {
        throw new Error(HOSTILE);
      },
    );
    assert.equal(tried.length, 1, 'the panel was asked for');
    assert.deepEqual(shown, [SHOWN]);
  });

  it('passes a copied value to the status bar without icons', async () => {
    const users = { kind: 'users' as const, inboxId: INBOX };
    await api.session.model.ensureLoaded(users);
    const user = api.session.model.list(users).items[0];
    api.session.model.remember(users, { ...user, email: `$(alert)\u202E@acme.example` });
    const node = api.tree.provider.itemNode(api.tree.provider.groupNode(INBOX, 'users'), user.id);
    const shown = await capture('setStatusBarMessage', () => vscode.commands.executeCommand('hiver.copyEmail', node), () => new vscode.Disposable(() => undefined));
    assert.deepEqual(shown, ['Copied \\$(alert)@acme.example']);
    assert.equal(await vscode.env.clipboard.readText(), `$(alert)\u202E@acme.example`, 'the value copied is the real one');
  });

  it('labels an applied tag that is not loaded by its id, escaped', () => {
    const item = missingTagItem('$(alert)\u202E9');
    assert.equal(item.label, 'tag \\$(alert)9');
    assert.equal(item.tagId, '$(alert)\u202E9');
  });

  it('shows tree rows without bidi overrides: labels, descriptions and tooltips', async () => {
    const users = { kind: 'users' as const, inboxId: INBOX };
    await api.session.model.loadAll(users);
    const rlo = HOSTILE_USERS.find((u) => u.first_name.startsWith('\u202E'))!;
    await waitFor(() => api.session.model.list(users).get(rlo.id), 'the hostile user to be loaded');
    const item = api.tree.provider.getTreeItem(api.tree.provider.itemNode(api.tree.provider.groupNode(INBOX, 'users'), rlo.id));
    assert.equal(labelOf(item), 'txt.exe Override');
    for (const text of [labelOf(item), String(item.description), String(item.tooltip)]) assert.doesNotMatch(text, BIDI_CONTROLS, text);
    assert.match(String(item.tooltip), /\n/, 'tooltips keep their lines');
  });
});
