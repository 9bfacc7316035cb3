// Contract test: the simulator's answers for all 12 operations against the response schemas in
// Hiver's published OpenAPI document (test/fixtures/hiver-openapi.json, unchanged). Where the
// document has a known slip (API.md lists them), the test names the exception below and proves it
// is needed, instead of relaxing the check silently.

import assert from 'node:assert/strict';
import openapiDocument from '../fixtures/hiver-openapi.json';
import { DEMO_KEY, startSimulator, type Simulator } from '../simulator';
import { patchSchema, validate, type Schema } from '../simulator/schemaSubset';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const doc = openapiDocument as Json;

/** A named, explained relaxation of the document's schema for one operation's response. */
interface NamedException {
  name: string;
  why: string;
  at: string;
  patch: Partial<Schema>;
}

const NEXT_PAGE_NULL = (at: string): NamedException => ({
  name: 'next_page is null on the last page',
  why: 'API.md: paging stops when next_page is null; the document types it as a non-nullable string',
  at,
  patch: { nullable: true },
});
const UNASSIGNED = (at: string): NamedException => ({
  name: 'unassigned conversations',
  why: 'API.md: an unassigned conversation has assignee null or no assignee at all; the document only shows an object',
  at,
  patch: { nullable: true, 'x-optional': true },
});
const PHONE_OPTIONAL: NamedException = {
  name: 'users without a phone number',
  why: 'not every user has a phone number (the model keeps phoneNumber optional); the document example always has one',
  at: 'data.results[].phone_number',
  patch: { 'x-optional': true },
};
const PARENT_NOTE_NULL: NamedException = {
  name: 'parent_note_id null on a top-level note',
  why: 'the document says "null for top-level notes" but types it as a non-nullable string',
  at: 'data.parent_note_id',
  patch: { nullable: true },
};

/** Other slips, which concern requests or missing declarations rather than a response schema. */
const SLIPS = {
  listEnvelopeTop: 'lists are also documented as {results, pagination} at the top level; the schema only declares {data:{...}}',
  patch204NoBody: 'PATCH declares an application/json object for its 204, which has no body',
  multipartContentType: 'the two multipart bodies are declared as application/multipart/form-data; the real type is multipart/form-data',
  toApplyArraysOfArrays: 'PATCH tags.to_apply/to_remove are declared as arrays of arrays; they are arrays of ids',
  notesPathParams: 'the notes path names its parameters {inboxId}/{conversationId} typed as integers, though Gmail thread ids are accepted',
  noErrorResponses: 'no error responses are declared; errors use {"errors":[{"message"}]} (API.md)',
};

const ERROR_SCHEMA: Schema = {
  type: 'object',
  required: ['errors'],
  properties: { errors: { type: 'array', items: { type: 'object', required: ['message'], properties: { message: { type: 'string' } } } } },
};

function responseSchema(operation: string, status: number): Schema {
  const [method, path] = operation.split(' ');
  const response = doc.paths[path]?.[method.toLowerCase()]?.responses?.[String(status)];
  assert.ok(response, `the document has no ${status} response for ${operation}`);
  return response.content['application/json'].schema as Schema;
}

function schemaWith(operation: string, status: number, exceptions: NamedException[]): Schema {
  return exceptions.reduce((schema, e) => patchSchema(schema, e.at, e.patch), responseSchema(operation, status));
}

function assertValid(body: unknown, schema: Schema, label: string): void {
  const problems = validate(body, schema, { allDeclaredRequired: true });
  assert.deepEqual(problems, [], `${label}: ${problems.slice(0, 5).join('; ')}`);
}

interface Answer {
  status: number;
  text: string;
  json: Json;
}

