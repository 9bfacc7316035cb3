import * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // Wired up feature by feature; see the commands/, tree/ and panels/ folders.
}

export function deactivate(): void {}
