// The command-palette search and navigation: Find User by Email, Find Tag by Name,
// Go to Inbox and Go to Conversation. What they do (search/searchCommands.ts) and the pickers
// and lookups in src/search/ load with the first of them (lazyFeatures.ts).
//
// Each command also takes an argument, for scripts and the in-host tests: then it shows no
// picker and resolves with what it found (see FindArgs / GoToConversationResult).
import * as vscode from 'vscode';
import type { HiverSession } from '../session';
import type { InboxTree } from '../tree/inboxTree';
import type { DetailPanels } from '../panels/panelRegistry';
import type { SearchCommands } from '../search/searchCommands';
import { features } from '../lazyFeatures';

export type { FindArgs, FindResult } from '../search/searchCommands';

export function registerSearch(context: vscode.ExtensionContext, session: HiverSession, tree: InboxTree, panels: DetailPanels): void {
  let commands: SearchCommands | undefined;
  const run = (name: keyof SearchCommands) => (arg?: unknown) => (commands ??= features().searchCommands(session, tree, (ref) => panels.show(ref)))[name](arg);
  context.subscriptions.push(
    vscode.commands.registerCommand('hiver.findUser', run('findUser')),
    vscode.commands.registerCommand('hiver.findTag', run('findTag')),
    vscode.commands.registerCommand('hiver.goToInbox', run('goToInbox')),
    vscode.commands.registerCommand('hiver.goToConversation', run('goToConversation')),
  );
}
