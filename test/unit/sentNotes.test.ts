// The record of notes added from this editor, in the shared global storage folder: two windows
// adding notes keep both, what globalState held moves over once, and a bad file reads as empty.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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

describe('SentNotes (shared folder)', () => {
  let folder: string;
  beforeEach(() => (folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hiver-notes-'))));
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('two windows adding notes to one conversation keep both', async () => {
    const one = new SentNotes(folder);
    const two = new SentNotes(folder);
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
    await new SentNotes(folder).add('101', 'c1', note('n1', 1), false);
    const notes = new SentNotes(folder, legacy);
    assert.deepEqual(notes.list('c1').map((n) => n.id), ['n0', 'n1']);
    assert.deepEqual(legacy.keys(), ['hiver.other']);
    // A second window starting later finds nothing more to move, and nothing doubles.
    assert.deepEqual(new SentNotes(folder, legacy).list('c1').map((n) => n.id), ['n0', 'n1']);
  });

  it('reads a corrupt or foreign file as no notes, without an error, and keeps working', async () => {
    const notes = new SentNotes(folder);
    await notes.add('101', 'c1', note('n1', 1), false);
    const dir = path.join(folder, 'sentNotes', fs.readdirSync(path.join(folder, 'sentNotes'))[0]);
    fs.writeFileSync(path.join(dir, 'v99.json'), '[{"id": 5, "conversationId": "c1"}, not json');
    assert.deepEqual(notes.list('c1'), []);
    await notes.add('101', 'c1', note('n2', 2), false);
    assert.deepEqual(notes.list('c1').map((n) => n.id), ['n2']);
  });
});
