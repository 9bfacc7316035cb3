import * as vscode from 'vscode';

/** Context keys used in package.json `when` clauses. */
export const ContextKeys = {
  hasApiKey: 'hiver.hasApiKey',
  /** At least one inbox is watched: Stop Watching and Check Now apply. */
  watching: 'hiver.watching',
  /** The watched inboxes have conversations not opened yet: Mark All Seen applies. */
  hasNewConversations: 'hiver.hasNewConversations',
} as const;

export function setContext(key: (typeof ContextKeys)[keyof typeof ContextKeys], value: unknown): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}
