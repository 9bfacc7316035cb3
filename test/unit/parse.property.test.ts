// Property tests of response normalisation (parse.ts, failures.ts and the client over real
// HTTP): over random valid and invalid envelopes, id types and field values, parsing either
// gives the model or throws a typed HiverError, never anything else. fast-check prints the
// seed and the shrunk counterexample of a failure; the seed is fixed so runs repeat.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HiverClient } from '../../src/hiver/client';
import { HiverError, MalformedResponseError } from '../../src/hiver/errors';
import { decodeSuccessBody } from '../../src/hiver/failures';
import {
  parseConversation,
  parseConversationDetail,
  parseInbox,
  parseNote,
  parseSharedDraft,
  parseTag,
  parseUser,
  ResponseReader,
} from '../../src/hiver/parse';
import { startScriptedServer, type ScriptedServer } from './scriptedServer';
import { testTransport } from './transportHelpers';

const SEED = 20_240_808;
const settings = (numRuns: number) => ({ seed: SEED, numRuns });

/** Runs `parse`; any throw but a MalformedResponseError fails the property. */
function onlyTyped(parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    if (!(error instanceof MalformedResponseError)) throw new Error(`threw ${String(error)} (${(error as Error)?.constructor?.name}), not a MalformedResponseError`);
  }
}

// --- arbitraries: ids and field values as Hiver sends them, and as it should not ---
const goodId = fc.oneof(fc.nat(), fc.string({ minLength: 1 }).filter((s) => s.trim() !== ''));
const anyId = fc.oneof(goodId, fc.constantFrom(null, undefined, '', '  ', Number.NaN, Infinity, -0), fc.double(), fc.boolean(), fc.object(), fc.array(fc.nat()));
const anyValue = fc.oneof(fc.jsonValue(), fc.constantFrom(undefined, Number.NaN), anyId);
const anyText = fc.oneof({ weight: 4, arbitrary: fc.string() }, { weight: 1, arbitrary: anyValue });
const time = fc.oneof(fc.integer({ min: 0, max: 4e12 }), fc.constantFrom('1700000000', '2024-01-02T03:04:05Z', 'yesterday', null, undefined), anyValue);

const itemFields = {
  id: anyId,
  tag_id: anyId,
  display_name: anyText,
  name: anyText,
  first_name: anyText,
  last_name: anyText,
  email: anyText,
  status: fc.oneof(fc.constantFrom('open', 'pending', 'close', 'closed', 'CLOSED'), anyText),
  is_authorised: fc.oneof(fc.boolean(), fc.constantFrom('true', 'false', 'yes', 1), anyValue),
  assignee: fc.oneof(fc.constant(null), fc.record({ assignee_id: anyId, assignee_type: anyText }, { requiredKeys: [] }), anyValue),
  tag_ids: fc.oneof(fc.array(goodId, { maxLength: 4 }), fc.array(anyId, { maxLength: 3 }), anyValue),
  message_ids: fc.oneof(fc.array(fc.record({ hiver_message_id: anyId, gmail_message_id: anyText }, { requiredKeys: [] }), { maxLength: 3 }), anyValue),
  source_user: fc.oneof(fc.record({ id: anyId, email: anyText }, { requiredKeys: [] }), anyValue),
  created_at: time,
  updated_at: time,
  conversation_id: anyId,
  content: anyText,
  author: fc.oneof(fc.record({ id: anyId, email: anyText }, { requiredKeys: [] }), anyValue),
  mentions: fc.oneof(fc.array(fc.string(), { maxLength: 3 }), anyValue),
  attachments: fc.oneof(fc.array(fc.record({ id: anyId, file_name: anyText, file_type: anyText }, { requiredKeys: [] }), { maxLength: 2 }), anyValue),
  shared_draft_id: anyId,
  reply_to_message_id: anyId,
  color_code: anyText,
  description: anyText,
};
/** An object with any subset of every parser's fields, each valid or not. */
const anyItem = fc.oneof({ weight: 5, arbitrary: fc.record(itemFields, { requiredKeys: [] }) }, { weight: 1, arbitrary: anyValue });
const token = fc.oneof(fc.string(), fc.constantFrom(null, undefined, ''), anyValue);
const pagination = fc.oneof(fc.record({ next_page: token }, { requiredKeys: [] }), anyValue);
/** Both list envelopes, broken in every way: results not a list, data not an object, ... */
const anyEnvelope = fc.oneof(
  fc.record({ results: fc.oneof(fc.array(anyItem, { maxLength: 4 }), anyValue), pagination }, { requiredKeys: [] }),
  fc.record({ data: fc.oneof(fc.record({ results: fc.oneof(fc.array(anyItem, { maxLength: 4 }), anyValue), pagination }, { requiredKeys: [] }), anyValue), pagination }, { requiredKeys: [] }),
  anyValue,
);
const anySingle = fc.oneof(fc.record({ data: fc.oneof(anyItem, fc.array(anyItem, { maxLength: 2 })) }, { requiredKeys: [] }), anyValue);

