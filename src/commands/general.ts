import * as vscode from 'vscode';
import { logChannel } from '../common/logger';

/** Show Log and Open Settings: small commands every view offers. */
export function registerGeneralCommands(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('hiver.showLog', () => logChannel().show(true)),
    vscode.commands.registerCommand('hiver.openSettings', () =>
      vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${context.extension.id}`),
    ),
  );
}
