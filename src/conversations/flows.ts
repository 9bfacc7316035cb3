// The triage steps as a user runs them, from a tree row, the palette or the panel: pick what is
// missing, send it through the services, and say what happened. Each returns an Outcome so the
// caller (and the tests) know the result; a failure's reason is also shown to the user.
import * as vscode from 'vscode';
import { describeError } from '../common/errors';
import { asSentence } from '../hiver/failures';
import { askWarning, showError, showInfo, showStatus, showWarning, statusProgress } from '../common/notify';
import { logger } from '../common/logger';
import type { NewTag } from '../hiver/models';
import { ChangeUnconfirmedError, isSettableStatus, KnownConversation, TagCreatedNotAppliedError } from './conversationActions';
import type { SendFailure, SendOptions, SendResult } from './composer';
import type { ComposerKind, NoteDraft, ReplyDraft } from './draftStore';
import { openHiverLink, permalinkOf, PermalinkKind } from './openLink';
import { askNewTag, pickAssignee, pickStatus, pickTags, TagChoice } from './pickers';
import type { ConversationServices } from './services';
import { TagMaybeCreatedError } from './tagCreation';
import type { ConversationTarget } from './targetPicker';

const t = vscode.l10n.t;
const log = logger('triage');

export type Outcome<T = undefined> = { ok: true; value: T } | { ok: false; cancelled: true } | { ok: false; cancelled?: false; message: string };

const cancelled: Outcome<never> = { ok: false, cancelled: true };

// A change on its way to Hiver shows in the status bar (statusProgress): once the picker
// closes, the paced queue may take a while.

export class TriageFlows {
  constructor(private readonly services: ConversationServices) {}

  async setStatus(target: ConversationTarget, status?: unknown): Promise<Outcome<KnownConversation>> {
    return this.run(t('change the status'), target, async (current) => {
      const chosen = isSettableStatus(status) ? status : await pickStatus(current);
      if (!chosen) return cancelled;
      // Sent even when the status shown is the one chosen: what is shown may be old (a teammate
      // may have changed it in Hiver), and a silent no-op would leave it as Hiver has it.
      return { ok: true, value: await statusProgress('Setting the status of conversation {0}…', [current.id], () => this.services.actions.setStatus(target.inboxId, current.id, chosen)) };
    });
  }

  async assign(target: ConversationTarget, email?: unknown): Promise<Outcome<KnownConversation>> {
    return this.run(t('assign the conversation'), target, async (current) => {
      const chosen = typeof email === 'string' && email.trim() ? email.trim() : await pickAssignee(this.services.session, target.inboxId, current);
      if (!chosen) return cancelled;
      const { conversation, readError } = await statusProgress('Assigning conversation {0}…', [current.id], () => this.services.actions.assign(target.inboxId, current.id, chosen));
      if (readError !== undefined) {
        log.warn(`assigned conversation ${current.id}; reading it back failed: ${describeError(readError)}`);
        void showWarning('Assigned to {0}, but the new assignee could not be read back from Hiver ({1}). Refresh to see it.', chosen, describeError(readError));
      }
      return { ok: true, value: conversation };
    });
  }

  /**
   * `choice` from the tests or the panel; otherwise the multi-select picker. `findFirst`: a
   * retry after a tag creation Hiver did not confirm (the tag is looked up by name first).
   */
  async editTags(target: ConversationTarget, choice?: Partial<TagChoice>, findFirst = false): Promise<Outcome<KnownConversation>> {
    return this.run(t('change the tags'), target, async (current) => {
      const chosen = choice ? normaliseChoice(choice) : await pickTags(this.services.session, target.inboxId, current);
      if (!chosen) return cancelled;
      try {
        const { conversation } = await statusProgress('Changing the tags of conversation {0}…', [current.id], () =>
          this.services.actions.editTags(target.inboxId, current.id, chosen.toApply, chosen.toRemove, chosen.newTag, { findFirst }),
        );
        return { ok: true, value: conversation };
      } catch (error) {
        if (!(error instanceof TagMaybeCreatedError)) throw error;
        return this.tagNotConfirmed(target, chosen, error);
      }
    });
  }

