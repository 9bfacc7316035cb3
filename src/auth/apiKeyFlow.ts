// Set API Key: asks for a key, checks it with one request and saves it only if Hiver accepts
// it; and the one prompt shown when Hiver starts refusing the saved key. Loaded with the first
// of them (lazyFeatures.ts).
import * as vscode from 'vscode';
import { showInputBox } from '../common/quickInputs';
import type { HiverSession } from '../session';
import { BaseUrlError, UnauthorizedError } from '../hiver/errors';
import { asSentence } from '../hiver/failures';
import { checkBaseUrl } from '../hiver/baseUrl';
import { KeyNotSavedError } from './apiKeyStore';
import { parseApiKey } from './apiKeyFormat';
import { describeError, isCancellation } from '../common/errors';
import { logger } from '../common/logger';
import { messageText } from '../common/display';
import { askWarning, showError } from '../common/notify';

const log = logger('auth');

/** The operation named when the API URL is refused before a key check. */
const KEY_CHECK = 'the API key check';

/** Why a key was not saved, and whether asking for another key could help. */
interface CheckProblem {
  message: string;
  /** True when another key cannot help (storage failed, the API URL is refused): stop asking. */
  final: boolean;
}

/** Set API Key. Exported for the tests, which run it over a session whose secret storage fails. */
export class ApiKeyFlow {
  /** True while a candidate key is being checked, so its 401 is not taken for the saved key's. */
  checking = false;
  private prompting = false;
  /** The saved key the user already declined to replace: don't ask again for it. */
  private declinedFor: string | undefined;

  constructor(private readonly session: HiverSession) {}

  /**
   * Asks for a key (unless given), checks it with one real request whose answer fills the
   * tree, and saves it only if Hiver accepts it. Resolves to the saved key, or undefined.
   * A rejected key is offered back in the input box so nothing typed is lost. A malformed
   * key or a refused API URL stops before any request.
   */
  async run(given?: string): Promise<string | undefined> {
    const refusedUrl = this.refusedUrl();
    if (refusedUrl) {
      void showError('{0}', refusedUrl.message);
      return undefined;
    }
    let candidate: string | undefined;
    if (given !== undefined) {
      // Scripted call (a test or another extension): report, don't prompt.
      const parsed = parseApiKey(given);
      if ('problem' in parsed) {
        void showError('{0}', parsed.problem);
        return undefined;
      }
      candidate = parsed.key;
    }
    let previous: string | undefined;
    let problem: string | undefined;
    for (;;) {
      candidate ??= await this.askForKey(previous, problem);
      if (candidate === undefined) return undefined;
      const outcome = await this.check(candidate);
      if (outcome === undefined) return candidate;
      if (given !== undefined || outcome.final) {
        void showError('{0}', outcome.message);
        return undefined;
      }
      [previous, problem, candidate] = [candidate, outcome.message, undefined];
    }
  }

  async promptAfterRejection(status: number, reason: string | undefined): Promise<void> {
    const key = this.session.keys.get();
    if (!key || this.prompting || this.declinedFor === key) return;
    this.prompting = true;
    try {
      const setKey = vscode.l10n.t('Set API Key');
      // A 403 can also be a temporary block after too many requests (API.md): a new key is not the only way out.
      const choice =
        status === 403
          ? reason
            ? await askWarning('Hiver refused the saved API key (HTTP 403): it may be revoked, or blocked for a while after too many requests. Wait and try again, or set a new key. ({0})', [reason], setKey)
            : await askWarning('Hiver refused the saved API key (HTTP 403): it may be revoked, or blocked for a while after too many requests. Wait and try again, or set a new key.', [], setKey)
          : reason
            ? await askWarning('Hiver did not accept the saved API key. Set a new key to keep working. ({0})', [reason], setKey)
            : await askWarning('Hiver did not accept the saved API key. Set a new key to keep working.', [], setKey);
      // Dismissed, or the key input cancelled: don't ask again for this key.
      const saved = choice === setKey ? await this.run() : undefined;
      if (saved === undefined) this.declinedFor = key;
    } finally {
      this.prompting = false;
    }
  }

  private async askForKey(value: string | undefined, problem: string | undefined): Promise<string | undefined> {
    const text = await showInputBox({
      title: vscode.l10n.t('Hiver: Set API Key'),
      prompt: problem ?? vscode.l10n.t('Paste the API key a Hiver admin created (Admin Panel → API). It is kept only in VS Code\'s secret storage.'),
      placeHolder: vscode.l10n.t('Hiver API key'),
      password: true,
      ignoreFocusOut: true,
      value,
      validateInput: (input) => {
        const parsed = parseApiKey(input);
        return 'problem' in parsed ? parsed.problem : undefined;
      },
    });
    if (text === undefined) return undefined;
    const parsed = parseApiKey(text);
    return 'key' in parsed ? parsed.key : undefined;
  }

  /** The refusal of the API URL setting (not https off this computer), if it is refused. */
  private refusedUrl(): BaseUrlError | undefined {
    try {
      checkBaseUrl(this.session.settings.apiBaseUrl, KEY_CHECK);
      return undefined;
    } catch (error) {
      if (error instanceof BaseUrlError) return error;
      throw error;
    }
  }

  /** Undefined when the key works (and is saved); otherwise why it was not saved. */
  private async check(key: string): Promise<CheckProblem | undefined> {
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
      if (isCancellation(error)) return { message: vscode.l10n.t('The check was cancelled; the key was not saved.'), final: false };
      log.warn(`API key not saved: ${describeError(error)}`);
      if (error instanceof KeyNotSavedError || error instanceof BaseUrlError) return { message: messageText(error.message), final: true };
      // The reasons are whole sentences already: each gets exactly one full stop.
      if (error instanceof UnauthorizedError) {
        const rejected = error.serverMessage
          ? vscode.l10n.t('Hiver rejected this key: {0} Nothing was saved.', asSentence(messageText(error.serverMessage)))
          : vscode.l10n.t('Hiver rejected this key (HTTP {0}). Nothing was saved.', error.status ?? 401);
        return { message: rejected, final: false };
      }
      return { message: vscode.l10n.t('The key could not be checked: {0} Nothing was saved.', asSentence(messageText(describeError(error)))), final: false };
    } finally {
      this.checking = false;
    }
  }
}
