// A model of a team on one account (a script, not a test): five machines (or as many as asked) kept
// busy for 10 minutes (or as long), each the product's own pacer (pacer.ts, on its memory: one
// window per machine) and 429 policy (rateLimitPolicy.ts), against the simulator's own rate limiter
// (strict gap of 1000 ms, blacklist after 8 429s in a row), on a virtual clock. Requests take 1 to
// 11 ms each way, at random ("even"); in the "uneven" runs machine m's also take m × 1.25 ms more
// on the way there, so the same machines arrive first in a shared slot, as in the real-time bench
// (2026-12-07: the five processes' median arrival in the slot ranged from 6 to 13 ms). In the
// "distant" runs machine m's requests take m × 10 ms more each way, as teammates on different
// networks may. It runs 200 seeds of each in seconds, where the real-time bench
// (scripts/bench/pacing.ts --team --scale 1) takes 10 minutes for one: it is how the rules in TEAM
// (paceState.ts) were chosen.
// Run: npx tsx scripts/bench/teamModel.ts [seeds] [machines] [minutes] (npm run bench -- team-model: 200, 5, 10).
import { IntervalPacer } from '../../src/hiver/pacer';
import { TEAM } from '../../src/hiver/paceState';
import { DEFAULT_RETRY_POLICY, RateLimitPolicy } from '../../src/hiver/rateLimitPolicy';
import type { Clock } from '../../src/hiver/clock';
import { RateLimiter } from '../../test/simulator/rateLimiter';
import type { ResolvedOptions } from '../../test/simulator/types';

const MACHINES = Number(process.argv[3] ?? 5);
const FAIR = +(100 / MACHINES).toFixed(1);
const MINUTES = Number(process.argv[4] ?? 10);
const GAP_MS = 1030;
const MARGIN_MS = 30;
const EPOCH = Date.parse('2026-12-07T05:00:00Z');

/** A small deterministic generator (mulberry32) in [0, 1). */
function seeded(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Time that moves only when every machine waits: sleepers wake in order. */
class VirtualClock implements Clock {
  time = 0;
  private timers: { at: number; order: number; wake: () => void }[] = [];
  private order = 0;

  now(): number {
    return EPOCH + this.time;
  }

  monotonic(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((wake) => this.timers.push({ at: this.time + Math.max(0, ms), order: this.order++, wake }));
  }

  /** Runs until `done` is true, waking the next sleeper whenever everything else waits. */
  async run(done: () => boolean): Promise<void> {
    while (!done()) {
      await new Promise((resolve) => setImmediate(resolve));
      this.timers.sort((a, b) => a.at - b.at || a.order - b.order);
      const next = this.timers.shift();
      if (!next) continue;
      this.time = Math.max(this.time, next.at);
      next.wake();
    }
  }
}

interface Scenario {
  name: string;
  /** Extra ms machine m's requests take on the way to Hiver. */
  extraMs(m: number): number;
  /** The extra ms on the way back too. */
  bothWays?: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: 'even', extraMs: () => 0 },
  { name: 'uneven', extraMs: (m) => 1.25 * m },
  { name: 'distant', extraMs: (m) => 10 * m, bothWays: true },
];

interface Outcome {
  rate: number;
  refusedShare: number;
  worstStreak: number;
  blacklisted: boolean;
  shares: number[];
  /** The shares in the last half of the run, once the timetables have settled. */
  settledShares: number[];
  givenUp: number[];
}

/** Each machine's part of the accepted requests. */
function sharesOf(accepted: { machine: number }[]): number[] {
  return Array.from({ length: MACHINES }, (_, m) => accepted.filter((e) => e.machine === m).length / accepted.length);
}