describe('Hiver simulator against the OpenAPI document', () => {
  let sim: Simulator;

  async function call(path: string, init: RequestInit = {}): Promise<Answer> {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${DEMO_KEY}`);
    const response = await fetch(sim.url + path, { ...init, headers });
    const text = await response.text();
    return { status: response.status, text, json: text ? JSON.parse(text) : {} };
  }

  const form = (fields: Record<string, string>): FormData => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.append(k, v);
    return f;
  };

  /** Validates every page of a list, in both envelopes; returns the items of the data envelope. */
  async function checkList(operation: string, path: string, exceptions: NamedException[]): Promise<Json[]> {
    const schema = schemaWith(operation, 200, exceptions);
    const items: Json[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const url: string = `${path}${path.includes('?') ? '&' : '?'}limit=100${token ? `&next_page=${encodeURIComponent(token)}` : ''}`;
      sim.configure({ listEnvelope: 'data' });
      const wrapped = await call(url);
      assert.equal(wrapped.status, 200, wrapped.text);
      assertValid(wrapped.json, schema, `${operation} page ${pages + 1}`);
      // SLIPS.listEnvelopeTop: the top-level envelope is checked against the schema's `data`.
      sim.configure({ listEnvelope: 'top' });
      const top = await call(url);
      assertValid(top.json, schema.properties!.data, `${operation} page ${pages + 1}, top envelope`);
      assert.deepEqual(top.json, wrapped.json.data);
      items.push(...wrapped.json.data.results);
      token = wrapped.json.data.pagination.next_page;
      pages++;
    } while (token && pages < 3);
    return items;
  }

  before(async () => {
    sim = await startSimulator({ dataset: 'demo', minGapMs: 0 });
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.configure({ listEnvelope: 'data' });
    sim.reset();
  });

  const cases: Record<string, () => Promise<void>> = {
    'GET /inboxes': async () => {
      const items = await checkList('GET /inboxes', '/inboxes', [NEXT_PAGE_NULL('data.pagination.next_page')]);
      assert.equal(items.length, sim.state.inboxes.length);
    },
    'GET /inboxes/{inbox_id}': async () => {
      for (const inbox of sim.state.inboxes) assertValid((await call(`/inboxes/${inbox.id}`)).json, responseSchema('GET /inboxes/{inbox_id}', 200), inbox.id);
    },
    'GET /inboxes/{inbox_id}/users': async () => {
      // 130 users: a page with a token, then the last page with null.
      const items = await checkList('GET /inboxes/{inbox_id}/users', '/inboxes/101/users', [NEXT_PAGE_NULL('data.pagination.next_page'), PHONE_OPTIONAL]);
      assert.equal(items.length, 130);
    },
    'GET /inboxes/{inbox_id}/users/search': async () => {
      const items = await checkList('GET /inboxes/{inbox_id}/users/search', '/inboxes/101/users/search?email=admin%40acme.example', [NEXT_PAGE_NULL('data.pagination.next_page'), PHONE_OPTIONAL]);
      assert.equal(items.length, 1);
    },
    'GET /inboxes/{inbox_id}/tags': async () => {
      const items = await checkList('GET /inboxes/{inbox_id}/tags', '/inboxes/101/tags', [NEXT_PAGE_NULL('data.pagination.next_page')]);
      assert.equal(items.length, sim.state.tags['101'].length);
    },
    'POST /inboxes/{inbox_id}/tags': async () => {
      const answer = await call('/inboxes/101/tags', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Contract', color_hexcode: '#64b5f6', description: 'x' }) });
      assert.equal(answer.status, 200);
      assertValid(answer.json, responseSchema('POST /inboxes/{inbox_id}/tags', 200), 'created tag');
    },
    'GET /inboxes/{inbox_id}/tags/search': async () => {
      const items = await checkList('GET /inboxes/{inbox_id}/tags/search', '/inboxes/101/tags/search?name=a', [NEXT_PAGE_NULL('data.pagination.next_page')]);
      assert.ok(items.length > 1);
    },
    'GET /inboxes/{inbox_id}/conversations': async () => {
      const items = await checkList('GET /inboxes/{inbox_id}/conversations', '/inboxes/101/conversations', [
        NEXT_PAGE_NULL('data.pagination.next_page'),
        UNASSIGNED('data.results[].assignee'),
      ]);
      assert.equal(items.length, sim.state.conversations.filter((c) => c.inbox_ids.includes('101')).length);
    },
    'GET /inboxes/{inbox_id}/conversations/{conversation_id}': async () => {
      const schema = schemaWith('GET /inboxes/{inbox_id}/conversations/{conversation_id}', 200, [UNASSIGNED('data[].assignee')]);
      const assigned = sim.state.conversations.find((c) => c.assignee)!;
      const unassignedNull = sim.state.conversations.find((c) => c.assignee === null)!;
      const unassignedMissing = sim.state.conversations.find((c) => !('assignee' in c))!;
      for (const c of [assigned, unassignedNull, unassignedMissing]) {
        assertValid((await call(`/inboxes/${c.inbox_ids[0]}/conversations/${c.id}`)).json, schema, String(c.id));
        assertValid((await call(`/inboxes/${c.inbox_ids[0]}/conversations/${c.gmail_thread_id}`)).json, schema, c.gmail_thread_id);
      }
    },
    'PATCH /inboxes/{inbox_id}/conversations/{conversation_id}': async () => {
      // SLIPS.patch204NoBody: the declared 204 JSON object is never sent; the body is empty.
      assert.equal(responseSchema('PATCH /inboxes/{inbox_id}/conversations/{conversation_id}', 204).type, 'object');
      const tag = sim.state.tags['101'][0].id;
      const answer = await call('/inboxes/101/conversations/538700001', {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: { name: 'pending' }, assignee: { email: 'admin@acme.example' }, tags: { to_apply: [tag], to_remove: [] } }),
      });
      assert.equal(answer.status, 204);
      assert.equal(answer.text, '');
    },
    'POST /inboxes/{inbox_id}/conversations/shared-drafts': async () => {
      const message = sim.state.conversations.find((c) => c.inbox_ids.includes('101'))!.message_ids[0];
      const answer = await call('/inboxes/101/conversations/shared-drafts', { method: 'POST', body: form({ body: 'Hi', hiver_message_id: String(message.hiver_message_id) }) });
      assert.equal(answer.status, 200, answer.text);
      assertValid(answer.json, responseSchema('POST /inboxes/{inbox_id}/conversations/shared-drafts', 200), 'shared draft');
    },
    'POST /inboxes/{inboxId}/conversations/{conversationId}/notes': async () => {
      const operation = 'POST /inboxes/{inboxId}/conversations/{conversationId}/notes';
      const reply = await call('/inboxes/101/conversations/538700001/notes', { method: 'POST', body: form({ content: 'reply', parent_note_id: '35040001', mentions: 'a@acme.example' }) });
      assert.equal(reply.status, 201, reply.text);
      assertValid(reply.json, responseSchema(operation, 201), 'reply note');
      const top = await call('/inboxes/101/conversations/538700001/notes', { method: 'POST', body: form({ content: 'top' }) });
      assertValid(top.json, schemaWith(operation, 201, [PARENT_NOTE_NULL]), 'top-level note');
    },
  };

  it('covers exactly the 12 operations of the document', () => {
    const documented = Object.entries(doc.paths as Json).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    assert.deepEqual([...documented].sort(), Object.keys(cases).sort());
    assert.equal(documented.length, 12);
  });

  for (const [operation, run] of Object.entries(cases)) it(operation, run);

  describe('named exceptions are real (strict validation fails without them)', () => {
    it(NEXT_PAGE_NULL('').name, async () => {
      const last = await call('/inboxes');
      assert.deepEqual(validate(last.json, responseSchema('GET /inboxes', 200), { allDeclaredRequired: true }), ['$.data.pagination.next_page: null is not allowed']);
    });

    it(UNASSIGNED('').name, async () => {
      const nullOne = sim.state.conversations.find((c) => c.assignee === null)!;
      const missingOne = sim.state.conversations.find((c) => !('assignee' in c))!;
      const schema = responseSchema('GET /inboxes/{inbox_id}/conversations/{conversation_id}', 200);
      const strict = (body: Json) => validate(body, schema, { allDeclaredRequired: true });
      assert.deepEqual(strict((await call(`/inboxes/${nullOne.inbox_ids[0]}/conversations/${nullOne.id}`)).json), ['$.data[0].assignee: null is not allowed']);
      assert.deepEqual(strict((await call(`/inboxes/${missingOne.inbox_ids[0]}/conversations/${missingOne.id}`)).json), ['$.data[0].assignee: missing']);
    });

    it(PHONE_OPTIONAL.name, async () => {
      const user = sim.state.users['101'].find((u) => u.phone_number === undefined)!;
      const found = await call(`/inboxes/101/users/search?email=${encodeURIComponent(user.email)}`);
      const schema = schemaWith('GET /inboxes/{inbox_id}/users/search', 200, [NEXT_PAGE_NULL('data.pagination.next_page')]);
      assert.deepEqual(validate(found.json, schema, { allDeclaredRequired: true }), ['$.data.results[0].phone_number: missing']);
    });

    it(PARENT_NOTE_NULL.name, async () => {
      const top = await call('/inboxes/101/conversations/538700001/notes', { method: 'POST', body: form({ content: 'top' }) });
      const schema = responseSchema('POST /inboxes/{inboxId}/conversations/{conversationId}/notes', 201);
      assert.deepEqual(validate(top.json, schema, { allDeclaredRequired: true }), ['$.data.parent_note_id: null is not allowed']);
    });

    it('a wrongType fault fails the contract (the check can fail)', async () => {
      sim.setFaults([{ kind: 'wrongType' }]);
      const bad = await call('/inboxes');
      const problems = validate(bad.json, schemaWith('GET /inboxes', 200, [NEXT_PAGE_NULL('data.pagination.next_page')]), { allDeclaredRequired: true });
      assert.deepEqual(problems, ['$.data.results[0].id: expected string, got object', '$.data.results[1].display_name: expected string, got number']);
    });
  });

  describe('slips outside the response schemas', () => {
    it(`multipart content type: ${SLIPS.multipartContentType}`, async () => {
      for (const path of ['/inboxes/{inbox_id}/conversations/shared-drafts', '/inboxes/{inboxId}/conversations/{conversationId}/notes']) {
        assert.deepEqual(Object.keys(doc.paths[path].post.requestBody.content), ['application/multipart/form-data']);
      }
      const slip = await call('/inboxes/101/conversations/538700001/notes', {
        method: 'POST',
        headers: { 'content-type': 'application/multipart/form-data; boundary=b' },
        body: '--b\r\nContent-Disposition: form-data; name="content"\r\n\r\nx\r\n--b--\r\n',
      });
      assert.equal(slip.status, 400);
      assertValid(slip.json, ERROR_SCHEMA, 'error');
    });

    it(`to_apply: ${SLIPS.toApplyArraysOfArrays}`, async () => {
      const declared = doc.paths['/inboxes/{inbox_id}/conversations/{conversation_id}'].patch.requestBody.content['application/json'].schema;
      assert.equal(declared.properties.tags.properties.to_apply.items.type, 'array');
      const tag = sim.state.tags['101'][0].id;
      const patch = (toApply: unknown) => call('/inboxes/101/conversations/538700001', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tags: { to_apply: toApply } }) });
      assert.equal((await patch([[tag]])).status, 400);
      assert.equal((await patch([tag])).status, 204);
    });

    it(`notes path: ${SLIPS.notesPathParams}`, async () => {
      const params = doc.paths['/inboxes/{inboxId}/conversations/{conversationId}/notes'].post.parameters as Json[];
      assert.equal(params.find((p) => p.name === 'conversationId')!.schema.type, 'integer');
      const thread = sim.state.conversations.find((c) => c.id === 538700001)!.gmail_thread_id;
      assert.equal((await call(`/inboxes/101/conversations/${thread}/notes`, { method: 'POST', body: form({ content: 'via thread id' }) })).status, 201);
    });

    it(`errors: ${SLIPS.noErrorResponses}`, async () => {
      for (const operation of Object.values(doc.paths as Json).flatMap((item) => Object.values(item) as Json[])) {
        assert.deepEqual(Object.keys(operation.responses).filter((s) => Number(s) >= 400), []);
      }
      const errors = [await call('/inboxes/999'), await call('/inboxes/101/users?limit=5'), await call('/inboxes/101/tags/search')];
      const unauthorised = await fetch(`${sim.url}/inboxes`);
      errors.push({ status: unauthorised.status, text: '', json: await unauthorised.json() });
      assert.deepEqual(errors.map((e) => e.status), [404, 400, 400, 401]);
      for (const e of errors) assertValid(e.json, ERROR_SCHEMA, `error ${e.status}`);
    });

    it('the server URL ends in /v1, like the simulator base URL', () => {
      assert.match(doc.servers[0].url, /\/v1$/);
      assert.match(sim.url, /\/v1$/);
    });
  });
});

describe('schema subset validator', () => {
  const schema: Schema = {
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string' }, n: { type: 'integer' }, tags: { type: 'array', items: { type: 'number' } }, o: { type: 'object', nullable: true } },
  };

  it('accepts a matching value and reports each mismatch with its path', () => {
    assert.deepEqual(validate({ id: 'a', n: 2, tags: [1, 2.5], o: null }, schema), []);
    assert.deepEqual(validate({ n: 2.5, tags: [1, '2'], o: [] }, schema), ['$.id: missing', '$.n: expected integer, got number', '$.tags[1]: expected number, got string', '$.o: expected object, got array']);
    assert.deepEqual(validate(null, schema), ['$: null is not allowed']);
  });

  it('treats every declared property as required on request, unless x-optional', () => {
    assert.deepEqual(validate({ id: 'a' }, schema, { allDeclaredRequired: true }), ['$.n: missing', '$.tags: missing', '$.o: missing']);
    const relaxed = patchSchema(patchSchema(patchSchema(schema, 'n', { 'x-optional': true }), 'tags', { 'x-optional': true }), 'o', { 'x-optional': true });
    assert.deepEqual(validate({ id: 'a' }, relaxed, { allDeclaredRequired: true }), []);
    assert.throws(() => patchSchema(schema, 'nope.x', {}));
  });
});
