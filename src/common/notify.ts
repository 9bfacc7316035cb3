// The one door for notifications and status bar messages. A notification turns
// `[label](https:…|command:…|file:…)` into a link (a command: link runs a command) and status
// bar text renders `$(icon)`, so text from outside the user's hands (names, Hiver's error
// messages, a webview's values) must never reach them raw. Each message is a constant l10n
// template whose arguments are escaped here. eslint.config.mjs keeps it the only door: no
// window.show*Message or setStatusBarMessage elsewhere in src, and the template must be a
// string literal, so API text can only come in as an (escaped) argument.
import * as vscode from 'vscode';
import { messageText, statusBarText } from './display';

export type MessageArg = string | number;

/** The template with its arguments as plain text; no link can form anywhere in the result. */
export function notificationText(template: string, args: readonly MessageArg[]): string {
  const text = vscode.l10n.t(template, ...args.map((arg) => (typeof arg === 'string' ? messageText(arg) : arg)));
  // Two arguments side by side could still make "[x]" + "(command:…)": break any join too.
  return text.replace(/\]\(/g, '] (');
}

export function showInfo(template: string, ...args: MessageArg[]): Thenable<string | undefined> {
  return vscode.window.showInformationMessage(notificationText(template, args));
}

export function showWarning(template: string, ...args: MessageArg[]): Thenable<string | undefined> {
  return vscode.window.showWarningMessage(notificationText(template, args));
}

export function showError(template: string, ...args: MessageArg[]): Thenable<string | undefined> {
  return vscode.window.showErrorMessage(notificationText(template, args));
}

/** A warning with buttons (the buttons are the extension's own words); resolves with the one chosen. */
export function askWarning<T extends string>(template: string, args: readonly MessageArg[], ...choices: T[]): Thenable<T | undefined> {
  return vscode.window.showWarningMessage(notificationText(template, args), ...choices);
}

/** Information with buttons (the extension's own words); resolves with the one chosen. */
export function askInfo<T extends string>(template: string, args: readonly MessageArg[], ...choices: T[]): Thenable<T | undefined> {
  return vscode.window.showInformationMessage(notificationText(template, args), ...choices);
}

/** A modal question before a step that cannot be undone; true only if `action` was chosen. */
export async function confirmModal(template: string, args: readonly MessageArg[], detail: string, action: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(notificationText(template, args), { modal: true, detail }, action)) === action;
}

/** Status bar text: the template with its arguments on one short line that cannot render icons. */
function statusMessage(template: string, args: readonly MessageArg[]): string {
  return vscode.l10n.t(template, ...args.map((arg) => (typeof arg === 'string' ? statusBarText(arg) : arg)));
}

/** A passing status bar message. */
export function showStatus(template: string, args: readonly MessageArg[], hideAfterMs: number): vscode.Disposable {
  return vscode.window.setStatusBarMessage(statusMessage(template, args), hideAfterMs);
}

/** Work in progress, shown in the status bar (its title renders `$(icon)` as a message does). */
export function statusProgress<T>(template: string, args: readonly MessageArg[], work: () => Promise<T>): Promise<T> {
  return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: statusMessage(template, args) }, work));
}
