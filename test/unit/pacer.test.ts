// The pacing bookkeeping on its own, with a fake clock: the strict gap (window edges included),
// pauses, cancellation, serialised callers, and pacing from answers in cautious mode only.
import assert from 'node:assert/strict';
import { IntervalPacer } from '../../src/hiver/pacer';
import { FakeClock, settle } from './transportHelpers';

describe('IntervalPacer', () => {
  it('lets the first request start at once and spaces the next ones by the gap', async () => {
    const clock = new FakeClock();
    const pacer = new IntervalPacer({ gapMs: 1000, clock });
    const starts: number[] = [];
    const done = (async () => {
      for (let i = 0; i < 4; i++) {
        await pacer.acquire();
        starts.push(clock.now());
      }
    })();
    await clock.advance(5000);
    await done;
    const t0 = starts[0];
    assert.deepEqual(starts.map((t) => t - t0), [0, 1000, 2000, 3000]);
  });

  it('holds the gap across a fixed-window edge, where an interval cap alone would not', async () => {
    const clock = new FakeClock(10_000);
    const pacer = new IntervalPacer({ gapMs: 1000, clock });
    // Window [10000, 11000): a start late in the window, at 10990.
    await clock.advance(990);
    await pacer.acquire();
    const first = clock.now();
    // A fixed window resets its count at 11000 and would allow a start 10 ms later; the pacer does not.
    await clock.advance(10);
    let second: number | undefined;
    const pending = pacer.acquire().then(() => (second = clock.now()));
    await clock.advance(500);
    assert.equal(second, undefined, 'must not start within the gap after the window edge');
    await clock.advance(1000);
    await pending;
    assert.equal(second! - first, 1000);
  });

  it('stops every start until a pause ends, and a pause extended while waiting is honoured', async () => {
    const clock = new FakeClock();
    const pacer = new IntervalPacer({ gapMs: 100, clock });
    await pacer.acquire();
    const t0 = clock.now();
    pacer.pauseUntil(t0 + 2000);
    assert.equal(pacer.pausedUntil, t0 + 2000);
    let started: number | undefined;
    const pending = pacer.acquire().then(() => (started = clock.now()));
    await clock.advance(1500);
    pacer.pauseUntil(t0 + 3000);
    await clock.advance(1000);
    assert.equal(started, undefined);
    await clock.advance(600);
    await pending;
    assert.equal(started! - t0, 3000);
    assert.equal(pacer.pausedUntil, undefined, 'no longer paused once the time has passed');
  });

  it('rejects a cancelled wait without recording a start', async () => {
    const clock = new FakeClock();
    const pacer = new IntervalPacer({ gapMs: 1000, clock });
    await pacer.acquire();
    const t0 = clock.now();
    const controller = new AbortController();
    const cancelled = pacer.acquire(controller.signal);
    await clock.advance(300);
    controller.abort();
    await assert.rejects(cancelled);
    // The slot was not used: the next request may start 1000 ms after the first, not later.
    let started: number | undefined;
    const next = pacer.acquire().then(() => (started = clock.now()));
    await clock.advance(700);
    await next;
    assert.equal(started! - t0, 1000);
  });

  it('serves concurrent callers one at a time, each a full gap apart', async () => {
    const clock = new FakeClock();
    const pacer = new IntervalPacer({ gapMs: 250, clock });
    const starts: number[] = [];
    const all = Promise.all([0, 1, 2, 3, 4].map(() => pacer.acquire().then(() => starts.push(clock.now()))));
    await clock.advance(2000);
    await all;
    const t0 = starts[0];
    assert.deepEqual(starts.map((t) => t - t0), [0, 250, 500, 750, 1000]);
  });

  it('paces from the real send time when a request left later than it was allowed to', async () => {
    const clock = new FakeClock();
    const pacer = new IntervalPacer({ gapMs: 1000, clock });
    await pacer.acquire();
    const t0 = clock.now();
    pacer.markStarted(t0 + 80); // e.g. a new TLS connection delayed the first request
    let started: number | undefined;
    const next = pacer.acquire().then(() => (started = clock.now()));
    await clock.advance(1000);
    assert.equal(started, undefined);
    await clock.advance(80);
    await next;
    assert.equal(started! - t0, 1080);
    await settle();
  });

  describe('answers and cautious mode', () => {
    /** One request started now and answered `latencyMs` later; resolves with the next start's offset from the first. */
    async function nextStartAfterAnswer(pacer: IntervalPacer, clock: FakeClock, latencyMs: number): Promise<number> {
      await pacer.acquire();
      const t0 = clock.now();
      await clock.advance(latencyMs);
      pacer.markAnswered(clock.now());
      let started: number | undefined;
      const next = pacer.acquire().then(() => (started = clock.now()));
      await clock.advance(5000);
      await next;
      return started! - t0;
    }

    it('by default paces from starts only: an answer does not delay the next start', async () => {
      const clock = new FakeClock();
      const pacer = new IntervalPacer({ gapMs: 1000, clock });
      assert.equal(pacer.cautious, false);
      assert.equal(await nextStartAfterAnswer(pacer, clock, 400), 1000);
    });

    /** Two requests a full gap apart, the second refused as too early: the way cautious mode starts. */
    async function turnCautious(pacer: IntervalPacer, clock: FakeClock): Promise<void> {
      await pacer.acquire();
      await clock.advance(1000);
      await pacer.acquire();
      assert.match(pacer.refusedAsTooEarly() ?? '', /left 1000 ms after the previous one .*cautious pacing/);
      assert.equal(pacer.cautious, true);
      await clock.advance(5000);
    }

    it('a 429 for a request that left a full gap after the previous one turns cautious mode on, once', async () => {
      const clock = new FakeClock();
      const pacer = new IntervalPacer({ gapMs: 1000, clock });
      await turnCautious(pacer, clock);
      await pacer.acquire();
      assert.equal(pacer.refusedAsTooEarly(), undefined, 'already cautious: no second note');
    });

    it('a 429 on the first request, or on one paced by a shorter gap, does not turn cautious', async () => {
      const clock = new FakeClock();
      let gap = 500;
      const pacer = new IntervalPacer({ gapMs: () => gap, clock });
      await pacer.acquire();
      assert.equal(pacer.refusedAsTooEarly(), undefined, 'nothing of ours came before it');
      await clock.advance(500);
      await pacer.acquire();
      gap = 1000;
      assert.equal(pacer.refusedAsTooEarly(), undefined, 'it left 500 ms after the previous one, less than the gap now in force');
      assert.equal(pacer.cautious, false);
    });

    it('in cautious mode the next start also waits a full gap after the answer', async () => {
      const clock = new FakeClock();
      const pacer = new IntervalPacer({ gapMs: 1000, clock });
      await turnCautious(pacer, clock);
      assert.equal(await nextStartAfterAnswer(pacer, clock, 400), 1400);
      // An answer that came within the gap of its start still leaves the start's gap in force.
      const before = pacer.lastStartedAt!;
      pacer.markAnswered(before - 10);
      assert.equal(pacer.lastStartedAt, before);
    });

    it('turning cautious mode off goes back to pacing from starts', async () => {
      const clock = new FakeClock();
      const pacer = new IntervalPacer({ gapMs: 1000, clock });
      await turnCautious(pacer, clock);
      assert.equal(await nextStartAfterAnswer(pacer, clock, 400), 1400);
      pacer.resetMode();
      await clock.advance(2000); // idle: the next round starts at once
      assert.equal(await nextStartAfterAnswer(pacer, clock, 400), 1000);
    });
  });
});
