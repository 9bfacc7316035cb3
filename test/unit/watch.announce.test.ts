// When a watch notification may show and what it says (announceRule.ts), for every combination
// of hiver.watch.notify, hiver.watch.notifyWhenUnfocused, focus and being the polling window.
import assert from 'node:assert/strict';
import { mayAnnounce, whatToAnnounce } from '../../src/watch/announceRule';
import type { Announcement } from '../../src/watch/watchState';

const announcement = (newIds: string[], assignedIds: string[]): Announcement => ({ seq: 1, inboxId: '101', newIds, assignedIds, at: 0 });

describe('watch: when and what to announce', () => {
  it('shows in a focused window; in an unfocused one only if the user wants it, and then only in the polling window; never when off', () => {
    const cases: [notify: 'off' | 'assigned' | 'all', unfocused: boolean, focused: boolean, isPoller: boolean, expected: boolean][] = [
      ['all', false, true, false, true],
      ['all', false, false, true, false],
      ['all', true, false, true, true],
      ['all', true, false, false, false],
      ['assigned', false, true, true, true],
      ['assigned', true, false, true, true],
      ['off', true, true, true, false],
      ['off', false, true, false, false],
    ];
    for (const [notify, notifyWhenUnfocused, focused, isPoller, expected] of cases) {
      assert.equal(mayAnnounce({ notify, notifyWhenUnfocused }, { focused, isPoller }), expected, JSON.stringify({ notify, notifyWhenUnfocused, focused, isPoller }));
    }
  });

  it('"all" says everything; "assigned" only what was assigned to me, and nothing when none was; "off" nothing', () => {
    const both = announcement(['3', '4'], ['2']);
    assert.deepEqual(whatToAnnounce(both, 'all'), both);
    assert.deepEqual(whatToAnnounce(both, 'assigned'), { ...both, newIds: [] });
    assert.equal(whatToAnnounce(announcement(['3'], []), 'assigned'), undefined);
    assert.equal(whatToAnnounce(both, 'off'), undefined);
  });
});
