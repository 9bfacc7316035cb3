// Opening and copying a conversation's permalinks. Only https links on Hiver's domain are
// opened; anything else is refused with a message (the value came from the API).
import * as vscode from 'vscode';
import { logger } from '../common/logger';
import { showError } from '../common/notify';
import type { KnownConversation } from './conversationActions';
import { isHiverLink } from './permalinks';

const log = logger('links');

export type PermalinkKind = 'private' | 'public';

export function permalinkOf(conversation: KnownConversation, which: PermalinkKind = 'private'): string | undefined {
  return which === 'public' ? conversation.publicPermalink : conversation.privatePermalink;
}

/** Opens the link in the browser if it is https on hiverhq.com; returns whether it did. */
export async function openHiverLink(url: string | undefined): Promise<boolean> {
  if (!isHiverLink(url)) {
    log.warn('refused to open a permalink that is not https on hiverhq.com');
    if (url) void showError('Not opened: this link is not an https link on hiverhq.com.');
    else void showError('This conversation has no permalink.');
    return false;
  }
  return vscode.env.openExternal(vscode.Uri.parse(url, true));
}
