// The Hiver simulator over real loopback HTTP: every operation's happy path and errors, auth,
// the rate limit, paging, both envelopes, multipart parsing, faults and the control endpoints.

import assert from 'node:assert/strict';
import { buildDataset, DEMO_KEY, interArrivalGaps, simulatorNow, startSimulator, type RequestLogEntry, type Simulator } from '../simulator';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: Json;
}

async function call(sim: Simulator, path: string, init: RequestInit & { key?: string | null } = {}): Promise<Answer> {
  const headers = new Headers(init.headers);
  if (init.key !== null) headers.set('authorization', `Bearer ${init.key ?? DEMO_KEY}`);
  const response = await fetch(sim.url + path, { ...init, headers });
  const text = await response.text();
  let json: Json = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    // left empty: the test looks at `text`
  }
  return { status: response.status, headers: response.headers, text, json };
}

function postJson(sim: Simulator, path: string, body: unknown, method = 'POST'): Promise<Answer> {
  return call(sim, path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

function postForm(sim: Simulator, path: string, fields: [string, string | Blob, string?][], signal?: AbortSignal): Promise<Answer> {
  const form = new FormData();
  for (const [name, value, fileName] of fields) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, value, fileName);
  }
  return call(sim, path, { method: 'POST', body: form, signal });
}

async function control(sim: Simulator, method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(sim.origin + path, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text ? JSON.parse(text) : {} };
}

function errorMessage(answer: Answer): string {
  assert.ok(Array.isArray(answer.json.errors), `expected the errors envelope, got ${answer.text}`);
  assert.equal(typeof answer.json.errors[0].message, 'string');
  return answer.json.errors[0].message;
}

/** Follows next_page to the end; returns every page's answer. */
async function allPages(sim: Simulator, path: string, query = ''): Promise<Answer[]> {
  const pages: Answer[] = [];
  let token: string | null = null;
  do {
    const q = [query, token ? `next_page=${encodeURIComponent(token)}` : ''].filter(Boolean).join('&');
    const answer = await call(sim, `${path}${q ? `?${q}` : ''}`);
    assert.equal(answer.status, 200, answer.text);
    pages.push(answer);
    token = answer.json.data.pagination.next_page;
    assert.ok(pages.length < 50, 'paging did not end');
  } while (token);
  return pages;
}

