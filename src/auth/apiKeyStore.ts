import * as vscode from 'vscode';
import { inBackground } from '../common/background';

const SECRET_KEY = 'hiver.apiKey';

/**
 * The Hiver API key, kept only in VS Code's SecretStorage. Cached in memory so every
 * request can read it synchronously; `onDidChange` fires when it is set or removed in this
 * or any other window.
 */
export class ApiKeyStore implements vscode.Disposable {
  private key: string | undefined;
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /** Our own last write: change events can arrive late, so read only after it settled. */
  private writing: Thenable<void> = Promise.resolve();

  private constructor(private readonly secrets: vscode.SecretStorage) {
    // An event listener's promise is awaited by no one: a failed read must end here.
    this.subscription = secrets.onDidChange((event) => {
      if (event.key === SECRET_KEY) inBackground(this.reread(), 'reading the API key after it changed');
    });
  }

  /** Reads the key again after SecretStorage says it changed (here or in another window). */
  private async reread(): Promise<void> {
    const write = this.writing;
    await Promise.resolve(write).catch(() => undefined);
    const key = await this.secrets.get(SECRET_KEY);
    // A write of ours that started meanwhile is newer than what we just read.
    if (write !== this.writing || key === this.key) return;
    this.key = key;
    this.changed.fire(key);
  }

  static async open(secrets: vscode.SecretStorage): Promise<ApiKeyStore> {
    const store = new ApiKeyStore(secrets);
    store.key = await secrets.get(SECRET_KEY);
    return store;
  }

  get(): string | undefined {
    return this.key;
  }

  /**
   * Saves the key in SecretStorage, and only there. If that fails (e.g. Linux without a
   * keyring) it throws KeyNotSavedError and the key is kept nowhere, not even in memory:
   * nothing may use a key the user believes is saved when it is not.
   */
  async set(key: string): Promise<void> {
    const writing = Promise.resolve(this.secrets.store(SECRET_KEY, key));
    this.writing = writing;
    try {
      await writing;
    } catch (error) {
      throw new KeyNotSavedError(error, key);
    }
    this.key = key;
    this.changed.fire(key);
  }

  async remove(): Promise<void> {
    this.key = undefined;
    this.writing = this.secrets.delete(SECRET_KEY);
    await this.writing;
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** SecretStorage refused the key. The message says why in VS Code's words, without the key. */
export class KeyNotSavedError extends Error {
  constructor(reason: unknown, key: string) {
    const why = (reason instanceof Error ? reason.message : String(reason)).split(key).join('…') || vscode.l10n.t('no reason given');
    super(vscode.l10n.t('VS Code could not save the key in its secret storage: {0}. The key was not saved.', why.replace(/\.$/, '')));
    this.name = 'KeyNotSavedError';
  }
}
