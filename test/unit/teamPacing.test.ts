// Several machines on one account (a team) that cannot talk to each other: each keeps a stable
// period and its phase while it succeeds, a 429 moves its slot, only 429s that persist widen the
// period, and clean runs narrow it back (PACE in paceState.ts). Fake clock and a seeded random
// source, so every figure here is exact.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IntervalPacer } from '../../src/hiver/pacer';
import { SharedSlot } from '../../src/hiver/sharedSlot';
import { afterRefusal, afterSuccess, factorOf, FRESH_PERIOD, MemoryPace, PACE, periodOf, type PaceState, type Period } from '../../src/hiver/paceState';
import { FakeClock } from './transportHelpers';

/** A small deterministic generator (LCG) in [0, 1). */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const repeat = (p: Period, n: number, step: (p: Period) => Period): Period => Array.from({ length: n }).reduce<Period>((q) => step(q), p);

describe('Team pacing: the period rules', () => {
  it('a 429 at the configured interval halves the rate: a sender at every gap leaves no slot to others', () => {
    assert.equal(factorOf(afterRefusal(FRESH_PERIOD)), 2);
  });

  it('below it, a 429 after a clean run keeps the period; one soon after another halves the rate', () => {
    const settled: Period = { rate: 0.25, clean: PACE.persistAfter };
    const once = afterRefusal(settled);
    assert.equal(once.rate, settled.rate, 'a lone 429 only moves the slot');
    const twice = afterRefusal(repeat(once, PACE.persistAfter - 1, afterSuccess));
    assert.equal(twice.rate, settled.rate / 2, `a 429 within ${PACE.persistAfter} clean answers of the previous one halves it`);
  });

  it('widens no further than the floor, and a long clean run narrows it back to two gaps, not one', () => {
    const widest = repeat(FRESH_PERIOD, 20, afterRefusal);
    assert.equal(factorOf(widest), 1 / PACE.minRate);
    const oneRun = repeat(widest, PACE.narrowAfter, afterSuccess);
    assert.equal(oneRun.rate, PACE.minRate + PACE.rateStep, 'a step of rate per run of clean answers');
    assert.equal(factorOf(repeat(widest, PACE.narrowAfter - 1, afterSuccess)), factorOf(widest), 'not before a full run');
    // Back at every gap it would hear of the others only through rare 429s again; the
    // configured interval comes back once no 429 came for PACE.forgetAfterMs (assertForgets).
    assert.equal(factorOf(repeat(widest, 1000, afterSuccess)), 2);
    assert.equal(factorOf(repeat(afterRefusal(FRESH_PERIOD), 1000, afterSuccess)), 2);
  });

  it('the period is the power of two of gaps that keeps to the rate', () => {
    assert.deepEqual(
      [1, 0.95, 0.5, 0.3, 0.2, 0.125, 0.1].map((rate) => factorOf({ rate, clean: 0 })),
      [1, 2, 2, 4, 8, 8, 16],
    );
  });

  it('reads a stored period that is junk or out of range as fresh or clamped', () => {
    assert.deepEqual(periodOf(undefined), FRESH_PERIOD);
    assert.deepEqual(periodOf({ rate: 'x', clean: null }), FRESH_PERIOD);
    assert.deepEqual(periodOf({ rate: 0, clean: -3 }), { rate: PACE.minRate, clean: 0 });
    assert.deepEqual(periodOf({ rate: 7, clean: 2.5 }), { rate: 1, clean: 2 });
  });
});

/** A MemoryPace whose period is `factor` gaps, with a clean run behind it (so its next 429 only moves the slot). */
function paceAt(clock: FakeClock, factor: number): MemoryPace {
  const pace = new MemoryPace(clock, { rate: 1 / factor, clean: PACE.persistAfter });
  assert.equal(pace.gapFactor, factor);
  return pace;
}