  /**
   * Hiver did not confirm a new tag and the tags were re-read by name (tagCreation.ts): it is
   * not there, or they could not be read. Says so, and offers to try again, which looks for the
   * tag by name once more before creating it. The notification is not awaited.
   */
  private tagNotConfirmed(target: ConversationTarget, chosen: TagChoice, error: TagMaybeCreatedError): Outcome<never> {
    const cause = describeError(error.cause);
    const message = error.notThere
      ? t('Tag "{0}" may not have been created: Hiver did not confirm it ({1}), and the inbox\'s tags, read again, do not have it.', error.tag.name, cause)
      : t('Tag "{0}" may have been created: Hiver did not confirm it ({1}), and the inbox\'s tags could not all be read again. Check in Hiver before creating it again.', error.tag.name, cause);
    log.warn(`tag creation not confirmed for conversation ${target.conversationId}: ${error.message}`);
    const again = error.notThere ? t('Create Again') : t('Look Again');
    void askWarning('{0}', [message], again)
      .then((choice) => (choice === again ? this.editTags(target, chosen, true) : undefined))
      .then(undefined, (failure: unknown) => log.error(`tag retry failed: ${describeError(failure)}`));
    return { ok: false, message };
  }

  async createTag(target: ConversationTarget, tag?: NewTag): Promise<Outcome<KnownConversation>> {
    const newTag = tag ?? (await askNewTag(this.services.session, target.inboxId));
    if (!newTag) return cancelled;
    return this.editTags(target, { newTag });
  }

  async openInHiver(target: ConversationTarget, which: PermalinkKind = 'private'): Promise<Outcome<string>> {
    return this.run(t('open the conversation in Hiver'), target, async (current) => {
      const url = permalinkOf(current, which);
      const opened = await openHiverLink(url);
      if (opened === 'declined') return cancelled;
      return opened === 'opened' ? { ok: true, value: url as string } : { ok: false, message: t('The link was not opened.') };
    });
  }

  async copyPermalink(target: ConversationTarget, which: PermalinkKind = 'private'): Promise<Outcome<string>> {
    return this.run(t('copy the permalink'), target, async (current) => {
      const url = permalinkOf(current, which);
      if (!url) {
        // Said as Open in Hiver says it: from the tree or the palette nothing else would.
        void showError('This conversation has no permalink.');
        return { ok: false, message: t('This conversation has no permalink.') };
      }
      await vscode.env.clipboard.writeText(url);
      showStatus('Copied the permalink of conversation {0}', [current.id], 3000);
      return { ok: true, value: url };
    });
  }

  /** Sends a note; on failure the text stays saved and the user chooses what to do next. */
  async sendNote(target: ConversationTarget, draft: NoteDraft, options?: SendOptions): Promise<SendResult<unknown>> {
    const result = await this.services.composer.sendNote(target.inboxId, target.conversationId, draft, options);
    if (!result.ok) this.reportSendFailure(target, 'note', result, options);
    return result;
  }

  async sendSharedDraft(target: ConversationTarget, draft: ReplyDraft, options?: SendOptions): Promise<SendResult<unknown>> {
    const result = await this.services.composer.sendSharedDraft(target.inboxId, target.conversationId, draft, options);
    if (result.ok) {
      void showInfo('Shared draft created in Hiver. Hiver users review and send drafts from Hiver.');
    } else this.reportSendFailure(target, 'draft', result, options);
    return result;
  }

