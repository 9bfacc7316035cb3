// The conversation picker a triage command opens from the palette when nothing is loaded and
// no panel is in front: an inbox first, then its conversations. When there is nothing to
// choose, it says so instead of ending silently.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HiverExtensionApi } from '../../src/extension';
import { recordMessages } from './recordMessages';
import { signIn, sim } from './testUtils';

type Pickable = vscode.QuickPickItem & { inboxId?: string };

describe('conversation picker with nothing to choose', function () {
  this.timeout(30_000);
  let api: HiverExtensionApi;
  const window = vscode.window as unknown as { showQuickPick: (items: unknown, ...rest: unknown[]) => Thenable<unknown> };
  const showQuickPick = window.showQuickPick;
  let asked: string[][];
  let titles: (string | undefined)[];

  before(async () => {
    await sim.reset();
    api = await signIn();
  });

  beforeEach(async () => {
    await sim.clearFaults();
    await sim.clearLog();
    api.session.model.clear();
    asked = [];
    titles = [];
    // Answers the inbox question with Engineering Escalations (105), as a user would choose it.
    window.showQuickPick = async (items: unknown, options?: unknown) => {
      const list = (await items) as Pickable[];
      asked.push(list.map((item) => item.label));
      titles.push((options as vscode.QuickPickOptions | undefined)?.title);
      return list.find((item) => item.inboxId === '105');
    };
  });

  afterEach(async () => {
    window.showQuickPick = showQuickPick;
    await sim.clearFaults();
    api.session.model.clear();
  });

  /** Set Status as the palette runs it (no arguments); returns the messages it showed. */
  async function setStatusFromPalette(): Promise<string[]> {
    const messages = recordMessages();
    try {
      await vscode.commands.executeCommand('hiver.setStatus');
    } finally {
      messages.dispose();
    }
    return messages.texts;
  }

  it('says the chosen inbox has no conversations', async () => {
    await sim.faults([{ kind: 'noItems', count: -1, pathIncludes: '/inboxes/105/conversations' }]);
    const messages = await setStatusFromPalette();
    assert.equal(asked.length, 1, 'one question: the inbox');
    assert.ok(asked[0].includes('Engineering Escalations'), asked[0].join(', '));
    assert.deepEqual(messages, ['Engineering Escalations has no conversations to choose from.']);
    const log = await sim.log();
    assert.deepEqual(log.filter((entry) => entry.path.includes('/inboxes/105/conversations')).map((entry) => entry.method), ['GET']);
    assert.equal(log.filter((entry) => entry.method !== 'GET').length, 0, 'nothing changed');
  });

  it('says the account has no inboxes the API can see, without asking', async () => {
    await sim.faults([{ kind: 'noItems', count: 1, method: 'GET', pathIncludes: '/inboxes' }]);
    const messages = await setStatusFromPalette();
    assert.equal(asked.length, 0, 'no empty inbox list');
    assert.deepEqual(messages, ['This Hiver account has no inboxes the API can see, so there is no conversation to choose.']);
    assert.deepEqual((await sim.log()).map((entry) => entry.path), ['/v1/inboxes']);
  });

  it("names the command's action in the picker's title", async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors'); // no panel in front to act on
    // Nothing picked (cancelled): only the question's title is looked at.
    window.showQuickPick = async (_items: unknown, options?: unknown) => {
      titles.push((options as vscode.QuickPickOptions | undefined)?.title);
      return undefined;
    };
    for (const command of ['hiver.setStatus', 'hiver.assign', 'hiver.editTags', 'hiver.addNote', 'hiver.createSharedDraft', 'hiver.openInHiver', 'hiver.copyPermalink']) {
      await vscode.commands.executeCommand(command);
    }
    assert.deepEqual(titles, ['Set Conversation Status', 'Assign Conversation', 'Edit Conversation Tags', 'Add Note', 'Create Shared Draft', 'Open in Hiver', 'Copy Permalink']);
  });
});
