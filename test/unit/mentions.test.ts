import assert from 'node:assert/strict';
import { emailsIn, insertMention, matchMembers, mentionQueryAt, prepareMentions } from '../../src/conversations/mentions';

const members = [
  { email: 'p.buffay@friends.example', firstName: 'Phoebe', lastName: 'Buffay' },
  { email: 'rachel.green@friends.example', firstName: 'Rachel', lastName: 'Green' },
  { email: 'ross@friends.example', firstName: 'Ross', lastName: 'Geller' },
];

describe('mentions', () => {
  it('finds the @query being typed at the caret', () => {
    assert.deepEqual(mentionQueryAt('Hi @pho', 7), { start: 3, end: 7, query: 'pho' });
    assert.deepEqual(mentionQueryAt('@', 1), { start: 0, end: 1, query: '' });
    assert.deepEqual(mentionQueryAt('Hi @ro and', 6), { start: 3, end: 6, query: 'ro' });
    assert.equal(mentionQueryAt('mail me at a@b', 14), undefined, 'an email being typed is not a mention');
    assert.equal(mentionQueryAt('Hi @pho there', 13), undefined);
  });

  it('matches members by name or email, prefix matches first', () => {
    assert.deepEqual(matchMembers(members, 'r').map((m) => m.email), ['rachel.green@friends.example', 'ross@friends.example', 'p.buffay@friends.example']);
    assert.deepEqual(matchMembers(members, 'gel').map((m) => m.email), ['ross@friends.example']);
    assert.deepEqual(matchMembers(members, 'BUFF').map((m) => m.email), ['p.buffay@friends.example']);
    assert.equal(matchMembers(members, '').length, 3);
    assert.equal(matchMembers(members, 'zzz').length, 0);
  });

  it('inserts the bare email in place of the @query', () => {
    assert.deepEqual(insertMention('Hi @pho, see', { start: 3, end: 7 }, 'p.buffay@friends.example'), {
      text: 'Hi p.buffay@friends.example , see',
      caret: 28,
    });
  });

  it('collects emails written in the text once each', () => {
    assert.deepEqual(emailsIn('a@x.example, A@X.example and b.c@sub.x.example.'), ['a@x.example', 'b.c@sub.x.example']);
  });

  it('takes no part of a longer run for an email, and scans a note-sized run of one class', () => {
    // More than 64 characters before the @ is no address, nor is its tail.
    assert.deepEqual(emailsIn(`${'a'.repeat(65)}@x.example ok@x.example`), ['ok@x.example']);
    // The longest note, one run of email characters (a pasted token): nothing found.
    const token = 'f0e1'.repeat(25_000);
    assert.deepEqual(prepareMentions(token, [], ['ross@friends.example']), { content: token, mentions: [] });
  });

  it('puts each mention both in mentions and in the text', () => {
    const emails = members.map((m) => m.email);
    const written = prepareMentions('Ask ross@friends.example and stranger@else.example', [], emails);
    assert.deepEqual(written.mentions, ['ross@friends.example'], 'only members written in the text');
    assert.equal(written.content, 'Ask ross@friends.example and stranger@else.example');

    const chosen = prepareMentions('Please check  ', ['P.Buffay@friends.example'], emails);
    assert.deepEqual(chosen.mentions, ['p.buffay@friends.example']);
    assert.equal(chosen.content, 'Please check p.buffay@friends.example');

    assert.deepEqual(prepareMentions('', ['ross@friends.example'], emails).content, 'ross@friends.example');
  });

  it('adds a chosen mention after a long run of spaces inside the text at once', () => {
    // The old /\s+$/ took minutes here: from each space of the run it scanned on to the "x".
    const content = `${' '.repeat(600_000)}x`;
    assert.equal(prepareMentions(content, ['ross@friends.example'], []).content, `${content} ross@friends.example`);
  });
});
