import assert from 'node:assert/strict';
import { looksLikeEmail } from '../../src/common/users';

describe('looksLikeEmail', () => {
  it('takes what could be an address, trimmed, and nothing longer than an address can be', () => {
    assert.equal(looksLikeEmail(' ross@friends.example '), true);
    for (const text of ['ross', 'ross@friends', '@friends.example', 'ross@@friends.example', 'ro ss@friends.example', `${'a'.repeat(250)}@x.example`]) {
      assert.equal(looksLikeEmail(text), false, text);
    }
  });

  it('refuses a long run of dots after the @ at once', () => {
    // The old pattern took minutes on this (typed or pasted into a picker, checked per keystroke).
    assert.equal(looksLikeEmail(`a@${'.'.repeat(400_000)} x`), false);
  });
});
