// The notes added from this editor. Hiver's API cannot list notes, so this is the only record
// the panel can show, and the only source of ids for "reply to a note" (parent_note_id).
// Kept in the extension's global storage folder per account (`accounts/<id>/sentNotes/`), one
// shared record per conversation (sharedRecord.ts): globalState is one object per extension, so
// two windows adding notes would overwrite each other's. Per account because conversation ids
// repeat across accounts and servers: another account's notes (customer text) must not show,
// nor their ids go to Hiver as parent_note_id. Older versions kept them for no account (in
// globalState, then in `sentNotes/`): the first account used takes them, once.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Memento } from 'vscode';
import type { Note } from '../hiver/models';
import { SharedRecord } from '../hiver/sharedRecord';

export interface SentNote {
  id: string;
  inboxId: string;
  conversationId: string;
  content: string;
  authorEmail: string;
  mentions: string[];
  notifyAll: boolean;
  parentNoteId?: string;
  /** When Hiver says it was created (epoch ms). */
  createdAt: number;
}

/** Per conversation; old entries drop off so global storage stays small. */
const MAX_PER_CONVERSATION = 100;
/** Where older versions kept them, in globalState. */
const LEGACY_PREFIX = 'hiver.sentNotes/';

export class SentNotes {
  private readonly listeners = new Set<(conversationId: string | undefined) => void>();
  /** The current account (`accountId` of URL and key); undefined without a key: nothing listed or added. */
  private account: string | undefined;
  /** Accounts whose key was removed (their notes deleted): a send still in flight keeps nothing. */
  private readonly forgotten = new Set<string>();
  private adopted = false;

  /** `folder`: the extension's global storage; `legacy`: globalState, to move older notes out of. */
  constructor(
    private readonly folder: string,
    legacy?: Pick<Memento, 'get' | 'update' | 'keys'>,
    private readonly log?: { warn(message: string): void },
  ) {
    if (legacy) this.migrate(legacy);
  }

  /**
   * Keeps `account`'s notes from now on (undefined: no key). `forgetPrevious` deletes the
   * previous account's notes (the key was removed). The first account takes the notes older
   * versions kept for no account.
   */
  use(account: string | undefined, options: { forgetPrevious?: boolean } = {}): void {
    const previous = this.account;
    if (options.forgetPrevious && previous) {
      this.remove(path.join(this.folder, 'accounts', previous, 'sentNotes'));
      this.forgotten.add(previous);
    }
    if (account) this.forgotten.delete(account);
    this.account = account;
    if (account && !this.adopted) {
      this.adopted = true;
      this.adopt(account);
    }
    if (account !== previous) for (const listener of this.listeners) listener(undefined);
  }

  /** Oldest first. Notes belong to the conversation, whichever inbox it was opened from. */
  list(conversationId: string): SentNote[] {
    return this.account ? this.record(this.account, conversationId).read() : [];
  }

  /** The account notes are listed and added for now: a send takes it before posting. */
  get currentAccount(): string | undefined {
    return this.account;
  }

  /**
   * Records a note under `account`: the one it was sent with, which the key may have changed
   * from while it was in flight (another window can change it).
   */
  async add(inboxId: string, conversationId: string, note: Note, notifyAll: boolean, account = this.account): Promise<SentNote> {
    if (!account) throw new Error('there is no API key, so no account to record it for');
    if (this.forgotten.has(account)) throw new Error('its API key was removed while it was sent, and with it the notes kept for that key');
    const entry = toSentNote(inboxId, conversationId, note, notifyAll);
    this.record(account, conversationId).update((notes) => merged(notes, [entry]));
    if (account === this.account) for (const listener of this.listeners) listener(conversationId);
    return entry;
  }

