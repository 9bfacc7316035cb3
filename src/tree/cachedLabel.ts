import * as vscode from 'vscode';
import type { Freshness } from '../model/hiverModel';

/** "cached · 12 min ago": a list shown from the disk cache, with the age of its data. */
export function cachedLabel(freshness: Freshness, now = Date.now()): string {
  return vscode.l10n.t('cached · {0}', ageText(freshness, now));
}

/** The tooltip line that says what "cached" means and how to get fresh data. */
export function cachedTooltip(freshness: Freshness, maxAgeMinutes: number, now = Date.now()): string {
  return vscode.l10n.t(
    'Kept on disk from an earlier session: read from Hiver {0}. Data older than {1} minutes is read again in the background when shown; Refresh reads it now.',
    ageText(freshness, now),
    maxAgeMinutes,
  );
}

function ageText(freshness: Freshness, now: number): string {
  // 0: the file's time was ahead of the clock (cacheFormat.ts), so its real age is not known.
  if (freshness.fetchedAt <= 0) return vscode.l10n.t('at an unknown time');
  const minutes = Math.floor(Math.max(0, now - freshness.fetchedAt) / 60_000);
  if (minutes < 1) return vscode.l10n.t('just now');
  if (minutes < 60) return vscode.l10n.t('{0} min ago', minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return vscode.l10n.t('{0} h ago', hours);
  return vscode.l10n.t('{0} days ago', Math.floor(hours / 24));
}