  /**
   * Not awaited by callers: the notification waits for the user. An uncertain failure (it may
   * have reached Hiver) offers the conversation in Hiver, sending again, or editing on.
   */
  private reportSendFailure(target: ConversationTarget, kind: ComposerKind, result: SendFailure, options: SendOptions | undefined): void {
    // A stale panel was shown the current state instead: nothing to report.
    if (result.refused === 'stale') return;
    if (result.refused === 'invalid') {
      // Nothing left (an empty or too long text): a panel (it sends its revision) says why
      // beside its button; a command's caller has only this message.
      if (options?.revision === undefined) void showError('{0}', result.message);
      return;
    }
    if (result.refused === 'occupied') {
      void showError('{0}', result.message);
      return;
    }
    const what = kind === 'note' ? t('The note') : t('The shared draft');
    if (!result.uncertain && result.refused !== 'unconfirmed') {
      void showError('{0} was not saved: {1} Your text is kept.', what, asSentence(result.message));
      return;
    }
    // The text this prompt is about: the one marked "may have been sent" now (draftStore.ts).
    const mark = this.services.drafts.get(target.inboxId, target.conversationId, kind)?.sendStartedAt;
    const open = t('Open in Hiver');
    const again = t('Send Again');
    const keep = t('Keep Editing');
    const ask = async (offerOpen: boolean): Promise<void> => {
      const choice = await askWarning(
        '{0} may not have been saved: check in Hiver before sending it again. ({1}) Your text is kept.',
        [what, result.message],
        ...(offerOpen ? [open] : []),
        again,
        keep,
      );
      if (choice === open) {
        const current = this.services.actions.known(target.inboxId, target.conversationId);
        await openHiverLink(current && permalinkOf(current));
        return ask(false);
      }
      if (choice === again) await this.resend(target, kind, mark);
    };
    void ask(true).catch((error: unknown) => log.error(`send-again prompt failed: ${describeError(error)}`));
  }

  /**
   * Sends what is saved now (the user may have edited it since) if it is still the text the
   * prompt was about, with its mark: the prompt stays in the notification center, and by the time
   * it is answered that text may have been sent from the panel and a new one begun.
   */
  private async resend(target: ConversationTarget, kind: ComposerKind, mark: number | undefined): Promise<void> {
    const saved = this.services.drafts.get(target.inboxId, target.conversationId, kind);
    if (!saved || mark === undefined || saved.sendStartedAt !== mark) {
      const what = kind === 'note' ? t('that note') : t('that shared draft');
      // Another mark: it was sent again since (Send Anyway in the panel) and that is in doubt too.
      if (saved?.sendStartedAt !== undefined) void showInfo('Nothing was sent: a newer attempt to send {0} was made since. See the conversation panel.', what);
      else void showInfo('Nothing was sent: {0} was sent or replaced since. See the conversation panel.', what);
      return;
    }
    if (kind === 'note') await this.sendNote(target, saved.value as NoteDraft, { sendAnyway: true });
    else await this.sendSharedDraft(target, saved.value as ReplyDraft, { sendAnyway: true });
  }

  private async run<T>(what: string, target: ConversationTarget, step: (current: KnownConversation) => Promise<Outcome<T>>): Promise<Outcome<T>> {
    try {
      const current = await this.services.actions.ensureKnown(target.inboxId, target.conversationId);
      return await step(current);
    } catch (error) {
      const unconfirmed = error instanceof TagCreatedNotAppliedError ? error.cause : error;
      if (unconfirmed instanceof ChangeUnconfirmedError) {
        // Not a failure: Hiver may have applied it, and what it has now is shown.
        let message = unconfirmedText(what, unconfirmed);
        if (error instanceof TagCreatedNotAppliedError) message = t('Tag "{0}" was created. {1}', error.tag.name, message);
        log.warn(`${what} of conversation ${target.conversationId} not confirmed: ${message}`);
        void showWarning('{0}', message);
        return { ok: false, message };
      }
      const message = error instanceof TagCreatedNotAppliedError ? error.message : describeError(error);
      log.warn(`could not ${what} of conversation ${target.conversationId}: ${message}`);
      void showError('Could not {0}: {1}', what, message);
      return { ok: false, message };
    }
  }
}

function normaliseChoice(choice: Partial<TagChoice>): TagChoice {
  const ids = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
  return { toApply: ids(choice.toApply), toRemove: ids(choice.toRemove), newTag: choice.newTag };
}

function unconfirmedText(what: string, error: ChangeUnconfirmedError): string {
  const cause = describeError(error.cause);
  return error.readError === undefined
    ? t('Hiver did not confirm the request to {0} ({1}), but may have applied it. The conversation was read again and shows what Hiver has now.', what, cause)
    : t('Hiver did not confirm the request to {0} ({1}), but may have applied it. Reading the conversation again failed too ({2}): Refresh to see what Hiver has.', what, cause, describeError(error.readError));
}
