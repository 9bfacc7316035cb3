import * as vscode from 'vscode';
import type { Freshness } from '../model/hiverModel';

/** "cached · 12 min ago": a list shown from the disk cache, with the age of its data. */
export function cachedLabel(freshness: Freshness, now = Date.now()): string {
  return vscode.l10n.t('cached · {0}', ageText(now - freshness.fetchedAt));
}

/** The tooltip line that says what "cached" means and how to get fresh data. */
export function cachedTooltip(freshness: Freshness, maxAgeMinutes: number, now = Date.now()): string {
  return vscode.l10n.t(
    'Kept on disk from an earlier session: read from Hiver {0}. Data older than {1} minutes is read again in the background when shown; Refresh reads it now.',
    ageText(now - freshness.fetchedAt),
    maxAgeMinutes,
  );
}

function ageText(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return vscode.l10n.t('just now');
  if (minutes < 60) return vscode.l10n.t('{0} min ago', minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return vscode.l10n.t('{0} h ago', hours);
  return vscode.l10n.t('{0} days ago', Math.floor(hours / 24));
}
