import * as vscode from 'vscode';
import { DetailField, DetailView } from '../detailView';
import type { HiverSession } from '../../session';
import type { GroupKind } from '../../model/hiverModel';

/** A date and time in the user's display language, e.g. "27 Feb 2024, 13:16". */
export function formatDate(epochMs: number | undefined): string | undefined {
  if (epochMs === undefined || !Number.isFinite(epochMs)) return undefined;
  return new Date(epochMs).toLocaleString(vscode.env.language, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Fields with no value are left out rather than shown empty. */
export function field(label: string, value: string | undefined, extra: Omit<DetailField, 'label' | 'value'> = {}): DetailField[] {
  return value === undefined || value === '' ? [] : [{ label, value, ...extra }];
}

export function viewLabels(): DetailView['labels'] {
  return {
    copy: vscode.l10n.t('Copy'),
    refresh: vscode.l10n.t('Refresh from Hiver'),
    loading: vscode.l10n.t('Loading…'),
    loadFailed: vscode.l10n.t('Could not load from Hiver'),
  };
}

/** "114 loaded", "100 loaded, more in Hiver" or "Not loaded yet", from the model only. */
export function loadedCount(session: HiverSession, inboxId: string, kind: GroupKind): DetailField {
  const list = session.model.list({ kind, inboxId });
  const label = { users: vscode.l10n.t('Users'), tags: vscode.l10n.t('Tags'), conversations: vscode.l10n.t('Conversations') }[kind];
  if (!list.loaded) return { label, value: vscode.l10n.t('Not loaded yet'), muted: true };
  const count = list.size.toLocaleString(vscode.env.language);
  return { label, value: list.hasMore ? vscode.l10n.t('{0} loaded, more in Hiver', count) : vscode.l10n.t('{0} (all loaded)', count) };
}

/** A copy of a model object as plain JSON (what the webview gets). */
export function plain(entity: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(entity)) as Record<string, unknown>;
}
