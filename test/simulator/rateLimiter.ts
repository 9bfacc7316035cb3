// Hiver's limits per API key: one request per `minGapMs` (strict: measured from the previous
// ACCEPTED request), `dailyLimit` per UTC day, and a blacklist (403) after `blacklistAfter`
// consecutive 429s. Rejected requests do not move the gap's starting point.

import type { ResolvedOptions } from './types';

export type LimitVerdict =
  | { ok: true }
  | { ok: false; status: 403; message: string }
  | { ok: false; status: 429; message: string; retryAt: number };

interface KeyState {
  lastAccepted?: number;
  day: string;
  acceptedToday: number;
  consecutive429: number;
  blacklistedUntil: number;
}

export class RateLimiter {
  private readonly keys = new Map<string, KeyState>();

  constructor(private readonly options: () => ResolvedOptions) {}

  check(key: string, now: number): LimitVerdict {
    const { minGapMs, dailyLimit, blacklistAfter, blacklistMs } = this.options();
    const day = new Date(now).toISOString().slice(0, 10);
    let s = this.keys.get(key);
    if (!s) this.keys.set(key, (s = { day, acceptedToday: 0, consecutive429: 0, blacklistedUntil: 0 }));
    if (s.day !== day) Object.assign(s, { day, acceptedToday: 0 });
    if (now < s.blacklistedUntil) {
      return { ok: false, status: 403, message: 'This API key has been blacklisted for sending too many requests. Try again later.' };
    }
    let rejection: { message: string; retryAt: number } | undefined;
    if (s.acceptedToday >= dailyLimit) {
      rejection = { message: `Daily limit of ${dailyLimit} requests exceeded`, retryAt: Date.parse(day) + 86_400_000 };
    } else if (minGapMs > 0 && s.lastAccepted !== undefined && now - s.lastAccepted < minGapMs) {
      rejection = { message: 'Too many requests', retryAt: s.lastAccepted + minGapMs };
    }
    if (rejection) {
      s.consecutive429++;
      if (s.consecutive429 >= blacklistAfter) {
        s.blacklistedUntil = now + blacklistMs;
        s.consecutive429 = 0;
      }
      return { ok: false, status: 429, ...rejection };
    }
    s.lastAccepted = now;
    s.acceptedToday++;
    s.consecutive429 = 0;
    return { ok: true };
  }

  reset(): void {
    this.keys.clear();
  }
}