describe('Team pacing: slots', () => {
  const GAP = 103;

  /** The start times (from the first) of `n` back-to-back acquires, each request leaving at once. */
  async function backToBack(pacer: IntervalPacer, clock: FakeClock, n: number, idleAfter?: number): Promise<number[]> {
    const t0 = clock.monotonic();
    const starts: number[] = [];
    const run = (async () => {
      for (let i = 0; i < n; i++) {
        if (i === idleAfter) await clock.sleep(5 * GAP);
        await pacer.acquire();
        starts.push(clock.monotonic() - t0);
        pacer.markStarted(clock.monotonic());
        pacer.succeeded();
      }
    })();
    await clock.advance(3 * n * GAP);
    await run;
    return starts;
  }

  it(`at the configured interval, one slot stays empty after ${PACE.holeAfter} starts in a row, for others to be heard`, async () => {
    const clock = new FakeClock();
    const pacer = new IntervalPacer({ gapMs: GAP, clock, random: seeded(5) });
    const slots = (await backToBack(pacer, clock, 2 * PACE.holeAfter + 1)).map((ms) => ms / GAP);
    const run = Array.from({ length: PACE.holeAfter }, (_, i) => i);
    assert.deepEqual(slots, [...run, ...run.map((i) => i + PACE.holeAfter + 1), 2 * PACE.holeAfter + 2]);
  });

  it('an idle pause counts as the hole; wider periods leave room already and get none', async () => {
    const clock = new FakeClock();
    const pacer = new IntervalPacer({ gapMs: GAP, clock, random: seeded(6) });
    const starts = await backToBack(pacer, clock, PACE.holeAfter + 4, PACE.holeAfter - 1);
    const gaps = starts.slice(1).map((ms, i) => ms - starts[i]);
    assert.deepEqual(gaps.filter((ms) => ms !== GAP), [5 * GAP], 'only the idle pause: no hole right after it');
    const halfRate = paceAt(clock, 2);
    const wide = new IntervalPacer({ gapMs: GAP, clock, state: () => halfRate, random: seeded(7) });
    const wideStarts = await backToBack(wide, clock, 2 * PACE.holeAfter);
    assert.deepEqual(wideStarts.slice(1).map((ms, i) => ms - wideStarts[i]), Array(2 * PACE.holeAfter - 1).fill(2 * GAP));
  });

  it('a success keeps the phase: starts stay on the period even when requests leave late', async () => {
    const clock = new FakeClock();
    const pace = paceAt(clock, 4);
    const pacer = new IntervalPacer({ gapMs: GAP, clock, state: () => pace, random: seeded(1) });
    const t0 = clock.monotonic();
    const starts: number[] = [];
    const run = (async () => {
      for (let i = 0; i < 5; i++) {
        await pacer.acquire();
        starts.push(clock.monotonic() - t0);
        // Each request leaves 7 ms after its slot (a busy machine); the next slot does not move.
        pacer.markStarted(clock.monotonic() + 7);
        pace.succeeded();
      }
    })();
    await clock.advance(5 * 4 * GAP);
    await run;
    assert.deepEqual(starts, [0, 412, 824, 1236, 1648]);
  });

  it('a 429 on the request after the empty slot is another sender, not a delay: it halves the rate', async () => {
    const clock = new FakeClock();
    const pacer = new IntervalPacer({ gapMs: GAP, clock, random: seeded(4) });
    const starts = await backToBack(pacer, clock, PACE.holeAfter + 1);
    assert.equal(starts.at(-1)! - starts.at(-2)!, 2 * GAP, 'the last request came after the hole');
    assert.equal(pacer.refusedAsTooEarly(), undefined, 'not put down to delays on the way');
    assert.equal(pacer.cautious, false);
    pacer.refused(60_000);
    assert.equal(pacer.gapMs, 2 * GAP, 'halved: the first machine heard of the other');
  });

  it('the 429 that turns cautious pacing on keeps the full rate (a lone user whose request arrived late)', async () => {
    const clock = new FakeClock();
    const pacer = new IntervalPacer({ gapMs: GAP, clock, random: seeded(3) });
    for (let i = 0; i < 2; i++) {
      await pacer.acquire();
      pacer.markStarted(clock.monotonic());
      await clock.advance(GAP);
    }
    assert.ok(pacer.refusedAsTooEarly(), 'left a full gap after the previous one: cautious');
    pacer.refused(60_000);
    assert.equal(pacer.gapMs, GAP, 'not halved');
    const next = pacer.acquire();
    await clock.advance(5 * GAP);
    await next;
    pacer.markStarted(clock.monotonic());
    assert.equal(pacer.refusedAsTooEarly(), undefined, 'already cautious');
    pacer.refused(60_000);
    assert.equal(pacer.gapMs, 2 * GAP, 'the next 429 is another sender: halved');
  });

  it('a 429 moves the slot by a random part of the period; the period stays', async () => {
    const clock = new FakeClock();
    const pace = paceAt(clock, 4);
    const pacer = new IntervalPacer({ gapMs: GAP, clock, state: () => pace, random: () => 0.75 });
    await pacer.acquire();
    pacer.markStarted(clock.monotonic());
    const refusedAt = clock.monotonic();
    pacer.refused(60_000);
    assert.equal(pacer.gapMs, 4 * GAP, 'one 429 after a clean run does not widen');
    let next: number | undefined;
    const pending = pacer.acquire().then(() => (next = clock.monotonic()));
    await clock.advance(10 * GAP);
    await pending;
    assert.equal(next! - refusedAt, 0.75 * 4 * GAP, 'three quarters of the period on, not one period');
  });

  /**
   * Senders that all start together on the same period, against a strict server (a request
   * less than `SERVER_GAP` after the last accepted one is refused), continuously busy. Returns
   * who was accepted or refused, in order, with the time.
   */
  async function simulate(senders: number, factor: number, periods: number, random: (n: number) => () => number) {
    const SERVER_GAP = 100;
    const clock = new FakeClock();
    const start = clock.monotonic();
    let lastAccepted = Number.NEGATIVE_INFINITY;
    const log: { at: number; who: number; ok: boolean }[] = [];
    const end = clock.monotonic() + periods * factor * GAP;
    for (let who = 0; who < senders; who++) {
      const pace = paceAt(clock, factor);
      const pacer = new IntervalPacer({ gapMs: GAP, clock, state: () => pace, random: random(who) });
      // Left waiting for a slot at the end: nothing else holds on to it.
      void (async () => {
        for (;;) {
          await pacer.acquire();
          const at = clock.monotonic();
          if (at >= end) return;
          pacer.markStarted(at);
          const ok = at - lastAccepted >= SERVER_GAP;
          if (ok) lastAccepted = at;
          log.push({ at: at - start, who, ok });
          if (ok) pacer.succeeded();
          else pacer.refused(60_000);
        }
      })();
    }
    await clock.advance(periods * factor * GAP);
    return log;
  }

  it('three senders that start together on the same period settle into disjoint slots within 2 periods, and keep them', async () => {
    // 8 periods: before the first clean run narrows anyone's period (a probe may cost a 429).
    const PERIOD = 8 * GAP;
    const log = await simulate(3, 8, 8, (who) => seeded(7 + who));
    assert.ok(log.slice(0, 3).some((e) => !e.ok), 'they start on one slot: 429s at first');
    const settled = log.filter((e) => e.at >= 2 * PERIOD);
    assert.deepEqual(settled.filter((e) => !e.ok), [], 'no 429 from the 3rd period on');
    // A sender that met two 429s in a row at the start halved its rate (once every 2 periods): it keeps a slot too.
    const shares = [0, 1, 2].map((who) => settled.filter((e) => e.who === who).length);
    assert.ok(Math.min(...shares) >= 3, `every sender goes on being accepted: ${shares.join('/')}`);
  });
});

