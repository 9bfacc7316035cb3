// The lint rules that keep outside text going through its two doors (eslint.config.mjs):
// ESLint's own API runs the project config on small snippets placed in src.
import assert from 'node:assert/strict';
import path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function restricted(code: string, file = 'src/example.ts'): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

describe('lint: the doors for API text', function () {
  this.timeout(60_000);

  it('flags window.show*Message and setStatusBarMessage outside notify.ts, however the message is built', async () => {
    const code = [
      "import * as vscode from 'vscode';",
      'export function f(name: string): void {',
      '  void vscode.window.showWarningMessage(`Tag ${name} is gone`);',
      "  void vscode.window.showErrorMessage('Could not load ' + name);",
      "  void vscode.window.showInformationMessage(vscode.l10n.t('Hi {0}', name));",
      "  vscode.window.setStatusBarMessage(name, 3000);",
      '}',
    ].join('\n');
    const messages = await restricted(code);
    assert.equal(messages.length, 4, messages.join('\n'));
    for (const message of messages) assert.match(message, /src\/common\/notify\.ts/);
  });

  it('flags a notify call whose template is not a string literal', async () => {
    const code = [
      "import * as vscode from 'vscode';",
      "import { askWarning, confirmModal, showError, showStatus, showWarning, statusProgress } from './common/notify';",
      'export function f(name: string, error: string): void {',
      '  void showWarning(`Tag ${name} is gone`);',
      "  void showError('Could not load ' + name);",
      "  void showError(vscode.l10n.t('Could not: {0}', error));",
      '  void askWarning(name, [], "OK");',
      '  void confirmModal(name, [], "", "OK");',
      '  showStatus(name, [], 3000);',
      '  void statusProgress(name, [], async () => undefined);',
      "  void showError('Could not: {0}', error);",
      "  void showWarning('Tag \"{0}\" is gone', name);",
      '}',
    ].join('\n');
    const messages = await restricted(code);
    assert.equal(messages.length, 7, messages.join('\n'));
    for (const message of messages) assert.match(message, /string literal/);
  });

  it('flags env.openExternal outside openLink.ts', async () => {
    const code = ["import * as vscode from 'vscode';", "export const open = (url: string) => vscode.env.openExternal(vscode.Uri.parse(url));"].join('\n');
    const messages = await restricted(code);
    assert.equal(messages.length, 1);
    assert.match(messages[0], /openHiverLink/);
  });

  it('flags an async event listener, whose rejection nobody would handle', async () => {
    const code = [
      "import * as vscode from 'vscode';",
      'export function f(secrets: vscode.SecretStorage, e: vscode.EventEmitter<void>): void {',
      '  secrets.onDidChange(async () => { await secrets.get("k"); });',
      '  e.event(async function () { await secrets.get("k"); });',
      '  vscode.workspace.onDidChangeConfiguration(async function () { await secrets.get("k"); });',
      '  secrets.onDidChange(() => undefined);',
      '}',
    ].join('\n');
    const messages = await restricted(code);
    assert.equal(messages.length, 2, messages.join('\n'));
    for (const message of messages) assert.match(message, /inBackground/);
  });

  it('lets the doors themselves call VS Code, and the tests stub it', async () => {
    assert.deepEqual(await restricted("import * as vscode from 'vscode';\nexport const f = (t: string) => vscode.window.showErrorMessage(t);", 'src/common/notify.ts'), []);
    assert.deepEqual(await restricted("import * as vscode from 'vscode';\nexport const f = (u: vscode.Uri) => vscode.env.openExternal(u);", 'src/conversations/openLink.ts'), []);
    assert.deepEqual(await restricted("import * as vscode from 'vscode';\nexport const f = (t: string) => vscode.window.showErrorMessage(t);", 'test/suite/example.test.ts'), []);
  });
});
