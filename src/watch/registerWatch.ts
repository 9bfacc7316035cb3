// Watching in the window: the commands, the view's badge, the status bar line and the grouped
// notification, around one WatchService.
import * as vscode from 'vscode';
import { showQuickPick } from '../common/quickInputs';
import { describeError } from '../common/errors';
import { inBackground } from '../common/background';
import { labelText, pickText } from '../common/display';
import { askInfo, showError, showInfo, showStatus, statusProgress } from '../common/notify';
import { ContextKeys, setContext } from '../common/contextKeys';
import { pickMember } from '../conversations/pickers';
import { INBOXES } from '../model/hiverModel';
import type { DetailPanels } from '../panels/panelRegistry';
import type { HiverSession } from '../session';
import type { InboxTree } from '../tree/inboxTree';
import { InboxNode, ItemNode, TreeNode } from '../tree/nodes';
import { roundedMinutes } from './pace';
import { showAnnouncement } from './watchNotify';
import { WatchService } from './watchService';
import { writeWatchSetting } from './watchSettings';

export function registerWatch(context: vscode.ExtensionContext, session: HiverSession, tree: InboxTree, panels: DetailPanels): WatchService {
  const service = new WatchService(session);
  const model = session.model;
  tree.setWatchMarks(service);

  const updateBadge = () => {
    const count = service.unseenCount;
    tree.view.badge = count > 0 ? { value: count, tooltip: count === 1 ? vscode.l10n.t('1 new conversation') : vscode.l10n.t('{0} new conversations', count) } : undefined;
    inBackground(setContext(ContextKeys.watching, service.watchedCount > 0), 'setting the watching context');
    inBackground(setContext(ContextKeys.hasNewConversations, count > 0), 'setting the new conversations context');
  };

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

  /** The shared state's folder can fail (sharedRecord.ts): said in a notification, not only the log. */
  const reportingFailure = <A extends unknown[]>(command: (...args: A) => Promise<void>) => async (...args: A) => {
    try {
      await command(...args);
    } catch (error) {
      void showError('{0}', describeError(error));
    }
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
    inBackground(Promise.resolve(asked).then((answer) => (answer === choose ? reportingFailure(chooseMeIn)(inboxId) : undefined)), 'choosing who I am');
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

  const open = async (inboxId: string, ids: string[]) => {
    if (ids.length === 1) await panels.show({ kind: 'conversation', inboxId, id: ids[0] }).catch((error: unknown) => showError('{0}', describeError(error)));
    else await tree.reveal({ inboxId, kind: 'conversations' }, { expand: true, focus: true });
  };

  const answerAnnouncement = async (a: Parameters<typeof showAnnouncement>[0]) => {
    const answer = await showAnnouncement(a, model.inbox(a.inboxId)?.displayName ?? a.inboxId);
    if (answer === 'open') await open(a.inboxId, [...new Set([...a.newIds, ...a.assignedIds])]);
    if (answer === 'never') await writeWatchSetting('notify', 'off');
  };

  context.subscriptions.push(
    service,
    service.onDidChange(() => {
      updateBadge();
      tree.provider.refreshList(undefined);
    }),
    service.onDidAnnounce((a) => inBackground(answerAnnouncement(a), 'answering a watch notification')),
    // Opening a conversation (its row or its panel) clears its New marker, in every window.
    panels.onDidShow((ref) => {
      if (ref.kind === 'conversation') inBackground(service.markSeen(ref.inboxId, ref.id), 'marking a conversation seen');
    }),
    vscode.commands.registerCommand('hiver.watchInbox', reportingFailure(watch)),
    vscode.commands.registerCommand('hiver.unwatchInbox', reportingFailure(unwatch)),
    vscode.commands.registerCommand('hiver.chooseMe', reportingFailure(chooseMe)),
    vscode.commands.registerCommand('hiver.markAllSeen', reportingFailure(() => service.markSeen())),
    vscode.commands.registerCommand('hiver.checkWatchedNow', reportingFailure(checkNow)),
  );
  updateBadge();
  return service;
}

/** The status bar tooltip's line: "Watching 3 inboxes · every 4 min"; undefined when nothing is watched. */
export function watchStatusLine(service: WatchService): string | undefined {
  const count = service.watchedCount;
  const status = service.status;
  // A failure is said even before the watched inboxes could be read.
  if (status.kind === 'failed') return vscode.l10n.t('Watching stopped: {0}', status.message);
  if (count === 0) return undefined;
  const watching = count === 1 ? vscode.l10n.t('Watching 1 inbox') : vscode.l10n.t('Watching {0} inboxes', count);
  switch (status.kind) {
    case 'polling': {
      const every = roundedMinutes(status.pace.perInboxMs);
      return every.unit === 'min'
        ? vscode.l10n.t('{0} · every {1} min', watching, every.value)
        : vscode.l10n.t('{0} · every {1} s', watching, every.value);
    }
    case 'follower':
      return vscode.l10n.t('{0} · another window polls', watching);
    case 'paused':
      return vscode.l10n.t('{0} · paused while your requests are queued', watching);
    case 'stopped':
      if (status.reason === 'off') return vscode.l10n.t('Watching is off: hiver.watch.dailyShare is 0. Set it above 0 to watch again.');
      return status.reason === 'threshold'
        ? vscode.l10n.t('{0} · stopped until the daily reset: the background share of requests is spent', watching)
        : vscode.l10n.t('{0} · stopped until the daily reset: its share of requests is spent', watching);
    default:
      return watching;
  }
}
