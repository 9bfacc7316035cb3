// The record of notes added from this editor, in the shared global storage folder: per account,
// two windows adding notes keep both, what older versions kept for no account goes to the first
// account used, once, a removed key's notes are deleted, and a bad file reads as empty.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { SentNotes } from '../../src/conversations/sentNotes';
import type { Note } from '../../src/hiver/models';

const note = (id: string, createdAt: number): Note => ({ id, content: `note ${id}`, author: { email: 'a@acme.example' }, mentions: [], createdAt }) as unknown as Note;

class FakeMemento {
  readonly values = new Map<string, unknown>();
  keys = () => [...this.values.keys()];
  get = <T>(key: string) => this.values.get(key) as T | undefined;
  update = (key: string, value: unknown) => {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
    return Promise.resolve();
  };
}

/** A window's SentNotes with `account` current (as the session sets it). */
function notesOf(folder: string, account: string | undefined, legacy?: FakeMemento): SentNotes {
  const notes = new SentNotes(folder, legacy);
  notes.use(account);
  return notes;
}

const notesFolder = (folder: string, account: string) => path.join(folder, 'accounts', account, 'sentNotes');

/** What a version before per-account notes wrote: `sentNotes/<hash of the conversation id>`. */
function writeFlat(folder: string, conversationId: string, ids: string[]): void {
  const dir = path.join(folder, 'sentNotes', createHash('sha256').update(conversationId).digest('hex').slice(0, 32));
  fs.mkdirSync(dir, { recursive: true });
  const notes = ids.map((id, i) => ({ id, inboxId: '101', conversationId, content: `old ${id}`, authorEmail: 'a@acme.example', mentions: [], notifyAll: false, createdAt: i }));
  fs.writeFileSync(path.join(dir, 'v1.json'), JSON.stringify(notes));
}

