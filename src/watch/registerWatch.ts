// Watching in the window: the commands (watchCommands.ts asks their questions), the view's
// badge, the status bar line and the grouped notification, around one WatchService.
import * as vscode from 'vscode';
import { describeError } from '../common/errors';
import { inBackground } from '../common/background';
import { showError } from '../common/notify';
import { ContextKeys, setContext } from '../common/contextKeys';
import { features } from '../lazyFeatures';
import type { DetailPanels } from '../panels/panelRegistry';
import type { HiverSession } from '../session';
import type { InboxTree } from '../tree/inboxTree';
import type { TreeNode } from '../tree/nodes';
import type { WatchCommands } from './watchCommands';
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

  /** The shared state's folder can fail (sharedRecord.ts): said in a notification, not only the log. */
  const reportingFailure = <A extends unknown[]>(command: (...args: A) => Promise<void>) => async (...args: A) => {
    try {
      await command(...args);
    } catch (error) {
      void showError('{0}', describeError(error));
    }
  };

  // Made with the first of them (their code loads then: lazyFeatures.ts).
  let commands: WatchCommands | undefined;
  const command = (name: keyof WatchCommands) =>
    reportingFailure((node?: TreeNode) => (commands ??= features().watchCommands(session, service, tree))[name](node));

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
    vscode.commands.registerCommand('hiver.watchInbox', command('watch')),
    vscode.commands.registerCommand('hiver.unwatchInbox', command('unwatch')),
    vscode.commands.registerCommand('hiver.chooseMe', command('chooseMe')),
    vscode.commands.registerCommand('hiver.markAllSeen', reportingFailure(() => service.markSeen())),
    vscode.commands.registerCommand('hiver.checkWatchedNow', command('checkNow')),
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
