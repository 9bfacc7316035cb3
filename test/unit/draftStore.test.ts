import assert from 'node:assert/strict';
import { DraftStore } from '../../src/conversations/draftStore';

/** A Memento over a Map, as VS Code's workspaceState behaves. */
function memento() {
  const values = new Map<string, unknown>();
  return {
    values,
    get: <T>(key: string) => values.get(key) as T | undefined,
    update: async (key: string, value: unknown) => {
      if (value === undefined) values.delete(key);
      else values.set(key, value);
    },
    keys: () => [...values.keys()],
  };
}

describe('DraftStore', () => {
  it('keeps note and draft text per inbox, conversation and kind until cleared', async () => {
    const storage = memento();
    const store = new DraftStore(storage);
    await store.save('101', '538700001', 'note', { content: 'Half-written', mentions: [], notifyAll: true }, 1000);
    await store.save('101', '538700001', 'draft', { body: 'Dear customer', replyType: 'reply', replyTo: 'hiver:834400001' }, 2000);
    await store.save('102', '538700001', 'note', { content: 'Other inbox', mentions: [], notifyAll: false });

    // A fresh store over the same storage: what a window reload sees.
    const reloaded = new DraftStore(storage);
    assert.deepEqual(reloaded.get('101', '538700001', 'note'), { value: { content: 'Half-written', mentions: [], notifyAll: true }, savedAt: 1000 });
    assert.equal(reloaded.get('101', '538700001', 'draft')?.value.body, 'Dear customer');
    assert.equal(reloaded.get('102', '538700001', 'note')?.value.content, 'Other inbox');

    await reloaded.clear('101', '538700001', 'note');
    assert.equal(reloaded.get('101', '538700001', 'note'), undefined);
    assert.equal(reloaded.get('101', '538700001', 'draft')?.value.body, 'Dear customer', 'clearing the note keeps the draft');
  });

  it('drops an entry when its text is emptied, and stores a copy, not the caller\'s object', async () => {
    const storage = memento();
    const store = new DraftStore(storage);
    const note = { content: 'x', mentions: [] as string[], notifyAll: false };
    await store.save('101', '1', 'note', note);
    note.content = 'changed later';
    assert.equal(store.get('101', '1', 'note')?.value.content, 'x');
    await store.save('101', '1', 'note', { content: '   ', mentions: [], notifyAll: false });
    assert.equal(store.get('101', '1', 'note'), undefined);
    assert.equal(storage.values.size, 0, 'no empty entry is kept');
  });

  it('marks a text "may have been sent" before a send, keeps the mark through edits, and drops it only on a sure refusal', async () => {
    const storage = memento();
    const store = new DraftStore(storage);
    await store.save('101', '1', 'note', { content: 'first', mentions: [], notifyAll: false }, 1000);
    assert.equal(store.get('101', '1', 'note')?.sendStartedAt, undefined, 'an ordinary draft');
    await store.startSend('101', '1', 'note', { content: 'first', mentions: [], notifyAll: true }, 2000);
    // What a window reloaded mid-request reads.
    assert.deepEqual(new DraftStore(storage).get('101', '1', 'note'), { value: { content: 'first', mentions: [], notifyAll: true }, savedAt: 2000, sendStartedAt: 2000 });
    await store.save('101', '1', 'note', { content: 'first, edited', mentions: [], notifyAll: true }, 3000);
    assert.equal(store.get('101', '1', 'note')?.sendStartedAt, 2000, 'editing keeps the mark');

    await store.startSend('101', '1', 'note', { content: 'first, edited', mentions: [], notifyAll: true }, 4000);
    await store.sendRefused('101', '1', 'note', 2000);
    assert.equal(store.get('101', '1', 'note')?.sendStartedAt, 2000, 'a refused resend leaves the earlier uncertain send marked');
    await store.sendRefused('101', '1', 'note', undefined);
    assert.equal(store.get('101', '1', 'note')?.sendStartedAt, undefined);
    assert.equal(store.get('101', '1', 'note')?.value.content, 'first, edited', 'the text stays');
  });
});
