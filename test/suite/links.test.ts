// Links open exactly what was checked: every tricky URL of test/fixtures/trickyUrls.ts is
// served by the simulator as a conversation's permalink and opened with "Open in Hiver", and
// sent by a (hostile) webview as an openExternal message. vscode.env.openExternal is stubbed
// to record the Uri VS Code would hand the operating system.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HiverExtensionApi } from '../../src/extension';
import type { EntityRef } from '../../src/panels/protocol';
import { TRICKY_URLS, type TrickyUrl } from '../fixtures/trickyUrls';
import { requestsTo, signIn, sim } from './testUtils';

// Billing: its 40 conversations hold two permalinks each, one slot per corpus entry.
const INBOX = '103';

interface Stubs {
  opened: vscode.Uri[];
  errors: string[];
  restore(): void;
}

function stubOpenAndErrors(): Stubs {
  const env = vscode.env as { openExternal: (uri: vscode.Uri) => Thenable<boolean> };
  const window = vscode.window as { showErrorMessage: (message: string) => Thenable<unknown> };
  const original = { openExternal: env.openExternal, showErrorMessage: window.showErrorMessage };
  const stubs: Stubs = {
    opened: [],
    errors: [],
    restore: () => {
      env.openExternal = original.openExternal;
      window.showErrorMessage = original.showErrorMessage;
    },
  };
  env.openExternal = (uri) => {
    stubs.opened.push(uri);
    return Promise.resolve(true);
  };
  window.showErrorMessage = (message) => {
    stubs.errors.push(message);
    return Promise.resolve(undefined);
  };
  return stubs;
}

/** What a browser reaches for the Uri: VS Code opens encodeURI(uri.toString(true)). */
function reachedHost(uri: vscode.Uri): string {
  return new URL(encodeURI(uri.toString(true))).host;
}

function assertOpenedAsChecked(entry: TrickyUrl, opened: vscode.Uri[]): void {
  const label = `${entry.why}: ${JSON.stringify(entry.url)}`;
  if (!entry.opens) {
    assert.deepEqual(opened.map(String), [], `nothing opened for ${label}`);
    return;
  }
  assert.equal(opened.length, 1, label);
  const host = new URL(entry.url).host;
  assert.equal(opened[0].scheme, 'https', label);
  assert.equal(opened[0].authority, host, label);
  assert.equal(reachedHost(opened[0]), host, label);
}

describe('links open exactly what was checked', function () {
  this.timeout(120_000);
  let api: HiverExtensionApi;
  let slots: { conversationId: string; which: 'private' | 'public'; entry: TrickyUrl }[] = [];
  const originals = new Map<string, { private_permalink: string; public_permalink: string }>();

  before(async () => {
    await sim.reset();
    api = await signIn();
    const conversations = (await sim.inbox(INBOX)).conversations as { id: number; private_permalink: string; public_permalink: string }[];
    assert.ok(conversations.length * 2 >= TRICKY_URLS.length, 'enough conversations for the corpus');
    slots = TRICKY_URLS.map((entry, i) => ({ conversationId: String(conversations[Math.floor(i / 2)].id), which: i % 2 === 0 ? 'private' : 'public', entry }));
    for (const c of conversations) originals.set(String(c.id), { private_permalink: c.private_permalink, public_permalink: c.public_permalink });
    for (const slot of slots) await sim.setPermalinks(slot.conversationId, { [`${slot.which}_permalink`]: slot.entry.url });
    // The permalinks arrive over HTTP, in the conversation list, as any API text does.
    const ref = { kind: 'conversations' as const, inboxId: INBOX };
    api.session.model.refresh(ref);
    await sim.clearLog();
    await api.session.model.loadAll(ref);
    assert.ok((await requestsTo(new RegExp(`^/v1/inboxes/${INBOX}/conversations$`))).length >= 1);
  });

  after(async () => {
    for (const [id, links] of originals) await sim.setPermalinks(id, links);
    api.session.model.refresh({ kind: 'conversations', inboxId: INBOX });
  });

  it('"Open in Hiver" opens each permalink only if it passes, at the host that was checked', async () => {
    for (const { conversationId, which, entry } of slots) {
      const stubs = stubOpenAndErrors();
      let result: { ok: boolean } | undefined;
      try {
        result = await vscode.commands.executeCommand<{ ok: boolean }>('hiver.openInHiver', { inboxId: INBOX, conversationId }, which);
      } finally {
        stubs.restore();
      }
      assertOpenedAsChecked(entry, stubs.opened);
      assert.equal(result?.ok, entry.opens, entry.why);
      // A refused link is said, never shown: the message names no part of it.
      if (!entry.opens && entry.url) assert.deepEqual(stubs.errors, ['Not opened: this link is not an https link on hiverhq.com.'], entry.why);
    }
  });

  it('"Copy Permalink" and "Open in Hiver" say when a conversation has no permalink', async () => {
    const none = slots.find((slot) => slot.entry.url === '');
    assert.ok(none, 'the corpus has a conversation without a permalink');
    for (const command of ['hiver.copyPermalink', 'hiver.openInHiver']) {
      const stubs = stubOpenAndErrors();
      let result: { ok: boolean } | undefined;
      try {
        result = await vscode.commands.executeCommand<{ ok: boolean }>(command, { inboxId: INBOX, conversationId: none.conversationId }, none.which);
      } finally {
        stubs.restore();
      }
      assert.equal(result?.ok, false, command);
      assert.deepEqual(stubs.errors, ['This conversation has no permalink.'], command);
      assert.deepEqual(stubs.opened, [], command);
    }
  });

  it('"Open in Hiver" declined at VS Code\'s own question is a cancel, not an error', async () => {
    const passing = slots.find((slot) => slot.entry.opens)!;
    const stubs = stubOpenAndErrors();
    const env = vscode.env as { openExternal: (uri: vscode.Uri) => Thenable<boolean> };
    // What VS Code answers when the user chooses Cancel in "Do you want to open the external website?".
    env.openExternal = (uri) => (stubs.opened.push(uri), Promise.resolve(false));
    let result: unknown;
    try {
      result = await vscode.commands.executeCommand('hiver.openInHiver', { inboxId: INBOX, conversationId: passing.conversationId }, passing.which);
    } finally {
      stubs.restore();
    }
    assert.equal(stubs.opened.length, 1, 'VS Code was asked to open it');
    assert.deepEqual(result, { ok: false, cancelled: true }, 'a panel shows no error for a cancel');
    assert.deepEqual(stubs.errors, []);
  });

  it('a webview asking to open a link gets it opened only if it passes, at the host that was checked', async () => {
    const ref: EntityRef = { kind: 'inbox', inboxId: INBOX };
    await api.panels.show(ref, { preserveFocus: true });
    const host = api.panels.hostFor(ref);
    assert.ok(host, 'the panel is open');
    try {
      for (const entry of TRICKY_URLS) {
        const stubs = stubOpenAndErrors();
        try {
          await host.receive({ type: 'openExternal', url: entry.url });
        } finally {
          stubs.restore();
        }
        assertOpenedAsChecked(entry, stubs.opened);
        assert.deepEqual(stubs.errors, [], 'a webview refusal is only logged');
      }
    } finally {
      host.panel.dispose();
    }
  });
});
