import * as vscode from 'vscode';
import type { HiverSession } from '../session';
import { HiverAuthProvider } from '../auth/authProvider';
import type { ApiKeyFlow } from '../auth/apiKeyFlow';
import { logger } from '../common/logger';
import { inBackground } from '../common/background';
import { confirmModal } from '../common/notify';
import { features } from '../lazyFeatures';

const log = logger('auth');

/**
 * "Set API Key" / "Remove API Key", the Accounts-menu provider, and the single
 * re-authentication prompt shown when Hiver starts refusing the saved key.
 */
export function registerAuth(context: vscode.ExtensionContext, session: HiverSession): HiverAuthProvider {
  // Made the first time a key is asked for (its code loads then: lazyFeatures.ts).
  let apiKeyFlow: ApiKeyFlow | undefined;
  const flow = () => (apiKeyFlow ??= new (features().ApiKeyFlow)(session));
  const provider = new HiverAuthProvider(session.keys, () => accountLabel(session), () => flow().run());
  context.subscriptions.push(
    provider,
    HiverAuthProvider.register(provider),
    vscode.commands.registerCommand('hiver.setApiKey', (key?: unknown) => flow().run(typeof key === 'string' ? key : undefined)),
    vscode.commands.registerCommand('hiver.removeApiKey', async () => {
      // It cannot be undone from here: the key would have to be found and pasted again.
      const ask = () =>
        confirmModal(
          'Remove the Hiver API key?',
          [],
          vscode.l10n.t('Every VS Code window stops using it, watching stops, and the inboxes and conversations saved on disk for this account are deleted. Unsent notes and drafts are kept.'),
          vscode.l10n.t('Remove Key'),
        );
      if (session.keys.get() !== undefined && !(await ask())) return;
      await session.keys.remove();
      log.info('API key removed');
    }),
    session.transport.onDidLog((line) => {
      // The client takes both for a refused key; Hiver's reason (e.g. a blacklisted key) comes along.
      if ((line.status === 401 || line.status === 403) && !apiKeyFlow?.checking) inBackground(flow().promptAfterRejection(line.status, line.serverMessage), 'asking for a new key');
    }),
  );
  // Without a key, ask quietly: this puts "Sign in with Hiver" in the Accounts menu.
  if (!session.keys.get()) void vscode.authentication.getSession('hiver', [], { createIfNone: false }).then(undefined, () => undefined);
  return provider;
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
