// Several machines on one account (a team) that cannot talk to each other: they send on one
// wall-clock grid, each in the positions of its timetable; a 429 gives the slot up to whoever
// holds it, long runs without one add a slot, and a lone user at the full rate pays nothing for
// the grid when idle (TEAM in paceState.ts). Fake clock and a seeded random source, so every
// figure here is exact.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IntervalPacer } from '../../src/hiver/pacer';
import { SharedSlot } from '../../src/hiver/sharedSlot';
import { afterLoss, gridStart, grownAfter, intoSlot, joinsGrid, MemoryPace, positionAt, TEAM, timetableAfterLoss, timetableOf, type PaceState, type Timetable } from '../../src/hiver/paceState';
import { DEFAULT_RETRY_POLICY, RateLimitPolicy } from '../../src/hiver/rateLimitPolicy';
import { FakeClock } from './transportHelpers';

/** A small deterministic generator (LCG) in [0, 1). */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const GAP = 103;
/** A fake clock whose wall time is the start of a slot at position 0 of the grid of `gap`. */
const onTheGrid = (gap = GAP) => new FakeClock(Math.ceil(1_700_000_000_000 / (gap * TEAM.frame)) * gap * TEAM.frame);
/** The part of a spread of `spreadMs` a machine with `slots` of the frame starts in, when not refused twice in a row: [from, to). */
const shareOfSpread = (spreadMs: number, slots: number) => [slots - 1, slots].map((n) => spreadMs * (TEAM.restFrom + ((1 - TEAM.restFrom) * n) / TEAM.frame));

describe('Team pacing: the timetable rules', () => {
  it('reads the grid from the wall clock: a slot, its position, and a start a little late still in it', () => {
    const k = 1_000_000 * TEAM.frame + 3;
    assert.equal(positionAt(k * GAP, GAP), 3);
    assert.equal(positionAt(k * GAP + 40, GAP), 3, 'the nearest slot');
    assert.equal(gridStart(k * GAP, GAP, undefined), k * GAP);
    const late = Math.floor(GAP * TEAM.lateness);
    assert.equal(gridStart(k * GAP + late, GAP, undefined), k * GAP, `up to ${TEAM.lateness} of a gap late is the same slot`);
    assert.equal(gridStart(k * GAP + late + 1, GAP, undefined), (k + 1) * GAP, 'later: the next slot');
    assert.equal(gridStart(k * GAP + late + 1, GAP, [3, 6]), (k + 3) * GAP, 'with a timetable: its next position');
    assert.equal(gridStart(k * GAP + late + 1, GAP, [1]), (k + 6) * GAP, 'round the frame');
    // A start on the grid may come up to the spread into its slot, and is still on the grid.
    const start = { slot: 0, run: 1 };
    assert.ok(joinsGrid(start, k * GAP + late, GAP, 0, false));
    assert.ok(!joinsGrid(start, k * GAP + late + 1, GAP, 0, false), 'later, without a spread: off the grid');
    assert.ok(joinsGrid(start, k * GAP + late + 10, GAP, 10, false), 'within a spread of 10 ms');
    assert.ok(!joinsGrid(start, k * GAP + late + 11, GAP, 10, false));
  });

  it('the first 429 gives half the positions, never the one refused; later ones take a position away, never the last', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const first = afterLoss(undefined, { position: 5, random: seeded(seed) });
      assert.equal(first.length, TEAM.firstShare);
      assert.equal(new Set(first).size, first.length, 'distinct');
      assert.ok(!first.includes(5) && first.every((p) => p >= 0 && p < TEAM.frame), `${first}`);
    }
    assert.deepEqual(afterLoss([1, 4, 6], { position: 4, random: seeded(1) }), [1, 6]);
    assert.deepEqual(afterLoss([1, 4, 6], { position: 2, random: seeded(1) }), [1, 4, 6], 'a slot not held: nothing to give up');
    const last = afterLoss([4], { position: 4, random: seeded(2) });
    assert.equal(last.length, 1, 'a machine always keeps one slot, to hear when the others leave');
    assert.notEqual(last[0], 4);
  });

  it('adds a position (a try) after its wait without a 429, up to the whole frame', () => {
    const table: Timetable = { positions: [2, 5], growAfterGaps: TEAM.growAfterGaps };
    assert.equal(grownAfter(table, TEAM.growAfterGaps * GAP - 1, GAP, seeded(1)), undefined, 'not before');
    const grown = grownAfter(table, TEAM.growAfterGaps * GAP, GAP, seeded(1));
    assert.equal(grown?.positions.length, 3);
    assert.ok(grown.positions.includes(2) && grown.positions.includes(5) && grown.positions.includes(grown.tried!), 'the try is the new one');
    assert.equal(grown.growAfterGaps, TEAM.growAfterGaps, 'no earlier try held: the wait stays');
    const all = { positions: Array.from({ length: TEAM.frame }, (_, p) => p), growAfterGaps: TEAM.growSoonAfterGaps };
    assert.equal(grownAfter(all, 10 * TEAM.growAfterGaps * GAP, GAP, seeded(1)), undefined);
  });

  it(`tries soon (${TEAM.growSoonAfterGaps} gaps) while tries get in, ${TEAM.growAfterGaps} once one is refused, then sooner again`, () => {
    const fresh = timetableAfterLoss(undefined, { position: 3, random: seeded(2) });
    assert.equal(fresh.growAfterGaps, TEAM.growSoonAfterGaps, 'a new timetable: there may be room');
    const tryAt = (table: Timetable) => grownAfter(table, table.growAfterGaps * GAP, GAP, seeded(3))!;
    const first = tryAt(fresh);
    assert.equal(first.growAfterGaps, TEAM.growSoonAfterGaps);
    const second = tryAt(first);
    assert.equal(second.growAfterGaps, TEAM.growSoonAfterGaps, 'the first try held');
    // The second try's position is refused: the frame is full.
    const refused = timetableAfterLoss(second, { position: second.tried!, random: seeded(4) });
    assert.deepEqual(refused.positions, first.positions);
    assert.equal(refused.growAfterGaps, TEAM.growAfterGaps);
    assert.equal(refused.tried, undefined);
    // Losing a slot held for long is another machine's doing, not a try's: the wait stays.
    const held = timetableAfterLoss(first, { position: first.positions.find((p) => p !== first.tried)!, random: seeded(5) });
    assert.equal(held.growAfterGaps, TEAM.growSoonAfterGaps);
    assert.equal(held.tried, first.tried);
    // After the refusal each try that held halves the wait, down to the soon one.
    let table = tryAt(refused);
    const waits = [table.growAfterGaps];
    while (table.positions.length < TEAM.frame) {
      table = tryAt(table);
      waits.push(table.growAfterGaps);
    }
    assert.deepEqual(waits, [TEAM.growAfterGaps, TEAM.growAfterGaps / 2, TEAM.growAfterGaps / 4]);
  });

  it('reads a stored timetable that is junk or out of range as the full rate', () => {
    assert.deepEqual(timetableOf([6, 1]), [1, 6]);
    for (const junk of [undefined, 'fast', [], [1, 1], [8], [-1], [1.5], ['1'], Array(TEAM.frame + 1).fill(0)]) {
      assert.equal(timetableOf(junk), undefined, JSON.stringify(junk));
    }
  });
});