async function runTeam(seed: number, scenario: Scenario): Promise<Outcome> {
  const random = seeded(seed);
  const clock = new VirtualClock();
  const limits = { minGapMs: GAP_MS - MARGIN_MS, dailyLimit: 1e9, blacklistAfter: 8, blacklistMs: 60_000 } as ResolvedOptions;
  const server = new RateLimiter(() => limits);
  const log: { machine: number; status: number; at: number }[] = [];
  const givenUp = new Array<number>(MACHINES).fill(0);
  const end = MINUTES * 60_000;

  async function machine(m: number): Promise<void> {
    const own = seeded(seed * 100 + m);
    const policy = new RateLimitPolicy(DEFAULT_RETRY_POLICY, own);
    const pacer = new IntervalPacer({ gapMs: GAP_MS, marginMs: MARGIN_MS, clock, random: own, spread: TEAM.spread, refusedInARow: () => policy.refusedInARow });
    await clock.sleep(random() * 3000);
    while (clock.time < end) {
      if (policy.coolingDown(clock.time)) {
        givenUp[m]++;
        await clock.sleep(policy.coolDownUntil - clock.time);
        continue;
      }
      // One request, sent again after each 429 until answered or given up (transport.ts).
      for (;;) {
        await pacer.acquire();
        const leftAt = clock.time;
        pacer.markStarted(leftAt);
        await clock.sleep(1 + own() * 10 + scenario.extraMs(m));
        const verdict = server.check('key', clock.now());
        const status = verdict.ok ? 200 : verdict.status;
        log.push({ machine: m, status, at: clock.time });
        await clock.sleep(1 + own() * 10 + (scenario.bothWays ? scenario.extraMs(m) : 0));
        if (status !== 429) {
          pacer.succeeded();
          pacer.markAnswered(clock.time, leftAt);
          policy.answered(clock.time);
          break;
        }
        pacer.refusedAsTooEarly();
        const inWindow = pacer.refused(DEFAULT_RETRY_POLICY.rateLimitWindowMs);
        pacer.markAnswered(clock.time, leftAt);
        const next = policy.limited(clock.time, undefined, 'Too many requests', MARGIN_MS, inWindow);
        if (next.kind === 'retry') {
          pacer.pauseUntil(next.resumeAt);
          continue;
        }
        if (next.kind === 'giveUp') pacer.pauseUntil(next.until);
        break;
      }
    }
  }

  let finished = false;
  const team = Promise.all(Array.from({ length: MACHINES }, (_, m) => machine(m))).then(() => (finished = true));
  await clock.run(() => finished);
  await team;
  const accepted = log.filter((e) => e.status === 200);
  let streak = 0;
  let worstStreak = 0;
  for (const e of log) {
    streak = e.status === 429 ? streak + 1 : 0;
    worstStreak = Math.max(worstStreak, streak);
  }
  return {
    // Over the ten minutes: a machine still cooling down at the end moves the clock on past them.
    rate: accepted.length / (end / 1000),
    refusedShare: log.filter((e) => e.status === 429).length / log.length,
    worstStreak,
    blacklisted: log.some((e) => e.status === 403),
    shares: sharesOf(accepted),
    settledShares: sharesOf(accepted.filter((e) => e.at >= end / 2)),
    givenUp,
  };
}

function figure(name: string, value: number | string, unit: string): void {
  console.log(`bench ${JSON.stringify({ name, value, unit })}`);
}

async function main(): Promise<void> {
  const seeds = Number(process.argv[2] ?? 200);
  if (!(seeds >= 1)) throw new Error('the number of seeds is a whole number, 1 or more');
  if (!Number.isInteger(MACHINES) || MACHINES < 2) throw new Error('the number of machines is a whole number, 2 or more');
  if (!(MINUTES > 0)) throw new Error('the minutes are a number above 0');
  for (const scenario of SCENARIOS) {
    const outcomes: Outcome[] = [];
    console.log(`\nModel, ${scenario.name}: ${MACHINES} machines kept busy for ${MINUTES} min, strict gap ${GAP_MS - MARGIN_MS} ms, ${seeds} seeds`);
    console.log('The runs where a machine got under 3 % of the accepted requests:');
    console.log('| seed | combined rate | 429 rate | worst streak | shares | given up |\n|---:|---:|---:|---:|---|---|');
    for (let seed = 1; seed <= seeds; seed++) {
      const o = await runTeam(seed, scenario);
      outcomes.push(o);
      if (Math.min(...o.shares) >= 0.03) continue;
      const shares = o.shares.map((s) => `${Math.round(100 * s)} %`).join(' / ');
      console.log(`| ${seed} | ${o.rate.toFixed(3)} req/s | ${(100 * o.refusedShare).toFixed(1)} % | ${o.worstStreak} | ${shares} | ${o.givenUp.join(' / ')} |`);
    }
    const rates = outcomes.map((o) => o.rate).sort((a, b) => a - b);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const smallest = outcomes.map((o) => Math.min(...o.shares));
    const name = `model, ${scenario.name}, ${MACHINES} machines, ${seeds} seeds`;
    figure(`${name}: combined rate, mean (lowest to highest ${rates[0].toFixed(2)} to ${rates.at(-1)!.toFixed(2)})`, +mean(rates).toFixed(3), 'req/s');
    figure(`${name}: 429 rate, mean`, +(100 * mean(outcomes.map((o) => o.refusedShare))).toFixed(1), '%');
    figure(`${name}: worst 429 streak`, Math.max(...outcomes.map((o) => o.worstStreak)), '429s in a row');
    figure(`${name}: smallest share of the accepted requests, mean (fair: ${FAIR} %)`, +(100 * mean(smallest)).toFixed(1), '%');
    figure(`${name}: largest share of the accepted requests, mean (fair: ${FAIR} %)`, +(100 * mean(outcomes.map((o) => Math.max(...o.shares)))).toFixed(1), '%');
    const settled = (pick: (shares: number[]) => number) => `${(100 * mean(outcomes.map((o) => pick(o.settledShares)))).toFixed(1)} %`;
    figure(`${name}: in the last ${MINUTES / 2} minutes, smallest / largest share, mean`, `${settled((s) => Math.min(...s))} / ${settled((s) => Math.max(...s))}`, '');
    figure(`${name}: runs where a machine got under 3 % of the accepted requests`, `${smallest.filter((s) => s < 0.03).length} of ${seeds}`, 'runs');
    figure(`${name}: runs where a machine gave up on 429s`, `${outcomes.filter((o) => o.givenUp.some((n) => n > 0)).length} of ${seeds}`, 'runs');
    figure(`${name}: runs where the key was blacklisted`, `${outcomes.filter((o) => o.blacklisted).length} of ${seeds}`, 'runs');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
