// Every QuickPick and InputBox of the extension opens here (lint keeps it so) and says when it
// opens and closes: the Inboxes view holds its redraws in between, for at most a second. A tree
// redraw that reaches VS Code with a quick input's opening, while the tree had focus, gives the
// focus back to the tree (1.100's `TreeView.doRefresh` reads its focus state before it has
// noticed the blur), and the quick input closes at once, as if the user had pressed Escape.
import * as vscode from 'vscode';

const opening = new vscode.EventEmitter<void>();
const closed = new vscode.EventEmitter<void>();

/** Fires just before one of the extension's quick inputs shows. */
export const onWillShowQuickInput = opening.event;
/** Fires once one of the extension's quick inputs has closed. */
export const onDidHideQuickInput = closed.event;

export function createQuickPick<T extends vscode.QuickPickItem>(): vscode.QuickPick<T> {
  const pick = vscode.window.createQuickPick<T>();
  const show = pick.show.bind(pick);
  pick.show = () => {
    opening.fire();
    show();
  };
  pick.onDidHide(() => closed.fire());
  return pick;
}

export function showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions & { canPickMany: true }): Thenable<T[] | undefined>;
export function showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[], options?: vscode.QuickPickOptions & { canPickMany?: false }): Thenable<T | undefined>;
export function showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[], options?: vscode.QuickPickOptions): Thenable<T | T[] | undefined> {
  opening.fire();
  return whenClosed(vscode.window.showQuickPick(items, options));
}

export function showInputBox(options: vscode.InputBoxOptions): Thenable<string | undefined> {
  opening.fire();
  return whenClosed(vscode.window.showInputBox(options));
}

function whenClosed<R>(answer: Thenable<R>): Promise<R> {
  return Promise.resolve(answer).finally(() => closed.fire());
}
