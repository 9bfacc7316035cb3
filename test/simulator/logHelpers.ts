// Small helpers for asserting on the request log.

import type { RequestLogEntry } from './types';

/** Gaps in ms between the arrival of consecutive entries (n entries give n-1 gaps). */
export function interArrivalGaps(entries: readonly RequestLogEntry[]): number[] {
  return entries.slice(1).map((entry, i) => entry.time - entries[i].time);
}

/** The smallest arrival gap, or Infinity with fewer than two entries. */
export function minInterArrivalGap(entries: readonly RequestLogEntry[]): number {
  return Math.min(...interArrivalGaps(entries));
}

/** Entries the server accepted and answered (not 401/403/429, not still in flight). */
export function acceptedEntries(entries: readonly RequestLogEntry[]): RequestLogEntry[] {
  return entries.filter((e) => e.authValid && e.status !== 0 && e.status !== 403 && e.status !== 429);
}
