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
