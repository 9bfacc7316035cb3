// Conversation triage as a service: status, assignee, tags, notes and shared drafts, each one
// request through the session's single paced queue at 'user' priority. No UI here.
//
// State rule: a PATCH answers 204 with no body, so after success the change is applied locally
// to the state already known; on a failure that never reached Hiver nothing changes. A PATCH
// that may have reached Hiver (5xx, timeout) may be applied, so the conversation is re-read
// once. Otherwise fresh state comes only from `refresh()` (a GET), when the user asks for it
// or when nothing at all is known yet.
import * as vscode from 'vscode';
import type { HiverSession } from '../session';
import type { Conversation, ConversationDetail, ConversationStatus, ConversationUpdate, MessageId, NewNote, NewSharedDraft, NewTag, Note, SharedDraft, Tag } from '../hiver/models';
import type { CallOptions } from '../hiver/client';
import { mayHaveReachedServer } from '../hiver/errors';
import { createTagOnce } from './tagCreation';

export interface ConversationKey {
  inboxId: string;
  conversationId: string;
}

/** A conversation as last accepted by the server; message ids only once it was read singly. */
export type KnownConversation = Conversation & { messageIds?: MessageId[] };

export type SettableStatus = NonNullable<ConversationUpdate['status']>;
export const SETTABLE_STATUSES: readonly SettableStatus[] = ['open', 'pending', 'closed'];

const USER: CallOptions = { priority: 'user' };

export class ConversationActions implements vscode.Disposable {
  // Single-GET answers (they alone carry message ids) are kept in the model (`model.detail`),
  // so the disk cache keeps them and a restored panel needs no request. The model forgets
  // them when the key changes (session.ts clears it).
  private readonly changed = new vscode.EventEmitter<ConversationKey>();
  /** Fires when what is known about one conversation changed (after a PATCH or a GET). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly session: HiverSession) {}

  /** The latest state known: the model's list (fresher after a tree refresh), plus message ids from a GET. */
  known(inboxId: string, conversationId: string): KnownConversation | undefined {
    const listed = this.session.model.list({ kind: 'conversations', inboxId }).get(conversationId);
    const detail = this.session.model.detail(inboxId, conversationId);
    if (!listed && !detail) return undefined;
    // A conversation found by Go to Conversation is remembered in the model with its message ids.
    const messageIds = detail?.messageIds ?? (listed as Partial<ConversationDetail> | undefined)?.messageIds;
    // Each is a whole conversation: merging would keep a field the newer one lacks (assigneeEmail).
    return { ...((listed as Conversation | undefined) ?? (detail as Conversation)), messageIds };
  }

  /** Re-reads one conversation (by Hiver id or Gmail thread id): the only way to see fresh state. */
  async refresh(inboxId: string, conversationId: string, signal?: AbortSignal): Promise<KnownConversation> {
    const detail = await this.session.client.getConversation(inboxId, conversationId, { ...USER, signal });
    this.session.model.rememberDetail(inboxId, detail);
    this.store(inboxId, detail);
    return this.known(inboxId, detail.id) ?? detail;
  }

  /** Known state, or one GET when nothing is known yet (a PATCH needs a state to apply to). */
  async ensureKnown(inboxId: string, conversationId: string): Promise<KnownConversation> {
    return this.known(inboxId, conversationId) ?? this.refresh(inboxId, conversationId);
  }

  async setStatus(inboxId: string, conversationId: string, status: SettableStatus): Promise<KnownConversation> {
    return this.patch(inboxId, conversationId, { status }, (c) => ({ ...c, status }));
  }

  /**
   * Assigns by email (Hiver's only way); the server answers 400 for a non-member. `readError`:
   * Hiver assigned, but the new assignee's id could not be read back.
   */
  async assign(inboxId: string, conversationId: string, email: string): Promise<{ conversation: KnownConversation; readError?: unknown }> {
    const wanted = email.trim();
    const member = this.session.model
      .list({ kind: 'users', inboxId })
      .items.find((user) => user.email.toLowerCase() === wanted.toLowerCase());
    // Until read back, a member not loaded is shown by the email Hiver accepted.
    const updated = await this.patch(inboxId, conversationId, { assigneeEmail: wanted }, (c) =>
      member
        ? { ...c, assigneeId: member.id, assigneeType: 'user', assigneeEmail: undefined }
        : { ...c, assigneeId: undefined, assigneeType: undefined, assigneeEmail: wanted },
    );
    if (member) return { conversation: updated };
    // 204 carries no body and reads know the assignee only by id: for a member not loaded yet,
    // one GET is the only way to learn which id the server recorded. Its failure does not undo
    // the assignment Hiver applied.
    try {
      return { conversation: await this.refresh(inboxId, updated.id) };
    } catch (readError) {
      return { conversation: updated, readError };
    }
  }