  /** A conversation's notes changed; undefined: every conversation's (another account). */
  onDidChange(listener: (conversationId: string | undefined) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private record(account: string, conversationId: string): SharedRecord<SentNote[]> {
    return new SharedRecord(path.join(this.folder, 'accounts', account, 'sentNotes', recordName(conversationId)), (raw) => parseNotes(raw, conversationId));
  }

  /**
   * Moves the records kept for no account (`sentNotes/<name>`) into `account`'s. Each is first
   * renamed into the account's `adopting` folder: a rename happens once, so of two windows (or
   * two accounts) only one takes it; the merge that follows may run twice (a window died
   * midway, or two windows of the account), which adds nothing twice.
   */
  private adopt(account: string): void {
    const flat = path.join(this.folder, 'sentNotes');
    const adopting = path.join(this.folder, 'accounts', account, 'sentNotes', 'adopting');
    for (const name of folderNames(flat)) {
      try {
        fs.mkdirSync(adopting, { recursive: true });
        fs.renameSync(path.join(flat, name), path.join(adopting, name));
      } catch (error) {
        // Gone: another window took it. Otherwise it stays for the next start.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.log?.warn(`could not move the sent notes ${name}: ${String(error)}`);
      }
    }
    for (const name of folderNames(adopting)) {
      const dir = path.join(adopting, name);
      try {
        const raw = new SharedRecord<unknown>(dir, (value) => value).read();
        const conversationId: unknown = Array.isArray(raw) ? (raw[0] as { conversationId?: unknown } | undefined)?.conversationId : undefined;
        // Only notes of the conversation the folder is named after count.
        const notes = typeof conversationId === 'string' && recordName(conversationId) === name ? parseNotes(raw, conversationId) : [];
        if (notes.length) this.record(account, conversationId as string).update((stored) => merged(stored, notes));
        fs.rmSync(dir, { recursive: true, force: true });
      } catch (error) {
        this.log?.warn(`could not move the sent notes ${name}: ${String(error)}`);
      }
    }
  }

  private remove(dir: string): void {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch (error) {
      this.log?.warn(`could not delete the sent notes of the removed key: ${String(error)}`);
    }
  }

  /** Merges what globalState holds into the records kept for no account, then removes it there (two windows doing it at once merge the same notes). */
  private migrate(legacy: Pick<Memento, 'get' | 'update' | 'keys'>): void {
    for (const key of legacy.keys()) {
      if (!key.startsWith(LEGACY_PREFIX)) continue;
      const conversationId = key.slice(LEGACY_PREFIX.length);
      const notes = parseNotes(legacy.get(key), conversationId);
      if (notes.length) {
        const flat = new SharedRecord(path.join(this.folder, 'sentNotes', recordName(conversationId)), (raw) => parseNotes(raw, conversationId));
        flat.update((stored) => merged(stored, notes));
      }
      Promise.resolve(legacy.update(key, undefined)).catch(() => undefined);
    }
  }
}

/** A conversation's folder is named by a hash of its id (ids come from Hiver: never a path). */
function recordName(conversationId: string): string {
  return createHash('sha256').update(conversationId).digest('hex').slice(0, 32);
}

function folderNames(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** `notes` added to `stored` (a note already there is replaced), oldest first, the newest kept. */
function merged(stored: SentNote[], notes: SentNote[]): SentNote[] {
  const ids = new Set(notes.map((n) => n.id));
  return [...stored.filter((n) => !ids.has(n.id)), ...notes].sort((a, b) => a.createdAt - b.createdAt).slice(-MAX_PER_CONVERSATION);
}

/** Stored notes are read back as data from disk: only well-formed entries of this conversation count. */
function parseNotes(raw: unknown, conversationId: string): SentNote[] {
  if (!Array.isArray(raw)) return [];
  const text = (v: unknown): v is string => typeof v === 'string';
  return raw.filter(
    (n): n is SentNote =>
      !!n &&
      typeof n === 'object' &&
      text(n.id) &&
      text(n.inboxId) &&
      n.conversationId === conversationId &&
      text(n.content) &&
      text(n.authorEmail) &&
      Array.isArray(n.mentions) &&
      n.mentions.every(text) &&
      typeof n.notifyAll === 'boolean' &&
      (n.parentNoteId === undefined || text(n.parentNoteId)) &&
      typeof n.createdAt === 'number' &&
      Number.isFinite(n.createdAt),
  );
}

export function toSentNote(inboxId: string, conversationId: string, note: Note, notifyAll: boolean): SentNote {
  return {
    id: note.id,
    inboxId,
    conversationId,
    content: note.content,
    authorEmail: note.author.email,
    mentions: note.mentions,
    notifyAll,
    parentNoteId: note.parentNoteId,
    createdAt: note.createdAt,
  };
}
