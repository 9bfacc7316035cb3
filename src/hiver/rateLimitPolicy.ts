// What the transport does about a 429. Hiver's limits are per account (every client of the
// account shares them) and a key that keeps getting 429s can be blacklisted, so this errs
// towards sending less. A 429 naming the daily limit is never retried: nothing more can pass
// until UTC midnight. Any other 429 pauses the queue (Retry-After, up to the longest cool-down,
// or about 2 s doubling) and the same request goes again; after 5 in a row the transport gives
// up and cools down, for 32 s: the doubling goes on (2, 4, 8, 16 s, then 32 s), as Hiver asks of
// retries. A give-up does not end the streak (Hiver keeps counting too): when the
// cool-down ends one trial request goes out, and if it gets 429 as well the transport gives up
// at once, cooling down twice as long each time. Any other answer ends the streak, but not the
// sliding window: a key that keeps getting 429s between its 200s (another client spending the
// same account) also gives up, once `giveUpAfter429sInWindow` of them came within
// `rateLimitWindowMs`, cooling down twice as long each time that happens again soon after. (A
// 429 also gives up a slot of the timetable: TEAM in paceState.ts.)
import { RateLimitedError } from './errors';
import { requestName } from './operations';

/** When and how often to retry. Tests shrink these; the defaults follow the issue. */
export interface RetryPolicy {
  /** Extra attempts for GET/PATCH after a 5xx, reset or timeout. */
  maxRetries: number;
  /** First backoff after a 5xx/network failure; doubles per attempt. */
  retryBaseMs: number;
  /** First backoff after a 429 without Retry-After; doubles per consecutive 429. */
  rateLimitBaseMs: number;
  /** No backoff is longer; a Retry-After longer than this is a give-up. */
  backoffCapMs: number;
  /** Consecutive 429s after which the transport gives up and cools down. */
  giveUpAfter429s: number;
  /**
   * How long the queue stays quiet after giving up on 429s; doubles while the trial request after
   * it gets 429 too. By default the backoff's next step: 2 min (until 2026-12-07) kept a machine
   * of a team that gave up out for 2, then 4, then 8 minutes, and its trials met a timetable
   * full of the others' slots (the team model left a machine with nearly nothing in 19 runs of
   * 200, now 8: docs/benchmarks.md).
   */
  coolDownMs: number;
  /** The longest cool-down. */
  maxCoolDownMs: number;
  /** The sliding window in which 429s are counted whatever came between them. */
  rateLimitWindowMs: number;
  /**
   * 429s within the window (every window of the account) after which the transport gives up. At 6
   * (until 2026-12-07) a machine of a busy team gave up while the timetables settled, each 429
   * taking one of its slots, in 3 runs of 4 of the team model; at 8 in 1 of 7, and with the front
   * for a machine refused twice in a row (TEAM in paceState.ts) in 1 of 50 (docs/benchmarks.md).
   */
  giveUpAfter429sInWindow: number;
  /** 429s within the window after which the log and the status bar say the gap was widened. */
  reportAfter429sInWindow: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 3,
  retryBaseMs: 1000,
  rateLimitBaseMs: 2000,
  backoffCapMs: 60_000,
  giveUpAfter429s: 5,
  coolDownMs: 32_000,
  maxCoolDownMs: 30 * 60_000,
  rateLimitWindowMs: 60_000,
  giveUpAfter429sInWindow: 8,
  reportAfter429sInWindow: 3,
};

export type RateLimitVerdict =
  /** Pause the whole queue until `resumeAt`, then send the same request again. */
  | { kind: 'retry'; resumeAt: number }
  /** Fail the request; every request is refused until `until`. */
  | { kind: 'giveUp'; until: number }
  /** The account's daily limit is spent (maybe by another client): fail, send nothing more today. */
  | { kind: 'dailyLimit' };

/** True when Hiver's message says the daily limit (not the per-second one) was hit. */
export function namesDailyLimit(serverMessage: string | undefined): boolean {
  return /daily|per day/i.test(serverMessage ?? '');
}

