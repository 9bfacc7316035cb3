// Response validation on its own, for shapes the simulator does not produce (a plain-object
// conversation, other status spellings, odd pagination): pure functions, no HTTP.
import assert from 'node:assert/strict';
import { MalformedResponseError } from '../../src/hiver/errors';
import { normaliseStatus, parseConversation, parseConversationDetail, parseInbox, parseNote, parseTag, parseUser, ResponseReader } from '../../src/hiver/parse';

const reader = new ResponseReader('testOp');
const malformed = (fn: () => unknown, pattern: RegExp) =>
  assert.throws(fn, (e: unknown) => e instanceof MalformedResponseError && e.operation === 'testOp' && pattern.test(e.message));

describe('response parsing', () => {
  it('accepts a single conversation as a one-item array or a plain object', () => {
    const wire = { id: 538706170, assignee: { assignee_type: 'user', assignee_id: 1028399 }, status: 'open', tag_ids: [5, '6'], message_ids: [{ hiver_message_id: 834466048, gmail_message_id: '19cf' }] };
    const fromArray = parseConversationDetail(reader, [wire]);
    const fromObject = parseConversationDetail(reader, wire);
    assert.deepEqual(fromArray, fromObject);
    assert.equal(fromObject.id, '538706170');
    assert.equal(fromObject.assigneeId, '1028399');
    assert.deepEqual(fromObject.tagIds, ['5', '6']);
    assert.deepEqual(fromObject.messageIds, [{ hiverMessageId: '834466048', gmailMessageId: '19cf' }]);
    malformed(() => parseConversationDetail(reader, []), /data is an empty list/);
  });

  it('treats close and closed as one status and passes unknown names through', () => {
    assert.equal(normaliseStatus('close'), 'closed');
    assert.equal(normaliseStatus('Closed'), 'closed');
    assert.equal(normaliseStatus('PENDING'), 'pending');
    assert.equal(normaliseStatus('Snoozed'), 'Snoozed');
  });

  it('reads null, missing and id-less assignees as unassigned', () => {
    for (const assignee of [null, undefined, { assignee_type: 'user', assignee_id: null }]) {
      const c = parseConversation(reader, { id: '1', status: 'open', assignee }, 'c');
      assert.equal(c.assigneeId, undefined);
      assert.equal(c.assigneeType, undefined);
      assert.deepEqual(c.tagIds, []);
    }
    malformed(() => parseConversation(reader, { id: '1' }, 'c'), /c\.status is missing/);
  });

  it('reads both list envelopes, with or without pagination', () => {
    const item = { id: 7, first_name: 'A', last_name: 'B', email: 'a@b.c' };
    const top = reader.list({ results: [item], pagination: { next_page: 'T' } }, (v, p) => parseUser(reader, v, p));
    const wrapped = reader.list({ data: { results: [item], pagination: { next_page: 'T' } } }, (v, p) => parseUser(reader, v, p));
    assert.deepEqual(top, wrapped);
    assert.equal(top.items[0].id, '7');
    for (const pagination of [undefined, null, {}, { next_page: null }, { next_page: '' }]) {
      assert.equal(reader.list({ results: [], pagination }, () => 0).nextPage, undefined);
    }
    malformed(() => reader.list({ results: [], pagination: { next_page: 5 } }, () => 0), /pagination\.next_page is the number 5, not text/);
    malformed(() => reader.list({ data: {} }, () => 0), /data\.results is missing/);
    malformed(() => reader.list('oops', () => 0), /the body is the text "oops", not an object/);
  });

  it('names the field when a later item has a wrong type', () => {
    const users = [
      { id: 1, first_name: 'A', last_name: 'B', email: 'a@b.c' },
      { id: 2, first_name: 12345, last_name: 'B', email: 'b@b.c' },
    ];
    malformed(() => reader.list({ results: users }, (v, p) => parseUser(reader, v, p)), /results\[1\]\.first_name is the number 12345, not text/);
  });

  it('converts Unix seconds and ISO times to epoch ms; keeps an inbox without is_authorised authorised', () => {
    const inbox = parseInbox(reader, { id: 101, display_name: 'S', created_at: 1709036168, updated_at: '1709036169' }, 'data');
    assert.equal(inbox.createdAt, 1709036168000);
    assert.equal(inbox.updatedAt, 1709036169000);
    assert.equal(inbox.isAuthorised, true);
    const note = parseNote(reader, { id: 1, conversation_id: 2, content: 'x', author: { id: 3, email: 'e' }, created_at: '2024-02-27T12:00:00.123000Z' }, 'data');
    assert.equal(note.createdAt, Date.UTC(2024, 1, 27, 12, 0, 0, 123));
    malformed(() => parseNote(reader, { id: 1, conversation_id: 2, created_at: 'yesterday' }, 'data'), /data\.created_at is "yesterday", not a date/);
  });

  it('maps a created tag (tag_id, color_hexcode) and a read tag (id, color_code) to one shape', () => {
    const created = parseTag(reader, { tag_id: 56789, name: 'P', color_hexcode: '#ce93d8', background_hexcode: '#fff', smid: 101, description: 'd' }, 'data');
    const read = parseTag(reader, { id: '56789', name: 'P', color_code: '#ce93d8', type: 'user', created_at: 1708945347 }, 'data');
    assert.equal(created.id, read.id);
    assert.equal(created.color, read.color);
    assert.equal(created.backgroundColor, '#fff');
    malformed(() => parseTag(reader, { name: 'P' }, 'data'), /data\.tag_id is missing/);
  });

  it("keeps a tag's wrongly typed display-only fields as text (finite numbers) or drops them", () => {
    const tag = parseTag(reader, { tag_id: 5, name: 'P', color_hexcode: 0xce93d8, background_hexcode: Infinity, description: 7, type: 1 }, 'data');
    assert.deepEqual([tag.color, tag.backgroundColor, tag.description, tag.type], ['13538264', undefined, '7', '1']);
    const odd = parseTag(reader, { id: 5, name: 'P', color_code: true, description: { text: 'd' }, type: null }, 'data');
    assert.deepEqual([odd.color, odd.description, odd.type], [undefined, undefined, undefined]);
    malformed(() => parseTag(reader, { id: 5, name: 7 }, 'data'), /data\.name is the number 7, not text/);
  });

  it('a single answer without data is malformed', () => {
    malformed(() => reader.data({}), /data is missing/);
    malformed(() => reader.data(undefined), /the body is missing, not an object/);
  });
});
