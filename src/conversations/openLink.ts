// Opening a link from the API (a permalink) or a webview: the one place that calls
// openExternal. Only a link checkHiverLink accepts is opened, and it is opened as the Uri of
// exactly the string that was checked, verified to reach the checked host.
import * as vscode from 'vscode';
import { logger } from '../common/logger';
import { showError } from '../common/notify';
import type { KnownConversation } from './conversationActions';
import { checkHiverLink } from '../common/permalinks';

const log = logger('links');

export type PermalinkKind = 'private' | 'public';

export function permalinkOf(conversation: KnownConversation, which: PermalinkKind = 'private'): string | undefined {
  return which === 'public' ? conversation.publicPermalink : conversation.privatePermalink;
}

/**
 * The Uri to open for a link that passes the check, or undefined. VS Code hands the
 * operating system `encodeURI(uri.toString(true))`, so that string is read back with the
 * WHATWG parser too: whatever either parser makes of the link, it must be the checked host.
 */
export function hiverLinkUri(value: unknown): vscode.Uri | undefined {
  const link = checkHiverLink(value);
  if (!link) return undefined;
  const uri = vscode.Uri.parse(link.href, true);
  if (uri.scheme !== 'https' || uri.authority !== link.host) return undefined;
  try {
    const handed = new URL(encodeURI(uri.toString(true)));
    const sameHost = handed.protocol === 'https:' && handed.host === link.host && handed.username === '' && handed.password === '';
    return sameHost ? uri : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Opens the link in the browser if it passes the check. 'declined': VS Code asked whether to
 * open it and the user said no (openExternal answers false), not a failure. A refusal is
 * logged, and told to the user unless `quiet` (a webview asking for a link it never offered).
 */
export async function openHiverLink(url: unknown, options: { quiet?: boolean } = {}): Promise<'opened' | 'declined' | 'refused'> {
  const uri = hiverLinkUri(url);
  if (uri) return (await vscode.env.openExternal(uri)) ? 'opened' : 'declined';
  log.warn('refused to open a link that is not a canonical https link on hiverhq.com');
  if (!options.quiet) {
    if (url) void showError('Not opened: this link is not an https link on hiverhq.com.');
    else void showError('This conversation has no permalink.');
  }
  return 'refused';
}
