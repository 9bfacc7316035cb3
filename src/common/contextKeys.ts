import * as vscode from 'vscode';

/** Context keys used in package.json `when` clauses. */
export const ContextKeys = {
  hasApiKey: 'hiver.hasApiKey',
} as const;

export function setContext(key: (typeof ContextKeys)[keyof typeof ContextKeys], value: unknown): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}
