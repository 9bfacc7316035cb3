import assert from 'node:assert/strict';
import { MIN_PER_INBOX_MS, watchPace, type PaceInput } from '../../src/watch/pace';
import { compareIds, isDescending } from '../../src/watch/ids';

const MIDNIGHT = Date.UTC(2026, 0, 10);
const DAY = 86_400_000;
const base: PaceInput = { share: 0.2, dailyLimit: 5000, backgroundShare: 0.95, usedToday: 0, watcherSpentToday: 0, inboxes: 1, now: MIDNIGHT, resetAt: MIDNIGHT + DAY };

describe('watch pace (pure)', () => {
  it('spreads the share of the day over the hours left and the watched inboxes', () => {
    // 20% of 5000 = 1000 requests over 24 h: one every 86.4 s; three inboxes each every 259.2 s.
    const one = watchPace(base);
    assert.deepEqual(one, { kind: 'polling', tickMs: 86_400, perInboxMs: 86_400, requestsLeft: 1000 });
    const three = watchPace({ ...base, inboxes: 3 });
    assert.equal(three.kind === 'polling' && three.perInboxMs, 259_200);
    // At noon with half the share spent, the same pace: 500 left over 12 h.
    const noon = watchPace({ ...base, now: MIDNIGHT + DAY / 2, watcherSpentToday: 500 });
    assert.equal(noon.kind === 'polling' && noon.tickMs, 86_400);
    // At noon with nothing spent, twice as fast (1000 over 12 h), over three inboxes.
    const fresh = watchPace({ ...base, inboxes: 3, now: MIDNIGHT + DAY / 2 });
    assert.equal(fresh.kind === 'polling' && fresh.tickMs, 43_200);
  });

  it('never polls an inbox more than once a minute', () => {
    const rich = watchPace({ ...base, dailyLimit: 1_000_000, inboxes: 4 });
    assert.equal(rich.kind === 'polling' && rich.perInboxMs, MIN_PER_INBOX_MS);
    assert.equal(rich.kind === 'polling' && rich.tickMs, MIN_PER_INBOX_MS / 4);
  });

  it('stops when its share is spent, at the background threshold, and with nothing watched', () => {
    assert.deepEqual(watchPace({ ...base, watcherSpentToday: 1000 }), { kind: 'stopped', reason: 'share', until: MIDNIGHT + DAY });
    assert.deepEqual(watchPace({ ...base, usedToday: 4750 }), { kind: 'stopped', reason: 'threshold', until: MIDNIGHT + DAY });
    assert.deepEqual(watchPace({ ...base, inboxes: 0 }), { kind: 'stopped', reason: 'idle' });
    // A share of 0 is watching turned off (no reset ends it), even before the threshold.
    assert.deepEqual(watchPace({ ...base, share: 0 }), { kind: 'stopped', reason: 'off' });
    assert.deepEqual(watchPace({ ...base, share: 0, usedToday: 4750 }), { kind: 'stopped', reason: 'off' });
    // Near the threshold, what is left before it bounds the pace too.
    const near = watchPace({ ...base, usedToday: 4740 });
    assert.equal(near.kind === 'polling' && near.requestsLeft, 10);
  });

  it('never plans more polls than its share before the reset', () => {
    for (const inboxes of [1, 3, 10]) {
      let now = MIDNIGHT;
      let spent = 0;
      for (;;) {
        const pace = watchPace({ ...base, inboxes, now, watcherSpentToday: spent });
        if (pace.kind !== 'polling') break;
        spent += 1;
        now += pace.tickMs;
        if (now >= MIDNIGHT + DAY) break;
      }
      assert.ok(spent <= 1000, `${inboxes} inboxes: ${spent}`);
      assert.ok(spent >= 990, `${inboxes} inboxes use their share: ${spent}`);
    }
  });
});

describe('conversation ids', () => {
  it('compares numeric ids as numbers, others as text', () => {
    assert.ok(compareIds('9', '10') < 0);
    assert.ok(compareIds('538700010', '538700009') > 0);
    assert.ok(compareIds('99999999999999999999', '100000000000000000000') < 0);
    assert.equal(compareIds('007', '7'), 0);
    assert.ok(compareIds('b', 'a') > 0);
    assert.equal(isDescending(['10', '9', '2']), true);
    assert.equal(isDescending(['9', '10']), false);
  });
});
