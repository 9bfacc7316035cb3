// What one poll records (recordPage, pure): new ids, ones newly assigned to "me", the changed
// rows every window applies once, and ids from Hiver that are also names on Object.prototype.
import assert from 'node:assert/strict';
import type { Conversation } from '../../src/hiver/models';
import { recordPage } from '../../src/watch/watcher';
import { emptyState, parseState } from '../../src/watch/watchState';

const conversation = (id: string, fields: Partial<Conversation> = {}): Conversation => ({ id, status: 'open', tagIds: [], ...fields });
const ids = (list: Conversation[] | undefined) => (list ?? []).map((c) => c.id);

describe('watch: what a poll records', () => {
  it('records new and changed conversations as the inbox update; a known one newly assigned to me is unseen and announced', () => {
    const state = emptyState();
    recordPage(state, '101', [conversation('2'), conversation('1')], 'me', 1);
    assert.deepEqual(ids(state.updates['101'].conversations), [], 'the baseline changes nothing');
    recordPage(state, '101', [conversation('3'), conversation('2', { assigneeId: 'me' }), conversation('1', { status: 'closed' })], 'me', 2);
    const update = state.updates['101'];
    assert.deepEqual(ids(update.conversations), ['3', '2', '1']);
    assert.equal(update.conversations[1].assigneeId, 'me', 'the row gets the new assignee');
    assert.deepEqual(ids(state.unseen['101']), ['3', '2']);
    assert.deepEqual({ newIds: state.announcement?.newIds, assignedIds: state.announcement?.assignedIds }, { newIds: ['3'], assignedIds: ['2'] });
    const seq = update.seq;
    recordPage(state, '101', [conversation('3'), conversation('2', { assigneeId: 'me' }), conversation('1', { status: 'closed' })], 'me', 3);
    assert.deepEqual(ids(state.updates['101'].conversations), [], 'nothing changed since');
    assert.notEqual(state.updates['101'].seq, seq, 'each poll has its own update');
  });

  it("keeps when the poll was queued, so a window can tell a row it learned later is newer; a stored value that is no time counts as long ago", () => {
    const state = emptyState();
    recordPage(state, '101', [conversation('1')], 'me', 20, 10);
    assert.equal(state.updates['101'].queuedAt, 10);
    const stored = JSON.parse(JSON.stringify(state)) as { updates: Record<string, { queuedAt: unknown }> };
    assert.equal(parseState(stored).updates['101'].queuedAt, 10, 'kept through the shared file');
    for (const bad of ['10', null, Number.NaN, undefined]) {
      stored.updates['101'].queuedAt = bad;
      assert.equal(parseState(stored).updates['101'].queuedAt, 0, `queuedAt ${String(bad)}`);
    }
  });

  it('does not announce an older conversation that moved onto the page because another left it', () => {
    const state = emptyState();
    recordPage(state, '101', [conversation('30'), conversation('20')], 'me', 1);
    // 30 was closed: 10, never seen (it was on the second page), moves up; 31 is really new.
    recordPage(state, '101', [conversation('31'), conversation('20'), conversation('10', { assigneeId: 'x' })], 'me', 2);
    assert.deepEqual(state.announcement?.newIds, ['31']);
    assert.deepEqual(ids(state.unseen['101']), ['31']);
    assert.deepEqual(ids(state.updates['101'].conversations), ['31', '10'], 'its loaded row is still updated');
  });

  it('treats ids named like Object.prototype members as ids (found new, kept across a reload)', () => {
    let state = emptyState();
    recordPage(state, '101', [conversation('1')], '', 1);
    const hostile = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    recordPage(state, '101', hostile.map((id) => conversation(id)), '', 2);
    assert.deepEqual([...(state.announcement?.newIds ?? [])].sort(), [...hostile].sort());
    state = parseState(JSON.parse(JSON.stringify(state)));
    assert.deepEqual(ids(state.unseen['101']).sort(), [...hostile].sort());
    recordPage(state, '101', hostile.map((id) => conversation(id)), '', 3);
    assert.equal(state.announcement?.at, 2, 'nothing announced twice');
    for (const inboxId of ['__proto__', 'constructor']) {
      recordPage(state, inboxId, [conversation('1')], '', 4);
      recordPage(state, inboxId, [conversation('2'), conversation('1')], '', 5);
      assert.deepEqual(ids(parseState(JSON.parse(JSON.stringify(state))).unseen[inboxId]), ['2'], `inbox ${inboxId}`);
    }
  });
});
