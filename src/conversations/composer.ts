// Sending a note or a shared draft without ever losing the text or sending it twice.
// The text is saved before the request and cleared only after Hiver answered 201/200; a second
// send of the same composer while one is in flight joins it instead of posting again. The
// transport itself never retries these POSTs once they may have reached the server.
import * as vscode from 'vscode';
import { mayHaveReachedServer } from '../hiver/errors';
import type { SharedDraft } from '../hiver/models';
import { describeError } from '../common/errors';
import { logger } from '../common/logger';
import type { HiverSession } from '../session';
import type { ConversationActions } from './conversationActions';
import { ComposerKind, DraftStore, NoteDraft, ReplyDraft } from './draftStore';
import { prepareMentions } from './mentions';
import { parseReplyTo } from './replyTo';
import { SentNote, SentNotes, toSentNote } from './sentNotes';

const log = logger('compose');

export type SendResult<T> =
  | { ok: true; value: T }
  /** `uncertain`: the request may have reached Hiver (timeout, reset, 5xx): check before sending again. */
  | { ok: false; message: string; uncertain: boolean; error?: unknown };

export interface SentEvent {
  inboxId: string;
  conversationId: string;
  kind: ComposerKind;
}

export class Composer {
  private readonly inFlight = new Map<string, Promise<SendResult<unknown>>>();
  private readonly sent = new vscode.EventEmitter<SentEvent>();
  /** Fires after Hiver accepted a note or draft (the panel then empties its composer). */
  readonly onDidSend = this.sent.event;

  constructor(
    private readonly session: HiverSession,
    private readonly actions: ConversationActions,
    readonly drafts: DraftStore,
    readonly sentNotes: SentNotes,
  ) {}

  dispose(): void {
    this.sent.dispose();
  }

  sendNote(inboxId: string, conversationId: string, draft: NoteDraft): Promise<SendResult<SentNote>> {
    return this.once(inboxId, conversationId, 'note', async () => {
      await this.drafts.save(inboxId, conversationId, 'note', draft);
      if (!draft.content.trim()) return refused(vscode.l10n.t('Write the note first.'));
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
      const sent = await afterSuccess(() => this.drafts.clear(inboxId, conversationId, 'note'))
        .then(() => this.sentNotes.add(inboxId, conversationId, note, draft.notifyAll))
        .catch((error: unknown) => {
          log.error(`note ${note.id} was added, but could not be recorded locally: ${describeError(error)}`);
          return undefined;
        });
      this.sent.fire({ inboxId, conversationId, kind: 'note' });
      return { ok: true, value: sent ?? toSentNote(inboxId, conversationId, note, draft.notifyAll) };
    });
  }

  sendSharedDraft(inboxId: string, conversationId: string, draft: ReplyDraft): Promise<SendResult<SharedDraft>> {
    return this.once(inboxId, conversationId, 'draft', async () => {
      await this.drafts.save(inboxId, conversationId, 'draft', draft);
      if (!draft.body.trim()) return refused(vscode.l10n.t('Write the draft first.'));
      const replyTo = parseReplyTo(draft.replyTo);
      if (!replyTo) return refused(vscode.l10n.t('Choose the message this draft replies to.'));
      const created = await this.actions.createSharedDraft(inboxId, { body: draft.body, replyType: draft.replyType || 'reply', ...replyTo });
      await afterSuccess(() => this.drafts.clear(inboxId, conversationId, 'draft'));
      log.info(`shared draft ${created.sharedDraftId} created on conversation ${created.conversationId}`);
      this.sent.fire({ inboxId, conversationId, kind: 'draft' });
      return { ok: true, value: created };
    });
  }

  private once<T>(inboxId: string, conversationId: string, kind: ComposerKind, send: () => Promise<SendResult<T>>): Promise<SendResult<T>> {
    const key = flightKey(inboxId, conversationId, kind);
    const running = this.inFlight.get(key) as Promise<SendResult<T>> | undefined;
    if (running) return running;
    const result = send()
      .catch((error: unknown): SendResult<T> => {
        const uncertain = mayHaveReachedServer(error);
        log.warn(`${kind} on conversation ${conversationId} failed${uncertain ? ' (may have reached Hiver)' : ''}: ${describeError(error)}`);
        return { ok: false, message: describeError(error), uncertain, error };
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, result);
    return result;
  }
}

/** Local bookkeeping after Hiver accepted: logged, never turned into a send failure. */
async function afterSuccess(step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    log.error(`could not update local storage after a successful send: ${describeError(error)}`);
  }
}

function refused(message: string): SendResult<never> {
  return { ok: false, message, uncertain: false };
}

function flightKey(inboxId: string, conversationId: string, kind: ComposerKind): string {
  return `${inboxId}/${conversationId}/${kind}`;
}
