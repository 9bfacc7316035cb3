// Promises the extension starts and nobody awaits (an event listener's work, a save to
// workspace state) must end in a handled failure, never an unhandled rejection. Each storage
// here fails the way a locked keyring or a full disk does; the real classes run in VS Code.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ApiKeyStore } from '../../src/auth/apiKeyStore';
import { ConversationFilters } from '../../src/tree/conversationFilter';
import { watchRejections } from './rejections';

/** Runs `act`, lets Node report what it left unhandled, and fails naming it. */
async function withoutUnhandledRejections(act: () => Promise<void> | void): Promise<void> {
  const watch = watchRejections(() => undefined);
  try {
    await act();
    await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    watch.stop();
  }
  assert.equal(watch.records.length, 0, watch.report());
}

describe('no unhandled rejections', () => {
  it('a key change whose read fails keeps the key in force', async () => {
    const changes = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
    let reads = 0;
    const failing: vscode.SecretStorage = {
      get: () => (++reads === 1 ? Promise.resolve('earlier-key') : Promise.reject(new Error('the keyring is locked'))),
      store: () => Promise.resolve(),
      delete: () => Promise.resolve(),
      onDidChange: changes.event,
    };
    const keys = await ApiKeyStore.open(failing);
    const fired: (string | undefined)[] = [];
    keys.onDidChange((key) => fired.push(key));
    await withoutUnhandledRejections(() => changes.fire({ key: 'hiver.apiKey' }));
    assert.equal(reads, 2, 'the change was read');
    assert.equal(keys.get(), 'earlier-key');
    assert.deepEqual(fired, []);
    keys.dispose();
    changes.dispose();
  });

  it('a conversation filter whose save fails still applies', async () => {
    const failing: vscode.Memento = {
      keys: () => [],
      get: <T>(_key: string, fallback?: T) => fallback,
      update: () => Promise.reject(new Error('the disk is full')),
    };
    const filters = new ConversationFilters(failing);
    await withoutUnhandledRejections(() => filters.set('101', { statuses: ['open'], assignees: [], tagIds: [] }));
    assert.deepEqual(filters.get('101'), { statuses: ['open'], assignees: [], tagIds: [] });
  });
});
