import * as vscode from 'vscode';
import { ApiKeyStore } from './apiKeyStore';

const PROVIDER_ID = 'hiver';
const SESSION_ID = 'hiver-api-key';
/**
 * What the session carries instead of the key. VS Code hands a session's accessToken to any
 * extension the user allows to use the account, and a Hiver key is an account-wide admin key:
 * it is never handed out. The extension itself reads the key from ApiKeyStore only.
 */
export const SESSION_TOKEN = 'hiver-key-is-not-shared-with-other-extensions';

/**
 * Shows the API key as an account in VS Code's Accounts menu (sign in / sign out), as the
 * model extensions do. Hiver has one admin key per account and no scopes, so there is at
 * most one session and `scopes` are ignored. The session never contains the key (SESSION_TOKEN).
 */
export class HiverAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  private current: vscode.AuthenticationSession | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly accountLabel: () => string,
    /** Runs the "Set API Key" flow; resolves once a checked key is saved, or undefined. */
    private readonly signIn: () => Promise<string | undefined>,
  ) {
    this.current = this.sessionFor(keys.get());
    this.subscription = keys.onDidChange((key) => {
      const before = this.current;
      this.current = this.sessionFor(key);
      this.changed.fire({
        added: !before && this.current ? [this.current] : [],
        removed: before && !this.current ? [before] : [],
        changed: before && this.current ? [this.current] : [],
      });
    });
  }

  async getSessions(): Promise<vscode.AuthenticationSession[]> {
    return this.current ? [this.current] : [];
  }

  async createSession(): Promise<vscode.AuthenticationSession> {
    const key = await this.signIn();
    const session = this.sessionFor(key);
    if (!session) throw new Error(vscode.l10n.t('Signing in to Hiver was cancelled.'));
    return session;
  }

  async removeSession(): Promise<void> {
    await this.keys.remove();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private sessionFor(key: string | undefined): vscode.AuthenticationSession | undefined {
    if (!key) return undefined;
    return { id: SESSION_ID, accessToken: SESSION_TOKEN, account: { id: SESSION_ID, label: this.accountLabel() }, scopes: [] };
  }

  static register(provider: HiverAuthProvider): vscode.Disposable {
    return vscode.authentication.registerAuthenticationProvider(PROVIDER_ID, 'Hiver', provider, {
      supportsMultipleAccounts: false,
    });
  }
}
