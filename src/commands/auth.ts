import * as vscode from 'vscode';
import { HiverSession } from '../session';
import { HiverAuthProvider } from '../auth/authProvider';
import { UnauthorizedError } from '../hiver/errors';
import { describeError, isCancellation } from '../common/errors';
import { logger } from '../common/logger';
import { messageText } from '../common/display';
import { askWarning, showError } from '../common/notify';

const log = logger('auth');

/**
 * "Set API Key" / "Remove API Key", the Accounts-menu provider, and the single
 * re-authentication prompt shown when Hiver starts refusing the saved key.
 */
export function registerAuth(context: vscode.ExtensionContext, session: HiverSession): void {
  const flow = new ApiKeyFlow(session);
  const provider = new HiverAuthProvider(session.keys, () => accountLabel(session), () => flow.run());
  context.subscriptions.push(
    provider,
    HiverAuthProvider.register(provider),
    vscode.commands.registerCommand('hiver.setApiKey', (key?: unknown) => flow.run(typeof key === 'string' ? key : undefined)),
    vscode.commands.registerCommand('hiver.removeApiKey', async () => {
      await session.keys.remove();
      log.info('API key removed');
    }),
    session.transport.onDidLog((line) => {
      // The client takes both for a refused key; Hiver's reason (e.g. a blacklisted key) comes along.
      if ((line.status === 401 || line.status === 403) && !flow.checking) void flow.promptAfterRejection(line.serverMessage);
    }),
  );
  // Without a key, ask quietly: this puts "Sign in with Hiver" in the Accounts menu.
  if (!session.keys.get()) void vscode.authentication.getSession('hiver', [], { createIfNone: false }).then(undefined, () => undefined);
}

function accountLabel(session: HiverSession): string {
  const host = safeHost(session.settings.apiBaseUrl);
  return host === 'api2.hiverhq.com' ? vscode.l10n.t('Hiver API key') : vscode.l10n.t('Hiver API key ({0})', host);
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

class ApiKeyFlow {
  /** True while a candidate key is being checked, so its 401 is not taken for the saved key's. */
  checking = false;
  private prompting = false;
  /** The saved key the user already declined to replace: don't ask again for it. */
  private declinedFor: string | undefined;

  constructor(private readonly session: HiverSession) {}

  /**
   * Asks for a key (unless given), checks it with one real request whose answer fills the
   * tree, and saves it only if Hiver accepts it. Resolves to the saved key, or undefined.
   * A rejected key is offered back in the input box so nothing typed is lost.
   */
  async run(given?: string): Promise<string | undefined> {
    let candidate = given?.trim();
    let problem: string | undefined;
    for (;;) {
      if (candidate === undefined || problem !== undefined) {
        if (given !== undefined && problem !== undefined) {
          // Scripted call (a test or another extension): report, don't prompt.
          void showError('{0}', problem);
          return undefined;
        }
        candidate = await this.askForKey(candidate, problem);
        if (candidate === undefined) return undefined;
      }
      problem = await this.check(candidate);
      if (problem === undefined) return candidate;
    }
  }

  async promptAfterRejection(reason: string | undefined): Promise<void> {
    const key = this.session.keys.get();
    if (!key || this.prompting || this.declinedFor === key) return;
    this.prompting = true;
    try {
      const setKey = vscode.l10n.t('Set API Key');
      const choice = reason
        ? await askWarning('Hiver did not accept the saved API key. Set a new key to keep working. ({0})', [reason], setKey)
        : await askWarning('Hiver did not accept the saved API key. Set a new key to keep working.', [], setKey);
      // Dismissed, or the key input cancelled: don't ask again for this key.
      const saved = choice === setKey ? await this.run() : undefined;
      if (saved === undefined) this.declinedFor = key;
    } finally {
      this.prompting = false;
    }
  }

  private askForKey(value: string | undefined, problem: string | undefined): Thenable<string | undefined> {
    return vscode.window
      .showInputBox({
        title: vscode.l10n.t('Hiver: Set API Key'),
        prompt: problem ?? vscode.l10n.t('Paste the API key a Hiver admin created (Admin Panel → API). It is kept only in VS Code\'s secret storage.'),
        placeHolder: vscode.l10n.t('Hiver API key'),
        password: true,
        ignoreFocusOut: true,
        value,
        validateInput: (text) => (text.trim() ? undefined : vscode.l10n.t('Enter the API key.')),
      })
      .then((text) => text?.trim());
  }

  /** Undefined when the key works (and is saved); otherwise why it was not saved. */
  private async check(key: string): Promise<string | undefined> {
    this.checking = true;
    try {
      const page = await vscode.window.withProgress(
        { location: { viewId: 'hiver.inboxes' }, title: vscode.l10n.t('Checking the Hiver API key…') },
        () => this.session.client.listInboxes({ limit: this.session.settings.pageSize }, { apiKey: key, priority: 'user' }),
      );
      await this.session.keys.set(key);
      this.session.model.seedInboxes(page);
      this.declinedFor = undefined;
      log.info('API key checked and saved');
      return undefined;
    } catch (error) {
      if (isCancellation(error)) return vscode.l10n.t('The check was cancelled; the key was not saved.');
      log.warn(`API key not saved: ${describeError(error)}`);
      if (error instanceof UnauthorizedError) {
        return vscode.l10n.t('Hiver rejected this key: {0}. Nothing was saved.', messageText(error.serverMessage ?? error.message));
      }
      return vscode.l10n.t('The key could not be checked: {0}. Nothing was saved.', messageText(describeError(error)));
    } finally {
      this.checking = false;
    }
  }
}
