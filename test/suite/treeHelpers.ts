// Helpers for the tree suites: walk the real provider by row ids and read what a row shows.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HiverExtensionApi } from '../../src/extension';
import type { TreeNode } from '../../src/tree/nodes';
import { requestsTo, type SimLogEntry } from './testUtils';

export type Provider = HiverExtensionApi['tree']['provider'];

export async function children(provider: Provider, node?: TreeNode): Promise<TreeNode[]> {
  return provider.getChildren(node);
}

export async function treeItem(provider: Provider, node: TreeNode): Promise<vscode.TreeItem> {
  return provider.getTreeItem(node);
}

export function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

/** The child whose id ends with `/<suffix>` (e.g. `users`, `~loadMore`, `456`). */
export async function child(provider: Provider, parent: TreeNode | undefined, suffix: string): Promise<TreeNode> {
  const rows = await children(provider, parent);
  const found = rows.find((row) => row.id.endsWith(`/${suffix}`) || row.id === suffix);
  assert.ok(found, `no row …/${suffix} under ${parent?.id ?? 'the root'}; rows: ${rows.map((r) => r.id).join(', ')}`);
  return found;
}

/** The group row `inbox/<id>/<kind>`. */
export async function group(provider: Provider, inboxId: string, kind: 'users' | 'tags' | 'conversations'): Promise<TreeNode> {
  const inbox = await child(provider, undefined, `inbox/${inboxId}`);
  return child(provider, inbox, kind);
}

/** Rows that stand for entities (not Load more / Load all / messages / errors). */
export function entityRows(rows: TreeNode[]): TreeNode[] {
  return rows.filter((row) => !row.id.split('/').pop()!.startsWith('~'));
}

export function pagingRows(rows: TreeNode[]): string[] {
  return rows.filter((row) => row.id.split('/').pop()!.startsWith('~')).map((row) => row.id.split('/').pop()!);
}

/** Collapses every row of the real view, so VS Code does not refetch what a test refreshes. */
export async function collapseView(): Promise<void> {
  await vscode.commands.executeCommand('workbench.actions.treeView.hiver.inboxes.collapseAll').then(undefined, () => undefined);
}

export async function setSetting(name: string, value: unknown, ready: () => boolean): Promise<void> {
  await vscode.workspace.getConfiguration('hiver').update(name, value, vscode.ConfigurationTarget.Global);
  const deadline = Date.now() + 5000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`setting hiver.${name} did not take effect`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Requests the simulator answered (not refused with 429): what a click cost. A 429 refused by
 * the strict simulator is the transport's pacing business and is retried by it, so it is left out.
 */
export async function answered(pathPattern: RegExp): Promise<SimLogEntry[]> {
  return (await requestsTo(pathPattern)).filter((entry) => entry.status !== 429);
}

/** Records the rows the provider asks VS Code to redraw, from now until `dispose`. */
export function recordRedraws(provider: Provider): { nodes(): (TreeNode | undefined)[]; ids(): string[]; firstAt(node: TreeNode): number | undefined; dispose(): void } {
  const events: { at: number; event: TreeNode | TreeNode[] | undefined | null | void }[] = [];
  const subscription = provider.onDidChangeTreeData!((event) => events.push({ at: Date.now(), event }));
  const rowsOf = (event: TreeNode | TreeNode[] | undefined | null | void) => (Array.isArray(event) ? event : [event ?? undefined]);
  const nodes = () => events.flatMap(({ event }) => rowsOf(event));
  return {
    nodes,
    /** Each redrawn row's id; "the whole tree" for a redraw of everything. */
    ids: () => nodes().map((node) => node?.id ?? 'the whole tree'),
    /** When `node` was first redrawn (Date.now()), if it was. */
    firstAt: (node) => events.find(({ event }) => rowsOf(event).includes(node))?.at,
    dispose: () => subscription.dispose(),
  };
}
