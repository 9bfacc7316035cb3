import * as vscode from 'vscode';
import { HiverError, NetworkError, RateLimitedError, BudgetExhaustedError } from '../hiver/errors';

/** One line a person can act on, for any error the extension shows. */
export function describeError(error: unknown): string {
  if (error instanceof RateLimitedError) {
    return vscode.l10n.t('Hiver is rate limiting requests until {0}.', formatTime(error.resumeAt));
  }
  if (error instanceof BudgetExhaustedError) {
    return vscode.l10n.t("Today's Hiver request budget is used up; it resets at {0}.", formatTime(error.resetAt));
  }
  if (error instanceof HiverError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * A few words for a place with little room, a tree row under the level that failed (in the Hiver
 * view, so Hiver goes without saying): the whole of describeError did not fit a sidebar, so the
 * row showed its first words and hid its Retry.
 */
export function errorHeadline(error: unknown): string {
  const t = vscode.l10n.t;
  if (error instanceof RateLimitedError) return t('Rate limited until {0}', formatTime(error.resumeAt));
  if (!(error instanceof HiverError)) return t('Could not load');
  const status = error.status;
  switch (error.kind) {
    case 'unauthorized':
      return status === undefined ? t('No API key set') : t('Key not accepted (HTTP {0})', status);
    case 'network':
      return error instanceof NetworkError && error.timedOut ? t('Timed out') : t('Could not reach Hiver');
    case 'server':
      return t('Server error (HTTP {0})', status ?? 500);
    case 'badRequest':
      return status === undefined ? t('Request not sent') : t('Rejected (HTTP {0})', status);
    case 'notFound':
      return t('Not found (HTTP 404)');
    case 'malformed':
      return t('Unexpected answer');
    case 'budgetExhausted':
      return t('Daily budget used up');
    case 'pagingLoop':
      return t('Paging stopped');
    case 'baseUrl':
      return t('API URL setting not usable');
    default:
      return t('Could not load');
  }
}

export function formatTime(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

export { isCancellation } from '../hiver/errors';
