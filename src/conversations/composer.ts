// Sending a note or a shared draft without ever losing the text or sending it twice, and the
// state of each composer, which the host owns (the panel only shows it: composerSnapshot.ts).
// - The text is saved before anything else and cleared only after Hiver answered 201/200.
// - Before the request leaves, the draft store marks the text "may have been sent"; only a
//   certain refusal removes the mark. While it is set (after a timeout, a 5xx, a reload or a
//   crash mid-request), sending again needs an explicit "Send Anyway".
// - A second send of the same composer while one is in flight joins it instead of posting.
// - Saves and sends carry the revision the panel showed; one made on an older state (a late
//   save after the text was sent, a click in a panel that missed "sent") is ignored.
// - A command's own text (no revision) is refused while the composer keeps another one, which
//   sending would overwrite and then clear.
// The transport itself never retries these POSTs once they may have reached the server.
import * as vscode from 'vscode';
import { mayHaveReachedServer } from '../hiver/errors';
import { asSentence } from '../hiver/failures';
import type { SharedDraft } from '../hiver/models';
import { describeError } from '../common/errors';
import { labelText } from '../common/display';
import { detailKey } from '../model/hiverModel';
import { logger } from '../common/logger';
import type { HiverSession } from '../session';
import type { ConversationActions } from './conversationActions';
import type { ComposerSnapshot } from './composerSnapshot';
import { ComposerKind, DraftStore, draftText, NoteDraft, ReplyDraft } from './draftStore';
import { prepareMentions } from './mentions';
import { parseReplyTo } from './replyTo';
import { SentNote, SentNotes, toSentNote } from './sentNotes';
import { MAX_TEXT_LENGTH } from './textLimits';

const log = logger('compose');
const t = vscode.l10n.t;

export type SendFailure = {
  ok: false;
  message: string;
  /** The request may have reached Hiver (timeout, reset, 5xx): check before sending again. */
  uncertain: boolean;
  /**
   * Why nothing was sent, when nothing was: `invalid` (empty, too long, no message to reply to),
   * `unconfirmed` (an earlier send of this text may be in Hiver: send anyway, or not), `stale`
   * (the panel acted on a state it no longer holds; it was shown the current one), `occupied`
   * (a command's own text, while the panel's composer holds another: that one is left alone).
   */
  refused?: 'invalid' | 'unconfirmed' | 'stale' | 'occupied';
  error?: unknown;
};

export type SendResult<T> = { ok: true; value: T } | SendFailure;

export interface ComposerKey {
  inboxId: string;
  conversationId: string;
  kind: ComposerKind;
}

export interface SendOptions {
  /** The revision the panel showed (panels always pass it; commands send what they are given). */
  revision?: number;
  /** The user confirmed sending a text that may already be in Hiver. */
  sendAnyway?: boolean;
}

type Notice = NonNullable<ComposerSnapshot['notice']>;

export class Composer {
  private readonly inFlight = new Map<string, Promise<SendResult<unknown>>>();
  private readonly revisions = new Map<string, number>();
  /** The last outcome per composer, for this session (a restored window starts without). */
  private readonly notices = new Map<string, Notice>();
  private nextRevision = 1;
  private readonly changed = new vscode.EventEmitter<ComposerKey>();
  /** Fires whenever the host changed a composer (a send started or ended): panels show the new snapshot. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly session: HiverSession,
    private readonly actions: ConversationActions,
    readonly drafts: DraftStore,
    readonly sentNotes: SentNotes,
  ) {}

  dispose(): void {
    this.changed.dispose();
  }

  snapshot(inboxId: string, conversationId: string, kind: ComposerKind): ComposerSnapshot {
    const id = flightKey({ inboxId, conversationId, kind });
    const stored = this.drafts.get(inboxId, conversationId, kind);
    const phase = this.inFlight.has(id) ? 'sending' : stored?.sendStartedAt !== undefined ? 'unconfirmed' : 'editing';
    const notice =
      this.notices.get(id) ??
      (phase === 'unconfirmed' ? { text: t('This text may have been sent: check in Hiver before sending again.'), error: true } : undefined);
    return { kind, revision: this.revisions.get(id) ?? 0, value: stored?.value, phase, notice };
  }

  /**
   * Keeps what the panel's user typed. Ignored (false) while a send of it runs, and when made
   * on an older state than the host's (e.g. a save that left before the text was sent).
   */
  async save(key: ComposerKey, value: NoteDraft | ReplyDraft, revision: number): Promise<boolean> {
    const id = flightKey(key);
    if (this.inFlight.has(id) || revision !== (this.revisions.get(id) ?? 0)) {
      log.info(`ignored a ${key.kind} save for conversation ${key.conversationId}: ${this.inFlight.has(id) ? 'a send is running' : 'made on an older state'}`);
      return false;
    }
    await this.drafts.save(key.inboxId, key.conversationId, key.kind, value);
    return true;
  }

