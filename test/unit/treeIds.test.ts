import assert from 'node:assert/strict';
import { idSegment } from '../../src/common/ids';
import { entityKey } from '../../src/panels/protocol';
import { builtInRowId, groupRowId, inboxRowId, itemRowId, type RowGroupKind } from '../../src/tree/treeIds';
import { createPrng } from '../simulator/prng';

const KINDS: RowGroupKind[] = ['users', 'tags', 'conversations'];
const BUILT_IN = ['loadMore', 'loadAll', 'error', 'empty', 'noMatch', 'budget'];
// Pieces an API id could be made of: path separators, our own markers, escapes that look
// like ours, what encodeURIComponent leaves raw, and UTF-16 edge cases (a lone surrogate).
const PIECES = ['/', '~', '%', '%002f', '%2F', '!', '*', "'", '(', ')', '.', '..', 'users', 'tags', 'conversations', 'inbox', 'inboxes', '~loadMore', '101', '1', 'a', ' ', '\u202E', '\u200B', '🐝', '\ud83d', '\ude00', 'é', '-', '_'];

/** Every row id of a tree with these inboxes, each holding these ids in every group. */
function allRowIds(inboxIds: string[], itemIds: string[]): string[] {
  const ids = BUILT_IN.map((key) => builtInRowId(undefined, key));
  for (const inboxId of inboxIds) {
    ids.push(inboxRowId(inboxId));
    for (const kind of KINDS) {
      const group = groupRowId(inboxId, kind);
      ids.push(group, ...BUILT_IN.map((key) => builtInRowId(group, key)), ...itemIds.map((id) => itemRowId(inboxId, kind, id)));
    }
  }
  return ids;
}

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}

describe('tree row ids', () => {
  it('keep the readable path shape for plain ids', () => {
    assert.equal(inboxRowId('101'), 'inbox/101');
    assert.equal(groupRowId('101', 'users'), 'inbox/101/users');
    assert.equal(itemRowId('101', 'users', '450001'), 'inbox/101/users/450001');
    assert.equal(builtInRowId(groupRowId('101', 'tags'), 'loadMore'), 'inbox/101/tags/~loadMore');
    assert.equal(builtInRowId(undefined, 'error'), 'inboxes/~error');
  });

  it('cannot be forged by ids that look like paths or built-in rows', () => {
    assert.notEqual(inboxRowId('101/users'), groupRowId('101', 'users'));
    assert.notEqual(itemRowId('101', 'tags', '~loadMore'), builtInRowId(groupRowId('101', 'tags'), 'loadMore'));
    assert.notEqual(itemRowId('101', 'users', 'x/users'), itemRowId('101', 'users', 'x') + '/users');
    assert.notEqual(inboxRowId('101/tags/~error'), builtInRowId(groupRowId('101', 'tags'), 'error'));
    assert.equal(idSegment('a/b~c%d'), 'a%002fb%007ec%0025d');
  });

  it('are unique over thousands of random awkward ids (and a segment never holds / or ~)', () => {
    const prng = createPrng(4242);
    const randomId = () => Array.from({ length: prng.int(1, 4) }, () => prng.pick(PIECES)).join('');
    for (let round = 0; round < 40; round++) {
      const inboxIds = [...new Set(Array.from({ length: 6 }, randomId))];
      const itemIds = [...new Set(Array.from({ length: 30 }, randomId))];
      for (const id of [...inboxIds, ...itemIds]) assert.doesNotMatch(idSegment(id), /[/~]/, JSON.stringify(id));
      assert.deepEqual(duplicates(allRowIds(inboxIds, itemIds)), [], `inboxes ${JSON.stringify(inboxIds)}`);
    }
  });

  it('encode ids injectively: different ids never share a segment', () => {
    const prng = createPrng(99);
    const bySegment = new Map<string, string>();
    for (let i = 0; i < 20_000; i++) {
      const id = Array.from({ length: prng.int(1, 5) }, () => prng.pick(PIECES)).join('');
      const segment = idSegment(id);
      const earlier = bySegment.get(segment);
      assert.ok(earlier === undefined || earlier === id, `${JSON.stringify(id)} and ${JSON.stringify(earlier)} both give ${segment}`);
      bySegment.set(segment, id);
    }
  });
});

describe('panel keys', () => {
  it('cannot be forged by an inbox id that looks like another entity', () => {
    assert.notEqual(entityKey({ kind: 'inbox', inboxId: '101/tag/5' }), entityKey({ kind: 'tag', inboxId: '101', id: '5' }));
    assert.notEqual(entityKey({ kind: 'user', inboxId: '101', id: '5/user/6' }), entityKey({ kind: 'user', inboxId: '101/user/5', id: '6' }));
    assert.equal(entityKey({ kind: 'conversation', inboxId: '101', id: '538700001' }), 'inbox/101/conversation/538700001');
  });
});
