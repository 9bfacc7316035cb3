// Where the API key may go: https anywhere, plain http only to this computer. The transport
// checks before it builds a request, so a refused URL sends nothing at all.
import assert from 'node:assert/strict';
import { checkBaseUrl, isLoopback, withoutTrailingSlashes } from '../../src/hiver/baseUrl';
import { BaseUrlError, CancelledError, mayHaveReachedServer } from '../../src/hiver/errors';
import { Transport } from '../../src/hiver/transport';
import { MemoryStore } from '../../src/hiver/budget';
import { DEMO_KEY, startSimulator, type Simulator } from '../simulator';
import { rejectsWith } from './transportHelpers';

describe('API base URL rule', () => {
  let sim: Simulator;

  before(async () => {
    sim = await startSimulator({ dataset: 'tiny', minGapMs: 0 });
  });

  after(() => sim.close());

  beforeEach(() => sim.reset());

  function transportFor(baseUrl: string): Transport {
    return new Transport({ settings: { baseUrl, minGapMs: 0, safetyMarginMs: 0 }, getApiKey: () => DEMO_KEY, store: new MemoryStore() });
  }

  it('accepts https anywhere and http to loopback only', () => {
    for (const url of ['https://api2.hiverhq.com/v1', 'https://proxy.example:8443/hiver', 'http://127.0.0.1:4010/v1', 'http://127.8.9.10/v1', 'http://localhost:4010/v1', 'http://[::1]:4010/v1', 'HTTP://LOCALHOST/v1', 'http://0x7f.1/v1']) {
      assert.equal(checkBaseUrl(url, 'listInboxes').href, new URL(url).href, url);
    }
    for (const url of ['http://example.com/v1', 'http://api2.hiverhq.com/v1', 'http://0.0.0.0:4010/v1', 'http://[::ffff:127.0.0.1]/v1', 'http://localhost.example.com/v1', 'http://128.0.0.1/v1', 'ftp://api2.hiverhq.com/v1', 'file:///etc/passwd', 'ws://127.0.0.1/v1', 'not a url', '']) {
      assert.throws(() => checkBaseUrl(url, 'listInboxes'), BaseUrlError, url);
    }
    assert.equal(isLoopback('127.0.0.1'), true);
    assert.equal(isLoopback('127.0.0.1.example.com'), false);
  });

  it('says plainly why, names the setting and the operation, and does not repeat the URL (it may hold secrets)', () => {
    const error = (() => {
      try {
        checkBaseUrl('http://user:s3cret@example.com/v1?token=abc', 'listInboxes');
      } catch (caught) {
        return caught as BaseUrlError;
      }
      assert.fail('accepted');
    })();
    assert.equal(error.kind, 'baseUrl');
    assert.equal(error.operation, 'listInboxes');
    assert.match(error.message, /^The Hiver API URL \(setting hiver\.apiBaseUrl\) uses plain http to example\.com, which would send your API key unencrypted\. Use an https:\/\/ URL/);
    assert.match(error.message, /so the request to list inboxes was not sent\.$/);
    assert.ok(!/s3cret|token|abc|user/.test(error.message), error.message);
    assert.match(String((() => { try { checkBaseUrl('ftp://x/v1', 'op'); } catch (e) { return e; } })()), /must start with https:\/\//);
  });

  it('drops trailing slashes, and builds a request URL at once from a base with a long run of slashes inside', async () => {
    assert.equal(withoutTrailingSlashes('https://api2.hiverhq.com/v1///'), 'https://api2.hiverhq.com/v1');
    assert.equal(withoutTrailingSlashes('///'), '');
    // The old /\/+$/ took minutes on this base URL (a setting), from each slash on to the "v1".
    const transport = transportFor(`${sim.url}${'/'.repeat(600_000)}v1`);
    transport.dispose(); // so nothing is sent: the URL is built before the closed transport refuses it
    await rejectsWith(transport.request({ operation: 'listInboxes', method: 'GET', path: '/inboxes' }), CancelledError);
  });

  it('the transport refuses http://example.com before sending anything', async () => {
    const transport = transportFor('http://example.com/v1');
    const error = await rejectsWith(transport.request({ operation: 'listInboxes', method: 'GET', path: '/inboxes' }), BaseUrlError);
    assert.equal(mayHaveReachedServer(error), false);
    assert.equal(transport.state.usedToday, 0, 'nothing counted as sent');
    assert.equal(transport.state.lastError?.message, error.message, 'the status bar can show why');
    transport.dispose();
  });

  it('sends nothing to a plain-http address that would reach the simulator but is not loopback (0.0.0.0)', async () => {
    // 0.0.0.0 reaches the simulator on this machine (the control request proves it), but it is not
    // one of the loopback forms, so the key must not go there in clear text.
    const sneaky = `http://0.0.0.0:${new URL(sim.url).port}`;
    assert.equal((await fetch(`${sneaky}/__sim/log`)).status, 200, 'the address reaches the simulator');
    const transport = transportFor(`${sneaky}/v1`);
    for (const method of ['GET', 'POST', 'PATCH'] as const) {
      await rejectsWith(transport.request({ operation: 'op', method, path: '/inboxes', json: method === 'GET' ? undefined : {} }), BaseUrlError);
    }
    assert.equal(sim.log.length, 0, 'no request reached the simulator');
    transport.dispose();
  });

  it('accepts http://127.0.0.1 (the simulator) and sends the request', async () => {
    const transport = transportFor(sim.url);
    assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const response = await transport.request({ operation: 'listInboxes', method: 'GET', path: '/inboxes' });
    assert.equal(response.status, 200);
    assert.equal(sim.log.length, 1);
    transport.dispose();
  });

  it('a URL changed to http later is refused from then on', async () => {
    const transport = transportFor(sim.url);
    await transport.request({ operation: 'listInboxes', method: 'GET', path: '/inboxes' });
    transport.updateSettings({ baseUrl: `http://0.0.0.0:${new URL(sim.url).port}/v1` });
    await rejectsWith(transport.request({ operation: 'listInboxes', method: 'GET', path: '/inboxes', query: { limit: 10 } }), BaseUrlError);
    assert.equal(sim.log.length, 1);
    transport.dispose();
  });
});
