// The inbox, user and tag detail panels, in the real extension host against the simulator:
// what they show, one panel per entity, the CSP, escaping of hostile names, restore after reload.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DetailView } from '../../src/panels/detailView';
import type { EntityRef } from '../../src/panels/panelRegistry';
import type { HiverExtensionApi } from '../../src/extension';
import type { InboxUser, Tag } from '../../src/hiver/models';
import { parseEntityRef, parseWebviewMessage } from '../../src/panels/protocol';
import { isHiverLink } from '../../src/common/permalinks';
import { safeCssColor } from '../../src/common/colors';
import { requestsTo, signIn, sim, waitFor } from './testUtils';
import { transportIdle } from './quiet';
import { collapseView } from './treeHelpers';

const HOSTILE_USER_ID = '450901';
const SCRIPT_TAG = '<script>alert(1)</script>';
const IMG_TAG = '<img src=x onerror=alert(1)>';

/** Open Hiver panel tabs, counted from VS Code's own tab model (not from our registry). */
function hiverPanelTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('hiver.details'));
}

describe('detail panels', function () {
  this.timeout(60_000);
  let api: HiverExtensionApi;

  /** Loads a group through the model until `id` is there (the tree would do the same). */
  async function loaded<T extends { id: string }>(kind: 'users' | 'tags', inboxId: string, id: string): Promise<T> {
    const ref = { kind, inboxId };
    await api.session.model.ensureLoaded(ref);
    while (!api.session.model.list(ref).get(id) && api.session.model.list(ref).hasMore) await api.session.model.loadNextPage(ref);
    const item = api.session.model.list(ref).get(id);
    assert.ok(item, `${kind} ${id} is not in inbox ${inboxId}`);
    return item as unknown as T;
  }

  /** Waits until the webview has drawn the data (asking it for its document). */
  async function renderedDom(ref: EntityRef, containing: string): Promise<string> {
    return waitFor(async () => {
      const dom = await api.panels.hostFor(ref)?.requestRendered();
      return dom?.includes(containing) ? dom : undefined;
    }, `the ${ref.kind} panel to render "${containing}"`);
  }

  function shown(ref: EntityRef): DetailView {
    const data = api.panels.hostFor(ref)?.data as DetailView | undefined;
    assert.ok(data, `no data shown for ${JSON.stringify(ref)}`);
    return data;
  }

  function fieldValue(view: DetailView, label: string): string | undefined {
    return view.sections.flatMap((s) => s.fields).find((f) => f.label === label)?.value;
  }

  before(async () => {
    await sim.reset();
    // An earlier suite may have left rows expanded: the key change below would re-read them,
    // and the tests here count requests and need inbox 105's users and tags not loaded.
    await collapseView();
    api = await signIn();
    await transportIdle(api);
    await api.session.model.ensureLoaded({ kind: 'inboxes' });
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('gives a panel tab an icon drawn light for dark themes and dark for light ones', async () => {
    const ref: EntityRef = { kind: 'inbox', inboxId: '103' };
    await api.panels.show(ref);
    const icon = api.panels.panelFor(ref)?.iconPath;
    assert.ok(icon && 'light' in icon && 'dark' in icon, 'one icon for every theme (an image draws currentColor black)');
    /** Relative luminance (0 black, 1 white) of the icon's stroke. */
    const strokeLuminance = async (uri: vscode.Uri) => {
      const svg = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const hex = /stroke="#([0-9a-f]{6})"/i.exec(svg)?.[1];
      assert.ok(hex, `${uri.path} strokes with a fixed colour`);
      const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    assert.ok((await strokeLuminance(icon.dark as vscode.Uri)) > 0.5, 'light strokes on a dark theme');
    assert.ok((await strokeLuminance(icon.light as vscode.Uri)) < 0.1, 'dark strokes on a light theme');
  });

  it('shows an inbox from the loaded data, with its dates, source user and lost-access warning, without a request', async () => {
    const ref: EntityRef = { kind: 'inbox', inboxId: '103' };
    const inbox = api.session.model.inbox('103');
    assert.ok(inbox?.createdAt, 'inbox 103 has no creation date');
    await sim.clearLog();
    await api.panels.show(ref);

    const view = shown(ref);
    assert.equal(view.heading, 'Billing');
    assert.equal(api.panels.panelFor(ref)?.title, 'Billing');
    assert.ok(view.warning, 'an inbox with is_authorised false shows a warning');
    assert.match(view.warning.detail, /admin must reconnect/);
    const created = fieldValue(view, 'Created');
    assert.ok(created && !/^\d+$/.test(created), `Created is not formatted for people: ${created}`);
    assert.ok(created.includes(String(new Date(inbox.createdAt).getFullYear())), `Created lacks the year: ${created}`);
    assert.equal(fieldValue(view, 'Email'), 'billing@acme.example');
    assert.ok(view.sections.some((s) => s.heading === 'Source user') === (inbox.sourceUser !== undefined));

    const dom = await renderedDom(ref, 'Billing');
    assert.ok(dom.includes('billing@acme.example'));
    assert.ok(dom.includes('class="warning"'), 'the warning is drawn');
    assert.equal((await requestsTo(/^\/v1\/inboxes/)).length, 0, 'the panel used the model, not the server');
  });

  it('sends its document to the host only when asked (the tests ask; normal use costs nothing)', async () => {
    const ref: EntityRef = { kind: 'inbox', inboxId: '101' };
    await api.panels.show(ref);
    const host = api.panels.hostFor(ref);
    assert.ok(host);
    const received: string[] = [];
    const listening = host.panel.webview.onDidReceiveMessage((m: { type?: string }) => void received.push(String(m.type)));
    try {
      await renderedDom(ref, 'Customer Support');
      const asked = received.filter((t) => t === 'rendered').length;
      host.show(shown(ref)); // draws again
      assert.ok(await host.requestRendered(), 'the webview answered');
      await new Promise((resolve) => setTimeout(resolve, 300)); // room for a stray report to arrive
      assert.equal(received.filter((t) => t === 'rendered').length, asked + 1, 'a render sent its document unasked');
    } finally {
      listening.dispose();
    }
  });

  it('shows a user with copy buttons for the email and id', async () => {
    const sample = (await sim.inbox('102')).users.find((u) => /^[A-Za-z]+$/.test(u.first_name));
    const user = await loaded<InboxUser>('users', '102', String(sample.id));
    const ref: EntityRef = { kind: 'user', inboxId: '102', id: user.id };
    await sim.clearLog();
    await api.panels.show(ref);

    const view = shown(ref);
    assert.equal(view.heading, `${user.firstName} ${user.lastName}`);
    assert.equal(view.subheading, user.email);
    assert.equal(fieldValue(view, 'Member of'), 'Sales');
    const copyable = view.sections.flatMap((s) => s.fields).filter((f) => f.copyAs).map((f) => f.value);
    assert.ok(copyable.includes(user.email) && copyable.includes(user.id), `copy buttons: ${copyable.join(', ')}`);

    const dom = await renderedDom(ref, user.email);
    assert.ok((dom.match(/<vscode-button[^>]*class="copy"/g) ?? []).length >= 2, 'copy buttons are vscode-elements buttons');
    assert.equal((await requestsTo(/^\/v1\//)).length, 0);
  });

  it('shows a tag with its colour swatch (hex only) and creation date', async () => {
    const sample = (await sim.inbox('102')).tags[0];
    const tag = await loaded<Tag>('tags', '102', String(sample.id));
    assert.match(tag.color ?? '', /^#[0-9a-f]{6}$/i);
    const ref: EntityRef = { kind: 'tag', inboxId: '102', id: tag.id };
    await api.panels.show(ref);

    const view = shown(ref);
    assert.equal(view.heading, tag.name);
    assert.equal(view.swatch, tag.color);
    assert.equal(view.sections[0].fields.find((f) => f.swatch)?.swatch, tag.color);
    assert.ok(fieldValue(view, 'Created'));
    const dom = await renderedDom(ref, tag.name);
    assert.ok(dom.includes(`--swatch: ${tag.color}`) || dom.includes(`--swatch:${tag.color}`), 'the swatch is drawn in the tag colour');
  });

  it('reveals the open panel when the same entity is shown again', async () => {
    const ref: EntityRef = { kind: 'inbox', inboxId: '101' };
    await api.panels.show(ref);
    const first = api.panels.panelFor(ref);
    await api.panels.show({ kind: 'inbox', inboxId: '102' });
    await api.panels.show(ref);
    assert.equal(api.panels.panelFor(ref), first, 'the same WebviewPanel');
    // The tab model follows the workbench asynchronously; wait for it, then it must stay at two.
    await waitFor(() => hiverPanelTabs().length >= 2, 'the panel tabs');
    assert.equal(hiverPanelTabs().length, 2, 'two entities, two tabs');
    await waitFor(() => first?.active, 'the existing panel to come to the front');
  });

  it('renders a strict CSP with a fresh nonce per render and no inline styles or scripts', async () => {
    const ref: EntityRef = { kind: 'inbox', inboxId: '105' };
    await api.panels.show(ref);
    const html = api.panels.renderedHtml(ref) ?? '';
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    assert.ok(csp, 'a CSP meta tag');
    assert.match(csp, /default-src 'none'/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce, 'scripts are allowed by nonce only');
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.ok(scripts.length > 0 && scripts.every((tag) => tag.includes(`nonce="${nonce}"`)), 'every script carries the nonce');
    assert.doesNotMatch(html, /style="/);

    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await api.panels.show(ref);
    const again = /script-src 'nonce-([^']+)'/.exec(api.panels.renderedHtml(ref) ?? '')?.[1];
    assert.ok(again && again !== nonce, 'a new panel gets a new nonce');
  });

  it('escapes hostile names from the API everywhere they are sent or drawn', async () => {
    const user = await loaded<InboxUser>('users', '101', HOSTILE_USER_ID);
    assert.equal(user.firstName, SCRIPT_TAG);
    const tags = (await sim.inbox('101')).tags.filter((t) => t.name === SCRIPT_TAG || t.name === IMG_TAG);
    assert.equal(tags.length, 2, 'the demo data has both hostile tag names');
    const refs: [EntityRef, string][] = [
      [{ kind: 'user', inboxId: '101', id: user.id }, user.email],
      [{ kind: 'inbox', inboxId: '104' }, 'partners@acme.example'],
      ...tags.map((t): [EntityRef, string] => [{ kind: 'tag', inboxId: '101', id: String(t.id) }, String(t.id)]),
    ];
    for (const t of tags) await loaded<Tag>('tags', '101', String(t.id));

    for (const [ref, marker] of refs) {
      await api.panels.show(ref);
      const html = api.panels.renderedHtml(ref) ?? '';
      assert.ok(!html.includes(SCRIPT_TAG) && !html.includes(IMG_TAG), `raw hostile markup in the HTML of ${ref.kind}`);
      // The data goes as JSON and is drawn as text: the document holds escaped text, no element.
      const heading = shown(ref).heading;
      assert.ok(heading.includes('<'), `the ${ref.kind} heading keeps its characters: ${heading}`);
      const dom = await renderedDom(ref, marker);
      assert.ok(!/<script|<img/i.test(dom), `a hostile name became an element in the ${ref.kind} panel`);
      assert.ok(dom.includes('&lt;script&gt;alert(1)&lt;/script&gt;') || dom.includes('&lt;img src=x onerror=alert(1)&gt;'), `the ${ref.kind} panel shows the name as text`);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  describe('restore after a window reload', () => {
    let disposed = false;
    async function restore(state: unknown): Promise<vscode.WebviewPanel> {
      const panel = vscode.window.createWebviewPanel('hiver.details', 'Restoring', vscode.ViewColumn.Active, {});
      disposed = false;
      panel.onDidDispose(() => (disposed = true));
      await api.panels.serializer.deserializeWebviewPanel(panel, state);
      return panel;
    }

    it('refills a panel from the model without a request', async () => {
      const tag = api.session.model.list({ kind: 'tags', inboxId: '102' }).items[0];
      const ref: EntityRef = { kind: 'tag', inboxId: '102', id: tag.id };
      await sim.clearLog();
      const panel = await restore({ ref });
      assert.equal(api.panels.panelFor(ref), panel, 'the restored panel is the entity panel');
      assert.equal(shown(ref).heading, tag.name);
      await renderedDom(ref, tag.name);
      assert.equal((await requestsTo(/^\/v1\//)).length, 0);
      await api.panels.show(ref);
      await waitFor(() => hiverPanelTabs().length >= 1, 'the panel tab');
      assert.equal(hiverPanelTabs().length, 1, 'showing it again reveals the restored panel');
    });

    it('asks the server once (search by the saved email) for a user the model does not hold', async () => {
      const wire = (await sim.inbox('105')).users.at(-1);
      const ref: EntityRef = { kind: 'user', inboxId: '105', id: String(wire.id) };
      assert.equal(api.session.model.list({ kind: 'users', inboxId: '105' }).get(ref.id), undefined);
      await sim.clearLog();
      await restore({ ref, data: { entity: { email: wire.email } } });

      assert.equal(shown(ref).subheading, wire.email);
      const requests = (await sim.log()).filter((e) => e.path.startsWith('/v1/'));
      assert.deepEqual(requests.map((e) => e.path), ['/v1/inboxes/105/users/search']);
      assert.equal(requests[0].query.email, wire.email);
      await renderedDom(ref, wire.email);
    });

    it('searches a tag by its saved name', async () => {
      const wire = (await sim.inbox('105')).tags[3];
      const ref: EntityRef = { kind: 'tag', inboxId: '105', id: String(wire.id) };
      await sim.clearLog();
      await restore({ ref, data: { entity: { name: wire.name } } });
      assert.equal(shown(ref).heading, wire.name);
      assert.deepEqual((await requestsTo(/^\/v1\//)).map((e) => e.path), ['/v1/inboxes/105/tags/search']);
    });

    it('shows why when the entity cannot be found, and closes a panel with no valid state', async () => {
      const ref: EntityRef = { kind: 'user', inboxId: '105', id: '999999999' };
      await restore({ ref });
      const host = api.panels.hostFor(ref);
      assert.ok(host?.error, 'the panel holds an error');
      assert.match(host.error, /999999999/);
      assert.equal(host.data, undefined);

      await restore({ ref: { kind: 'user', inboxId: '105' } });
      assert.ok(disposed, 'a panel whose state names no entity is closed');
    });
  });
});

describe('detail panel protocol', () => {
  it('accepts the common webview messages and refuses malformed ones', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready', extra: 1 }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'copy', text: 'a@b.example', what: 'email' }), { type: 'copy', text: 'a@b.example', what: 'email' });
    for (const bad of [null, 'ready', {}, { type: 7 }, { type: 'copy' }, { type: 'copy', text: 5 }, { type: 'copy', text: 'x'.repeat(100_001) },
      { type: 'openExternal', url: {} }, { type: 'rendered' }]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad)?.slice(0, 80));
    }
    // A kind's own message types pass through for the kind to validate.
    assert.deepEqual(parseWebviewMessage({ type: 'saveDraft', value: 'x' }), { type: 'saveDraft', value: 'x' });
  });

  it('restores only well-formed refs', () => {
    assert.deepEqual(parseEntityRef({ kind: 'user', inboxId: '101', id: '5', junk: true }), { kind: 'user', inboxId: '101', id: '5' });
    assert.deepEqual(parseEntityRef({ kind: 'inbox', inboxId: '101', id: '5' }), { kind: 'inbox', inboxId: '101' });
    for (const bad of [undefined, { kind: 'user', inboxId: '101' }, { kind: 'admin', inboxId: '1', id: '2' }, { kind: 'tag', inboxId: '', id: '2' }, { kind: 'tag', inboxId: 1, id: '2' }]) {
      assert.equal(parseEntityRef(bad), undefined, JSON.stringify(bad));
    }
  });

  it('opens only https links on Hiver (default port) and uses only hex colours', () => {
    assert.ok(isHiverLink('https://v2.hiverhq.com/permalinks/pvt/201c00fa'));
    assert.ok(isHiverLink('https://hiverhq.com/'));
    for (const bad of ['http://v2.hiverhq.com/x', 'https://hiverhq.com.evil.example/', 'https://evilhiverhq.com/', 'javascript:alert(1)', 'https://user:pw@v2.hiverhq.com/', 'https://v2.hiverhq.com:8443/x', 'not a url']) {
      assert.equal(isHiverLink(bad), false, bad);
    }
    assert.equal(safeCssColor('#ce93d8'), '#ce93d8');
    assert.equal(safeCssColor(' #FFF '), '#ffffff');
    for (const bad of ['red', '#ce93d8; background:url(x)', 'url(x)', '#12345', 42, undefined]) assert.equal(safeCssColor(bad), undefined, String(bad));
  });
});
