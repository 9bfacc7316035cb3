import * as vscode from 'vscode';
import { HiverSession } from './session';
import { registerAuth } from './commands/auth';
import { registerGeneralCommands } from './commands/general';
import { registerStatusBar } from './status/statusBar';
import { registerPanels } from './panels/panelRegistry';
import { registerTree } from './tree/treeCommands';
import { registerSearch } from './commands/search';
import { registerConversationCommands } from './commands/conversationCommands';
import { registerWatch, watchStatusLine } from './watch/registerWatch';

/** What activate() returns: the extension-host tests drive the real objects through it. */
export interface HiverExtensionApi {
  session: HiverSession;
  tree: ReturnType<typeof registerTree>;
  panels: ReturnType<typeof registerPanels>;
  /** The Accounts-menu provider, as VS Code calls it for other extensions. */
  auth: ReturnType<typeof registerAuth>;
  watch: ReturnType<typeof registerWatch>;
}

export async function activate(context: vscode.ExtensionContext): Promise<HiverExtensionApi> {
  const session = await HiverSession.create(context);
  context.subscriptions.push(session);
  registerGeneralCommands(context);
  const auth = registerAuth(context, session);
  const statusBar = registerStatusBar(context, session);
  const panels = registerPanels(context, session);
  const tree = registerTree(context, session, panels);
  registerSearch(context, session, tree, panels);
  registerConversationCommands(context, session, panels);
  const watch = registerWatch(context, session, tree, panels);
  statusBar.addLine(() => watchStatusLine(watch), watch.onDidChangeStatus);
  return { session, tree, panels, auth, watch };
}

export function deactivate(): void {}
