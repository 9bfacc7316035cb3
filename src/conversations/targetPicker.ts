// Which conversation a command acts on: a tree row, a plain {inboxId, conversationId}, or,
// from the command palette, the conversation whose panel is the active editor, else one
// picked from the conversations already loaded.
import * as vscode from 'vscode';
import { showQuickPick } from '../common/quickInputs';
import type { HiverSession } from '../session';
import { INBOXES } from '../model/hiverModel';
import { conversationDescription } from '../tree/conversationLabels';
import { describeError } from '../common/errors';
import { labelText, pickText } from '../common/display';
import { showError, showInfo } from '../common/notify';
import { ConversationTarget, targetFrom } from './targetArgs';

export type { ConversationTarget } from './targetArgs';

/**
 * The target from the arguments, else the active panel's conversation, else asked for with a
 * QuickPick titled `purpose` (the command's name, so the question says what it is for).
 */
export async function resolveTarget(session: HiverSession, arg: unknown, purpose: string, activePanel?: ConversationTarget): Promise<ConversationTarget | undefined> {
  return targetFrom(arg) ?? activePanel ?? pickConversation(session, purpose);
}

type ConversationItem = vscode.QuickPickItem & { target?: ConversationTarget; inboxId?: string };

/** Loaded conversations of every inbox; when none are loaded, an inbox first, then its first page. */
export async function pickConversation(session: HiverSession, purpose: string): Promise<ConversationTarget | undefined> {
  const t = vscode.l10n.t;
  const loaded = session.model.loadedEverywhere('conversations');
  if (loaded.length > 0) {
    const items: ConversationItem[] = [];
    let lastInbox: string | undefined;
    for (const { inbox, item } of loaded) {
      if (inbox.id !== lastInbox) items.push({ label: pickText(labelText(inbox.displayName)), kind: vscode.QuickPickItemKind.Separator });
      lastInbox = inbox.id;
      items.push({ label: pickText(labelText(item.id)), description: pickText(labelText(conversationDescription(session.model, inbox.id, item))), target: { inboxId: inbox.id, conversationId: item.id } });
    }
    const picked = await showQuickPick(items, {
      title: purpose,
      placeHolder: t('Conversations loaded in the Hiver view (type an id, a status, a name or a tag)'),
      matchOnDescription: true,
    });
    return picked?.target;
  }
  try {
    await session.model.ensureLoaded(INBOXES);
  } catch (error) {
    void showError('Could not load the inboxes: {0}', describeError(error));
    return undefined;
  }
  if (session.model.inboxes.size === 0) {
    void showInfo('This Hiver account has no inboxes the API can see, so there is no conversation to choose.');
    return undefined;
  }
  const inbox = await showQuickPick(
    session.model.inboxes.items.map((i): ConversationItem => ({ label: pickText(labelText(i.displayName)), description: pickText(labelText(i.email)), inboxId: i.id })),
    { title: purpose, placeHolder: t('No conversations are loaded yet: choose an inbox to load its conversations') },
  );
  if (!inbox?.inboxId) return undefined;
  const ref = { kind: 'conversations' as const, inboxId: inbox.inboxId };
  try {
    await session.model.ensureLoaded(ref);
  } catch (error) {
    void showError('Could not load the conversations: {0}', describeError(error));
    return undefined;
  }
  if (session.model.list(ref).size > 0) return pickConversation(session, purpose);
  void showInfo('{0} has no conversations to choose from.', labelText(session.model.inbox(inbox.inboxId)?.displayName ?? inbox.inboxId));
  return undefined;
}
