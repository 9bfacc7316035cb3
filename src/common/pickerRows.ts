// Rows for a single-select picker whose whole list changes while it is open (the find pickers
// rebuild theirs as the user types, and as a search answers).
import * as vscode from 'vscode';

/**
 * Returns a function that gives `picker` a new list of rows, so that an Enter or a highlight VS
 * Code sends for a row of a list it showed before can never be read as another row.
 *
 * VS Code (1.100) names a row by its index in the items the extension set, and the extension
 * host reads that index in the items it set last. Enter pressed just before a new list reaches
 * VS Code would choose whichever row took the index. So each list goes at indices that no list
 * VS Code may still show has used, after `spacer`s (empty separators, see `emptySeparator`);
 * such an index then reads as a spacer, or as nothing. A highlight on a row of the newest list
 * says VS Code shows it: the older lists' indices are free again, so while VS Code keeps up the
 * spacers stay fewer than twice the rows of the longest list.
 */
export function replaceRows<T extends vscode.QuickPickItem>(picker: vscode.QuickPick<T>, spacer: () => T): (rows: T[]) => void {
  /** Where the lists VS Code may still show sit, oldest first; the last is the list set last. */
  let showable: { start: number; end: number }[] = [];
  picker.onDidChangeActive((active) => {
    if (active.some((item) => !isSeparator(item))) showable = showable.slice(-1);
  });
  return (rows) => {
    const start = showable.every((list) => list.start >= rows.length) ? 0 : Math.max(...showable.map((list) => list.end));
    showable.push({ start, end: start + rows.length });
    picker.items = [...Array.from({ length: start }, spacer), ...rows];
  };
}

/**
 * The row Enter chose: VS Code sends it as the selection just before the accept. Not a row read
 * from a stale index (a spacer, or nothing), nor the selection of an earlier Enter, which the
 * extension host keeps when VS Code had no row highlighted this time (it is not in this list).
 */
export function chosenRow<T extends vscode.QuickPickItem>(picker: vscode.QuickPick<T>): T | undefined {
  const [row] = picker.selectedItems;
  return row && !isSeparator(row) && picker.items.includes(row) ? row : undefined;
}

/** A separator with no label. At the top of a list VS Code draws nothing for it: a slot no row holds, or a spacer. */
export function emptySeparator(): vscode.QuickPickItem & { kind: vscode.QuickPickItemKind.Separator } {
  return { label: '', kind: vscode.QuickPickItemKind.Separator };
}

/** A separator, which VS Code never highlights nor chooses: read from a stale index, it means none. */
export function isSeparator(item: vscode.QuickPickItem): boolean {
  return item.kind === vscode.QuickPickItemKind.Separator;
}