describe('Hiver simulator', () => {
  let sim: Simulator;

  before(async () => {
    sim = await startSimulator({ minGapMs: 0 });
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.configure({ listEnvelope: 'data', minGapMs: 0, retryAfter: 'none', blacklistAfter: 8, blacklistMs: 60_000, dailyLimit: 5000, latencyMs: 0, keys: [DEMO_KEY], clock: simulatorNow });
    sim.reset();
  });

  describe('auth', () => {
    it('answers 401 with the errors envelope without a key or with an unknown one, and logs them', async () => {
      const missing = await call(sim, '/inboxes', { key: null });
      assert.equal(missing.status, 401);
      errorMessage(missing);
      const wrong = await call(sim, '/inboxes', { key: 'not-a-key' });
      assert.equal(wrong.status, 401);
      assert.deepEqual(sim.log.map((e) => [e.status, e.authValid]), [[401, false], [401, false]]);
    });

    it('accepts every configured key', async () => {
      sim.configure({ keys: ['k1', 'k2'] });
      assert.equal((await call(sim, '/inboxes', { key: 'k2' })).status, 200);
      assert.equal((await call(sim, '/inboxes')).status, 401);
    });
  });

  describe('inboxes', () => {
    it('lists inboxes with ids as strings and Unix-second timestamps', async () => {
      const answer = await call(sim, '/inboxes?limit=100');
      assert.equal(answer.status, 200);
      const { results, pagination } = answer.json.data;
      assert.equal(results.length, sim.state.inboxes.length);
      assert.equal(pagination.next_page, null);
      assert.equal(typeof results[0].id, 'string');
      assert.ok(Number.isInteger(results[0].created_at) && results[0].created_at < 2e10);
      assert.ok(results.some((i: Json) => i.is_authorised === false));
    });

    it('answers lists at the top level with listEnvelope top', async () => {
      sim.configure({ listEnvelope: 'top' });
      const answer = await call(sim, '/inboxes');
      assert.equal(answer.json.data, undefined);
      assert.ok(Array.isArray(answer.json.results));
      assert.ok('next_page' in answer.json.pagination);
    });

    it('gets one inbox, and 404 for an unknown one', async () => {
      const answer = await call(sim, '/inboxes/103');
      assert.equal(answer.json.data.id, '103');
      assert.equal(answer.json.data.is_authorised, false);
      const unknown = await call(sim, '/inboxes/999');
      assert.equal(unknown.status, 404);
      errorMessage(unknown);
    });
  });

  describe('paging', () => {
    it('pages 130 users at limit 100 with a token, then null; together they are the stored users', async () => {
      const pages = await allPages(sim, '/inboxes/101/users', 'limit=100');
      assert.deepEqual(pages.map((p) => p.json.data.results.length), [100, 30]);
      const ids = pages.flatMap((p) => p.json.data.results.map((u: Json) => u.id));
      assert.equal(new Set(ids).size, 130);
      assert.deepEqual([...ids].sort(), sim.state.users['101'].map((u) => u.id).sort());
      assert.equal(typeof pages[0].json.data.pagination.next_page, 'string');
    });

    it('defaults to 10 per page', async () => {
      const answer = await call(sim, '/inboxes/101/users');
      assert.equal(answer.json.data.results.length, 10);
    });

    for (const limit of ['9', '101', 'abc', '', '10.5']) {
      it(`answers 400 for limit=${JSON.stringify(limit)}`, async () => {
        const answer = await call(sim, `/inboxes/101/users?limit=${limit}`);
        assert.equal(answer.status, 400);
        assert.match(errorMessage(answer), /limit/);
      });
    }

    it('accepts the bounds 10 and 100', async () => {
      assert.equal((await call(sim, '/inboxes/101/tags?limit=10')).json.data.results.length, 10);
      assert.equal((await call(sim, '/inboxes/101/users?limit=100')).json.data.results.length, 100);
    });

    it('answers 400 for a token that does not decode', async () => {
      for (const token of ['garbage!!', Buffer.from('{"cursor":1}').toString('base64'), Buffer.from('[]').toString('base64')]) {
        const answer = await call(sim, `/inboxes/101/users?next_page=${encodeURIComponent(token)}`);
        assert.equal(answer.status, 400, token);
      }
    });

    it('tokens are base64 JSON carrying the cursor and the sort, and the token sort wins', async () => {
      const first = await call(sim, '/inboxes/101/users?limit=10&sort_by=email&sort_order=desc');
      const token = first.json.data.pagination.next_page;
      const decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
      assert.deepEqual({ by: decoded.sort_by, order: decoded.sort_order }, { by: 'email', order: 'desc' });
      assert.equal(typeof decoded.cursor, 'string');
      // The second page asks for another order; the token's order continues.
      const second = await call(sim, `/inboxes/101/users?limit=10&sort_order=asc&next_page=${encodeURIComponent(token)}`);
      const emails = [...first.json.data.results, ...second.json.data.results].map((u: Json) => u.email.toLowerCase());
      assert.deepEqual(emails, [...emails].sort().reverse());
      assert.equal(new Set(emails).size, 20);
    });

    it('sorts users by first_name, tags by name, and ignores unknown sort_by values', async () => {
      const users = (await call(sim, '/inboxes/102/users?limit=100&sort_by=first_name')).json.data.results.map((u: Json) => u.first_name.toLowerCase());
      assert.deepEqual(users, [...users].sort());
      const tags = (await call(sim, '/inboxes/102/tags?limit=100&sort_by=name&sort_order=desc')).json.data.results.map((t: Json) => t.name.toLowerCase());
      assert.deepEqual(tags, [...tags].sort().reverse());
      const byId = (await call(sim, '/inboxes/102/users?limit=100')).json.data.results;
      const unknown = (await call(sim, '/inboxes/102/users?limit=100&sort_by=shoe_size')).json.data.results;
      assert.deepEqual(unknown, byId);
    });

    it('lists conversations newest first by default, without message_ids, ignoring filters', async () => {
      const pages = await allPages(sim, '/inboxes/101/conversations', 'limit=100');
      const items = pages.flatMap((p) => p.json.data.results);
      assert.equal(items.length, sim.state.conversations.filter((c) => c.inbox_ids.includes('101')).length);
      const ids = items.map((c: Json) => c.id);
      assert.ok(ids.every((id: unknown) => typeof id === 'number'));
      assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
      assert.ok(items.every((c: Json) => !('message_ids' in c)));
      const filtered = await call(sim, '/inboxes/101/conversations?limit=100&status=open&assignee=1');
      assert.deepEqual(filtered.json.data.results, pages[0].json.data.results);
    });

    it('shows both shapes of unassigned conversations', async () => {
      const items = (await allPages(sim, '/inboxes/101/conversations', 'limit=100')).flatMap((p) => p.json.data.results);
      assert.ok(items.some((c: Json) => c.assignee === null));
      assert.ok(items.some((c: Json) => !('assignee' in c)));
      assert.ok(items.some((c: Json) => typeof c.assignee?.assignee_id === 'number'));
    });
  });

  describe('users and tags', () => {
    it('searches users by exact email, ignoring case', async () => {
      const answer = await call(sim, `/inboxes/101/users/search?email=${encodeURIComponent('ADMIN@acme.example')}`);
      assert.deepEqual(answer.json.data.results.map((u: Json) => u.id), ['450001']);
      const partial = await call(sim, '/inboxes/101/users/search?email=admin');
      assert.deepEqual(partial.json.data.results, []);
      assert.equal(partial.json.data.pagination.next_page, null);
    });

    it('answers 400 for a user search without email and 404 for an unknown inbox', async () => {
      assert.equal((await call(sim, '/inboxes/101/users/search')).status, 400);
      assert.equal((await call(sim, '/inboxes/101/users/search?email=')).status, 400);
      assert.equal((await call(sim, '/inboxes/999/users/search?email=a@b.c')).status, 404);
    });

    it('lists tags in the read shape', async () => {
      const tag = (await call(sim, '/inboxes/102/tags')).json.data.results[0];
      assert.deepEqual(Object.keys(tag).sort(), ['color_code', 'created_at', 'id', 'name', 'type']);
      assert.equal(typeof tag.id, 'string');
    });

    it('searches tags by case-insensitive substring; 400 without name', async () => {
      const answer = await call(sim, '/inboxes/102/tags/search?name=PRIO');
      assert.deepEqual(answer.json.data.results.map((t: Json) => t.name), ['Priority']);
      assert.equal((await call(sim, '/inboxes/102/tags/search')).status, 400);
    });

    it('creates a tag: tag_id a number, smid the inbox; it then appears in the list', async () => {
      const answer = await postJson(sim, '/inboxes/102/tags', { name: 'Renewal Q3', color_hexcode: '#112233', description: 'Q3 renewals' });
      assert.equal(answer.status, 200);
      const data = answer.json.data;
      assert.equal(typeof data.tag_id, 'number');
      assert.deepEqual({ ...data, tag_id: 0 }, { tag_id: 0, name: 'Renewal Q3', color_hexcode: '#112233', background_hexcode: '#f2f4f5', smid: 102, description: 'Q3 renewals' });
      const found = await call(sim, '/inboxes/102/tags/search?name=Renewal%20Q3');
      assert.deepEqual(found.json.data.results.map((t: Json) => t.id), [String(data.tag_id)]);
    });

    it('refuses a duplicate name, a missing name, a bad colour and a non-JSON body', async () => {
      assert.match(errorMessage(await postJson(sim, '/inboxes/102/tags', { name: 'priority' })), /already exists/);
      assert.equal((await postJson(sim, '/inboxes/102/tags', { color_hexcode: '#112233' })).status, 400);
      assert.equal((await postJson(sim, '/inboxes/102/tags', { name: 'x', color_hexcode: 'red' })).status, 400);
      assert.equal((await call(sim, '/inboxes/102/tags', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{name' })).status, 400);
      assert.equal((await postForm(sim, '/inboxes/102/tags', [['name', 'x']])).status, 400);
      assert.equal((await postJson(sim, '/inboxes/999/tags', { name: 'x' })).status, 404);
    });
  });

  describe('conversations', () => {
    const first = 538700001;

    it('gets a conversation as a one-item array with message_ids, by id or by Gmail thread id', async () => {
      const stored = sim.state.conversations.find((c) => c.id === first)!;
      const byId = await call(sim, `/inboxes/101/conversations/${first}`);
      assert.ok(Array.isArray(byId.json.data) && byId.json.data.length === 1);
      const item = byId.json.data[0];
      assert.equal(item.id, String(first));
      assert.deepEqual(item.message_ids, stored.message_ids);
      assert.equal(typeof item.message_ids[0].hiver_message_id, 'number');
      const byThread = await call(sim, `/inboxes/101/conversations/${stored.gmail_thread_id}`);
      assert.deepEqual(byThread.json.data, byId.json.data);
    });

    it('answers 404 for an unknown conversation or one of another inbox', async () => {
      assert.equal((await call(sim, '/inboxes/101/conversations/1')).status, 404);
      const other = sim.state.conversations.find((c) => c.inbox_ids.length === 1 && c.inbox_ids[0] === '103')!;
      assert.equal((await call(sim, `/inboxes/101/conversations/${other.id}`)).status, 404);
      assert.equal((await call(sim, `/inboxes/103/conversations/${other.id}`)).status, 200);
    });

    it('a shared conversation is listed and readable in both inboxes', async () => {
      const shared = sim.state.conversations.find((c) => c.inbox_ids.length > 1)!;
      for (const inboxId of shared.inbox_ids) {
        assert.equal((await call(sim, `/inboxes/${inboxId}/conversations/${shared.id}`)).status, 200);
      }
    });

    it('PATCH sets status (close reads back closed), assignee by email and tags; 204 with no body', async () => {
      const member = sim.state.users['101'][20];
      const tags = sim.state.tags['101'];
      const stored = sim.state.conversations.find((c) => c.id === first)!;
      const removed = stored.tag_ids[0];
      const answer = await postJson(sim, `/inboxes/101/conversations/${first}`, {
        status: { name: 'close' },
        assignee: { email: member.email.toUpperCase() },
        tags: { to_apply: [tags[10].id, Number(tags[11].id)], to_remove: removed ? [removed] : [] },
      }, 'PATCH');
      assert.equal(answer.status, 204);
      assert.equal(answer.text, '');
      const read = (await call(sim, `/inboxes/101/conversations/${first}`)).json.data[0];
      assert.equal(read.status, 'closed');
      assert.deepEqual(read.assignee, { assignee_type: 'user', assignee_id: Number(member.id) });
      assert.ok(read.tag_ids.includes(tags[10].id) && read.tag_ids.includes(tags[11].id));
      if (removed) assert.ok(!read.tag_ids.includes(removed));
    });

    it('PATCH accepts open, pending and closed by thread id too', async () => {
      const stored = sim.state.conversations.find((c) => c.id === first)!;
      for (const name of ['pending', 'open', 'closed']) {
        assert.equal((await postJson(sim, `/inboxes/101/conversations/${stored.gmail_thread_id}`, { status: { name } }, 'PATCH')).status, 204);
        assert.equal(stored.status, name);
      }
    });

    it('PATCH refuses a non-member, an unknown tag, a bad status, arrays of arrays, and changes nothing', async () => {
      const before = structuredClone(sim.state.conversations.find((c) => c.id === first)!);
      const outsider = sim.state.users['102'].find((u) => !sim.state.users['101'].some((m) => m.id === u.id))!;
      const bad = [
        { status: { name: 'open' }, assignee: { email: outsider.email } },
        { status: { name: 'open' }, assignee: { email: '' } },
        { status: { name: 'open' }, tags: { to_apply: ['1'] } },
        { status: { name: 'open' }, tags: { to_apply: [[sim.state.tags['101'][0].id]] } },
        { status: { name: 'snoozed' } },
        { status: { name: 'OPEN' } },
        { tags: 'x' },
      ];
      for (const body of bad) {
        const answer = await postJson(sim, `/inboxes/101/conversations/${first}`, body, 'PATCH');
        assert.equal(answer.status, 400, JSON.stringify(body));
        errorMessage(answer);
      }
      assert.deepEqual(sim.state.conversations.find((c) => c.id === first), before);
      assert.equal((await postJson(sim, '/inboxes/101/conversations/1', { status: { name: 'open' } }, 'PATCH')).status, 404);
    });
  });

  describe('shared drafts (multipart)', () => {
    const path = '/inboxes/101/conversations/shared-drafts';

    it('creates a draft replying to a message named by hiver_message_id or gmail_message_id', async () => {
      const conversation = sim.state.conversations.find((c) => c.inbox_ids.includes('101') && c.message_ids.length > 1)!;
      const message = conversation.message_ids[1];
      const byHiver = await postForm(sim, path, [['body', 'Thanks!'], ['hiver_message_id', String(message.hiver_message_id)], ['attachments[]', new Blob(['%PDF'], { type: 'application/pdf' }), 'quote.pdf']]);
      assert.equal(byHiver.status, 200, byHiver.text);
      assert.deepEqual({ ...byHiver.json.data, shared_draft_id: 0 }, { id: conversation.id, shared_draft_id: 0, reply_to_message_id: message.hiver_message_id });
      const byGmail = await postForm(sim, path, [['body', 'Again'], ['gmail_message_id', message.gmail_message_id], ['reply_type', 'reply_all']]);
      assert.equal(byGmail.json.data.reply_to_message_id, message.hiver_message_id);
      const drafts = sim.state.drafts[String(conversation.id)];
      assert.deepEqual(drafts.map((d) => [d.reply_type, d.attachments.length]), [['reply', 1], ['reply_all', 0]]);
      const logged = sim.log[0].body as Json;
      assert.deepEqual(logged.files, [{ field: 'attachments[]', name: 'quote.pdf', type: 'application/pdf', size: 4 }]);
      assert.equal(logged.fields.body, 'Thanks!');
    });

    it('refuses a missing body, both or neither message id, a message of another inbox, a bad reply_type', async () => {
      const mine = sim.state.conversations.find((c) => c.inbox_ids.includes('101'))!.message_ids[0];
      const theirs = sim.state.conversations.find((c) => !c.inbox_ids.includes('101'))!.message_ids[0];
      const cases: [string, string][][] = [
        [['hiver_message_id', String(mine.hiver_message_id)]],
        [['body', 'x']],
        [['body', 'x'], ['hiver_message_id', String(mine.hiver_message_id)], ['gmail_message_id', mine.gmail_message_id]],
        [['body', 'x'], ['hiver_message_id', String(theirs.hiver_message_id)]],
        [['body', 'x'], ['hiver_message_id', String(mine.hiver_message_id)], ['reply_type', 'shout']],
      ];
      for (const fields of cases) {
        const answer = await postForm(sim, path, fields);
        assert.equal(answer.status, 400, JSON.stringify(fields));
        errorMessage(answer);
      }
      assert.deepEqual(sim.state.drafts, {});
    });

    it('answers 400 for JSON and for the OpenAPI slip application/multipart/form-data', async () => {
      const mine = sim.state.conversations.find((c) => c.inbox_ids.includes('101'))!.message_ids[0];
      assert.equal((await postJson(sim, path, { body: 'x', hiver_message_id: mine.hiver_message_id })).status, 400);
      const slip = await call(sim, path, { method: 'POST', headers: { 'content-type': 'application/multipart/form-data; boundary=b' }, body: '--b\r\nContent-Disposition: form-data; name="body"\r\n\r\nx\r\n--b--\r\n' });
      assert.equal(slip.status, 400);
      assert.equal((await postForm(sim, '/inboxes/999/conversations/shared-drafts', [['body', 'x']])).status, 404);
    });
  });

  describe('notes (multipart)', () => {
    const first = 538700001;

    it('creates a note: 201, ISO created_at, author the key owner, mentions repeated and comma-separated', async () => {
      const answer = await postForm(sim, `/inboxes/101/conversations/${first}/notes`, [
        ['content', 'cc bob@acme.example <b>please</b> 🐝'],
        ['mentions', 'bob@acme.example'],
        ['mentions', 'ann@acme.example, cy@acme.example'],
        ['notify_all', 'true'],
        ['parent_note_id', '35040001'],
      ]);
      assert.equal(answer.status, 201, answer.text);
      const note = answer.json.data;
      assert.equal(note.conversation_id, String(first));
      assert.equal(note.content, 'cc bob@acme.example <b>please</b> 🐝');
      assert.deepEqual(note.author, { id: '450001', email: 'admin@acme.example' });
      assert.deepEqual(note.mentions, ['bob@acme.example', 'ann@acme.example', 'cy@acme.example']);
      assert.equal(note.parent_note_id, '35040001');
      assert.match(note.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      assert.ok(!('notify_all' in note));
      const stored = sim.state.notes[String(first)].at(-1)!;
      assert.equal(stored.id, note.id);
      assert.equal(stored.notify_all, true);
    });

    it('accepts an attachment without content, and a Gmail thread id in the path', async () => {
      const conversation = sim.state.conversations.find((c) => c.id === first)!;
      const answer = await postForm(sim, `/inboxes/101/conversations/${conversation.gmail_thread_id}/notes`, [['attachments', new Blob(['hello']), 'invoice.PDF']]);
      assert.equal(answer.status, 201, answer.text);
      assert.equal(answer.json.data.attachments.length, 1);
      assert.deepEqual({ ...answer.json.data.attachments[0], id: '' }, { id: '', file_name: 'invoice.PDF', file_type: 'pdf' });
      assert.equal(answer.json.data.parent_note_id, null);
      assert.equal(answer.json.data.conversation_id, String(first));
    });

    it('refuses no content and no file, a bad mention, a bad notify_all, a parent note of another conversation', async () => {
      const cases: [string, string][][] = [
        [['content', '  ']],
        [['content', 'x'], ['mentions', 'bob']],
        [['content', 'x'], ['notify_all', 'yes']],
        [['content', 'x'], ['parent_note_id', '99']],
      ];
      for (const fields of cases) {
        const answer = await postForm(sim, `/inboxes/101/conversations/${first}/notes`, fields);
        assert.equal(answer.status, 400, JSON.stringify(fields));
      }
      const other = sim.state.conversations.find((c) => c.inbox_ids.includes('101') && c.id !== first)!;
      assert.equal((await postForm(sim, `/inboxes/101/conversations/${other.id}/notes`, [['content', 'x'], ['parent_note_id', '35040001']])).status, 400);
      assert.equal((await postJson(sim, `/inboxes/101/conversations/${first}/notes`, { content: 'x' })).status, 400);
      assert.equal((await postForm(sim, '/inboxes/101/conversations/1/notes', [['content', 'x']])).status, 404);
      assert.equal(sim.state.notes[String(first)].length, 2);
    });
  });

  describe('other paths', () => {
    it('answers 503 for the account-wide conversation endpoints, 404 and 405 otherwise', async () => {
      assert.equal((await call(sim, '/conversations')).status, 503);
      assert.equal((await call(sim, '/conversations/538700001')).status, 503);
      assert.equal((await call(sim, '/nothing')).status, 404);
      const wrongMethod = await call(sim, '/inboxes', { method: 'DELETE' });
      assert.equal(wrongMethod.status, 405);
      errorMessage(wrongMethod);
    });
  });

  describe('rate limit', () => {
    // The simulator's clock stands still until a test moves it, so what arrives "under the gap"
    // does not depend on how fast a loaded machine answers.
    let now: number;
    const wait = (ms: number) => (now += ms);
    beforeEach(() => {
      now = Date.UTC(2026, 11, 6, 12, 0, 0, 100);
      sim.configure({ clock: () => now });
    });

    it('answers 429 to a request under the gap, and accepts after the gap', async () => {
      sim.configure({ minGapMs: 200 });
      assert.equal((await call(sim, '/inboxes')).status, 200);
      wait(199);
      const early = await call(sim, '/inboxes');
      assert.equal(early.status, 429);
      errorMessage(early);
      assert.equal(early.headers.get('retry-after'), null);
      wait(1);
      assert.equal((await call(sim, '/inboxes')).status, 200);
      assert.deepEqual(sim.log.map((e) => e.status), [200, 429, 200]);
      // The gap is measured from the last ACCEPTED request, not from the refused one.
      assert.deepEqual(interArrivalGaps(sim.log), [199, 1]);
    });

    it('sends Retry-After in seconds (rounded up) or as an HTTP date', async () => {
      sim.configure({ minGapMs: 1500, retryAfter: 'seconds' });
      await call(sim, '/inboxes');
      wait(300);
      const seconds = await call(sim, '/inboxes');
      assert.equal(seconds.status, 429);
      assert.equal(seconds.headers.get('retry-after'), '2', '1.2 s left, rounded up');
      sim.configure({ retryAfter: 'date' });
      const dated = await call(sim, '/inboxes');
      // Due at 12:00:01.600, named to the second after it.
      assert.equal(dated.headers.get('retry-after'), 'Sun, 06 Dec 2026 12:00:02 GMT');
      // The Date header comes from the same clock, so a client can measure the date against it.
      assert.equal(dated.headers.get('date'), 'Sun, 06 Dec 2026 12:00:00 GMT');
    });

    it('blacklists the key with 403 after blacklistAfter consecutive 429s, until blacklistMs passes', async () => {
      sim.configure({ minGapMs: 400, blacklistAfter: 3, blacklistMs: 300 });
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await call(sim, '/inboxes')).status);
      assert.deepEqual(statuses, [200, 429, 429, 429, 403, 403]);
      wait(299);
      const blacklisted = await call(sim, '/inboxes');
      assert.equal(blacklisted.status, 403);
      assert.match(errorMessage(blacklisted), /blacklist/i);
      wait(101);
      assert.equal((await call(sim, '/inboxes')).status, 200, 'the blacklist is over and the gap has passed');
    });

    it('a success resets the consecutive 429 count', async () => {
      sim.configure({ minGapMs: 300, blacklistAfter: 2 });
      const statuses = [];
      for (let round = 0; round < 3; round++) {
        wait(300);
        statuses.push((await call(sim, '/inboxes')).status, (await call(sim, '/inboxes')).status);
      }
      assert.deepEqual(statuses, [200, 429, 200, 429, 200, 429]);
    });

    it('does not rate-limit requests without a valid key, nor count them against the key', async () => {
      sim.configure({ minGapMs: 200 });
      assert.equal((await call(sim, '/inboxes')).status, 200);
      wait(200);
      const bad = [];
      for (let i = 0; i < 10; i++) bad.push((await call(sim, '/inboxes', { key: 'nope' })).status);
      assert.ok(bad.every((s) => s === 401));
      assert.equal((await call(sim, '/inboxes')).status, 200);
    });

    it('limits each key on its own', async () => {
      sim.configure({ minGapMs: 200, keys: ['a', 'b'] });
      assert.equal((await call(sim, '/inboxes', { key: 'a' })).status, 200);
      assert.equal((await call(sim, '/inboxes', { key: 'b' })).status, 200);
      assert.equal((await call(sim, '/inboxes', { key: 'a' })).status, 429);
    });

    it('answers 429 with a message once the daily limit is spent, Retry-After pointing at UTC midnight', async () => {
      sim.configure({ dailyLimit: 3, retryAfter: 'seconds' });
      for (let i = 0; i < 3; i++) assert.equal((await call(sim, '/inboxes')).status, 200);
      const over = await call(sim, '/inboxes');
      assert.equal(over.status, 429);
      assert.match(errorMessage(over), /daily limit/i);
      assert.equal(over.headers.get('retry-after'), String(12 * 3600), '12:00:00.100 to midnight, rounded up');
    });

    it('logs arrival times whose gaps the helper reports', async () => {
      sim.configure({ minGapMs: 100 });
      await call(sim, '/inboxes');
      wait(120);
      await call(sim, '/inboxes');
      assert.deepEqual(interArrivalGaps(sim.log), [120]);
      assert.deepEqual(interArrivalGaps([{ time: 5 }, { time: 8 }, { time: 20 }] as RequestLogEntry[]), [3, 12]);
    });
  });

  describe('faults', () => {
    it('status: answers the status count times with the errors envelope, then recovers', async () => {
      sim.setFaults([{ kind: 'status', status: 503, message: 'Down for maintenance', count: 2 }]);
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push(await call(sim, '/inboxes'));
      assert.deepEqual(statuses.map((a) => a.status), [503, 503, 200]);
      assert.equal(errorMessage(statuses[0]), 'Down for maintenance');
    });

    it('status: the Message and empty shapes', async () => {
      sim.setFaults([{ kind: 'status', status: 500, shape: 'Message', message: 'boom' }, { kind: 'status', status: 500, shape: 'empty' }]);
      const message = await call(sim, '/inboxes');
      assert.deepEqual(message.json, { Message: 'boom' });
      const empty = await call(sim, '/inboxes');
      assert.equal(empty.status, 500);
      assert.equal(empty.text, '');
    });

    it('matches by method and pathIncludes, and Infinity keeps it forever', async () => {
      sim.addFault({ kind: 'status', status: 500, method: 'get', pathIncludes: '/tags', count: Infinity });
      assert.equal((await call(sim, '/inboxes')).status, 200);
      assert.equal((await postJson(sim, '/inboxes/101/tags', { name: 'Fresh' })).status, 200);
      for (let i = 0; i < 3; i++) assert.equal((await call(sim, '/inboxes/101/tags')).status, 500);
      sim.clearFaults();
      assert.equal((await call(sim, '/inboxes/101/tags')).status, 200);
    });

    it('malformedJson and html', async () => {
      sim.setFaults([{ kind: 'malformedJson' }, { kind: 'html' }]);
      const malformed = await call(sim, '/inboxes');
      assert.equal(malformed.status, 200);
      assert.match(malformed.headers.get('content-type') ?? '', /application\/json/);
      assert.equal(malformed.text, '{"data": [');
      const html = await call(sim, '/inboxes');
      assert.equal(html.status, 502);
      assert.match(html.headers.get('content-type') ?? '', /text\/html/);
      assert.match(html.text, /<html>/);
    });

    it('reset destroys the socket; with afterProcessing the note is created anyway', async () => {
      sim.setFaults([{ kind: 'reset', method: 'POST', afterProcessing: true }]);
      await assert.rejects(postForm(sim, '/inboxes/101/conversations/538700001/notes', [['content', 'maybe']]));
      assert.equal(sim.state.notes['538700001'].length, 3);
      assert.equal(sim.log[0].status, 0);
      sim.setFaults([{ kind: 'reset' }]);
      await assert.rejects(call(sim, '/inboxes'));
    });

    it('status with afterProcessing applies the effect, without it nothing happens', async () => {
      sim.setFaults([{ kind: 'status', status: 500, afterProcessing: true }, { kind: 'status', status: 500 }]);
      const path = '/inboxes/101/conversations/538700001/notes';
      assert.equal((await postForm(sim, path, [['content', 'one']])).status, 500);
      assert.equal((await postForm(sim, path, [['content', 'two']])).status, 500);
      assert.deepEqual(sim.state.notes['538700001'].slice(2).map((n) => n.content), ['one']);
    });

    it('slowBody still delivers the whole body, chunked', async () => {
      const normal = await call(sim, '/inboxes/101/users?limit=50');
      sim.setFaults([{ kind: 'slowBody', ms: 200 }]);
      const slow = await call(sim, '/inboxes/101/users?limit=50');
      assert.equal(slow.headers.get('content-length'), null);
      assert.deepEqual(slow.json, normal.json);
    });

    it('hang never answers until the client gives up; with ms it answers', async () => {
      sim.setFaults([{ kind: 'hang' }]);
      await assert.rejects(call(sim, '/inboxes', { signal: AbortSignal.timeout(300) }));
      assert.equal(sim.log[0].status, 0);
      sim.setFaults([{ kind: 'hang', ms: 50 }]);
      assert.equal((await call(sim, '/inboxes')).status, 200);
    });

    it('pageLoop sends back the requested token, or one leading to the first page', async () => {
      sim.setFaults([{ kind: 'pageLoop', count: 2 }]);
      const first = await call(sim, '/inboxes/101/users?limit=10');
      const loopToken = first.json.data.pagination.next_page;
      const again = await call(sim, `/inboxes/101/users?limit=10&next_page=${encodeURIComponent(loopToken)}`);
      assert.deepEqual(again.json.data.results, first.json.data.results);
      assert.equal(again.json.data.pagination.next_page, loopToken);
    });

    it('emptyPages answers no items and a new token that still decodes, every time', async () => {
      sim.setFaults([{ kind: 'emptyPages', count: 3 }]);
      const tokens: string[] = [];
      let token: string | undefined;
      for (let i = 0; i < 3; i++) {
        const answer = await call(sim, `/inboxes/101/users?limit=10${token ? `&next_page=${encodeURIComponent(token)}` : ''}`);
        assert.equal(answer.status, 200);
        assert.deepEqual(answer.json.data.results, []);
        token = answer.json.data.pagination.next_page;
        assert.equal(typeof token, 'string');
        tokens.push(token!);
      }
      assert.equal(new Set(tokens).size, 3, 'a fresh token each time');
      // Without the fault the last token is a valid one: it leads to the first page.
      const real = await call(sim, `/inboxes/101/users?limit=10&next_page=${encodeURIComponent(token!)}`);
      assert.equal(real.status, 200);
      assert.equal(real.json.data.results.length, 10);
    });

    it('wrongType makes an id an object and a name a number; missingId drops the id', async () => {
      sim.setFaults([{ kind: 'wrongType' }, { kind: 'missingId' }, { kind: 'wrongType', pathIncludes: '/inboxes/101' }]);
      const wrong = (await call(sim, '/inboxes')).json.data.results;
      assert.equal(typeof wrong[0].id, 'object');
      assert.equal(typeof wrong[1].display_name, 'number');
      const missing = (await call(sim, '/inboxes')).json.data.results;
      assert.ok(!('id' in missing[0]));
      const single = (await call(sim, '/inboxes/101')).json.data;
      assert.equal(typeof single.id, 'object');
      assert.equal(typeof single.display_name, 'number');
    });

    it('numberIds sends digit ids as numbers, nested ones too, and leaves the stored data alone', async () => {
      sim.setFaults([{ kind: 'numberIds', count: 2 }]);
      const inbox = (await call(sim, '/inboxes')).json.data.results[0];
      assert.equal(inbox.id, 101);
      assert.equal(typeof inbox.source_user.id, 'number');
      const detail = (await call(sim, '/inboxes/101/conversations/538700001')).json.data[0];
      assert.equal(detail.id, 538700001);
      assert.ok(detail.tag_ids.every((t: unknown) => typeof t === 'number'));
      assert.equal(typeof detail.message_ids[0].gmail_message_id, 'string');
      assert.equal(typeof sim.state.inboxes[0].source_user.id, 'string');
      assert.equal(typeof (await call(sim, '/inboxes')).json.data.results[0].id, 'string');
    });

    it('nullArray makes a list\'s results null, and an object\'s lists null', async () => {
      sim.setFaults([{ kind: 'nullArray', count: 2 }]);
      assert.equal((await call(sim, '/inboxes/101/users')).json.data.results, null);
      const detail = (await call(sim, '/inboxes/101/conversations/538700001')).json.data[0];
      assert.equal(detail.message_ids, null);
      assert.equal(detail.tag_ids, null);
      assert.ok(sim.state.conversations[0].message_ids.length > 0);
    });

    it('longNames makes every name 10,000 characters, starting with the real one', async () => {
      sim.setFaults([{ kind: 'longNames' }]);
      const users = (await call(sim, '/inboxes/101/users')).json.data.results;
      assert.ok(users.every((u: Json) => u.first_name.length === 10_000 && u.last_name.length === 10_000));
      assert.ok(users[0].first_name.startsWith(`${sim.state.users['101'][0].first_name} `));
      assert.ok(sim.state.users['101'][0].first_name.length < 100);
    });

    it('status 429 with retryAfter sends the Retry-After header', async () => {
      sim.setFaults([{ kind: 'status', status: 429, retryAfter: 2 }, { kind: 'status', status: 429 }]);
      const first = await call(sim, '/inboxes');
      assert.equal(first.status, 429);
      assert.equal(first.headers.get('retry-after'), '2');
      assert.equal(errorMessage(first), 'Too many requests');
      assert.equal((await call(sim, '/inboxes')).headers.get('retry-after'), null);
    });

    it('latencyMs holds every answer back: a client giving up sooner gets nothing, though the request was handled', async () => {
      sim.configure({ latencyMs: 400 });
      await assert.rejects(postForm(sim, '/inboxes/101/conversations/538700001/notes', [['content', 'late']], AbortSignal.timeout(100)));
      assert.equal(sim.state.notes['538700001'].at(-1)!.content, 'late');
      sim.configure({ latencyMs: 0 });
      assert.equal((await call(sim, '/inboxes')).status, 200);
    });

    it('faults apply only after auth and the rate limit', async () => {
      sim.setFaults([{ kind: 'status', status: 500 }]);
      assert.equal((await call(sim, '/inboxes', { key: 'nope' })).status, 401);
      assert.equal((await call(sim, '/inboxes')).status, 500);
    });
  });

  describe('control endpoints', () => {
    it('GET and DELETE /__sim/log; control calls are not logged', async () => {
      await call(sim, '/inboxes?limit=20');
      await postJson(sim, '/inboxes/101/tags', { name: 'Logged' });
      const log = await control(sim, 'GET', '/__sim/log');
      assert.equal(log.json.entries.length, 2);
      assert.deepEqual(log.json.entries[0].query, { limit: '20' });
      assert.equal(log.json.entries[1].contentType, 'application/json');
      assert.deepEqual(log.json.entries[1].body, { name: 'Logged' });
      assert.equal((await control(sim, 'DELETE', '/__sim/log')).status, 200);
      assert.deepEqual((await control(sim, 'GET', '/__sim/log')).json.entries, []);
      assert.equal(sim.log.length, 0);
    });

    it('POST /__sim/faults with count -1 is unlimited, null is one; DELETE clears', async () => {
      await control(sim, 'POST', '/__sim/faults', { rules: [{ kind: 'status', status: 500, count: -1, pathIncludes: '/users' }, { kind: 'status', status: 503, count: null }] });
      assert.equal((await call(sim, '/inboxes')).status, 503);
      assert.equal((await call(sim, '/inboxes')).status, 200);
      for (let i = 0; i < 3; i++) assert.equal((await call(sim, '/inboxes/101/users')).status, 500);
      assert.equal((await control(sim, 'DELETE', '/__sim/faults')).status, 200);
      assert.equal((await call(sim, '/inboxes/101/users')).status, 200);
      assert.equal((await control(sim, 'POST', '/__sim/faults', { rules: [{ kind: 'explode' }] })).status, 400);
    });

    it('POST /__sim/config changes runtime options; unknown keys are refused', async () => {
      assert.equal((await control(sim, 'POST', '/__sim/config', { listEnvelope: 'top', minGapMs: 0 })).status, 200);
      assert.ok(Array.isArray((await call(sim, '/inboxes')).json.results));
      assert.equal((await control(sim, 'POST', '/__sim/config', { port: 1 })).status, 400);
      assert.equal((await control(sim, 'POST', '/__sim/config', { minGapMs: 'fast' })).status, 400);
      assert.equal((await control(sim, 'POST', '/__sim/config', { retryAfter: 'later' })).status, 400);
      assert.equal((await control(sim, 'GET', '/__sim/config')).json.options.listEnvelope, 'top');
    });

    it('POST /__sim/reset reloads the data and clears log, faults and limits', async () => {
      await postJson(sim, '/inboxes/101/tags', { name: 'Temporary' });
      sim.addFault({ kind: 'status', status: 500 });
      assert.equal((await control(sim, 'POST', '/__sim/reset')).status, 200);
      assert.equal(sim.log.length, 0);
      assert.ok(!sim.state.tags['101'].some((t) => t.name === 'Temporary'));
      assert.equal((await call(sim, '/inboxes')).status, 200);
    });

    it('GET /__sim/inboxes/{id} and /__sim/conversations/{id} show the stored data', async () => {
      const inbox = (await control(sim, 'GET', '/__sim/inboxes/101')).json;
      assert.equal(inbox.inbox.id, '101');
      assert.equal(inbox.users.length, 130);
      assert.equal(inbox.tags.length, sim.state.tags['101'].length);
      assert.equal(inbox.conversations.length, sim.state.conversations.filter((c) => c.inbox_ids.includes('101')).length);
      await postForm(sim, '/inboxes/101/conversations/538700001/notes', [['content', 'seen by control']]);
      const conversation = (await control(sim, 'GET', '/__sim/conversations/538700001')).json;
      assert.deepEqual(conversation.inboxIds, ['101']);
      assert.equal(conversation.notes.at(-1).content, 'seen by control');
      assert.deepEqual(conversation.drafts, []);
      assert.equal((await control(sim, 'GET', `/__sim/conversations/${conversation.conversation.gmail_thread_id}`)).json.conversation.id, 538700001);
      assert.equal((await control(sim, 'GET', '/__sim/inboxes/999')).status, 404);
      assert.equal((await control(sim, 'GET', '/__sim/conversations/1')).status, 404);
    });

    it('PATCH /__sim/conversations/{id} sets permalinks the API then serves; other fields are refused', async () => {
      const hostile = 'https://v2.hiverhq.com\\@evil.example/permalinks/pvt/abc';
      assert.equal((await control(sim, 'PATCH', '/__sim/conversations/538700001', { private_permalink: hostile })).status, 200);
      assert.equal((await call(sim, '/inboxes/101/conversations/538700001')).json.data[0].private_permalink, hostile);
      assert.equal((await control(sim, 'PATCH', '/__sim/conversations/538700001', { status: 'open' })).status, 400);
      assert.equal((await control(sim, 'PATCH', '/__sim/conversations/538700001', { public_permalink: 7 })).status, 400);
      assert.equal((await control(sim, 'PATCH', '/__sim/conversations/1', { private_permalink: 'x' })).status, 404);
    });

    it('control endpoints ignore auth, faults and the rate limit', async () => {
      sim.configure({ minGapMs: 10_000 });
      sim.setFaults([{ kind: 'status', status: 500, count: Infinity }]);
      for (let i = 0; i < 3; i++) assert.equal((await control(sim, 'GET', '/__sim/log')).status, 200);
      assert.equal(sim.log.length, 0);
    });
  });
});

describe('Hiver simulator datasets', () => {
  it('are deterministic', () => {
    assert.deepEqual(buildDataset('demo'), buildDataset('demo'));
    assert.deepEqual(buildDataset('tiny'), buildDataset('tiny'));
  });

  it('demo: 4-5 inboxes, one unauthorised, one with over 100 users and one with over 100 conversations', () => {
    const s = buildDataset('demo');
    assert.ok(s.inboxes.length >= 4 && s.inboxes.length <= 5);
    assert.equal(s.inboxes.filter((i) => !i.is_authorised).length, 1);
    assert.ok(s.inboxes.some((i) => s.users[i.id].length > 100));
    assert.ok(s.inboxes.some((i) => s.conversations.filter((c) => c.inbox_ids.includes(i.id)).length > 100));
    assert.ok(s.conversations.length >= 300 && s.conversations.length <= 400);
    for (const inbox of s.inboxes) {
      const tags = s.tags[inbox.id].length;
      // The unauthorised inbox has no tags: the demo's empty list.
      if (inbox.is_authorised === false) assert.equal(tags, 0);
      else assert.ok(tags >= 15 && tags <= 30);
      if (s.users[inbox.id].length <= 100) assert.ok(s.users[inbox.id].length >= 20 && s.users[inbox.id].length <= 40);
    }
    assert.deepEqual(new Set(s.conversations.map((c) => c.status)), new Set(['open', 'pending', 'closed']));
  });

  it('demo: assignees are members, tags belong to the inbox, 1-4 messages, some users shared', () => {
    const s = buildDataset('demo');
    for (const c of s.conversations) {
      const inboxes = c.inbox_ids;
      if (c.assignee) assert.ok(inboxes.every((id) => s.users[id].some((u) => Number(u.id) === c.assignee!.assignee_id)), String(c.id));
      assert.ok(c.tag_ids.every((t) => s.tags[inboxes[0]].some((tag) => tag.id === t)));
      assert.ok(c.message_ids.length >= 1 && c.message_ids.length <= 4 && c.tag_ids.length <= 3);
    }
    const inEvery = s.users['101'].filter((u) => s.inboxes.every((i) => s.users[i.id].some((m) => m.id === u.id)));
    assert.ok(inEvery.length > 1);
  });

  it('demo: hostile strings in users, tags and an inbox name', () => {
    const s = buildDataset('demo');
    const texts = [...s.inboxes.map((i) => i.display_name), ...Object.values(s.users).flat().flatMap((u) => [u.first_name, u.last_name]), ...Object.values(s.tags).flat().map((t) => t.name)];
    for (const needle of ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', `"O'Brien" & co`, '\u202E', 'مريم', 'דוד', '🐝']) {
      assert.ok(texts.some((t) => t.includes(needle)), needle);
    }
    assert.ok(texts.some((t) => t.length === 300));
    assert.ok(s.inboxes.some((i) => i.display_name.includes('<script>')));
  });

  it('tiny and large have their documented sizes', () => {
    const tiny = buildDataset('tiny');
    assert.equal(tiny.inboxes.length, 2);
    assert.equal(tiny.conversations.length, 25);
    assert.equal(new Set(Object.values(tiny.users).flat().map((u) => u.id)).size, 15);
    assert.equal(Object.values(tiny.tags).flat().length, 12);
    const large = buildDataset('large');
    assert.equal(large.users['101'].length, 2500);
    assert.equal(large.tags['101'].length, 300);
    assert.equal(large.conversations.filter((c) => c.inbox_ids.includes('101')).length, 20_000);
  });
});
