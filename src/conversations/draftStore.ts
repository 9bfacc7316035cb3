// "Nothing typed is ever lost": the note or shared draft being written, kept in workspace
// storage per inbox + conversation + kind. It survives closing the panel, a failed request and
// a window reload, and is cleared only once Hiver answered 201/200 for it.
import type { KeyValueStore } from '../hiver/budget';

export type ComposerKind = 'note' | 'draft';

export interface NoteDraft {
  content: string;
  /**
   * Extra emails to mention. The panel sends none (the completion writes the email into the
   * text, and emails in the text are found at send time); a command's caller may pass some.
   */
  mentions: string[];
  notifyAll: boolean;
  /** Reply to a note added earlier from this editor. */
  parentNoteId?: string;
}

/**
 * Reply types offered for shared drafts. Hiver does not document the allowed values; these are
 * the ones other clients use (the API's default is "reply"). Kept here so the choice can change.
 */
export const REPLY_TYPES = ['reply', 'reply_all', 'forward'] as const;

export interface ReplyDraft {
  body: string;
  replyType: string;
  /** Which message it replies to: "hiver:<id>" or "gmail:<id>". */
  replyTo?: string;
}

export interface ComposerDrafts {
  note: NoteDraft;
  draft: ReplyDraft;
}

export interface StoredDraft<K extends ComposerKind> {
  value: ComposerDrafts[K];
  savedAt: number;
}

const PREFIX = 'hiver.compose/';

function isEmpty(kind: ComposerKind, value: NoteDraft | ReplyDraft): boolean {
  return kind === 'note' ? !(value as NoteDraft).content.trim() : !(value as ReplyDraft).body.trim();
}

export class DraftStore {
  constructor(private readonly storage: KeyValueStore) {}

  get<K extends ComposerKind>(inboxId: string, conversationId: string, kind: K): StoredDraft<K> | undefined {
    return this.storage.get<StoredDraft<K>>(key(inboxId, conversationId, kind));
  }

  /** Saves what is being written; an empty text removes the entry, so nothing stale lingers. */
  async save<K extends ComposerKind>(inboxId: string, conversationId: string, kind: K, value: ComposerDrafts[K], now = Date.now()): Promise<void> {
    if (isEmpty(kind, value)) return this.clear(inboxId, conversationId, kind);
    const stored: StoredDraft<K> = { value: structuredClone(value), savedAt: now };
    await this.storage.update(key(inboxId, conversationId, kind), stored);
  }

  /** Only after the server confirmed the note or draft. */
  async clear(inboxId: string, conversationId: string, kind: ComposerKind): Promise<void> {
    await this.storage.update(key(inboxId, conversationId, kind), undefined);
  }
}

function key(inboxId: string, conversationId: string, kind: ComposerKind): string {
  return `${PREFIX}${encodeURIComponent(inboxId)}/${encodeURIComponent(conversationId)}/${kind}`;
}