  /** Tells the panel why a text it sent could not be kept (the panel still holds it). */
  refuseUnreadable(key: ComposerKey, reason: 'tooLong' | 'malformed'): void {
    const text =
      reason === 'tooLong'
        ? t('This text is too long to keep: at most {0} characters can be sent. Shorten it.', MAX_TEXT_LENGTH.toLocaleString())
        : t('The panel sent something the extension could not read, so it was not kept. Copy your text somewhere safe and reopen the panel.');
    this.setNotice(flightKey(key), { text, error: true });
    this.changed.fire(key);
  }

  sendNote(inboxId: string, conversationId: string, draft: NoteDraft, options: SendOptions = {}): Promise<SendResult<SentNote>> {
    const key: ComposerKey = { inboxId, conversationId, kind: 'note' };
    return this.send(key, draft, options, noteProblem(draft), async () => {
      const account = this.sentNotes.currentAccount;
      const members = this.session.model.list({ kind: 'users', inboxId }).items.map((u) => u.email);
      const { content, mentions } = prepareMentions(draft.content, draft.mentions, members);
      const note = await this.actions.addNote(inboxId, conversationId, {
        content,
        mentions,
        notifyAll: draft.notifyAll,
        parentNoteId: draft.parentNoteId || undefined,
      });
      log.info(`note ${note.id} added to conversation ${conversationId}`);
      // From here the note exists: a storage hiccup must not be reported as a failed send.
      await afterSuccess(() => this.drafts.clear(inboxId, conversationId, 'note'));
      const sent = await this.sentNotes.add(inboxId, conversationId, note, draft.notifyAll, account).catch((error: unknown) => {
        log.error(`note ${note.id} was added, but could not be recorded locally: ${describeError(error)}`);
        return undefined;
      });
      return { value: sent ?? toSentNote(inboxId, conversationId, note, draft.notifyAll), notice: t('Note added.') };
    });
  }

  sendSharedDraft(inboxId: string, conversationId: string, draft: ReplyDraft, options: SendOptions = {}): Promise<SendResult<SharedDraft>> {
    const key: ComposerKey = { inboxId, conversationId, kind: 'draft' };
    return this.send(key, draft, options, draftProblem(draft), async () => {
      const replyTo = parseReplyTo(draft.replyTo) ?? {};
      const created = await this.actions.createSharedDraft(inboxId, { body: draft.body, replyType: draft.replyType || 'reply', ...replyTo });
      await afterSuccess(() => this.drafts.clear(inboxId, conversationId, 'draft'));
      log.info(`shared draft ${created.sharedDraftId} created on conversation ${created.conversationId}`);
      return { value: created, notice: t('Shared draft created. Send it from Hiver.') };
    });
  }

  private send<T>(key: ComposerKey, value: NoteDraft | ReplyDraft, options: SendOptions, problem: string | undefined, post: () => Promise<{ value: T; notice: string }>): Promise<SendResult<T>> {
    const id = flightKey(key);
    if (options.revision === undefined && this.holdsOtherText(key, value)) {
      // A command given its own text (a keybinding, another extension) would replace what is
      // being written in the panel, then clear it once sent (or join its send, if running).
      log.info(`refused a ${key.kind} send for conversation ${key.conversationId}: its composer holds another text`);
      const message =
        key.kind === 'note'
          ? t('Conversation {0} has a note being written in its panel: nothing was sent, so that note stays as it is. Send or clear it first.', key.conversationId)
          : t('Conversation {0} has a shared draft being written in its panel: nothing was sent, so that draft stays as it is. Send or clear it first.', key.conversationId);
      return Promise.resolve(refused(message, 'occupied'));
    }
    const running = this.inFlight.get(id) as Promise<SendResult<T>> | undefined;
    if (running) return running;
    if (options.revision !== undefined && options.revision !== (this.revisions.get(id) ?? 0)) {
      // The panel missed a change (e.g. "sent" while it was hidden): show it the current state.
      log.info(`refused a ${key.kind} send for conversation ${key.conversationId} made on an older state`);
      this.changed.fire(key);
      return Promise.resolve(refused(t('The composer changed since the panel last showed it; nothing was sent.'), 'stale'));
    }
    const result = this.attempt(key, value, options, problem, post).finally(() => {
      this.inFlight.delete(id);
      this.bump(id);
      this.changed.fire(key);
    });
    this.inFlight.set(id, result);
    this.bump(id);
    this.notices.delete(id);
    this.changed.fire(key);
    return result;
  }