const ITEM_PARSERS = { parseInbox, parseUser, parseTag, parseConversation, parseNote, parseSharedDraft } as const;

describe('response normalisation (property)', function () {
  this.timeout(20_000);

  for (const [name, parse] of Object.entries(ITEM_PARSERS)) {
    it(`${name} over any list envelope: the page, or a MalformedResponseError`, () => {
      fc.assert(
        fc.property(anyEnvelope, (body) => {
          onlyTyped(() => {
            const page = new ResponseReader('listThings').list(body, (value, path) => parse(new ResponseReader('listThings'), value, path));
            // What comes out is usable: string ids, a token that is text or nothing.
            for (const item of page.items) assert.ok(typeof item[('id' in item ? 'id' : 'conversationId') as keyof typeof item] === 'string');
            assert.ok(page.nextPage === undefined || (typeof page.nextPage === 'string' && page.nextPage !== ''));
          });
        }),
        settings(150),
      );
    });
  }

  it('parseConversationDetail over any single-object answer: the model, or a MalformedResponseError', () => {
    fc.assert(
      fc.property(anySingle, (body) => {
        onlyTyped(() => {
          const reader = new ResponseReader('getConversation');
          const detail = parseConversationDetail(reader, reader.data(body));
          assert.equal(typeof detail.id, 'string');
          assert.ok(detail.messageIds.every((m) => typeof m.hiverMessageId === 'string' && m.hiverMessageId.trim() !== ''));
        });
      }),
      settings(200),
    );
  });

  it('ids come out as the same non-empty text whether Hiver sent a number or a string', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ id: goodId, status: fc.constantFrom('open', 'pending', 'close') }), { maxLength: 5 }), fc.option(fc.string({ minLength: 1 })), (items, next) => {
        const reader = new ResponseReader('listConversations');
        const page = reader.list({ data: { results: items, pagination: { next_page: next } } }, (value, path) => parseConversation(reader, value, path));
        assert.deepEqual(page.items.map((c) => c.id), items.map((item) => String(item.id)));
        assert.equal(page.nextPage, next ?? undefined);
      }),
      settings(100),
    );
  });

  it('decodeSuccessBody over any text: JSON, nothing, or a MalformedResponseError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.constantFrom('<html>502</html>', '{"data": [', '')), fc.constantFrom(200, 201, 204), fc.option(fc.constantFrom('application/json', 'text/html', 'text/plain')), (text, status, type) => {
        onlyTyped(() => decodeSuccessBody('listThings', status, type, text));
      }),
      settings(200),
    );
  });

  describe('the client over real HTTP', () => {
    let server: ScriptedServer;
    before(async () => {
      server = await startScriptedServer();
    });
    after(() => server.close());

    it('listTags and getConversation answer the model or a typed HiverError, whatever the body', async () => {
      const client = new HiverClient(testTransport(server, { retryPolicy: { maxRetries: 0 } }));
      const bodies = fc.oneof(
        anyEnvelope.map((body) => JSON.stringify(body) ?? ''),
        anySingle.map((body) => JSON.stringify(body) ?? ''),
        fc.constantFrom('<html>bad gateway</html>', '{"data": [', 'null', '[]', ''),
      );
      await fc.assert(
        fc.asyncProperty(bodies, fc.constantFrom(200, 200, 200, 400, 404, 500), async (body, status) => {
          server.answer(() => ({ status, body }));
          for (const call of [() => client.listTags('101', { limit: 10 }), () => client.getConversation('101', '538700001')]) {
            try {
              await call();
            } catch (error) {
              if (!(error instanceof HiverError)) throw new Error(`threw ${String(error)}, not a HiverError`);
            }
          }
          assert.equal(server.requests, 2, 'one request per call, none repeated');
        }),
        settings(60),
      );
    });
  });
});