/**
 * The start times (from the first) of `n` acquires in a row; after each, `afterStart` gets its
 * start time and sends the request (markStarted, an answer) as the test needs.
 */
async function startsOf(pacer: IntervalPacer, clock: FakeClock, n: number, afterStart: (startMs: number, i: number) => void | Promise<void>): Promise<number[]> {
  const t0 = clock.monotonic();
  const starts: number[] = [];
  const run = (async () => {
    for (let i = 0; i < n; i++) {
      await pacer.acquire();
      starts.push(clock.monotonic() - t0);
      await afterStart(starts[i], i);
    }
  })();
  await clock.advance(3 * n * GAP * TEAM.frame);
  await run;
  return starts;
}

/** The start times (from the first) of `n` back-to-back acquires, each request leaving at once and answered; idle for 5 gaps before the `idleAfter`th. */
function backToBack(pacer: IntervalPacer, clock: FakeClock, n: number, idleAfter?: number): Promise<number[]> {
  return startsOf(pacer, clock, n, async (_, i) => {
    pacer.markStarted(clock.monotonic());
    pacer.succeeded();
    if (i + 1 === idleAfter) await clock.sleep(5 * GAP);
  });
}

describe('Team pacing: the full rate', () => {
  it(`leaves one slot empty after ${TEAM.holeAfter} starts in a row, for others to be heard`, async () => {
    const clock = onTheGrid();
    const pacer = new IntervalPacer({ gapMs: GAP, clock, random: seeded(5) });
    const slots = (await backToBack(pacer, clock, 2 * TEAM.holeAfter + 1)).map((ms) => ms / GAP);
    const run = Array.from({ length: TEAM.holeAfter }, (_, i) => i);
    assert.deepEqual(slots, [...run, ...run.map((i) => i + TEAM.holeAfter + 1), 2 * TEAM.holeAfter + 2]);
  });

  it('an idle pause counts as the hole', async () => {
    const clock = onTheGrid();
    const pacer = new IntervalPacer({ gapMs: GAP, clock, random: seeded(6) });
    const starts = await backToBack(pacer, clock, TEAM.holeAfter + 4, TEAM.holeAfter - 1);
    const gaps = starts.slice(1).map((ms, i) => ms - starts[i]);
    assert.deepEqual(gaps.filter((ms) => ms !== GAP), [5 * GAP], 'only the idle pause: no hole right after it');
  });

  it('a burst joins the grid at its first hole and stays on it; shorter bursts pay nothing', async () => {
    const clock = onTheGrid();
    await clock.advance(40);
    const pacer = new IntervalPacer({ gapMs: GAP, clock, random: seeded(1) });
    const starts = await backToBack(pacer, clock, TEAM.holeAfter + 3);
    const run = Array.from({ length: TEAM.holeAfter }, (_, i) => i * GAP);
    const onGridAfterHole = [10, 11, 12].map((slot) => slot * GAP - 40);
    assert.deepEqual(starts, [...run, ...onGridAfterHole], 'a gap apart off the grid, then after the hole on it');
  });

  it('in cautious mode starts stay off the grid: a gap after each answer', async () => {
    const clock = onTheGrid();
    const pace = new MemoryPace(clock);
    pace.setCautious(true);
    const pacer = new IntervalPacer({ gapMs: GAP, clock, state: () => pace, random: seeded(1) });
    const starts = await startsOf(pacer, clock, 3, async () => {
      pacer.markStarted(clock.monotonic());
      await clock.sleep(30);
      pacer.markAnswered(clock.monotonic());
    });
    assert.deepEqual(starts, [0, 133, 266]);
  });

  it('a 429 on the request after the empty slot is another sender: a timetable, without the slot refused', async () => {
    const clock = onTheGrid();
    const pacer = new IntervalPacer({ gapMs: GAP, clock, random: seeded(4) });
    const starts = await backToBack(pacer, clock, TEAM.holeAfter + 1);
    assert.equal(starts.at(-1)! - starts.at(-2)!, 2 * GAP, 'the last request came after the hole');
    assert.equal(pacer.refusedAsTooEarly(), undefined, 'not put down to delays on the way');
    assert.equal(pacer.cautious, false);
    const pace = new MemoryPace(clock);
    const shared = new IntervalPacer({ gapMs: GAP, clock, state: () => pace, random: seeded(4) });
    await backToBack(shared, clock, 1);
    const position = positionAt(clock.now(), GAP);
    shared.refused(60_000);
    assert.equal(pace.timetable?.length, TEAM.firstShare);
    assert.ok(!pace.timetable.includes(position));
    assert.equal(shared.gapMs, (GAP * TEAM.frame) / TEAM.firstShare, 'half the slots: about two gaps apart');
  });

  it('the 429 that turns cautious pacing on keeps the full rate (a lone user whose request arrived late)', async () => {
    const clock = onTheGrid();
    const pacer = new IntervalPacer({ gapMs: GAP, clock, random: seeded(3) });
    for (let i = 0; i < 2; i++) {
      await pacer.acquire();
      pacer.markStarted(clock.monotonic());
      await clock.advance(GAP);
    }
    assert.ok(pacer.refusedAsTooEarly(), 'left a full gap after the previous one: cautious');
    pacer.refused(60_000);
    assert.equal(pacer.gapMs, GAP, 'still every slot');
    const next = pacer.acquire();
    await clock.advance(5 * GAP);
    await next;
    pacer.markStarted(clock.monotonic());
    assert.equal(pacer.refusedAsTooEarly(), undefined, 'already cautious');
    pacer.refused(60_000);
    assert.equal(pacer.gapMs, 2 * GAP, 'the next 429 is another sender: half the slots');
  });

  it('a 429 that came although the previous answer came a server gap before is another sender: a timetable, not cautious', async () => {
    // Hiver's own gap is GAP - MARGIN. The previous request was taken in by its answer, so a
    // delay on the way can explain the 429 only when that answer came less than that gap before
    // this request left.
    const MARGIN = 3;
    const refusedAfterAnswerIn = async (answerMs: number, markLeft = true) => {
      const clock = onTheGrid();
      const pacer = new IntervalPacer({ gapMs: GAP, marginMs: MARGIN, clock, random: seeded(3) });
      await pacer.acquire();
      const leftAt = clock.monotonic();
      pacer.markStarted(leftAt);
      await clock.advance(answerMs);
      pacer.markAnswered(clock.monotonic(), markLeft ? leftAt : undefined);
      const next = pacer.acquire();
      await clock.advance(GAP - answerMs);
      await next;
      pacer.markStarted(clock.monotonic());
      const note = pacer.refusedAsTooEarly();
      pacer.refused(60_000);
      return { cautious: note !== undefined && pacer.cautious, gapMs: pacer.gapMs };
    };
    assert.deepEqual(await refusedAfterAnswerIn(MARGIN), { cautious: false, gapMs: 2 * GAP }, 'answered a server gap before: half the slots');
    assert.deepEqual(await refusedAfterAnswerIn(MARGIN + 1), { cautious: true, gapMs: GAP }, 'answered later: delays can explain it');
    assert.deepEqual(await refusedAfterAnswerIn(MARGIN, false), { cautious: true, gapMs: GAP }, 'an answer not known to be that request’s tells nothing');
  });
});

