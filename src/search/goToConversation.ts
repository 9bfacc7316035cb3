// "Go to Conversation": an id, Gmail thread id or permalink, from the command's argument or
// an input box; found in loaded data or by asking the inboxes, then opened in its panel.
import * as vscode from 'vscode';
import { showInputBox } from '../common/quickInputs';
import type { HiverModel } from '../model/hiverModel';
import { describeError } from '../common/errors';
import { logger } from '../common/logger';
import { parseConversationRef, type ConversationRef, type InvalidReason } from './conversationRef';
import { findLoadedConversation, lookUpConversation, type ConversationMatch } from './findConversation';
import { messageText } from '../common/display';
import { showError, showWarning } from '../common/notify';

const log = logger('search');

/** What the command resolves with (tests and scripts read it; people see the messages). */
export type GoToConversationResult =
  | { status: 'opened'; inboxId: string; id: string; source: 'loaded' | 'server' }
  | { status: 'invalid' | 'unresolvable' | 'notFound' | 'failed' | 'cancelled'; message: string };

export function invalidMessage(reason: InvalidReason): string {
  switch (reason) {
    case 'empty':
      return vscode.l10n.t('Enter a conversation id, a Gmail thread id or a Hiver permalink.');
    case 'notHiverLink':
      return vscode.l10n.t('Only Hiver links (https://…hiverhq.com/permalinks/…) can name a conversation.');
    case 'notPermalink':
      return vscode.l10n.t('This Hiver link is not a conversation permalink (…/permalinks/pvt/… or …/permalinks/pub/…).');
    case 'unrecognised':
      return vscode.l10n.t('Not a conversation id (digits), a Gmail thread id (16 hex digits) or a Hiver permalink.');
  }
}

async function askForReference(): Promise<string | undefined> {
  return showInputBox({
    title: vscode.l10n.t('Go to Conversation'),
    prompt: vscode.l10n.t('A Hiver conversation id, a Gmail thread id or a Hiver permalink'),
    placeHolder: vscode.l10n.t('e.g. 538706170, 19cfee91188070f8 or https://v2.hiverhq.com/permalinks/pvt/201c00fa'),
    ignoreFocusOut: true,
    validateInput: (text) => {
      const ref = parseConversationRef(text);
      // No complaint before anything is typed.
      return ref.kind === 'invalid' && ref.reason !== 'empty' ? invalidMessage(ref.reason) : undefined;
    },
  });
}

/** Asks the inboxes one by one with a cancellable notification. */
function lookUpWithProgress(model: HiverModel, value: string) {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Looking for conversation {0}', value), cancellable: true },
    (progress, token) => {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort());
      return lookUpConversation(model, value, {
        signal: controller.signal,
        onProgress: (done, total, inbox) =>
          progress.report({ message: vscode.l10n.t('{0} ({1} of {2})', messageText(inbox.displayName), done + 1, total), increment: done === 0 ? 0 : 100 / total }),
      }).finally(() => cancel.dispose());
    },
  );
}

/**
 * Resolves the reference and calls `open` with the match. `input` comes from the command's
 * argument; without it an input box asks. Messages are shown without waiting for them.
 */
export async function goToConversation(
  model: HiverModel,
  input: string | undefined,
  open: (match: ConversationMatch) => Promise<void>,
): Promise<GoToConversationResult> {
  const text = input ?? (await askForReference());
  if (text === undefined || (input === undefined && text.trim() === '')) return { status: 'cancelled', message: '' };
  const ref: ConversationRef = parseConversationRef(text);
  const tell = (result: GoToConversationResult, severity: 'warning' | 'error' = 'warning'): GoToConversationResult => {
    if (result.status !== 'opened' && result.message) {
      // The message is already composed with its API text escaped; shown as an argument it is escaped as a whole too.
      void (severity === 'error' ? showError('{0}', result.message) : showWarning('{0}', result.message));
    }
    return result;
  };
  if (ref.kind === 'invalid') return tell({ status: 'invalid', message: invalidMessage(ref.reason) });

  const loaded = findLoadedConversation(model, ref);
  if (loaded) {
    await open(loaded);
    return { status: 'opened', inboxId: loaded.inbox.id, id: loaded.conversation.id, source: 'loaded' };
  }
  if (ref.kind === 'permalink') {
    return tell({
      status: 'unresolvable',
      message: vscode.l10n.t(
        "This permalink is not among the loaded conversations, and Hiver's API cannot look a conversation up by permalink (the link carries no conversation id). Paste the conversation id or Gmail thread id instead, or load the inbox's conversations and try again.",
      ),
    });
  }

  let lookup;
  try {
    lookup = await lookUpWithProgress(model, ref.value);
  } catch (error) {
    log.warn(`go to conversation ${ref.value}: ${describeError(error)}`);
    return tell({ status: 'failed', message: vscode.l10n.t('Could not look for conversation {0}: {1}', ref.value, messageText(describeError(error))) }, 'error');
  }
  if (lookup.match) {
    await open(lookup.match);
    return { status: 'opened', inboxId: lookup.match.inbox.id, id: lookup.match.conversation.id, source: 'server' };
  }
  if (lookup.cancelled) return { status: 'cancelled', message: vscode.l10n.t('Stopped looking for conversation {0}.', ref.value) };
  const what = ref.kind === 'threadId' ? vscode.l10n.t('Gmail thread {0}', ref.value) : vscode.l10n.t('conversation {0}', ref.value);
  if (lookup.failures.length > 0) {
    const reasons = lookup.failures.map((f) => `${messageText(f.inbox.displayName)}: ${messageText(f.message)}`).join('; ');
    // Failed requests plus the inboxes a stopping error (401, budget, 429) left unasked.
    const unsearched = lookup.inboxCount - (lookup.asked - lookup.failures.length);
    const message =
      lookup.inboxCount === 1
        ? vscode.l10n.t('Could not look for {0}: the inbox could not be searched ({1}).', what, reasons)
        : vscode.l10n.t('Could not find {0}, but {1} of {2} inboxes could not be searched ({3}).', what, unsearched, lookup.inboxCount, reasons);
    return tell({ status: 'failed', message }, 'error');
  }
  const notFound = lookup.inboxCount === 1 ? vscode.l10n.t('The inbox does not have {0}.', what) : vscode.l10n.t('No inbox has {0} (asked all {1} inboxes).', what, lookup.inboxCount);
  return tell({ status: 'notFound', message: notFound });
}