  /**
   * Applies and removes tags in ONE PATCH. With `newTag`, creates that tag first (a POST, never
   * twice: tagCreation.ts) and applies it in the same PATCH. `findFirst`: a retry after an
   * unconfirmed creation, which uses the tag if it exists by now.
   */
  async editTags(
    inboxId: string,
    conversationId: string,
    toApply: readonly string[],
    toRemove: readonly string[],
    newTag?: NewTag,
    options: { findFirst?: boolean } = {},
  ): Promise<{ conversation: KnownConversation; createdTag?: Tag }> {
    const current = await this.ensureKnown(inboxId, conversationId);
    let createdTag: Tag | undefined;
    const apply = [...new Set(toApply)];
    if (newTag) {
      createdTag = await createTagOnce(this.session.client, inboxId, newTag, { ...USER, findFirst: options.findFirst });
      const tags = this.session.model.list({ kind: 'tags', inboxId });
      if (tags.loaded) this.session.model.upsert({ kind: 'tags', inboxId }, createdTag);
      apply.push(createdTag.id);
    }
    const remove = [...new Set(toRemove)].filter((id) => !apply.includes(id));
    if (apply.length === 0 && remove.length === 0) return { conversation: current };
    try {
      const conversation = await this.patch(inboxId, conversationId, { tagsToApply: apply, tagsToRemove: remove }, (c) => ({
        ...c,
        tagIds: [...c.tagIds.filter((id) => !remove.includes(id)), ...apply.filter((id) => !c.tagIds.includes(id))],
      }));
      return { conversation, createdTag };
    } catch (error) {
      if (!createdTag) throw error;
      throw new TagCreatedNotAppliedError(createdTag, error);
    }
  }

  /** One POST, never retried by the transport once it may have reached the server. */
  addNote(inboxId: string, conversationId: string, note: NewNote): Promise<Note> {
    return this.session.client.createNote(inboxId, conversationId, note, USER);
  }

  /** One POST, never retried once it may have reached the server. A person sends the draft from Hiver. */
  createSharedDraft(inboxId: string, draft: NewSharedDraft): Promise<SharedDraft> {
    return this.session.client.createSharedDraft(inboxId, draft, USER);
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async patch(
    inboxId: string,
    conversationId: string,
    update: ConversationUpdate,
    apply: (conversation: KnownConversation) => KnownConversation,
  ): Promise<KnownConversation> {
    const before = await this.ensureKnown(inboxId, conversationId);
    try {
      await this.session.client.updateConversation(inboxId, before.id, update, USER);
    } catch (error) {
      if (!mayHaveReachedServer(error)) throw error;
      // Hiver may have applied it (the transport may even have applied it more than once, which
      // a PATCH allows): show what Hiver has, not the old state.
      try {
        await this.refresh(inboxId, before.id);
      } catch (readError) {
        throw new ChangeUnconfirmedError(error, readError);
      }
      throw new ChangeUnconfirmedError(error);
    }
    // Apply to the latest known state: another change may have landed while this one waited.
    const after = apply(this.known(inboxId, before.id) ?? before);
    this.store(inboxId, after);
    return after;
  }

  /**
   * Records an accepted state in the detail cache and in every loaded list that holds it, in
   * every inbox: a conversation can be in several, and a panel may show it through any of them.
   */
  private store(inboxId: string, conversation: KnownConversation): void {
    const { messageIds, ...listItem } = conversation;
    const { model } = this.session;
    const listing = model.loadedEverywhere('conversations').filter((e) => e.item.id === conversation.id).map((e) => e.inbox.id);
    const inboxIds = new Set([inboxId, ...listing, ...model.detailInboxes(conversation.id)]);
    model.noteLearned(conversation.id);
    for (const id of inboxIds) {
      const detail = this.session.model.detail(id, conversation.id);
      if (detail) this.session.model.rememberDetail(id, { ...listItem, messageIds: messageIds ?? detail.messageIds });
      const ref = { kind: 'conversations' as const, inboxId: id };
      // Only a paged conversation has a row to update; one found by a search or a GET stays
      // beside the pages (with its message ids), or it would become a row out of page order.
      if (this.session.model.list(ref).hasPaged(conversation.id)) this.session.model.upsert(ref, listItem);
      else this.session.model.remember(ref, conversation);
      this.changed.fire({ inboxId: id, conversationId: conversation.id });
    }
  }
}

/**
 * A PATCH failed in a way that may have reached Hiver, so it may have been applied. The
 * conversation was re-read and stored, unless `readError` says that failed too.
 */
export class ChangeUnconfirmedError extends Error {
  constructor(override readonly cause: unknown, readonly readError?: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'ChangeUnconfirmedError';
  }
}

/** The tag exists now, but applying it failed: say both, so the user does not create it twice. */
export class TagCreatedNotAppliedError extends Error {
  constructor(readonly tag: Tag, override readonly cause: unknown) {
    super(vscode.l10n.t('Tag "{0}" was created, but applying it failed: {1}', tag.name, cause instanceof Error ? cause.message : String(cause)));
    this.name = 'TagCreatedNotAppliedError';
  }
}

export function isSettableStatus(value: unknown): value is SettableStatus {
  return typeof value === 'string' && (SETTABLE_STATUSES as readonly string[]).includes(value);
}

/** `close` and `closed` are one state. */
export function sameStatus(a: ConversationStatus, b: ConversationStatus): boolean {
  const normal = (s: string) => (s === 'close' ? 'closed' : s);
  return normal(a) === normal(b);
}
