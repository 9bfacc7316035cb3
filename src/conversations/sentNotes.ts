// The notes added from this editor. Hiver's API cannot list notes, so this is the only record
// the panel can show, and the only source of ids for "reply to a note" (parent_note_id).
import type { Memento } from 'vscode';
import type { Note } from '../hiver/models';

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
const PREFIX = 'hiver.sentNotes/';

export class SentNotes {
  private readonly listeners = new Set<(conversationId: string) => void>();

  constructor(private readonly storage: Pick<Memento, 'get' | 'update'>) {}

  /** Oldest first. Notes belong to the conversation, whichever inbox it was opened from. */
  list(conversationId: string): SentNote[] {
    return this.storage.get<SentNote[]>(PREFIX + conversationId) ?? [];
  }

  async add(inboxId: string, conversationId: string, note: Note, notifyAll: boolean): Promise<SentNote> {
    const entry = toSentNote(inboxId, conversationId, note, notifyAll);
    const notes = this.list(conversationId).filter((n) => n.id !== note.id);
    notes.push(entry);
    await this.storage.update(PREFIX + conversationId, notes.slice(-MAX_PER_CONVERSATION));
    for (const listener of this.listeners) listener(conversationId);
    return entry;
  }

  onDidChange(listener: (conversationId: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
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
