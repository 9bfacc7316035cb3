// The one grouped notification per poll: "3 new conversations in Acme Support · 1 assigned to
// you", with Open and Don't show again. Templates are constants (notify.ts escapes the name).
import * as vscode from 'vscode';
import { askInfo } from '../common/notify';
import type { Announcement } from './watchState';

export type NotifyAnswer = 'open' | 'never' | undefined;

export async function showAnnouncement(a: Announcement, inboxName: string): Promise<NotifyAnswer> {
  const open = vscode.l10n.t('Open');
  const never = vscode.l10n.t("Don't Show Again");
  const added = a.newIds.length;
  const assigned = a.assignedIds.length;
  let chosen: string | undefined;
  // l10n.t has no plural forms: a count that may be 1 gets a message of its own.
  const newOnes = added === 1 ? vscode.l10n.t('1 new conversation') : vscode.l10n.t('{0} new conversations', added);
  if (added > 0 && assigned > 0) {
    chosen = await askInfo('{0} in {1} · {2} assigned to you', [newOnes, inboxName, assigned], open, never);
  } else if (added > 0) {
    chosen = await askInfo('{0} in {1}', [newOnes, inboxName], open, never);
  } else if (assigned === 1) {
    chosen = await askInfo('1 conversation in {0} newly assigned to you', [inboxName], open, never);
  } else {
    chosen = await askInfo('{0} conversations in {1} newly assigned to you', [assigned, inboxName], open, never);
  }
  return chosen === open ? 'open' : chosen === never ? 'never' : undefined;
}