describe('Team pacing: the timetable', () => {
  it('starts only in its slots, and a 429 gives up the slot it came for; a request that leaves late keeps its slot', async () => {
    const clock = onTheGrid();
    const pace = new MemoryPace(clock, [1, 4, 6]);
    const pacer = new IntervalPacer({ gapMs: GAP, clock, state: () => pace, random: seeded(1) });
    const starts = await startsOf(pacer, clock, 6, (startMs) => {
      // Each request leaves 7 ms after its slot (a busy machine); the next slot does not move.
      pacer.markStarted(clock.monotonic() + 7);
      if (startMs === 12 * GAP) pacer.refused(60_000);
      else pacer.succeeded();
    });
    assert.deepEqual(starts.map((ms) => ms / GAP), [1, 4, 6, 9, 12, 14], 'positions 1, 4 and 6 of each frame');
    assert.deepEqual(pace.timetable, [1, 6], 'the slot refused at 12 (position 4) went to another machine');
  });

  /** The spread in the tests below: larger than the product's (TEAM.spread), to be seen in whole ms. */
  const SPREAD = 1 / 4;
  const SLOT = GAP * (1 + SPREAD);
  /** How far into its slot of SLOT each start came, and in which slot (from the first start's frame). */
  const inSlots = (starts: number[], offsetMs = 0) =>
    starts.map((ms) => ({ slot: Math.floor((ms + offsetMs) / SLOT), into: (ms + offsetMs) % SLOT }));

  it('with a spread, starts come at random into slots that much longer, and each keeps its position', async () => {
    const clock = onTheGrid(SLOT);
    const pace = new MemoryPace(clock, [1, 4, 6]);
    const pacer = new IntervalPacer({ gapMs: GAP, clock, state: () => pace, random: seeded(1), spread: SPREAD });
    const starts = await startsOf(pacer, clock, 6, (startMs) => {
      pacer.markStarted(clock.monotonic());
      if (Math.floor(startMs / SLOT) === 12) pacer.refused(60_000);
      else pacer.succeeded();
    });
    const slots = inSlots(starts);
    assert.deepEqual(slots.map((s) => s.slot), [1, 4, 6, 9, 12, 14], 'positions 1, 4 and 6 of each frame of longer slots');
    assert.ok(slots.every((s) => s.into < GAP * SPREAD), `within the spread: ${slots.map((s) => s.into.toFixed(1))}`);
    assert.ok(new Set(slots.map((s) => Math.round(s.into))).size >= 4, `at random: ${slots.map((s) => s.into.toFixed(1))}`);
    assert.deepEqual(pace.timetable, [1, 6], 'the 429 in slot 12 gave up position 4');
  });

  it('places a start in the spread by the share, the fewer slots the earlier, after the front kept for a machine refused twice in a row', () => {
    const spreadMs = 80;
    assert.ok(shareOfSpread(spreadMs, 1)[0] > TEAM.front * spreadMs, 'room between the front and the rest for delays on the way');
    for (let slots = 1; slots <= TEAM.frame; slots++) {
      for (const refusedInARow of [0, 1]) {
        const [from, to] = shareOfSpread(spreadMs, slots);
        assert.ok(Math.abs(intoSlot(spreadMs, slots, refusedInARow, () => 0) - from) < 1e-9, `${slots} slots: from ${from} ms`);
        assert.ok(intoSlot(spreadMs, slots, refusedInARow, () => 0.999) < to, `${slots} slots: before ${to} ms`);
      }
      for (const refusedInARow of [2, 5]) {
        assert.equal(intoSlot(spreadMs, slots, refusedInARow, () => 0), 0, `${slots} slots, refused ${refusedInARow} times in a row: the front`);
        assert.ok(intoSlot(spreadMs, slots, refusedInARow, () => 0.999) < TEAM.front * spreadMs);
      }
    }
  });

  /**
   * Sends one request of `pacer` to a strict server that takes the first to arrive in each slot
   * of SLOT (counted from `t0`) and refuses the rest: `wayMs` there and as long back. Tells the
   * pacer and `policy` (the 429s in a row, as the transport does). Returns the slot it arrived in.
   */
  async function sendOnce(pacer: IntervalPacer, policy: RateLimitPolicy, clock: FakeClock, t0: number, taken: Map<number, string>, who: string, wayMs: number): Promise<number> {
    await pacer.acquire();
    const leftAt = clock.monotonic();
    pacer.markStarted(leftAt);
    await clock.sleep(wayMs);
    const slot = Math.floor((clock.monotonic() - t0) / SLOT);
    const won = !taken.has(slot);
    if (won) taken.set(slot, who);
    await clock.sleep(wayMs);
    pacer.markAnswered(clock.monotonic(), leftAt);
    if (won) {
      pacer.succeeded();
      policy.answered(clock.monotonic());
    } else {
      pacer.refused(60_000);
      policy.limited(clock.monotonic(), undefined, undefined, 0);
    }
    return slot;
  }

  /** A machine in a contest: its timetable, its seed, how long its requests take each way, when it starts and how many it sends. */
  interface Contender {
    name: string;
    timetable: number[];
    seed: number;
    wayMs?: number;
    startAfterMs?: number;
    sends: number;
  }

  /**
   * Machines that send on the grid of SLOT at once, each on its timetable (sendOnce): `taken` holds
   * the slots others already took. Returns each machine's pace and the slots it arrived in.
   */
  async function contest(contenders: Contender[], taken = new Map<number, string>()) {
    const clock = onTheGrid(SLOT);
    const t0 = clock.monotonic();
    const machines = contenders.map((c) => {
      const pace = new MemoryPace(clock, c.timetable);
      const policy = new RateLimitPolicy(DEFAULT_RETRY_POLICY, seeded(c.seed));
      const pacer = new IntervalPacer({ gapMs: GAP, clock, state: () => pace, random: seeded(c.seed), spread: SPREAD, refusedInARow: () => policy.refusedInARow });
      return { ...c, pace, pacer, policy, slots: [] as number[] };
    });
    const runs = machines.map(async (m) => {
      await clock.sleep(m.startAfterMs ?? 0);
      for (let i = 0; i < m.sends; i++) m.slots.push(await sendOnce(m.pacer, m.policy, clock, t0, taken, m.name, m.wayMs ?? 0));
    });
    await clock.advance(4 * TEAM.frame * SLOT);
    await Promise.all(runs);
    return { machines, taken, where: machines.map((m) => `${m.name} in ${m.slots}`).join(', ') };
  }

  it('where two machines meet in one slot, the one with fewer slots wins it and the other drops it', async () => {
    // Each pair of seeds a contest: at random points of the whole spread either could win it.
    for (const seeds of [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]]) {
      const { machines, taken, where } = await contest([
        { name: 'few', timetable: [3], seed: seeds[0], sends: 3 },
        { name: 'many', timetable: [1, 3, 5, 6], seed: seeds[1], sends: 3 },
      ]);
      const [few, many] = machines;
      assert.deepEqual(few.slots, [3, 11, 19], `seeds ${seeds}: ${where}`);
      assert.equal(taken.get(3), 'few', `the machine with one slot took slot 3: seeds ${seeds}: ${where}`);
      assert.deepEqual(few.pace.timetable, [3], `seeds ${seeds}: ${where}`);
      assert.deepEqual(many.pace.timetable, [1, 5, 6], `the machine with four dropped position 3: seeds ${seeds}: ${where}`);
    }
  });

  it('leaves half the shortest round trip before its slot, so that it arrives on the grid', async () => {
    const clock = onTheGrid(SLOT);
    const t0 = clock.monotonic();
    const pace = new MemoryPace(clock, [2]);
    const policy = new RateLimitPolicy(DEFAULT_RETRY_POLICY, seeded(3));
    const pacer = new IntervalPacer({ gapMs: GAP, clock, state: () => pace, random: seeded(3), spread: SPREAD, refusedInARow: () => policy.refusedInARow });
    assert.equal(pacer.leadMs, 0, 'nothing to go by before the first answer');
    const wayMs = 10;
    const arrivals: number[] = [];
    const run = (async () => {
      for (let i = 0; i < 4; i++) {
        await sendOnce(pacer, policy, clock, t0, new Map(), 'alone', wayMs);
        arrivals.push(pacer.lastStartedAt! - t0 + wayMs);
      }
    })();
    await clock.advance(5 * TEAM.frame * SLOT);
    await run;
    const slots = inSlots(arrivals);
    const where = slots.map((s) => `${s.slot}+${s.into.toFixed(1)}`).join(', ');
    assert.deepEqual(slots.map((s) => s.slot), [2, 10, 18, 26], where);
    // With one slot of the frame, in the first part of the spread (intoSlot), on arrival.
    const [from, to] = shareOfSpread(GAP * SPREAD, 1);
    assert.ok(slots.slice(1).every((s) => s.into >= from - 1e-9 && s.into < to), `each after the first answer arrives in its part of the spread: ${where}`);
    assert.ok(slots[0].into >= wayMs, `the first left on the grid and arrived ${wayMs} ms into its slot: ${where}`);
    assert.equal(pacer.leadMs, wayMs);
  });

  it('the lead follows a longer way slowly, and never exceeds a part of the gap', () => {
    const pacer = new IntervalPacer({ gapMs: GAP, clock: onTheGrid(), spread: SPREAD });
    pacer.markAnswered(1_020, 1_000);
    pacer.markAnswered(2_080, 2_000);
    assert.equal(pacer.leadMs, 10.5, 'one longer answer moves it by half a ms');
    pacer.markAnswered(3_008, 3_000);
    assert.equal(pacer.leadMs, 4, 'a shorter one at once');
    pacer.markAnswered(4_000, undefined);
    assert.equal(pacer.leadMs, 4, 'an answer to a request not seen leaving says nothing');
    const far = new IntervalPacer({ gapMs: GAP, clock: onTheGrid(), spread: SPREAD });
    far.markAnswered(1_600, 1_000);
    assert.equal(far.leadMs, TEAM.leadAtMost * GAP);
  });

  it('a machine further from Hiver still wins the slots it shares when it has fewer', async () => {
    for (const seeds of [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]]) {
      // 20 ms each way for the far one, 1 ms for the near one: without the lead the near one
      // arrives first in every slot they share, whatever their shares (intoSlot).
      const { machines, taken, where } = await contest([
        { name: 'far', timetable: [3], seed: seeds[0], wayMs: 20, sends: 3 },
        { name: 'near', timetable: [1, 3, 5, 6], seed: seeds[1], wayMs: 1, startAfterMs: TEAM.frame * SLOT, sends: 3 },
      ]);
      const [far, near] = machines;
      assert.deepEqual(far.slots, [3, 11, 19], `seeds ${seeds}: ${where}`);
      assert.deepEqual(near.slots, [9, 11, 13], `seeds ${seeds}: ${where}`);
      assert.equal(taken.get(11), 'far', `the machine with one slot took slot 11: seeds ${seeds}: ${where}`);
      assert.deepEqual(far.pace.timetable, [3], `seeds ${seeds}: ${where}`);
      assert.deepEqual(near.pace.timetable, [1, 5, 6], `the machine with four dropped position 3: seeds ${seeds}: ${where}`);
    }
  });

  it('a machine refused twice in a row wins the next slot it meets another machine in, though it has more slots', async () => {
    for (const seeds of [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]]) {
      // A third machine's requests came first in slots 0 and 1.
      const third = new Map<number, string>([
        [0, 'third'],
        [1, 'third'],
      ]);
      const { machines, taken, where } = await contest(
        [
          { name: 'loser', timetable: [0, 1, 3, 5], seed: seeds[0], wayMs: 1, sends: 3 },
          { name: 'few', timetable: [3], seed: seeds[1], wayMs: 1, sends: 2 },
        ],
        third,
      );
      const [loser, few] = machines;
      const at = `seeds ${seeds}: ${where}`;
      assert.deepEqual(loser.slots, [0, 1, 3], at);
      assert.equal(few.slots[0], 3, at);
      // Without the front the machine with one slot would come first (the test above).
      assert.equal(taken.get(3), 'loser', `refused twice in a row, it came first in slot 3: ${at}`);
      assert.deepEqual(loser.pace.timetable, [3, 5], `it dropped the two slots it lost: ${at}`);
      assert.equal(few.pace.timetable?.length, 1, at);
      assert.notEqual(few.pace.timetable?.[0], 3, `the machine with one slot dropped position 3 for another: ${at}`);
      assert.equal(taken.get(few.slots[1]), 'few', `and took its new one: ${at}`);
    }
  });

  it('with a spread, a burst at the full rate joins the grid at its hole and stays on it, in every window', async () => {
    for (const shared of [false, true]) {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hiver-team-'));
      try {
        const clock = onTheGrid(SLOT);
        await clock.advance(40);
        const state = shared ? new SharedSlot(folder, 'account', clock) : undefined;
        const pacer = new IntervalPacer({ gapMs: GAP, clock, state: () => state, random: seeded(2), spread: SPREAD });
        const starts = await backToBack(pacer, clock, TEAM.holeAfter + 4);
        const afterHole = inSlots(starts.slice(TEAM.holeAfter), 40);
        const where = `${shared ? 'shared' : 'own'} state: ${afterHole.map((s) => `${s.slot}+${s.into.toFixed(1)}`)}`;
        assert.ok(afterHole.every((s) => s.into < GAP * SPREAD), `on the grid: ${where}`);
        assert.deepEqual(afterHole.map((s) => s.slot - afterHole[0].slot), [0, 1, 2, 3], `in slots in a row: ${where}`);
      } finally {
        fs.rmSync(folder, { recursive: true, force: true });
      }
    }
  });

  it('a timer that wakes late for its slot still takes it, rather than wait for the next one', async () => {
    const clock = onTheGrid();
    // Every sleep ends 20 ms late (a busy machine): more than a start may be late to be read as in its slot.
    assert.ok(20 > GAP * TEAM.lateness);
    const late = { now: () => clock.now(), monotonic: () => clock.monotonic(), sleep: (ms: number) => clock.sleep(ms + 20) };
    const pace = new MemoryPace(clock, [1, 4, 6]);
    const pacer = new IntervalPacer({ gapMs: GAP, clock: late, state: () => pace, random: seeded(1) });
    assert.deepEqual(await backToBack(pacer, clock, 4), [1, 4, 6, 9].map((slot) => slot * GAP + 20));
  });

  it(`takes one slot more after ${TEAM.growSoonAfterGaps} gaps without a 429 while they get in, after ${TEAM.growAfterGaps} once one is refused`, async () => {
    const clock = onTheGrid();
    const pace = new MemoryPace(clock);
    const pacer = new IntervalPacer({ gapMs: GAP, clock, state: () => pace, random: seeded(9) });
    /** Each start of `n`, answered: when (monotonic), and the timetable after it. */
    const run = async (n: number) => {
      const seen: { at: number; positions: readonly number[] }[] = [];
      await startsOf(pacer, clock, n, async () => {
        pacer.markStarted(clock.monotonic());
        pacer.succeeded();
        seen.push({ at: clock.monotonic(), positions: pace.timetable! });
      });
      return seen;
    };
    /** When the timetable grew, counted from `from`, in gaps. */
    const growths = (seen: { at: number; positions: readonly number[] }[], from: number, size: number) =>
      seen.filter((s, i) => s.positions.length > (i === 0 ? size : seen[i - 1].positions.length)).map((s) => (s.at - from) / GAP);
    // A 429 at the full rate: a new timetable of half the frame, which may have room beside it.
    pace.refused(60_000, { position: 0, random: seeded(1) });
    const madeAt = clock.monotonic();
    assert.equal(pace.timetable?.length, TEAM.firstShare);
    const soon = await run(2 * TEAM.firstShare + 2);
    const [first, second] = growths(soon, madeAt, TEAM.firstShare);
    // Each at the first start a wait (and no more than a frame) after the last.
    assert.ok(first >= TEAM.growSoonAfterGaps && first < TEAM.growSoonAfterGaps + TEAM.frame, `${first}`);
    assert.ok(second - first >= TEAM.growSoonAfterGaps && second - first < TEAM.growSoonAfterGaps + TEAM.frame, `${second}`);
    // The last try is refused: the frame is full, and the next try waits far longer.
    const last = soon.at(-1)!.positions;
    const tried = last.find((p) => !soon.find((s) => s.positions.length === last.length - 1)!.positions.includes(p))!;
    pace.refused(60_000, { position: tried, random: seeded(2) });
    const refusedAt = clock.monotonic();
    assert.equal(pace.timetable?.length, last.length - 1);
    const slow = await run(((last.length - 1) * (TEAM.growAfterGaps + TEAM.frame)) / TEAM.frame);
    const [next] = growths(slow, refusedAt, last.length - 1);
    assert.ok(next >= TEAM.growAfterGaps && next < TEAM.growAfterGaps + TEAM.frame, `${next}`);
  });

  /**
   * Senders that all start together at the full rate, against a strict server (a request less
   * than `SERVER_GAP` after the last accepted one is refused), continuously busy, answered at
   * once. Returns who was accepted or refused, in order, with the slot.
   */
  async function simulate(senders: number, frames: number, random: (n: number) => () => number) {
    const SERVER_GAP = 100;
    const clock = onTheGrid();
    const start = clock.monotonic();
    let lastAccepted = Number.NEGATIVE_INFINITY;
    const log: { slot: number; who: number; ok: boolean }[] = [];
    const end = start + frames * TEAM.frame * GAP;
    for (let who = 0; who < senders; who++) {
      const pace = new MemoryPace(clock);
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
          log.push({ slot: Math.round((at - start) / GAP), who, ok });
          if (ok) {
            pacer.succeeded();
          } else {
            pacer.refusedAsTooEarly();
            pacer.refused(60_000);
          }
          pacer.markAnswered(clock.monotonic());
        }
      })();
    }
    await clock.advance(frames * TEAM.frame * GAP);
    return log;
  }

  it('three senders that start together at the full rate settle into slots of their own and fill the grid', async () => {
    // 12 frames: fewer gaps than a refused try waits before the next (TEAM.growAfterGaps).
    const FRAMES = 12;
    assert.ok(FRAMES * TEAM.frame < TEAM.growAfterGaps);
    const log = await simulate(3, FRAMES, (who) => seeded(11 + who));
    assert.ok(log.slice(0, 3).some((e) => !e.ok), 'they start on one slot: 429s at first');
    const settledFrom = 4 * TEAM.frame;
    const settled = log.filter((e) => e.slot >= settledFrom);
    // From the 5th frame on, a 429 is a sender's try at one slot more, refused: the frame is full.
    const refusedBy = [0, 1, 2].map((who) => settled.filter((e) => !e.ok && e.who === who).length);
    assert.ok(refusedBy.every((n) => n <= 1), `at most one refused try each from the 5th frame on: ${refusedBy.join('/')}`);
    const shares = [0, 1, 2].map((who) => settled.filter((e) => e.who === who).length);
    assert.ok(Math.min(...shares) >= 1 * (FRAMES - 4), `every sender keeps a slot of each frame: ${shares.join('/')}`);
    const used = new Set(settled.map((e) => e.slot)).size;
    assert.ok(used >= 0.75 * (FRAMES - 4) * TEAM.frame, `${used} of ${(FRAMES - 4) * TEAM.frame} slots used`);
  });
});