/** About `ms`, spread by ±25% so clients that failed together do not retry together; never over `capMs`. */
export function jittered(ms: number, capMs: number, random: () => number): number {
  return Math.min(capMs, ms * (0.75 + 0.5 * random()));
}

export class RateLimitPolicy {
  /** 429s in a row, across requests and give-ups; any other answer resets it. */
  private consecutive429 = 0;
  /** After a give-up: every request is refused until then (monotonic ms, see clock.ts). */
  coolDownUntil = Number.NEGATIVE_INFINITY;
  /** Give-ups for a full window in a row, to double the cool-down each time. */
  private windowGiveUps = 0;
  private last429 = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly policy: RetryPolicy,
    private readonly random: () => number,
  ) {}

  /** Hiver answered something other than 429 at `now` (monotonic). */
  answered(now: number): void {
    this.consecutive429 = 0;
    // Quiet for a cool-down and a window since the last 429: the next full window starts over.
    if (now - this.last429 > this.policy.coolDownMs + this.policy.rateLimitWindowMs) this.windowGiveUps = 0;
  }

  /**
   * Decides about a 429 that came at `now` (monotonic), with Hiver's Retry-After as a delay if it
   * sent one; a retry also waits `marginMs` past the backoff. `inWindow` counts the 429s of the
   * last `rateLimitWindowMs`, this one included. Times in the verdict are monotonic.
   */
  limited(now: number, askedWait: number | undefined, serverMessage: string | undefined, marginMs: number, inWindow = 1): RateLimitVerdict {
    this.consecutive429++;
    if (namesDailyLimit(serverMessage)) return { kind: 'dailyLimit' };
    this.last429 = now;
    const { rateLimitBaseMs, backoffCapMs, giveUpAfter429s, coolDownMs, maxCoolDownMs, giveUpAfter429sInWindow } = this.policy;
    // A Retry-After of hours or years (a proxy's, or one in ms read as seconds) would stop this
    // window until a reload: no wait is longer than the longest cool-down, then a trial tells.
    const retryAfter = askedWait === undefined ? undefined : Math.min(askedWait, maxCoolDownMs);
    const wait = retryAfter ?? jittered(rateLimitBaseMs * 2 ** (this.consecutive429 - 1), backoffCapMs, this.random);
    const resumeAt = now + wait + marginMs;
    // 0 at the first give-up, 1 for the trial request after it, and so on.
    let pastGiveUp = this.consecutive429 - giveUpAfter429s;
    if (inWindow >= giveUpAfter429sInWindow) pastGiveUp = Math.max(pastGiveUp, this.windowGiveUps++);
    if (pastGiveUp >= 0) {
      const coolDown = Math.max(coolDownMs, Math.min(maxCoolDownMs, coolDownMs * 2 ** pastGiveUp));
      this.coolDownUntil = Math.max(resumeAt, now + coolDown);
      return { kind: 'giveUp', until: this.coolDownUntil };
    }
    if (retryAfter !== undefined && retryAfter > backoffCapMs) {
      // Hiver asked for a long wait: fail now rather than hold the caller; the queue waits it out.
      this.coolDownUntil = resumeAt;
      return { kind: 'giveUp', until: resumeAt };
    }
    return { kind: 'retry', resumeAt };
  }

  /** 429s in a row: the backoff's, and the pacer's (intoSlot). */
  get refusedInARow(): number {
    return this.consecutive429;
  }

  /** A cool-down in force at `now`, if any. */
  coolingDown(now: number): boolean {
    return this.coolDownUntil > now;
  }
}

/** The error for a request given up on, or refused during the cool-down; `until` is wall-clock epoch ms. */
export function rateLimitedError(operation: string, until: number, serverMessage: string | undefined): RateLimitedError {
  const at = new Date(until).toISOString().slice(11, 19);
  const server = serverMessage ? ` Hiver said: ${serverMessage}` : '';
  return new RateLimitedError(
    operation,
    `Hiver is rate limiting requests, so ${requestName(operation)} was given up; requests resume at ${at} UTC.${server}`,
    until,
    { status: 429, serverMessage },
  );
}
