// Every failure the transport can meet, over real loopback HTTP: which are retried (GET/PATCH on
// 5xx, resets, timeouts), which never are (POSTs that may have reached the server, 4xx), the
// typed error each becomes, and that the API key appears in none of them.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inspect } from 'node:util';
import {
  BadRequestError,
  BaseUrlError,
  BudgetExhaustedError,
  CancelledError,
  HiverError,
  MalformedResponseError,
  NetworkError,
  NotFoundError,
  ServerError,
  UnauthorizedError,
  mayHaveReachedServer,
} from '../../src/hiver/errors';
import { Transport } from '../../src/hiver/transport';
import { MemoryStore } from '../../src/hiver/budget';
import type { TransportRequest } from '../../src/hiver/transportTypes';
import { accountId } from '../../src/hiver/sharedSlot';
import { DEMO_KEY, startSimulator, type Simulator } from '../simulator';
import { rejectsWith, testTransport } from './transportHelpers';
import { allText } from '../common/allText';

const get = (path: string, extra: Partial<TransportRequest> = {}): TransportRequest => ({ operation: 'getThing', method: 'GET', path, ...extra });

describe('Transport errors and retries', function () {
  this.timeout(20_000);
  let sim: Simulator;
  let noteCount: () => number;
  let notePath: string;
  let conversationPath: string;

  before(async () => {
    sim = await startSimulator({ dataset: 'tiny', minGapMs: 0 });
  });
  beforeEach(() => {
    sim.reset();
    const conversation = sim.state.conversations[0];
    conversationPath = `/inboxes/${conversation.inbox_ids[0]}/conversations/${conversation.id}`;
    notePath = `${conversationPath}/notes`;
    const notes = () => (sim.state.notes[String(conversation.id)] ?? []).length;
    const before = notes();
    noteCount = () => notes() - before; // notes created by the test
  });
  after(() => sim.close());

  const createNote = (transport: Transport) => transport.request({ operation: 'createNote', method: 'POST', path: notePath, form: { content: 'hello' } });
  const patch = (transport: Transport) =>
    transport.request({ operation: 'updateConversation', method: 'PATCH', path: conversationPath, json: { status: { name: 'pending' } } });

  describe('statuses', () => {
    it('a 3xx (a redirect fetch did not follow) is a MalformedResponseError in plain words, not "Hiver rejected", not retried', async () => {
      sim.setFaults([{ kind: 'status', status: 302, count: 5, shape: 'empty' }]);
      const error = await rejectsWith(testTransport(sim).request(get('/inboxes')), MalformedResponseError);
      assert.equal(error.status, 302);
      assert.doesNotMatch(error.message, /rejected/);
      assert.match(error.message, /getThing.*HTTP 302/);
      assert.equal(sim.log.length, 1);
    });

    it('400 becomes BadRequestError with the server message, not retried', async () => {
      const error = await rejectsWith(testTransport(sim).request(get('/inboxes/101/users/search')), BadRequestError);
      assert.equal(error.status, 400);
      assert.equal(error.serverMessage, 'Missing required query parameter: email');
      assert.match(error.message, /getThing.*Missing required query parameter: email/);
      assert.equal(sim.log.length, 1);
    });

    it('401 becomes UnauthorizedError at once, without a retry', async () => {
      const error = await rejectsWith(testTransport(sim, { apiKey: 'not-a-valid-key' }).request(get('/inboxes')), UnauthorizedError);
      assert.equal(error.status, 401);
      assert.match(error.serverMessage ?? '', /invalid API key/);
      assert.equal(sim.log.length, 1);
    });

    it('403 becomes UnauthorizedError too; no key at all fails without sending', async () => {
      sim.setFaults([{ kind: 'status', status: 403, message: 'Forbidden' }]);
      const error = await rejectsWith(testTransport(sim).request(get('/inboxes')), UnauthorizedError);
      assert.equal(error.status, 403);
      await rejectsWith(testTransport(sim, { apiKey: undefined }).request(get('/inboxes')), UnauthorizedError);
      assert.equal(sim.log.length, 1);
    });

    it('404 becomes NotFoundError with the server message', async () => {
      const error = await rejectsWith(testTransport(sim).request(get('/inboxes/999')), NotFoundError);
      assert.equal(error.serverMessage, 'Inbox 999 not found');
      assert.equal(sim.log.length, 1);
    });

    it('reads the server message from {"Message"} too, and copes with no body', async () => {
      sim.setFaults([
        { kind: 'status', status: 400, shape: 'Message', message: 'Bad thing' },
        { kind: 'status', status: 404, shape: 'empty' },
      ]);
      const transport = testTransport(sim);
      assert.equal((await rejectsWith(transport.request(get('/inboxes')), BadRequestError)).serverMessage, 'Bad thing');
      const empty = await rejectsWith(transport.request(get('/inboxes')), NotFoundError);
      assert.equal(empty.serverMessage, undefined);
      assert.match(empty.message, /HTTP 404/);
    });
  });

  describe('GET and PATCH retry 5xx, resets and timeouts', () => {
    it('a GET that gets 503 twice succeeds on the third attempt', async () => {
      sim.setFaults([{ kind: 'status', status: 503, count: 2 }]);
      const lines: number[] = [];
      const transport = testTransport(sim);
      transport.onDidLog((l) => lines.push(l.attempt));
      assert.equal((await transport.request(get('/inboxes'))).status, 200);
      assert.deepEqual(sim.log.map((e) => e.status), [503, 503, 200]);
      assert.deepEqual(lines, [1, 2, 3]);
    });

    it('gives up after the retries with ServerError carrying the server message', async () => {
      sim.setFaults([{ kind: 'status', status: 500, count: 10, shape: 'Message', message: 'Database down' }]);
      const error = await rejectsWith(testTransport(sim).request(get('/inboxes')), ServerError);
      assert.equal(error.serverMessage, 'Database down');
      assert.equal(error.status, 500);
      assert.equal(sim.log.length, 4, 'one attempt and three retries');
    });

    it("a proxy's HTML 502 page becomes a ServerError and is retried", async () => {
      sim.setFaults([{ kind: 'html', status: 502, count: 1 }]);
      assert.equal((await testTransport(sim).request(get('/inboxes'))).status, 200);
      assert.deepEqual(sim.log.map((e) => e.status), [502, 200]);
    });

    it('a GET whose connection is reset is retried', async () => {
      sim.setFaults([{ kind: 'reset', count: 1 }]);
      assert.equal((await testTransport(sim).request(get('/inboxes'))).status, 200);
      assert.equal(sim.log.length, 2);
    });

    it('a GET that times out is retried, then fails with a NetworkError that says it timed out', async () => {
      sim.setFaults([{ kind: 'hang', count: 10 }]);
      const transport = testTransport(sim, { settings: { timeoutMs: 200 }, retryPolicy: { maxRetries: 1 } });
      const error = await rejectsWith(transport.request(get('/inboxes')), NetworkError);
      assert.equal(error.timedOut, true);
      assert.match(error.message, /did not answer getThing within/);
      assert.equal(sim.log.length, 2);
    });

    it('the timeout covers a body that trickles in too slowly', async () => {
      sim.setFaults([{ kind: 'slowBody', ms: 1500, count: 1 }]);
      const transport = testTransport(sim, { settings: { timeoutMs: 300 }, retryPolicy: { maxRetries: 0 } });
      assert.equal((await rejectsWith(transport.request(get('/inboxes')), NetworkError)).timedOut, true);
    });

    it('a PATCH that timed out is sent again (it is idempotent)', async () => {
      sim.setFaults([{ kind: 'hang', count: 1, method: 'PATCH', afterProcessing: true }]);
      const transport = testTransport(sim, { settings: { timeoutMs: 200 } });
      assert.equal((await patch(transport)).status, 204);
      assert.equal(sim.log.length, 2);
    });

    it('a PATCH that got 500 is retried', async () => {
      sim.setFaults([{ kind: 'status', status: 500, count: 1, method: 'PATCH' }]);
      assert.equal((await patch(testTransport(sim))).status, 204);
      assert.deepEqual(sim.log.map((e) => e.status), [500, 204]);
    });
  });

  describe('POSTs are never retried once they may have reached the server', () => {
    it('500 after processing: one request, one note, ServerError that may have reached the server', async () => {
      sim.setFaults([{ kind: 'status', status: 500, method: 'POST', afterProcessing: true }]);
      const error = await rejectsWith(createNote(testTransport(sim)), ServerError);
      assert.equal(sim.log.length, 1);
      assert.equal(noteCount(), 1);
      assert.equal(mayHaveReachedServer(error), true);
    });

    it('connection reset: one request, NetworkError that may have reached the server', async () => {
      sim.setFaults([{ kind: 'reset', method: 'POST', afterProcessing: true }]);
      const error = await rejectsWith(createNote(testTransport(sim)), NetworkError);
      assert.equal(sim.log.length, 1);
      assert.equal(noteCount(), 1);
      assert.equal(error.neverSent, false);
      assert.equal(mayHaveReachedServer(error), true);
    });

    it('timeout: one request, NetworkError(timedOut)', async () => {
      sim.setFaults([{ kind: 'hang', method: 'POST', afterProcessing: true, count: 5 }]);
      const error = await rejectsWith(createNote(testTransport(sim, { settings: { timeoutMs: 200 } })), NetworkError);
      assert.equal(error.timedOut, true);
      assert.equal(sim.log.length, 1);
      assert.equal(noteCount(), 1);
    });
  });

  describe('network', () => {
    it('a refused connection is a NetworkError with its code, known never to have reached the server', async () => {
      const closed = await startSimulator({ dataset: 'tiny' });
      await closed.close();
      const transport = testTransport(closed, { retryPolicy: { maxRetries: 1 } });
      const error = await rejectsWith(transport.request({ operation: 'createNote', method: 'POST', path: '/x', form: { content: 'a' } }), NetworkError);
      assert.equal(error.code, 'ECONNREFUSED');
      assert.equal(error.neverSent, true);
      assert.equal(mayHaveReachedServer(error), false);
      assert.match(error.message, /connection was refused/);
    });

    it('a base URL that is not a URL is a BaseUrlError that never reached a server', async () => {
      const transport = new Transport({ settings: { baseUrl: 'not a url' }, getApiKey: () => 'k', store: new MemoryStore() });
      const error = await rejectsWith(transport.request(get('/inboxes')), BaseUrlError);
      assert.match(error.message, /hiver\.apiBaseUrl\) is not a valid URL/);
      assert.equal(mayHaveReachedServer(error), false);
    });

    it('refuses a path that URL would rewrite (dot segments), sending nothing', async () => {
      const transport = testTransport(sim);
      for (const path of ['/inboxes/1/conversations/../', '/inboxes/1/conversations/./x', '/inboxes/1/conversations/%2e%2e/notes', '/inboxes/1/conversations/.%2E']) {
        for (const method of ['GET', 'PATCH', 'POST'] as const) {
          const error = await rejectsWith(transport.request({ operation: 'updateConversation', method, path, json: method === 'GET' ? undefined : {} }), BadRequestError);
          assert.equal(error.message, 'The request to change a conversation was not sent: its address would not be the one it was built for.');
        }
      }
      assert.equal(sim.log.length, 0, 'nothing reached the simulator');
      transport.dispose();
    });

    it("a shared pace folder that cannot be updated fails the request with the folder's error, sending nothing", async () => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hiver-broken-'));
      try {
        // The highest version there can be: the next update has nowhere to go (sharedRecord.ts).
        const account = path.join(folder, 'accounts', accountId(sim.url, DEMO_KEY));
        fs.mkdirSync(account, { recursive: true });
        fs.writeFileSync(path.join(account, 'v999999999999999.json'), '{}');
        const transport = testTransport(sim, { sharedFolder: folder });
        const error = await transport.request(get('/inboxes')).then(() => assert.fail('resolved'), (caught: unknown) => caught);
        assert.ok(!(error instanceof CancelledError), `not a cancel: ${String(error)}`);
        assert.match(String(error), /shared state in .* cannot be updated: .*delete that folder/);
        assert.equal(sim.log.length, 0, 'nothing reached the simulator');
        // The status bar's tooltip shows it as the last error, as it does Hiver's errors.
        assert.equal(transport.state.lastError?.operation, 'getThing');
        assert.match(transport.state.lastError?.message ?? '', /shared state in .* cannot be updated/);
        transport.dispose();
      } finally {
        fs.rmSync(folder, { recursive: true, force: true });
      }
    });

    it('a shared pace folder that breaks while Hiver answers leaves the 201 and the 204 as they are, sent once', async () => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hiver-breaks-'));
      const logged: unknown[][] = [];
      const consoleError = console.error;
      console.error = (...args: unknown[]) => logged.push(args);
      try {
        const transport = testTransport(sim, { sharedFolder: folder });
        // Each answer is held back 300 ms after Hiver applied the request; meanwhile the folder
        // becomes a file, so the pacer's bookkeeping after the answer throws (ENOTDIR).
        const answered = async <T>(request: Promise<T>, requests: number): Promise<T> => {
          while (sim.log.length < requests) await new Promise((resolve) => setTimeout(resolve, 5));
          fs.rmSync(folder, { recursive: true, force: true });
          fs.writeFileSync(folder, 'not a folder');
          return request;
        };
        sim.setFaults([{ kind: 'hang', ms: 300, method: 'POST' }]);
        assert.equal((await answered(createNote(transport), 1)).status, 201);
        assert.equal(noteCount(), 1);
        fs.rmSync(folder, { force: true });
        sim.setFaults([{ kind: 'hang', ms: 300, method: 'PATCH' }]);
        assert.equal((await answered(patch(transport), 2)).status, 204);
        assert.equal(sim.log.filter((e) => e.method === 'PATCH').length, 1, 'the PATCH was not sent again');
        // The failed bookkeeping is logged, not lost.
        assert.ok(logged.some((args) => /could not record/.test(String(args[0]))), 'logged');
        transport.dispose();
      } finally {
        console.error = consoleError;
        fs.rmSync(folder, { recursive: true, force: true });
      }
    });

    it('a shared pace folder that breaks while Hiver refuses for the daily limit still says the limit, not the folder', async () => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hiver-breaks-'));
      const consoleError = console.error;
      console.error = () => undefined;
      try {
        const transport = testTransport(sim, { sharedFolder: folder });
        // The 429 is held back 300 ms; meanwhile the folder becomes a file (ENOTDIR on writing).
        sim.configure({ latencyMs: 300 });
        sim.setFaults([{ kind: 'status', status: 429, message: 'Daily limit reached' }]);
        const request = transport.request(get('/inboxes'));
        while (sim.log.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
        fs.rmSync(folder, { recursive: true, force: true });
        fs.writeFileSync(folder, 'not a folder');
        const error = await rejectsWith(request, BudgetExhaustedError);
        assert.match(error.message, /daily request limit is reached/);
        assert.equal(sim.log.length, 1, 'not retried');
        transport.dispose();
      } finally {
        sim.configure({ latencyMs: 0 });
        console.error = consoleError;
        fs.rmSync(folder, { recursive: true, force: true });
      }
    });

    it('a 200 whose body is not JSON is a MalformedResponseError naming the operation, not retried', async () => {
      sim.setFaults([{ kind: 'malformedJson' }, { kind: 'html', status: 200 }]);
      const transport = testTransport(sim);
      const notJson = await rejectsWith(transport.request(get('/inboxes')), MalformedResponseError);
      assert.match(notJson.message, /getThing is not valid JSON/);
      const html = await rejectsWith(transport.request(get('/inboxes')), MalformedResponseError);
      assert.match(html.message, /an HTML page/);
      assert.equal(sim.log.length, 2);
    });
  });

  describe('the API key never leaks', () => {
    const KEY = 'sk-live-SECRET-0123456789';

    it('appears in no error, cause, message or log line, even when the server echoes it back', async () => {
      sim.configure({ keys: [KEY] });
      const transport = new Transport({
        settings: { baseUrl: sim.url, minGapMs: 0, safetyMarginMs: 0, timeoutMs: 200 },
        getApiKey: () => KEY,
        store: new MemoryStore(),
        retryPolicy: { retryBaseMs: 5, maxRetries: 0 },
      });
      const logged: string[] = [];
      transport.onDidLog((l) => logged.push(JSON.stringify(l)));
      sim.setFaults([
        { kind: 'status', status: 500, message: `Bad header Authorization: Bearer ${KEY}` },
        { kind: 'reset', count: 1 },
        { kind: 'hang', count: 1 },
      ]);
      const errors: unknown[] = [];
      for (let i = 0; i < 3; i++) errors.push(await transport.request(get('/inboxes')).catch((e: unknown) => e));
      const closed = await startSimulator();
      await closed.close();
      const refused = new Transport({ settings: { baseUrl: closed.url, minGapMs: 0 }, getApiKey: () => KEY, store: new MemoryStore(), retryPolicy: { maxRetries: 0 } });
      errors.push(await refused.request(get('/inboxes')).catch((e: unknown) => e));
      const wrongKey = `${KEY}-wrong`;
      errors.push(await transport.request(get('/inboxes', { apiKey: wrongKey })).catch((e: unknown) => e));

      assert.deepEqual(
        errors.map((e) => (e as HiverError).constructor.name),
        ['ServerError', 'NetworkError', 'NetworkError', 'NetworkError', 'UnauthorizedError'],
      );
      assert.match((errors[0] as ServerError).serverMessage ?? '', /Bearer \*\*\*/);
      for (const error of errors) {
        const everything = [inspect(error, { showHidden: true, depth: 10 }), JSON.stringify(error), String(error), allText(error)].join('\n');
        assert.ok(!everything.includes(KEY), `key found in ${everything}`);
      }
      assert.ok(logged.length >= 4);
      for (const line of logged) assert.ok(!line.includes(KEY));
      assert.ok(sim.log.slice(0, 3).every((e) => e.authValid), 'the real key was sent (only in the header)');
    });
  });
});