describe('Team pacing: the account slot shared by windows', () => {
  let folder: string;
  beforeEach(() => (folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hiver-team-'))));
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('holds starts to the period, and a 429 moves the slot sooner than the period', async () => {
    const clock = new FakeClock();
    const slot = new SharedSlot(folder, 'account', clock);
    assert.equal(slot.take(100, 800), 0, 'the first start goes at once');
    slot.left(0);
    await clock.advance(150);
    assert.equal(slot.take(100, 800), 650, 'the next waits for the slot a period on');
    slot.moveSlot(300, 800);
    assert.equal(slot.take(100, 800), 300, 'after a move: the new slot');
  });

  it('keeps the period in the record, and reads a junk one as the configured interval', () => {
    const clock = new FakeClock();
    const slot = new SharedSlot(folder, 'account', clock);
    slot.refused(60_000);
    assert.equal(new SharedSlot(folder, 'account', clock).gapFactor, 2, 'another window sees the halved rate');
    const file = fs.readdirSync(path.join(folder, 'accounts'), { recursive: true, withFileTypes: true }).find((f) => f.isFile());
    assert.ok(file);
    const at = path.join(file.parentPath, file.name);
    fs.writeFileSync(at, JSON.stringify({ ...JSON.parse(fs.readFileSync(at, 'utf8')), period: { rate: 'fast' } }));
    assert.equal(new SharedSlot(folder, 'account', clock).gapFactor, 1);
  });

  it(`two busy windows of one machine leave the hole too: the ${PACE.holeAfter} starts are counted for the account`, async () => {
    const clock = new FakeClock();
    const windows = [1, 2].map((seed) => {
      const slot = new SharedSlot(folder, 'account', clock);
      return new IntervalPacer({ gapMs: 100, clock, state: () => slot, random: seeded(seed) });
    });
    const t0 = clock.monotonic();
    const starts: { at: number; window: number }[] = [];
    const runs = windows.map(async (pacer, window) => {
      for (let i = 0; i < PACE.holeAfter + 2; i++) {
        await pacer.acquire();
        starts.push({ at: clock.monotonic() - t0, window });
        pacer.markStarted(clock.monotonic());
        pacer.succeeded();
      }
    });
    await clock.advance(60 * 100);
    await Promise.all(runs);
    const slots = starts.map((s) => s.at / 100);
    assert.deepEqual(new Set(starts.map((s) => s.window)).size, 2, 'both windows started requests');
    const run = Array.from({ length: PACE.holeAfter }, (_, i) => i);
    assert.deepEqual(slots.slice(0, 2 * PACE.holeAfter), [...run, ...run.map((i) => i + PACE.holeAfter + 1)], 'one slot in every run is left empty');
  });

  it('forgets a widened period once no 429 came for a while, in every window', async () => {
    await assertForgets(new FakeClock(), (clock) => new SharedSlot(folder, 'account', clock));
  });
});

/**
 * Widens the period of a pace keeper as far as it goes, then checks it holds until
 * PACE.forgetAfterMs passes without a 429 and is the configured interval after that; a 429 then
 * halves the configured rate, not the floor. `keeper` may return a new object on each call.
 */
async function assertForgets(clock: FakeClock, keeper: (clock: FakeClock) => PaceState): Promise<void> {
  for (let i = 0; i < 6; i++) keeper(clock).refused(60_000);
  assert.equal(keeper(clock).gapFactor, 1 / PACE.minRate, 'widened to the floor');
  await clock.advance(PACE.forgetAfterMs - 1);
  keeper(clock).succeeded();
  assert.equal(keeper(clock).gapFactor, 1 / PACE.minRate, 'clean answers alone narrow it slowly');
  await clock.advance(1);
  assert.equal(keeper(clock).gapFactor, 1, `the configured interval after ${PACE.forgetAfterMs} ms without a 429`);
  keeper(clock).refused(60_000);
  assert.equal(keeper(clock).gapFactor, 2, 'the next 429 halves the configured rate');
}

describe('Team pacing: a process alone', () => {
  it('forgets a widened period once no 429 came for a while', async () => {
    const clock = new FakeClock();
    const pace = new MemoryPace(clock);
    await assertForgets(clock, () => pace);
  });
});
