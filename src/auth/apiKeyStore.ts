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

  private constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange(async (event) => {
      if (event.key !== SECRET_KEY) return;
      const key = await this.secrets.get(SECRET_KEY);
      if (key === this.key) return;
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
    await this.secrets.store(SECRET_KEY, key);
    this.changed.fire(key);
  }

  async remove(): Promise<void> {
    this.key = undefined;
    await this.secrets.delete(SECRET_KEY);
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