  private async attempt<T>(key: ComposerKey, value: NoteDraft | ReplyDraft, options: SendOptions, problem: string | undefined, post: () => Promise<{ value: T; notice: string }>): Promise<SendResult<T>> {
    const { inboxId, conversationId, kind } = key;
    const id = flightKey(key);
    const fail = (failure: SendFailure, notice = failure.message): SendFailure => {
      this.setNotice(id, { text: notice, error: true });
      return failure;
    };
    try {
      // Whatever happens next, what was typed is kept (and stays marked if it may have been sent).
      await this.drafts.save(inboxId, conversationId, kind, value);
    } catch (error) {
      return fail({ ok: false, message: t('Your text could not be saved, so nothing was sent: {0}', describeError(error)), uncertain: false, error });
    }
    if (problem) return fail(refused(problem, 'invalid'));
    const previous = this.drafts.get(inboxId, conversationId, kind)?.sendStartedAt;
    if (previous !== undefined && !options.sendAnyway) {
      return fail(refused(t('It may have been sent already: check in Hiver, then choose Send Anyway to send it again.'), 'unconfirmed'));
    }
    try {
      // Before the request leaves: a reload or crash from here on brings the text back as
      // "may have been sent", never as an ordinary draft. No mark, no request.
      await this.drafts.startSend(inboxId, conversationId, kind, value);
    } catch (error) {
      return fail({ ok: false, message: t('Your text could not be saved, so nothing was sent: {0}', describeError(error)), uncertain: false, error });
    }
    try {
      const sent = await post();
      this.setNotice(id, { text: sent.notice, error: false });
      return { ok: true, value: sent.value };
    } catch (error) {
      const uncertain = mayHaveReachedServer(error);
      log.warn(`${kind} on conversation ${conversationId} failed${uncertain ? ' (may have reached Hiver)' : ''}: ${describeError(error)}`);
      if (!uncertain) {
        // Hiver surely did not take it: back to what it was before this send.
        await this.drafts.sendRefused(inboxId, conversationId, kind, previous).catch((storeError: unknown) => log.error(`could not update the draft store: ${describeError(storeError)}`));
      }
      const message = describeError(error);
      const notice = uncertain
        ? t('{0} It may have been sent: check in Hiver before sending again. Your text is kept.', asSentence(message))
        : t('{0} Your text is kept.', asSentence(message));
      return fail({ ok: false, message, uncertain, error }, notice);
    }
  }

  /** True when the composer keeps a text other than `value`'s (an empty one is never kept). */
  private holdsOtherText(key: ComposerKey, value: NoteDraft | ReplyDraft): boolean {
    const stored = this.drafts.get(key.inboxId, key.conversationId, key.kind);
    return stored !== undefined && draftText(key.kind, stored.value) !== draftText(key.kind, value);
  }

  private bump(id: string): void {
    this.revisions.set(id, this.nextRevision++);
  }

  private setNotice(id: string, notice: Notice): void {
    this.notices.set(id, notice);
  }
}

function noteProblem(draft: NoteDraft): string | undefined {
  if (!draft.content.trim()) return t('Write the note first.');
  return tooLong(t('The note'), draft.content);
}

function draftProblem(draft: ReplyDraft): string | undefined {
  if (!draft.body.trim()) return t('Write the draft first.');
  const long = tooLong(t('The draft'), draft.body);
  if (long) return long;
  if (!draft.replyTo) return t('Choose the message this draft replies to.');
  if (!parseReplyTo(draft.replyTo)) return t('"{0}" is not a message this draft can reply to: choose the message again.', labelText(draft.replyTo, 60));
  return undefined;
}

/** The one length check before sending; the textarea's maxlength is the same constant. */
function tooLong(what: string, text: string): string | undefined {
  if (text.length <= MAX_TEXT_LENGTH) return undefined;
  return t('{0} has {1} characters: at most {2} can be sent. Shorten it.', what, text.length.toLocaleString(), MAX_TEXT_LENGTH.toLocaleString());
}

/** Local bookkeeping after Hiver accepted: logged, never turned into a send failure. */
async function afterSuccess(step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    log.error(`could not update local storage after a successful send: ${describeError(error)}`);
  }
}

function refused(message: string, reason: NonNullable<SendFailure['refused']>): SendFailure {
  return { ok: false, message, uncertain: false, refused: reason };
}

function flightKey(key: ComposerKey): string {
  return `${detailKey(key.inboxId, key.conversationId)}/${key.kind}`;
}
