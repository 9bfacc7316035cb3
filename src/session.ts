import * as vscode from 'vscode';
import { HiverClient } from './hiver/client';
import { Transport } from './hiver/transport';
import { ApiKeyStore } from './auth/apiKeyStore';
import { HiverModel } from './model/hiverModel';
import { HiverSettings, onDidChangeSettings, readSettings, transportSettings } from './common/settings';
import { ContextKeys, setContext } from './common/contextKeys';
import { logger, requestLogText } from './common/logger';
import { inBackground } from './common/background';
import { testTransportSettings } from './testTiming';

const log = logger('http');

/**
 * The services every feature shares: the key, the one paced transport, the typed client
 * and the model of loaded data. Features get this object; none builds its own client.
 */
export class HiverSession implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  settings: HiverSettings;
  readonly transport: Transport;
  readonly client: HiverClient;
  readonly model: HiverModel;

  private constructor(
    readonly context: vscode.ExtensionContext,
    readonly keys: ApiKeyStore,
  ) {
    this.settings = readSettings();
    this.transport = new Transport({
      settings: { ...transportSettings(this.settings), ...testTransportSettings() },
      getApiKey: () => keys.get(),
      // Every window's extension host shares the account's pace and daily count there (sharedSlot.ts).
      sharedFolder: context.globalStorageUri.fsPath,
    });
    this.client = new HiverClient(this.transport);
    this.model = new HiverModel(this.client, () => this.settings.pageSize, logger('model'));
    this.disposables.push(
      keys,
      this.model,
      { dispose: () => this.transport.dispose() },
      this.transport.onDidLog((line) => {
        const text = requestLogText(line);
        if (line.status !== undefined && line.status < 400) log.info(text);
        else log.warn(text);
      }),
      onDidChangeSettings(() => {
        const before = this.settings;
        this.settings = readSettings();
        this.transport.updateSettings(transportSettings(this.settings));
        // A different server has different data; a different page size needs fresh pages.
        if (before.apiBaseUrl !== this.settings.apiBaseUrl) this.model.clear();
      }),
      keys.onDidChange((key) => {
        inBackground(setContext(ContextKeys.hasApiKey, key !== undefined), 'setting the hasApiKey context');
        // Another key may be another account: nothing loaded with the old one still holds.
        this.model.clear();
      }),
    );
  }

  static async create(context: vscode.ExtensionContext): Promise<HiverSession> {
    const keys = await ApiKeyStore.open(context.secrets);
    await setContext(ContextKeys.hasApiKey, keys.get() !== undefined);
    return new HiverSession(context, keys);
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