describe('Team pacing: the account slot shared by windows', () => {
  let folder: string;
  beforeEach(() => (folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hiver-team-'))));
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('holds starts of every window to the timetable on the grid', async () => {
    const clock = onTheGrid(100);
    const slot = new SharedSlot(folder, 'account', clock);
    assert.equal(slot.take(100), 0, 'the first start goes at once');
    slot.left(0);
    slot.refused(60_000, { position: 0, random: () => 0 });
    assert.deepEqual(new SharedSlot(folder, 'account', clock).timetable, [1, 2, 3, 4], 'another window sees the timetable');
    await clock.advance(150);
    assert.equal(slot.take(100), 50, 'the next waits for position 2 (its gap has passed; position 1 with it)');
    await clock.advance(50);
    assert.equal(slot.take(100), 0);
    slot.left(0);
    await clock.advance(1);
    assert.equal(slot.take(100), 99, 'then position 3');
  });

  it('keeps the timetable in the record, and reads a junk one as the full rate', () => {
    const clock = onTheGrid(100);
    const slot = new SharedSlot(folder, 'account', clock);
    slot.refused(60_000, { position: 7, random: seeded(1) });
    assert.equal(new SharedSlot(folder, 'account', clock).timetable?.length, TEAM.firstShare);
    const file = fs.readdirSync(path.join(folder, 'accounts'), { recursive: true, withFileTypes: true }).find((f) => f.isFile());
    assert.ok(file);
    const at = path.join(file.parentPath, file.name);
    fs.writeFileSync(at, JSON.stringify({ ...JSON.parse(fs.readFileSync(at, 'utf8')), timetable: [9, 'x'] }));
    assert.equal(new SharedSlot(folder, 'account', clock).timetable, undefined);
  });

  it("keeps the timetable's last try in the record: one window's try refused slows every window's next", async () => {
    const clock = onTheGrid(100);
    const [one, two] = [1, 2].map(() => new SharedSlot(folder, 'account', clock));
    one.refused(60_000, { position: 7, random: seeded(1) });
    const made = two.timetable!;
    await clock.advance(TEAM.growSoonAfterGaps * 100);
    one.succeeded(100, seeded(2));
    const grown = two.timetable!;
    assert.equal(grown.length, made.length + 1, 'a new timetable tries soon');
    const tried = grown.find((p) => !made.includes(p))!;
    two.refused(60_000, { position: tried, random: seeded(3) });
    assert.deepEqual(one.timetable, made);
    await clock.advance(TEAM.growSoonAfterGaps * 100);
    one.succeeded(100, seeded(4));
    assert.deepEqual(one.timetable, made, 'the try was refused in the other window: not soon again');
    await clock.advance((TEAM.growAfterGaps - TEAM.growSoonAfterGaps) * 100);
    one.succeeded(100, seeded(4));
    assert.equal(two.timetable?.length, made.length + 1);
    // A junk wait or try reads as a refused try: the long wait.
    const dir = path.join(folder, 'accounts', 'account');
    const latest = path.join(dir, `v${Math.max(...fs.readdirSync(dir).map((name) => Number(/^v(\d+)\.json$/.exec(name)?.[1] ?? 0)))}.json`);
    const record = JSON.parse(fs.readFileSync(latest, 'utf8'));
    assert.deepEqual(record.timetable, two.timetable, 'the latest version');
    fs.writeFileSync(latest, JSON.stringify({ ...record, timetable: made, grownAt: 0, growAfterGaps: 'soon', tried: 99 }));
    assert.deepEqual(one.timetable, made);
    two.succeeded(100, seeded(5));
    assert.equal(one.timetable?.length, made.length + 1, 'grows after the long wait');
    await clock.advance(TEAM.growSoonAfterGaps * 100);
    two.succeeded(100, seeded(6));
    assert.equal(one.timetable?.length, made.length + 1, 'and waits long for the next');
  });

  /**
   * Two windows of one machine on one account, each sending `each` requests back to back; their
   * starts, in order. With `wayMs`, each request takes that long to arrive and as long back.
   */
  async function twoBusyWindows(clock: FakeClock, gapMs: number, each: number, spread?: number, wayMs?: number) {
    const windows = [1, 2].map((seed) => {
      const slot = new SharedSlot(folder, 'account', clock);
      return new IntervalPacer({ gapMs, clock, state: () => slot, random: seeded(seed), spread });
    });
    const t0 = clock.monotonic();
    const starts: { at: number; window: number }[] = [];
    const runs = windows.map(async (pacer, window) => {
      // Each window has heard an answer before, so it knows how long the way is (leadMs).
      if (wayMs !== undefined) pacer.markAnswered(clock.monotonic(), clock.monotonic() - 2 * wayMs);
      for (let i = 0; i < each; i++) {
        await pacer.acquire();
        starts.push({ at: clock.monotonic() - t0, window });
        const leftAt = clock.monotonic();
        pacer.markStarted(leftAt);
        if (wayMs !== undefined) {
          await clock.sleep(2 * wayMs);
          pacer.markAnswered(clock.monotonic(), leftAt);
        }
        pacer.succeeded();
      }
    });
    await clock.advance(60 * gapMs * each);
    await Promise.all(runs);
    assert.deepEqual(new Set(starts.map((s) => s.window)).size, 2, 'both windows started requests');
    return starts;
  }

  it(`two busy windows of one machine leave the hole too: the ${TEAM.holeAfter} starts are counted for the account`, async () => {
    const starts = await twoBusyWindows(onTheGrid(100), 100, TEAM.holeAfter + 2);
    const slots = starts.map((s) => s.at / 100);
    const run = Array.from({ length: TEAM.holeAfter }, (_, i) => i);
    assert.deepEqual(slots.slice(0, 2 * TEAM.holeAfter), [...run, ...run.map((i) => i + TEAM.holeAfter + 1)], 'one slot in every run is left empty');
  });

  it('two busy windows with a spread keep to one grid of longer slots, and leave the hole on it', async () => {
    const slotMs = 125;
    const starts = await twoBusyWindows(onTheGrid(slotMs), 100, TEAM.holeAfter + 4, 1 / 4);
    const slots = starts.map((s) => ({ slot: Math.floor(s.at / slotMs), into: s.at % slotMs }));
    const where = slots.map((s) => `${s.slot}+${s.into.toFixed(1)}`).join(', ');
    // At the full rate, in the last part of the spread (intoSlot), also when another window held
    // it back; all but the first, which went at once.
    const [from, to] = shareOfSpread(25, TEAM.frame);
    assert.ok(slots.slice(1).every((s) => s.into >= from - 1e-9 && s.into < to), `each in the full rate's part of the spread: ${where}`);
    const run = Array.from({ length: TEAM.holeAfter }, (_, i) => i);
    const expected = [...run, ...run.map((i) => i + TEAM.holeAfter + 1), ...run.map((i) => i + 2 * TEAM.holeAfter + 2)];
    assert.deepEqual(slots.map((s) => s.slot), expected.slice(0, starts.length), `one slot in every run is left empty: ${where}`);
  });

  it('two busy windows whose requests take a while to arrive keep to the grid on arrival', async () => {
    const slotMs = 125;
    const wayMs = 10;
    const starts = await twoBusyWindows(onTheGrid(slotMs), 100, TEAM.holeAfter + 4, 1 / 4, wayMs);
    // All but the first, which went at once: arrivals in the full rate's part of the spread (intoSlot).
    const arrivals = starts.slice(1).map((s) => ({ slot: Math.floor((s.at + wayMs) / slotMs), into: (s.at + wayMs) % slotMs }));
    const where = arrivals.map((s) => `${s.slot}+${s.into.toFixed(1)}`).join(', ');
    const [from, to] = shareOfSpread(25, TEAM.frame);
    assert.ok(arrivals.every((s) => s.into >= from - 1e-9 && s.into < to), `each arrives in the full rate's part of the spread: ${where}`);
    assert.equal(new Set(arrivals.map((s) => s.slot)).size, arrivals.length, `one request to a slot: ${where}`);
  });

  it('forgets a timetable once no 429 came for a while, in every window', async () => {
    await assertForgets(onTheGrid(), (clock) => new SharedSlot(folder, 'account', clock));
  });
});

/**
 * Gives a pace keeper a timetable of one slot, then checks it holds until TEAM.forgetAfterMs
 * passes without a 429 and is the full rate after that; a 429 then gives the first share again.
 * `keeper` may return a new object on each call.
 */
async function assertForgets(clock: FakeClock, keeper: (clock: FakeClock) => PaceState): Promise<void> {
  for (let p = 0; p < TEAM.frame; p++) keeper(clock).refused(60_000, { position: p, random: seeded(p) });
  assert.equal(keeper(clock).timetable?.length, 1, 'down to one slot');
  await clock.advance(TEAM.forgetAfterMs - 1);
  assert.equal(keeper(clock).timetable?.length, 1, 'held');
  await clock.advance(1);
  assert.equal(keeper(clock).timetable, undefined, `the full rate after ${TEAM.forgetAfterMs} ms without a 429`);
  keeper(clock).refused(60_000, { position: 0, random: seeded(1) });
  assert.equal(keeper(clock).timetable?.length, TEAM.firstShare, 'the next 429 gives half the slots, not one');
}

describe('Team pacing: a process alone', () => {
  it('forgets a timetable once no 429 came for a while', async () => {
    const clock = onTheGrid();
    const pace = new MemoryPace(clock);
    await assertForgets(clock, () => pace);
  });

  it('left alone after one 429 from another machine, a busy process has every slot back within a few frames', async () => {
    const clock = onTheGrid();
    const pace = new MemoryPace(clock);
    const pacer = new IntervalPacer({ gapMs: GAP, clock, state: () => pace, random: seeded(3) });
    pace.refused(60_000, { position: 5, random: seeded(4) });
    const madeAt = clock.monotonic();
    let fullAt: number | undefined;
    await startsOf(pacer, clock, 6 * TEAM.frame, async () => {
      pacer.markStarted(clock.monotonic());
      pacer.succeeded();
      if (fullAt === undefined && pace.timetable?.length === TEAM.frame) fullAt = clock.monotonic();
    });
    // Four tries, each the first start a frame (8 gaps) after the last: not the 10 minutes until
    // the timetable is forgotten.
    const tries = TEAM.frame - TEAM.firstShare;
    assert.ok(fullAt !== undefined, 'every slot back');
    const gaps = (fullAt - madeAt) / GAP;
    assert.ok(gaps >= tries * TEAM.growSoonAfterGaps && gaps < tries * (TEAM.growSoonAfterGaps + TEAM.frame), `${gaps} gaps`);
  });
});
