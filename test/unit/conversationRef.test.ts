import assert from 'node:assert/strict';
import { parseConversationRef, permalinkMatches, type ConversationRef } from '../../src/search/conversationRef';

const permalink = (text: string) => {
  const ref = parseConversationRef(text);
  assert.equal(ref.kind, 'permalink', `${text} should parse as a permalink`);
  return ref as Extract<ConversationRef, { kind: 'permalink' }>;
};

describe('parseConversationRef', () => {
  it('reads a Hiver conversation id, trimming what people paste around it', () => {
    assert.deepEqual(parseConversationRef('538706170'), { kind: 'id', value: '538706170' });
    assert.deepEqual(parseConversationRef('  538706170\n'), { kind: 'id', value: '538706170' });
    assert.deepEqual(parseConversationRef('#538706170'), { kind: 'id', value: '538706170' });
    assert.deepEqual(parseConversationRef('"538706170"'), { kind: 'id', value: '538706170' });
  });

  it('reads a Gmail thread id (16 hex digits), lower-cased', () => {
    assert.deepEqual(parseConversationRef('19cfee91188070f8'), { kind: 'threadId', value: '19cfee91188070f8' });
    assert.deepEqual(parseConversationRef('19CFEE91188070F8'), { kind: 'threadId', value: '19cfee91188070f8' });
  });

  it('reads private and public permalinks, normalising host case, trailing slash, query and fragment', () => {
    assert.deepEqual(parseConversationRef('https://v2.hiverhq.com/permalinks/pvt/201c00fa'), {
      kind: 'permalink',
      visibility: 'pvt',
      token: '201c00fa',
      value: 'https://v2.hiverhq.com/permalinks/pvt/201c00fa',
    });
    const pub = permalink('https://V2.HiverHQ.com/permalinks/pub/42a83f80/?utm=x#top');
    assert.equal(pub.visibility, 'pub');
    assert.equal(pub.token, '42a83f80');
    assert.equal(pub.value, 'https://v2.hiverhq.com/permalinks/pub/42a83f80');
    assert.equal(permalink('v2.hiverhq.com/permalinks/pvt/201c00fa').token, '201c00fa');
  });

  it('refuses links that are not Hiver permalinks, saying why', () => {
    const reason = (text: string) => {
      const ref = parseConversationRef(text);
      return ref.kind === 'invalid' ? ref.reason : ref.kind;
    };
    assert.equal(reason('https://evil.example/permalinks/pvt/201c00fa'), 'notHiverLink');
    assert.equal(reason('https://hiverhq.com.evil.example/permalinks/pvt/201c00fa'), 'notHiverLink');
    assert.equal(reason('https://v2.hiverhq.com@evil.example/permalinks/pvt/201c00fa'), 'notHiverLink');
    assert.equal(reason('https://user:pw@v2.hiverhq.com/permalinks/pvt/201c00fa'), 'notHiverLink');
    assert.equal(reason('javascript:alert(1)'), 'notHiverLink');
    assert.equal(reason('file:///etc/passwd'), 'notHiverLink');
    assert.equal(reason('https://v2.hiverhq.com/inbox/101'), 'notPermalink');
    assert.equal(reason('https://v2.hiverhq.com/permalinks/secret/201c00fa'), 'notPermalink');
    assert.equal(reason('https://v2.hiverhq.com/permalinks/pvt/../../admin'), 'notPermalink');
  });

  it('refuses empty and unrecognisable text, including hostile strings', () => {
    for (const [text, expected] of [
      ['', 'empty'],
      ['   ', 'empty'],
      ['<script>alert(1)</script>', 'unrecognised'],
      ["1; DROP TABLE conversations; --", 'unrecognised'],
      ['../../etc/passwd', 'unrecognised'],
      ['538706170/notes', 'unrecognised'],
      ['19cfee91188070f', 'unrecognised'],
      ['\u202E538706170', 'unrecognised'],
      ['x'.repeat(5000), 'unrecognised'],
      ['"\'<>\'"', 'empty'],
    ] as const) {
      assert.deepEqual(parseConversationRef(text), { kind: 'invalid', reason: expected }, JSON.stringify(text.slice(0, 40)));
    }
  });

  it('refuses at once a long run of quotes or ">" that does not end the text', () => {
    // The old tail regex took minutes on these (quadratic); permalinks from the API reach it too.
    for (const run of ['>', "'", '"']) {
      assert.deepEqual(parseConversationRef(`x${run.repeat(300_000)}x`), { kind: 'invalid', reason: 'unrecognised' });
    }
    assert.equal(permalinkMatches(permalink('https://v2.hiverhq.com/permalinks/pvt/201c00fa'), `x${'"'.repeat(300_000)}x`), false);
    // Within the bound the quotes are still trimmed.
    assert.deepEqual(parseConversationRef(`<"538706170${'>'.repeat(2000)}`), { kind: 'id', value: '538706170' });
  });
});

describe('permalinkMatches', () => {
  const ref = permalink('https://v2.hiverhq.com/permalinks/pvt/201c00fa');

  it('matches the same link however it was written', () => {
    assert.equal(permalinkMatches(ref, 'https://v2.hiverhq.com/permalinks/pvt/201c00fa'), true);
    assert.equal(permalinkMatches(ref, 'https://V2.hiverhq.com/permalinks/pvt/201c00fa/'), true);
  });

  it('does not match another token, the other visibility, a missing link or a non-link', () => {
    assert.equal(permalinkMatches(ref, 'https://v2.hiverhq.com/permalinks/pvt/201c00fb'), false);
    assert.equal(permalinkMatches(ref, 'https://v2.hiverhq.com/permalinks/pub/201c00fa'), false);
    assert.equal(permalinkMatches(ref, undefined), false);
    assert.equal(permalinkMatches(ref, '201c00fa'), false);
  });
});
