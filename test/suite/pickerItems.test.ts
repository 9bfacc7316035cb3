// Pickers whose items grow while they are open (members loading page by page): the row the user
// highlighted stays highlighted, typing that raced new items still leaves the first match
// highlighted, and Enter with nothing highlighted leaves the picker open with what was typed.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HiverExtensionApi } from '../../src/extension';
import { itemsKeepingHighlight, pickMember } from '../../src/conversations/pickers';
import { signIn, sim, waitFor } from './testUtils';

type Item = vscode.QuickPickItem & { id: string };

const item = (id: string): Item => ({ label: id, id });
/**
 * Presses Enter in the open picker. The extension host sends a picker's changes on a zero timer;
 * a command sent after that timer reaches VS Code after them.
 */
async function accept(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
}

/** A picker over `ids` (which the test may grow) and the rows accepted, as VS Code picked them. */
function openPicker(ids: string[]) {
  const picker = vscode.window.createQuickPick<Item>();
  const update = itemsKeepingHighlight(picker, () => ids.map(item), (a, b) => a.id === b.id);
  const accepted: string[][] = [];
  picker.onDidAccept(() => accepted.push(picker.selectedItems.map((i) => i.id)));
  update();
  picker.show();
  return { picker, update, accepted };
}

describe('pickers whose items grow while open', function () {
  this.timeout(60_000);
  let api: HiverExtensionApi;

  before(async () => {
    await sim.reset();
    api = await signIn();
  });

  afterEach(() => vscode.commands.executeCommand('workbench.action.closeQuickOpen'));

  it('keeps the highlighted row when new items arrive', async () => {
    const ids = ['anna', 'bert', 'carl'];
    const { picker, update, accepted } = openPicker(ids);
    await waitFor(() => picker.activeItems[0]?.id === 'anna', 'the first row to be highlighted');
    await vscode.commands.executeCommand('quickInput.next'); // the Down key
    await waitFor(() => picker.activeItems[0]?.id === 'bert', 'the second row to be highlighted');
    ids.push('dora', 'emil');
    update();
    await accept();
    await waitFor(() => accepted.length === 1, 'the accept');
    assert.deepEqual(accepted[0], ['bert'], 'the highlighted row, not the first, is chosen');
    picker.dispose();
  });

  it('highlights the first match when what was typed hid the kept row as new items arrived', async () => {
    // The race of a user typing as a page arrives: VS Code filters by the new text first, then
    // takes the new items with the old highlighted row, which the text now hides.
    const ids = ['anna', 'bert'];
    const { picker, update, accepted } = openPicker(ids);
    await waitFor(() => picker.activeItems[0]?.id === 'anna', 'the first row to be highlighted');
    const typed = new Promise((resolve) => picker.onDidChangeValue(resolve));
    picker.value = 'carl';
    ids.push('carl');
    update();
    await typed; // VS Code has filtered, then taken the new items
    await accept();
    await waitFor(() => accepted.length === 1, 'the accept');
    assert.deepEqual(accepted[0], ['carl']);
    picker.dispose();
  });

  it('leaves a member picker open with what was typed when Enter finds no row', async () => {
    // Customer Support's last member is on its second page, loaded while the picker is open.
    const inboxId = '101';
    const last = ((await sim.inbox(inboxId)).users as { id: string; email: string }[]).at(-1)!;
    api.session.model.clear();
    await api.session.model.ensureLoaded({ kind: 'users', inboxId });
    const window = vscode.window as { createQuickPick: typeof vscode.window.createQuickPick };
    const create = window.createQuickPick;
    const pickers: vscode.QuickPick<vscode.QuickPickItem>[] = [];
    window.createQuickPick = <T extends vscode.QuickPickItem>() => {
      const picker = create<T>();
      pickers.push(picker as unknown as vscode.QuickPick<vscode.QuickPickItem>);
      return picker;
    };
    let chosen: Promise<string | undefined>;
    try {
      chosen = pickMember(api.session, inboxId, 'Choose Who I Am', undefined);
    } finally {
      window.createQuickPick = create;
    }
    const [picker] = pickers;
    let settled = false;
    void chosen.then(() => (settled = true));
    await waitFor(() => picker.activeItems.length > 0, 'the first row to be highlighted');
    picker.value = 'nobody by this name';
    await waitFor(() => picker.activeItems.length === 0, 'no row to be highlighted');
    const accepted = new Promise((resolve) => picker.onDidAccept(resolve));
    await accept();
    await accepted;
    await new Promise((resolve) => setImmediate(resolve)); // what the accept would have settled
    assert.equal(settled, false, 'Enter on no row left the picker open');
    assert.equal(picker.value, 'nobody by this name', 'with what was typed');

    picker.value = last.email;
    await waitFor(() => picker.activeItems[0]?.description === last.email, 'the member from the second page to be highlighted');
    await accept();
    assert.equal(await chosen, last.id);
  });
});
