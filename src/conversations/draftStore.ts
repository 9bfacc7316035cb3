// "Nothing typed is ever lost": the note or shared draft being written, kept in workspace
// storage per inbox + conversation + kind. It survives closing the panel, a failed request and
// a window reload, and is cleared only once Hiver answered 201/200 for it.
// "Never sent twice": a send is recorded here before its request leaves, so a text that may
// already be in Hiver (a reload or crash mid-request, a timeout) never comes back as an
// ordinary draft.
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
  /**
   * Set (epoch ms) before a send of this text leaves; removed again only when Hiver refused it
   * for sure. While set, the text may already be in Hiver: sending again needs a confirmation.
   */
  sendStartedAt?: number;
}

const PREFIX = 'hiver.compose/';

/** The text a composer holds: a note's content, a draft's body. */
export function draftText(kind: ComposerKind, value: NoteDraft | ReplyDraft): string {
  return kind === 'note' ? (value as NoteDraft).content : (value as ReplyDraft).body;
}

function isEmpty(kind: ComposerKind, value: NoteDraft | ReplyDraft): boolean {
  return !draftText(kind, value).trim();
}

export class DraftStore {
  constructor(private readonly storage: KeyValueStore) {}

  get<K extends ComposerKind>(inboxId: string, conversationId: string, kind: K): StoredDraft<K> | undefined {
    return this.storage.get<StoredDraft<K>>(key(inboxId, conversationId, kind));
  }

  /**
   * Saves what is being written; an empty text removes the entry, so nothing stale lingers.
   * Editing a text that may have been sent keeps that mark.
   */
  async save<K extends ComposerKind>(inboxId: string, conversationId: string, kind: K, value: ComposerDrafts[K], now = Date.now()): Promise<void> {
    if (isEmpty(kind, value)) return this.clear(inboxId, conversationId, kind);
    await this.write(inboxId, conversationId, kind, value, now, this.get(inboxId, conversationId, kind)?.sendStartedAt);
  }

  /** Before the request leaves: the text, marked "may have been sent". */
  async startSend<K extends ComposerKind>(inboxId: string, conversationId: string, kind: K, value: ComposerDrafts[K], now = Date.now()): Promise<void> {
    await this.write(inboxId, conversationId, kind, value, now, now);
  }

  /** Hiver refused the send for sure: the mark goes back to what it was before that send. */
  async sendRefused(inboxId: string, conversationId: string, kind: ComposerKind, previousSendStartedAt: number | undefined): Promise<void> {
    const stored = this.get(inboxId, conversationId, kind);
    if (!stored) return;
    await this.write(inboxId, conversationId, kind, stored.value, stored.savedAt, previousSendStartedAt);
  }

  /** Only after the server confirmed the note or draft. */
  async clear(inboxId: string, conversationId: string, kind: ComposerKind): Promise<void> {
    await this.storage.update(key(inboxId, conversationId, kind), undefined);
  }

  private async write<K extends ComposerKind>(inboxId: string, conversationId: string, kind: K, value: ComposerDrafts[K], savedAt: number, sendStartedAt: number | undefined): Promise<void> {
    const stored: StoredDraft<K> = { value: structuredClone(value), savedAt, ...(sendStartedAt === undefined ? {} : { sendStartedAt }) };
    await this.storage.update(key(inboxId, conversationId, kind), stored);
  }
}

function key(inboxId: string, conversationId: string, kind: ComposerKind): string {
  return `${PREFIX}${encodeURIComponent(inboxId)}/${encodeURIComponent(conversationId)}/${kind}`;
}
