// The notes added from this editor. Hiver's API cannot list notes, so this is the only record
// the panel can show, and the only source of ids for "reply to a note" (parent_note_id).
// Kept in the extension's global storage folder, one shared record per conversation
// (sharedRecord.ts): globalState is one object per extension, so two windows adding notes
// would overwrite each other's. What an older version kept in globalState moves there once.
import { createHash } from 'node:crypto';
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
  private readonly listeners = new Set<(conversationId: string) => void>();

  /** `folder`: the extension's global storage; `legacy`: globalState, to move older notes out of. */
  constructor(
    private readonly folder: string,
    legacy?: Pick<Memento, 'get' | 'update' | 'keys'>,
  ) {
    if (legacy) this.migrate(legacy);
  }

  /** Oldest first. Notes belong to the conversation, whichever inbox it was opened from. */
  list(conversationId: string): SentNote[] {
    return this.record(conversationId).read();
  }

  async add(inboxId: string, conversationId: string, note: Note, notifyAll: boolean): Promise<SentNote> {
    const entry = toSentNote(inboxId, conversationId, note, notifyAll);
    this.record(conversationId).update((notes) => merged(notes, [entry]));
    for (const listener of this.listeners) listener(conversationId);
    return entry;
  }

  onDidChange(listener: (conversationId: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** A conversation's notes live in a folder named by a hash of its id (ids come from Hiver: never a path). */
  private record(conversationId: string): SharedRecord<SentNote[]> {
    const name = createHash('sha256').update(conversationId).digest('hex').slice(0, 32);
    return new SharedRecord(path.join(this.folder, 'sentNotes', name), (raw) => parseNotes(raw, conversationId));
  }

  /** Merges what globalState holds into the shared records, then removes it there (two windows doing it at once merge the same notes). */
  private migrate(legacy: Pick<Memento, 'get' | 'update' | 'keys'>): void {
    for (const key of legacy.keys()) {
      if (!key.startsWith(LEGACY_PREFIX)) continue;
      const conversationId = key.slice(LEGACY_PREFIX.length);
      const notes = parseNotes(legacy.get(key), conversationId);
      if (notes.length) this.record(conversationId).update((stored) => merged(stored, notes));
      Promise.resolve(legacy.update(key, undefined)).catch(() => undefined);
    }
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
