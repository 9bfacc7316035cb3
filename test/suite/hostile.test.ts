// The simulator's 'hostile' dataset in the real extension host: every row of the tree gets a
// unique id (API ids such as "~loadMore", "x/users" or an inbox "101/users" cannot forge a row),
// labels are cut and free of bidi controls, and the full text stays in the tooltip.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HiverExtensionApi } from '../../src/extension';
import type { TreeNode } from '../../src/tree/nodes';
import { LONG_10K } from '../simulator/hostileStrings';
import { signIn, sim } from './testUtils';
import { children, collapseView, labelOf, treeItem, type Provider } from './treeHelpers';

const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;

describe('hostile data: tree', function () {
  this.timeout(90_000);
  let api: HiverExtensionApi;
  let provider: Provider;

  before(async () => {
    await sim.configure({ dataset: 'hostile' });
    await sim.reset();
    api = await signIn();
    provider = api.tree.provider;
    await collapseView();
    api.session.model.clear();
  });

  after(async () => {
    await sim.configure({ dataset: 'demo' });
    await sim.reset();
    api.session.model.clear();
    api.tree.provider.refreshList(undefined);
  });

  /** Every row of the tree, every level expanded (the hostile lists fit in one page). */
  async function allRows(node?: TreeNode): Promise<TreeNode[]> {
    const rows = await children(provider, node);
    const below = await Promise.all(rows.map((row) => allRows(row)));
    return [...rows, ...below.flat()];
  }

  it('gives every row a unique id, the id VS Code gets, however the API ids look', async () => {
    const rows = await allRows();
    const state = (await (await fetch(`${process.env.HIVER_SIM_ORIGIN}/__sim/state`)).json()) as {
      inboxes: { id: string }[];
      users: Record<string, unknown[]>;
      tags: Record<string, unknown[]>;
      conversations: unknown[];
    };
    const entities = state.inboxes.length * 4 + Object.values(state.users).flat().length + Object.values(state.tags).flat().length + state.conversations.length;
    assert.equal(rows.length, entities, 'a row per inbox, group, user, tag and conversation, and no error row');
    const ids = rows.map((row) => row.id);
    assert.equal(new Set(ids).size, ids.length, `duplicate ids: ${ids.filter((id, i) => ids.indexOf(id) !== i).join(', ')}`);
    for (const row of rows) assert.equal((await treeItem(provider, row)).id, row.id);
    // The ids that were the trap: a tag "~loadMore" is not the Load more row of its group.
    assert.ok(!ids.some((id) => /\/~loadMore$/.test(id)), 'no API id produced a built-in row id');
  });

  it('shows labels cut to 200 characters without bidi controls, the full text in the tooltip', async () => {
    const items = await Promise.all((await allRows()).map((row) => treeItem(provider, row)));
    for (const item of items) {
      const label = labelOf(item);
      assert.ok(label.length <= 200, `label of ${item.id} has ${label.length} characters`);
      assert.doesNotMatch(label, BIDI_CONTROLS, `label of ${item.id}`);
      assert.ok(String(item.description ?? '').length <= 200 + 20, `description of ${item.id}`);
    }
    const longLabels = items.filter((item) => labelOf(item).endsWith('…'));
    assert.ok(longLabels.length > 0, 'the 10,000-character names were cut');
    for (const item of longLabels) {
      const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip);
      assert.ok(tooltip.includes(LONG_10K) || tooltip.includes(labelOf(item).slice(0, -1)), `the tooltip of ${item.id} keeps the text`);
    }
    assert.ok(items.some((item) => String(item.tooltip).includes(LONG_10K)), 'a tooltip holds the whole 10,000 characters');
  });
});
