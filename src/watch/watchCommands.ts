// The watch commands that ask the user something (Watch Inbox, Stop Watching Inbox, Choose
// Who I Am, Check Watched Inboxes Now), loaded with the first of them (lazyFeatures.ts);
// registerWatch.ts registers them and reports their failures.
import * as vscode from 'vscode';
import { showQuickPick } from '../common/quickInputs';
import { describeError } from '../common/errors';
import { inBackground } from '../common/background';
import { labelText, pickText } from '../common/display';
import { askInfo, showError, showInfo, showStatus, statusProgress } from '../common/notify';
import { pickMember } from '../conversations/pickers';
import { INBOXES } from '../model/hiverModel';
import type { HiverSession } from '../session';
import type { InboxTree } from '../tree/inboxTree';
import { InboxNode, ItemNode, TreeNode } from '../tree/nodes';
import type { WatchService } from './watchService';
import { writeWatchSetting } from './watchSettings';

/** Each runs on the row it was run on (a tree node), or asks which inbox. */
export type WatchCommands = Record<'watch' | 'unwatch' | 'chooseMe' | 'checkNow', (node?: TreeNode) => Promise<void>>;

export function watchCommands(session: HiverSession, service: WatchService, tree: InboxTree): WatchCommands {
  const model = session.model;

  /**
   * The inbox of the row the command was run on; else (palette, view title) the selected row's
   * where the command can act on it (Stop Watching on an inbox not watched did nothing and said
   * nothing); else one the user picks.
   */
  const inboxOf = async (node: TreeNode | undefined, title: string, watched?: boolean): Promise<string | undefined> => {
    const inboxIdOf = (row: TreeNode | undefined) => (row instanceof InboxNode || row instanceof ItemNode ? row.inboxId : undefined);
    const fits = (inboxId: string) => watched === undefined || service.isWatched(inboxId) === watched;
    const fromRow = inboxIdOf(node);
    if (fromRow !== undefined) return fromRow;
    const selected = inboxIdOf(tree.view.selection[0]);
    if (selected !== undefined && fits(selected)) return selected;
    await model.ensureLoaded(INBOXES).catch(() => undefined);
    const inboxes = model.inboxes.items.filter((inbox) => fits(inbox.id));
    const picked = await showQuickPick(
      inboxes.map((inbox) => ({ label: pickText(labelText(inbox.displayName)), description: pickText(labelText(inbox.email)), id: inbox.id })),
      { title, placeHolder: vscode.l10n.t('Choose an inbox') },
    );
    return picked?.id;
  };

  const watch = async (node?: TreeNode) => {
    const inboxId = await inboxOf(node, vscode.l10n.t('Watch Inbox'), false);
    if (inboxId === undefined) return;
    const watchingAlready = service.watchedCount > 0;
    await service.watch(inboxId);
    // Asked when watching starts, not again for each inbox added to it.
    if (service.watchSettings.me || watchingAlready) return;
    // Not awaited: the command is done once the inbox is watched, whenever the user answers.
    const choose = vscode.l10n.t('Choose Who I Am');
    const asked = askInfo('Watching {0}. Choose who you are in Hiver to hear about conversations assigned to you.', [model.inbox(inboxId)?.displayName ?? inboxId], choose);
    inBackground(Promise.resolve(asked).then((answer) => (answer === choose ? chooseMeIn(inboxId).catch((error: unknown) => void showError('{0}', describeError(error))) : undefined)), 'choosing who I am');
  };

  const unwatch = async (node?: TreeNode) => {
    const inboxId = await inboxOf(node, vscode.l10n.t('Stop Watching Inbox'), true);
    if (inboxId !== undefined) await service.unwatch(inboxId);
  };

  /** "Me": a member of an inbox, picked once and kept in the user settings (by user id). */
  const chooseMeIn = async (inboxId: string) => {
    await model.ensureLoaded({ kind: 'users', inboxId });
    const picked = await pickMember(session, inboxId, vscode.l10n.t('Choose Who I Am'), service.watchSettings.me);
    if (picked) await writeWatchSetting('me', picked);
  };

  /** Members are listed per inbox: with one inbox watched it is that one's, else the user says which. */
  const chooseMe = async (node?: TreeNode) => {
    const watched = service.current?.state?.watched ?? [];
    const inboxId = node instanceof InboxNode ? node.inboxId
      : watched.length === 1 ? watched[0]
      : await inboxOf(node, vscode.l10n.t('Choose Who I Am'), watched.length > 1 ? true : undefined);
    if (inboxId !== undefined) await chooseMeIn(inboxId);
  };

  /** Polls every watched inbox now, and says what it found (or why it could not). */
  const checkNow = async () => {
    const watcher = service.current;
    if (!watcher || service.watchedCount === 0) return void showInfo('No inbox is watched. Watch one first: Hiver: Watch Inbox, or the eye on an inbox row.');
    const result = await statusProgress('Checking watched inboxes…', [], () => watcher.checkNow());
    const [failed, ...moreFailed] = result.failed;
    if (failed) {
      const name = model.inbox(failed.inboxId)?.displayName ?? failed.inboxId;
      return void (moreFailed.length === 0
        ? showError('Could not check {0}: {1}', name, failed.message)
        : showError('Could not check {0} and {1} more: {2}', name, moreFailed.length, failed.message));
    }
    const checked = result.checked === 1 ? vscode.l10n.t('Checked 1 watched inbox') : vscode.l10n.t('Checked {0} watched inboxes', result.checked);
    if (result.newCount > 0) showStatus('$(eye) {0}: {1} new', [checked, result.newCount], 5000);
    else showStatus('$(eye) {0}: nothing new', [checked], 5000);
  };

  return { watch, unwatch, chooseMe, checkNow };
}
