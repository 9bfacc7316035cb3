// The 12 operations against the simulator: what is sent (paths, query, JSON, real multipart as
// the simulator received it) and what comes back (normalised, validated).
import assert from 'node:assert/strict';
import { HiverClient } from '../../src/hiver/client';
import { BadRequestError, MalformedResponseError, NotFoundError, ServerError } from '../../src/hiver/errors';
import type { MultipartBody } from '../simulator';
import { startSimulator, type Simulator } from '../simulator';
import { rejectsWith, testTransport } from './transportHelpers';

describe('HiverClient', function () {
  this.timeout(20_000);
  let sim: Simulator;
  let client: HiverClient;

  before(async () => {
    sim = await startSimulator({ dataset: 'tiny', minGapMs: 0 });
  });
  beforeEach(() => {
    sim.reset();
    sim.configure({ listEnvelope: 'data' });
    client = new HiverClient(testTransport(sim));
  });
  after(() => sim.close());

  const lastRequest = () => sim.log.at(-1)!;

  describe('inboxes, users, tags', () => {
    for (const envelope of ['data', 'top'] as const) {
      it(`lists inboxes from the "${envelope}" list envelope, normalised`, async () => {
        sim.configure({ listEnvelope: envelope });
        const page = await client.listInboxes();
        const stored = sim.state.inboxes[0];
        assert.deepEqual(page.items[0], {
          id: stored.id,
          displayName: stored.display_name,
          channelType: 'email',
          email: stored.email,
          inboxType: stored.inbox_type,
          isAuthorised: true,
          sourceUser: stored.source_user,
          createdAt: stored.created_at * 1000,
          updatedAt: stored.updated_at * 1000,
        });
        assert.equal(page.items.length, sim.state.inboxes.length);
        assert.equal(page.nextPage, undefined);
      });
    }

    it('gets one inbox; an unknown one is NotFoundError', async () => {
      assert.equal((await client.getInbox('102')).displayName, 'Sales');
      await rejectsWith(client.getInbox('999'), NotFoundError);
      assert.deepEqual(sim.log.map((e) => e.path), ['/v1/inboxes/102', '/v1/inboxes/999']);
    });

    it('clamps limit to 10..100 and asks for 100 by default (requests are scarce, not bytes)', async () => {
      await client.listUsers('101');
      assert.equal(lastRequest().query.limit, '100');
      await client.listUsers('101', { limit: 3 });
      assert.equal(lastRequest().query.limit, '10');
      await client.listUsers('101', { limit: 1000 });
      assert.equal(lastRequest().query.limit, '100');
      await client.listUsers('101', { limit: 25, sortBy: 'email', sortOrder: 'desc' });
      assert.deepEqual(lastRequest().query, { limit: '25', sort_by: 'email', sort_order: 'desc' });
    });

    it('lists users with string ids and optional fields, and pages by token', async () => {
      const first = await client.listUsers('101', { limit: 10, sortBy: 'id' });
      const stored = sim.state.users['101'];
      assert.equal(first.items.length, Math.min(10, stored.length));
      const withPhone = stored.find((u) => u.phone_number)!;
      const withoutPhone = stored.find((u) => !u.phone_number);
      const all = [...first.items];
      for (let token = first.nextPage; token; ) {
        const page = await client.listUsers('101', { limit: 10, nextPage: token });
        assert.equal(lastRequest().query.next_page, token);
        all.push(...page.items);
        token = page.nextPage;
      }
      assert.deepEqual(all.map((u) => u.id), stored.map((u) => u.id));
      const phoneUser = all.find((u) => u.id === withPhone.id)!;
      assert.deepEqual(phoneUser, {
        id: withPhone.id,
        firstName: withPhone.first_name,
        lastName: withPhone.last_name,
        email: withPhone.email,
        phoneNumber: withPhone.phone_number,
        isJoined: withPhone.is_joined,
      });
      if (withoutPhone) assert.equal(all.find((u) => u.id === withoutPhone.id)!.phoneNumber, undefined);
    });

    it('searches users by exact email', async () => {
      const user = sim.state.users['101'][2];
      const found = await client.searchUsers('101', user.email);
      assert.deepEqual(found.map((u) => u.id), [user.id]);
      assert.equal(lastRequest().query.email, user.email);
      assert.deepEqual(await client.searchUsers('101', 'nobody@nowhere.example'), []);
    });

    it('lists and searches tags (Unix seconds to ms, color_code to color)', async () => {
      const stored = sim.state.tags['101'][0];
      const page = await client.listTags('101');
      assert.deepEqual(page.items[0], { id: stored.id, name: stored.name, color: stored.color_code, backgroundColor: undefined, type: stored.type, description: undefined, createdAt: stored.created_at * 1000 });
      const found = await client.searchTags('101', stored.name.slice(0, 3).toUpperCase());
      assert.ok(found.some((t) => t.id === stored.id));
      assert.equal(lastRequest().query.name, stored.name.slice(0, 3).toUpperCase());
    });

    it('reads a numeric phone number, colour or tag type as text, and drops other wrong types, keeping the page', async () => {
      // Numbers and strings are mixed in this API: a display-only field must not fail the whole group.
      const user = sim.state.users['101'][0] as unknown as Record<string, unknown>;
      user.phone_number = 19876543444;
      const other = sim.state.users['101'][1] as unknown as Record<string, unknown>;
      other.phone_number = { number: '+1 987' };
      const tag = sim.state.tags['101'][0] as unknown as Record<string, unknown>;
      tag.color_code = 13538264;
      tag.type = ['user'];
      const users = await client.listUsers('101');
      assert.equal(users.items.length, sim.state.users['101'].length);
      assert.equal(users.items[0].phoneNumber, '19876543444');
      assert.equal(users.items[1].phoneNumber, undefined);
      const tags = await client.listTags('101');
      assert.equal(tags.items.length, sim.state.tags['101'].length);
      assert.equal(tags.items[0].color, '13538264');
      assert.equal(tags.items[0].type, undefined);
      // Ids and names stay strict: a wrong one still fails with the field named.
      user.first_name = 42;
      const error = await rejectsWith(client.listUsers('101'), MalformedResponseError);
      assert.match(error.message, /results\[0\]\.first_name is the number 42/);
    });

    it("creates a tag, mapping the create answer's tag_id/color_hexcode to the Tag shape", async () => {
      const tag = await client.createTag('101', { name: 'Urgent', colorHex: '#ff0000', description: 'Now' });
      assert.deepEqual(lastRequest().body, { name: 'Urgent', color_hexcode: '#ff0000', description: 'Now' });
      assert.match(lastRequest().contentType ?? '', /^application\/json/);
      const stored = sim.state.tags['101'].find((t) => t.name === 'Urgent')!;
      assert.equal(typeof tag.id, 'string');
      assert.deepEqual(tag, { id: stored.id, name: 'Urgent', color: '#ff0000', backgroundColor: stored.background_hexcode, type: undefined, description: 'Now', createdAt: undefined });
    });
  });

  describe('conversations', () => {
    it('lists conversations: numeric ids become strings, unassigned has no assignee', async () => {
      const page = await client.listConversations('101', { limit: 10 });
      assert.equal(page.items.length, 10);
      assert.ok(page.nextPage);
      for (const item of page.items) {
        const stored = sim.state.conversations.find((c) => String(c.id) === item.id)!;
        assert.equal(item.assigneeId, stored.assignee ? String(stored.assignee.assignee_id) : undefined);
        assert.deepEqual(item.tagIds, stored.tag_ids);
        assert.equal(item.status, stored.status);
      }
    });

    it('gets one conversation (data is a one-item array) by id or by Gmail thread id', async () => {
      const stored = sim.state.conversations[0];
      const inbox = stored.inbox_ids[0];
      const byId = await client.getConversation(inbox, String(stored.id));
      assert.equal(byId.id, String(stored.id));
      assert.deepEqual(byId.messageIds, stored.message_ids.map((m) => ({ hiverMessageId: String(m.hiver_message_id), gmailMessageId: m.gmail_message_id })));
      const byThread = await client.getConversation(inbox, stored.gmail_thread_id);
      assert.deepEqual(byThread, byId);
    });

    it('updates status, assignee and tags in one PATCH (closed is written as "close"; 204 has no body)', async () => {
      const stored = sim.state.conversations[0];
      const inbox = stored.inbox_ids[0];
      const member = sim.state.users[inbox][1];
      const tag = sim.state.tags[inbox][0];
      const result = await client.updateConversation(inbox, String(stored.id), { status: 'closed', assigneeEmail: member.email, tagsToApply: [tag.id] });
      assert.equal(result, undefined);
      assert.equal(lastRequest().status, 204);
      assert.deepEqual(lastRequest().body, { status: { name: 'close' }, assignee: { email: member.email }, tags: { to_apply: [tag.id], to_remove: [] } });
      const after = await client.getConversation(inbox, String(stored.id));
      assert.equal(after.status, 'closed');
      assert.equal(after.assigneeId, member.id);
      assert.ok(after.tagIds.includes(tag.id));
    });

    it('sends a shared draft as real multipart/form-data', async () => {
      const stored = sim.state.conversations[0];
      const inbox = stored.inbox_ids[0];
      const message = stored.message_ids[0];
      const draft = await client.createSharedDraft(inbox, { body: 'Thanks, fixed ✓', gmailMessageId: message.gmail_message_id });
      const request = lastRequest();
      assert.match(request.contentType ?? '', /^multipart\/form-data; boundary=/);
      assert.deepEqual((request.body as MultipartBody).fields, { body: 'Thanks, fixed ✓', reply_type: 'reply', gmail_message_id: message.gmail_message_id });
      assert.deepEqual(draft, {
        conversationId: String(stored.id),
        sharedDraftId: String(sim.state.drafts[String(stored.id)].at(-1)!.shared_draft_id),
        replyToMessageId: String(message.hiver_message_id),
      });
    });

    it('refuses ids that cannot be one path segment (".", "..", empty, unpaired surrogates), sending nothing', async () => {
      // URL resolves dot segments: ".." as a conversation id made a PATCH of the inbox, a note a POST to /inboxes/1/notes.
      for (const id of ['..', '.', '', '\ud800', 'x\udc00']) {
        const attempts: [string, string, () => Promise<unknown>][] = [
          ['updateConversation', 'change a conversation', () => client.updateConversation('1', id, { status: 'closed' })],
          ['createNote', 'add a note', () => client.createNote('1', id, { content: 'hi' })],
          ['getConversation', 'read a conversation', () => client.getConversation('1', id)],
          ['listUsers', "list an inbox's users", () => client.listUsers(id)],
          ['createSharedDraft', 'create a shared draft', () => client.createSharedDraft(id, { body: 'b', hiverMessageId: 'm' })],
        ];
        for (const [operation, asks, attempt] of attempts) {
          const error = await rejectsWith(attempt(), BadRequestError);
          assert.equal(error.operation, operation);
          assert.equal(error.message, `The request to ${asks} was not sent: ${JSON.stringify(id)} is not an id Hiver can be asked about.`);
        }
      }
      assert.equal(sim.log.length, 0, 'nothing reached the simulator');
      // Dots inside an id are only an id.
      await rejectsWith(client.getConversation('101', '..1'), NotFoundError);
      assert.equal(lastRequest().path, '/v1/inboxes/101/conversations/..1');
    });

    it('refuses a shared draft without exactly one message id, sending nothing', async () => {
      await rejectsWith(client.createSharedDraft('101', { body: 'x' }), BadRequestError);
      await rejectsWith(client.createSharedDraft('101', { body: 'x', gmailMessageId: 'a', hiverMessageId: '1' }), BadRequestError);
      assert.equal(sim.log.length, 0);
    });

    it('sends a note as real multipart/form-data, mentions as repeated fields, and reads back the 201', async () => {
      const stored = sim.state.conversations[0];
      const inbox = stored.inbox_ids[0];
      const [a, b] = sim.state.users[inbox];
      const note = await client.createNote(inbox, String(stored.id), { content: `Hi ${a.email} and ${b.email}`, mentions: [a.email, b.email], notifyAll: true });
      const request = lastRequest();
      assert.equal(request.status, 201);
      assert.match(request.contentType ?? '', /^multipart\/form-data; boundary=/);
      assert.deepEqual((request.body as MultipartBody).fields, { content: `Hi ${a.email} and ${b.email}`, mentions: [a.email, b.email], notify_all: 'true' });
      const storedNote = sim.state.notes[String(stored.id)].at(-1)!;
      assert.deepEqual(note, {
        id: storedNote.id,
        conversationId: String(stored.id),
        content: storedNote.content,
        author: sim.state.keyOwner,
        mentions: [a.email, b.email],
        parentNoteId: undefined,
        attachments: [],
        createdAt: Date.parse(storedNote.created_at),
      });
      const reply = await client.createNote(inbox, String(stored.id), { content: 'Reply', parentNoteId: note.id });
      assert.deepEqual((lastRequest().body as MultipartBody).fields, { content: 'Reply', parent_note_id: note.id });
      assert.equal(reply.parentNoteId, note.id);
    });
  });

  describe('errors name the request in words', () => {
    it('every operation: the message says what was asked, never the operation id', async () => {
      const calls: [string, () => Promise<unknown>][] = [
        ['list inboxes', () => client.listInboxes()],
        ['read an inbox', () => client.getInbox('101')],
        ["list an inbox's users", () => client.listUsers('101')],
        ['find a user by email', () => client.searchUsers('101', 'a@b.example')],
        ["list an inbox's tags", () => client.listTags('101')],
        ['find tags by name', () => client.searchTags('101', 'x')],
        ['create a tag', () => client.createTag('101', { name: 'x' })],
        ['list conversations', () => client.listConversations('101')],
        ['read a conversation', () => client.getConversation('101', '1')],
        ['change a conversation', () => client.updateConversation('101', '1', { status: 'open' })],
        ['add a note', () => client.createNote('101', '1', { content: 'x' })],
        ['create a shared draft', () => client.createSharedDraft('101', { body: 'x', hiverMessageId: '1' })],
      ];
      for (const [asks, call] of calls) {
        sim.setFaults([{ kind: 'status', status: 400, message: 'Bad input' }]);
        const error = await rejectsWith(call(), BadRequestError);
        assert.equal(error.message, `Hiver rejected the request to ${asks} (HTTP 400): Bad input.`);
        assert.ok(!error.message.includes(error.operation), `${error.operation} is not named by its id`);
      }
      assert.equal(sim.log.length, 12);
      // The server's own full stop is kept, not doubled.
      sim.setFaults([{ kind: 'status', status: 500, count: 4, message: 'Try later!' }]);
      const server = await rejectsWith(client.listInboxes(), ServerError);
      assert.equal(server.message, 'Hiver had a server error answering the request to list inboxes (HTTP 500): Try later! See status.hiverhq.com.');
    });
  });

  describe('malformed responses', () => {
    it('a wrong-typed id is a MalformedResponseError naming the request in words and the field', async () => {
      sim.setFaults([{ kind: 'wrongType' }]);
      const error = await rejectsWith(client.listUsers('101'), MalformedResponseError);
      assert.equal(error.operation, 'listUsers');
      assert.match(error.message, /^Hiver sent an unexpected response to the request to list an inbox's users: data\.results\[0\]\.id is an object, not an id\.$/);
    });

    it('a wrong-typed single object is caught as well', async () => {
      sim.setFaults([{ kind: 'wrongType' }]);
      const inbox = await rejectsWith(client.getInbox('101'), MalformedResponseError);
      assert.match(inbox.message, /the request to read an inbox: data\.id is an object/);
    });

    it('a missing id is a MalformedResponseError', async () => {
      sim.setFaults([{ kind: 'missingId' }]);
      const error = await rejectsWith(client.getConversation('101', String(sim.state.conversations[0].id)), MalformedResponseError);
      assert.match(error.message, /the request to read a conversation: data\[0\]\.id is missing/);
      sim.setFaults([{ kind: 'missingId' }]);
      await rejectsWith(client.listTags('101'), MalformedResponseError);
    });

    it('a body that is not JSON, or an HTML page with 200, is a MalformedResponseError', async () => {
      sim.setFaults([{ kind: 'malformedJson' }, { kind: 'html', status: 200 }]);
      assert.match((await rejectsWith(client.listInboxes(), MalformedResponseError)).message, /^Hiver's answer to the request to list inboxes is not valid JSON \(HTTP 200\)\.$/);
      assert.match((await rejectsWith(client.getInbox('101'), MalformedResponseError)).message, /^Hiver answered the request to read an inbox with an HTML page instead of JSON \(HTTP 200\)\.$/);
    });
  });
});
