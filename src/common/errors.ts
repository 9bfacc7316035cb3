import * as vscode from 'vscode';
import { HiverError, RateLimitedError, BudgetExhaustedError } from '../hiver/errors';

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

export function formatTime(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

export { isCancellation } from '../hiver/errors';