describe('SentNotes (shared folder)', () => {
  let folder: string;
  beforeEach(() => (folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hiver-notes-'))));
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('two windows adding notes to one conversation keep both', async () => {
    const one = notesOf(folder, 'A');
    const two = notesOf(folder, 'A');
    assert.deepEqual(one.list('c1'), []);
    await one.add('101', 'c1', note('n1', 1), false);
    await two.add('101', 'c1', note('n2', 2), true);
    await one.add('101', 'c2', note('n3', 3), false);
    assert.deepEqual(two.list('c1').map((n) => n.id), ['n1', 'n2']);
    assert.deepEqual(one.list('c1').map((n) => [n.id, n.notifyAll]), [['n1', false], ['n2', true]]);
    assert.deepEqual(one.list('c2').map((n) => n.id), ['n3']);
  });

  it('moves what globalState held, once, and removes it there', async () => {
    const legacy = new FakeMemento();
    const old = { id: 'n0', inboxId: '101', conversationId: 'c1', content: 'old', authorEmail: 'a@acme.example', mentions: [], notifyAll: false, createdAt: 0 };
    legacy.values.set('hiver.sentNotes/c1', [old]);
    legacy.values.set('hiver.other', 1);
    await notesOf(folder, 'A').add('101', 'c1', note('n1', 1), false);
    const notes = notesOf(folder, 'A', legacy);
    assert.deepEqual(notes.list('c1').map((n) => n.id), ['n0', 'n1']);
    assert.deepEqual(legacy.keys(), ['hiver.other']);
    // A second window starting later finds nothing more to move, and nothing doubles.
    assert.deepEqual(notesOf(folder, 'A', legacy).list('c1').map((n) => n.id), ['n0', 'n1']);
  });

  it('reads a corrupt or foreign file as no notes, without an error, and keeps working', async () => {
    const notes = notesOf(folder, 'A');
    await notes.add('101', 'c1', note('n1', 1), false);
    const dir = path.join(notesFolder(folder, 'A'), fs.readdirSync(notesFolder(folder, 'A'))[0]);
    fs.writeFileSync(path.join(dir, 'v99.json'), '[{"id": 5, "conversationId": "c1"}, not json');
    assert.deepEqual(notes.list('c1'), []);
    await notes.add('101', 'c1', note('n2', 2), false);
    assert.deepEqual(notes.list('c1').map((n) => n.id), ['n2']);
  });

  it("keeps each account's notes apart: another key or API URL lists none of them", async () => {
    const a = notesOf(folder, 'A');
    await a.add('101', 'c1', note('n1', 1), false);
    const b = notesOf(folder, 'B');
    assert.deepEqual(b.list('c1'), []);
    await b.add('101', 'c1', note('n2', 2), false);
    assert.deepEqual(a.list('c1').map((n) => n.id), ['n1']);
    // One window switching accounts follows, and tells the panels.
    const changed: (string | undefined)[] = [];
    a.onDidChange((id) => changed.push(id));
    a.use('B');
    assert.deepEqual(a.list('c1').map((n) => n.id), ['n2']);
    assert.deepEqual(changed, [undefined]);
    // No key: nothing listed, nothing recorded.
    a.use(undefined);
    assert.deepEqual(a.list('c1'), []);
    await assert.rejects(a.add('101', 'c1', note('n3', 3), false), /no API key/);
    assert.deepEqual(b.list('c1').map((n) => n.id), ['n2']);
  });

  it('gives the notes older versions kept for no account to the first account used, once', async () => {
    writeFlat(folder, 'c1', ['n0', 'n1']);
    writeFlat(folder, 'c2', ['n5']);
    const legacy = new FakeMemento();
    legacy.values.set('hiver.sentNotes/c3', [{ id: 'n9', inboxId: '101', conversationId: 'c3', content: 'older', authorEmail: 'a@acme.example', mentions: [], notifyAll: false, createdAt: 0 }]);
    // Two windows starting without a key take nothing.
    const one = notesOf(folder, undefined, legacy);
    const two = notesOf(folder, undefined);
    assert.deepEqual(one.list('c1'), []);
    one.use('A');
    two.use('B');
    assert.deepEqual(one.list('c1').map((n) => n.id), ['n0', 'n1']);
    assert.deepEqual(one.list('c2').map((n) => n.id), ['n5']);
    assert.deepEqual(one.list('c3').map((n) => n.id), ['n9']);
    assert.deepEqual(two.list('c1'), [], 'another account never gets them');
    assert.deepEqual(fs.readdirSync(path.join(folder, 'sentNotes')), [], 'the flat copies are gone');
    // A later window of the account finds them once, not twice.
    assert.deepEqual(notesOf(folder, 'A').list('c1').map((n) => n.id), ['n0', 'n1']);
    assert.deepEqual(notesOf(folder, 'C').list('c1'), []);
  });

  it('takes a flat record only if its notes belong to the conversation it is named after', async () => {
    writeFlat(folder, 'c1', ['n0']);
    const [name] = fs.readdirSync(path.join(folder, 'sentNotes'));
    fs.renameSync(path.join(folder, 'sentNotes', name), path.join(folder, 'sentNotes', createHash('sha256').update('c2').digest('hex').slice(0, 32)));
    const notes = notesOf(folder, 'A');
    assert.deepEqual(notes.list('c1'), []);
    assert.deepEqual(notes.list('c2'), []);
  });

  it("deletes the account's notes when its key is removed, and only that account's", async () => {
    const notes = notesOf(folder, 'A');
    await notes.add('101', 'c1', note('n1', 1), false);
    await notesOf(folder, 'B').add('101', 'c1', note('n2', 2), false);
    notes.use(undefined, { forgetPrevious: true });
    assert.equal(fs.existsSync(notesFolder(folder, 'A')), false, 'no note text left on disk');
    notes.use('A');
    assert.deepEqual(notes.list('c1'), []);
    assert.deepEqual(notesOf(folder, 'B').list('c1').map((n) => n.id), ['n2']);
  });

  it('records a note sent while the key changed under the account it was sent with, and none once that key was removed', async () => {
    const notes = notesOf(folder, 'A');
    const sentWith = notes.currentAccount;
    const changed: (string | undefined)[] = [];
    notes.onDidChange((id) => changed.push(id));
    notes.use('B'); // another window set another key while the note was in flight
    await notes.add('101', 'c1', note('n1', 1), false, sentWith);
    assert.deepEqual(notes.list('c1'), [], "not listed under the new key's account");
    assert.deepEqual(changed, [undefined], "B's panels are not told of A's note");
    notes.use('A');
    assert.deepEqual(notes.list('c1').map((n) => n.id), ['n1']);

    const removedWith = notes.currentAccount;
    notes.use(undefined, { forgetPrevious: true }); // Remove API Key while a note was in flight
    await assert.rejects(notes.add('101', 'c2', note('n2', 2), false, removedWith), /API key was removed/);
    assert.equal(fs.existsSync(notesFolder(folder, 'A')), false, 'nothing written back after the key was removed');
    notes.use('A'); // the same key set again: its new notes are kept
    await notes.add('101', 'c2', note('n3', 3), false, notes.currentAccount);
    assert.deepEqual(notes.list('c2').map((n) => n.id), ['n3']);
  });
});
