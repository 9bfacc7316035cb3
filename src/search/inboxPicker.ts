// The QuickPick behind "Go to Inbox": shown at once, busy while the inbox list loads.
import * as vscode from 'vscode';
import { createQuickPick } from '../common/quickInputs';
import { chosenRow, emptySeparator, replaceRows } from '../common/pickerRows';
import type { HiverModel } from '../model/hiverModel';
import type { Inbox } from '../hiver/models';
import { describeError } from '../common/errors';
import { loadEveryInbox } from './serverSearch';
import { labelText, pickText } from '../common/display';

type InboxItem = vscode.QuickPickItem & { inbox?: Inbox; retry?: boolean };

function inboxItem(inbox: Inbox): InboxItem {
  return {
    label: pickText(labelText(inbox.displayName)),
    description: pickText(labelText(inbox.email)),
    detail: inbox.isAuthorised ? undefined : vscode.l10n.t('Hiver lost access to this mailbox: an admin must reconnect it'),
    iconPath: new vscode.ThemeIcon(inbox.isAuthorised ? 'inbox' : 'warning'),
    inbox,
  };
}

/** Resolves with the chosen inbox, or undefined when dismissed. */
export function pickInbox(model: HiverModel): Promise<Inbox | undefined> {
  const pick = createQuickPick<InboxItem>();
  pick.title = vscode.l10n.t('Go to Inbox');
  pick.placeholder = vscode.l10n.t('Type to filter the inboxes by name or email');
  pick.matchOnDescription = true;
  const controller = new AbortController();

  const showRows = replaceRows<InboxItem>(pick, emptySeparator);
  const load = async () => {
    pick.busy = true;
    showRows(model.inboxes.items.map(inboxItem));
    try {
      const inboxes = await loadEveryInbox(model, controller.signal);
      showRows(inboxes.length > 0 ? inboxes.map(inboxItem) : [{ label: `$(info) ${vscode.l10n.t('This Hiver account has no inboxes the API can see')}` }]);
    } catch (error) {
      if (controller.signal.aborted) return;
      showRows([{ label: `$(error) ${vscode.l10n.t('Could not load the inbox list')}`, detail: pickText(labelText(describeError(error))), description: vscode.l10n.t('Select to try again'), retry: true }]);
    } finally {
      pick.busy = false;
    }
  };

  return new Promise<Inbox | undefined>((resolve) => {
    let chosen: Inbox | undefined;
    pick.onDidAccept(() => {
      const item = chosenRow(pick);
      if (!item) return;
      if (item.retry) void load();
      else if (item.inbox) {
        chosen = item.inbox;
        pick.hide();
      }
    });
    pick.onDidHide(() => {
      controller.abort();
      pick.dispose();
      resolve(chosen);
    });
    pick.show();
    void load();
  });
}
