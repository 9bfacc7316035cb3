import * as vscode from 'vscode';

/** Far longer than any Hiver key; a paste this long is something else (a whole page, a file). */
const MAX_LENGTH = 1024;

/**
 * The one check of a typed or pasted key, used by the input box and by the command's
 * argument alike: surrounding spaces and line breaks are trimmed; a key that is empty, has
 * spaces, line breaks, control or invisible characters inside, or characters an HTTP header
 * cannot carry, is refused before any request is sent. The reason never repeats the key.
 */
export function parseApiKey(text: string): { key: string } | { problem: string } {
  const key = text.trim();
  if (!key) return { problem: vscode.l10n.t('Enter the API key.') };
  if (key.length > MAX_LENGTH) return { problem: vscode.l10n.t('This is too long to be a Hiver API key. Copy the key again from Hiver.') };
  if (/\s/.test(key)) return { problem: vscode.l10n.t('A Hiver API key has no spaces or line breaks inside it. Copy the key again from Hiver.') };
  if (/[\p{Cc}\p{Cf}]/u.test(key)) return { problem: vscode.l10n.t('The key contains control or invisible characters. Copy the key again from Hiver.') };
  if (!/^[\x21-\x7e]+$/.test(key)) {
    return { problem: vscode.l10n.t('The key contains characters a Hiver API key does not have (such as curly quotes or accented letters). Copy the key again from Hiver.') };
  }
  return { key };
}
