import * as vscode from 'vscode';
import { HiverClient } from './hiver/client';
import { Transport } from './hiver/transport';
import { ApiKeyStore } from './auth/apiKeyStore';
import { HiverModel } from './model/hiverModel';
import { CacheAccount, ModelCache } from './model/modelCache';
import { accountId } from './hiver/sharedSlot';
import { SentNotes } from './conversations/sentNotes';
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
  /** The model's copy on disk (undefined where global storage is not a local folder). */
  readonly cache: ModelCache | undefined;
  /** The notes added from this editor, per account like the cache (every window's, in global storage). */
  readonly sentNotes: SentNotes;
  /** The account whose data is loaded and shown: another key or API URL replaces it all. */
  private shownAccount: string | undefined;

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
      // Older versions counted the day in globalState: carried into the shared count once.
      store: context.globalState,
    });
    this.client = new HiverClient(this.transport);
    this.model = new HiverModel(this.client, () => this.settings.pageSize, logger('model'));
    const storage = context.globalStorageUri;
    this.cache = storage.scheme === 'file' ? new ModelCache(this.model, { folder: vscode.Uri.joinPath(storage, 'cache').fsPath, log: logger('cache') }) : undefined;
    // Before anything asks for data: the tree's first paint comes from the disk, with no request.
    this.cache?.use(this.cacheAccount(), { restore: true });
    this.sentNotes = new SentNotes(storage.fsPath, context.globalState, logger('notes'));
    this.sentNotes.use(this.account());
    this.shownAccount = this.account();
    this.disposables.push(
      keys,
      // The last changes are written on the way out (a window reload).
      { dispose: () => this.cache?.dispose() },
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
        if (before.apiBaseUrl !== this.settings.apiBaseUrl) {
          this.shownAccount = this.account();
          this.cache?.use(this.cacheAccount());
          this.sentNotes.use(this.account());
          this.model.clear();
        }
      }),
      keys.onDidChange((key) => {
        inBackground(setContext(ContextKeys.hasApiKey, key !== undefined), 'setting the hasApiKey context');
        const account = this.account();
        if (key !== undefined && account === this.shownAccount) {
          // The same key set again (to retry after Hiver refused it): what is loaded still
          // holds, so only the lists that failed load again.
          this.model.forgetFailed();
          return;
        }
        this.shownAccount = account;
        // Another key may be another account: nothing loaded with the old one still holds. The
        // old account's data is saved first (deleted when the key was removed), then not shown.
        this.cache?.use(this.cacheAccount(), { forgetPrevious: key === undefined });
        this.sentNotes.use(this.account(), { forgetPrevious: key === undefined });
        this.model.clear();
      }),
    );
  }

  private cacheAccount(): CacheAccount | undefined {
    const key = this.keys.get();
    return key === undefined ? undefined : { key, baseUrl: this.settings.apiBaseUrl };
  }

  /** The account's folder name (a hash of URL and key), as the shared pace and watching use. */
  private account(): string | undefined {
    const key = this.keys.get();
    return key === undefined ? undefined : accountId(this.settings.apiBaseUrl, key);
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
