import * as vscode from 'vscode';

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
    this.subscription = secrets.onDidChange(async (event) => {
      if (event.key !== SECRET_KEY) return;
      const write = this.writing;
      await Promise.resolve(write).catch(() => undefined);
      const key = await this.secrets.get(SECRET_KEY);
      // A write of ours that started meanwhile is newer than what we just read.
      if (write !== this.writing || key === this.key) return;
      this.key = key;
      this.changed.fire(key);
    });
  }

  static async open(secrets: vscode.SecretStorage): Promise<ApiKeyStore> {
    const store = new ApiKeyStore(secrets);
    store.key = await secrets.get(SECRET_KEY);
    return store;
  }

  get(): string | undefined {
    return this.key;
  }

  async set(key: string): Promise<void> {
    this.key = key;
    this.writing = this.secrets.store(SECRET_KEY, key);
    await this.writing;
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
