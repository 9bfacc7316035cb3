// Pacing where it matters: the extension's own transport, inside the real extension host
// (whose global fetch VS Code replaces), measured at the server, the simulator's arrival log.
// Hiver counts the gap between ARRIVALS, so that is what these tests check, against the
// simulator's own strict gap. The harness sets hiver.requestIntervalMs above that gap
// (runExtensionTests.ts: room for this loaded machine's jitter).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HiverExtensionApi } from '../../src/extension';
import { sim, signIn, type SimLogEntry } from './testUtils';
import { transportIdle } from './quiet';
import { statusText } from '../../src/status/statusBar';
import { accountId } from '../../src/hiver/sharedSlot';

const INBOXES = ['101', '102', '103', '104', '105'];

/** 15 listUsers calls with different URLs (so none are coalesced), user and background mixed. */
function fifteenRequests(api: HiverExtensionApi): Promise<unknown[]> {
  const client = api.session.client;
  const calls: Promise<unknown>[] = [];
  for (let i = 0; i < 15; i++) {
    calls.push(client.listUsers(INBOXES[i % INBOXES.length], { limit: 10 + i }, { priority: i % 3 === 0 ? 'background' : 'user' }));
  }
  return Promise.all(calls);
}

function describeLog(entries: SimLogEntry[]): string {
  return entries
    .map((e, i) => `${i === 0 ? '' : `+${(e.time - entries[i - 1].time).toFixed(1)} ms `}${e.status} ${e.method} ${e.path}?limit=${e.query.limit ?? ''}`)
    .join('\n    ');
}

function details(entries: SimLogEntry[]): string {
  return `arrivals at the simulator:\n    ${describeLog(entries)}`;
}

function minGap(entries: SimLogEntry[]): number {
  return Math.min(...entries.slice(1).map((e, i) => e.time - entries[i].time));
}

function assertPaced(entries: SimLogEntry[], gapMs: number): void {
  assert.ok(entries.length >= 15, `expected at least 15 requests; ${details(entries)}`);
  assert.deepEqual(entries.filter((e) => e.status === 429).length, 0, `no request may be refused with 429; ${details(entries)}`);
  assert.ok(minGap(entries) >= gapMs, `every arrival gap must be >= ${gapMs} ms; ${details(entries)}`);
}

/** The gap the simulator enforces (its strict rate limit), read from the simulator itself. */
async function serverGapMs(): Promise<number> {
  const response = await fetch(`${process.env.HIVER_SIM_ORIGIN}/__sim/config`);
  const { options } = (await response.json()) as { options: { minGapMs: number } };
  return options.minGapMs;
}

describe('pacing in the extension host', function () {
  this.timeout(60_000);
  let api: HiverExtensionApi;
  let gapMs: number;

  before(async () => {
    await sim.reset();
    api = await signIn();
    gapMs = await serverGapMs();
    const interval = vscode.workspace.getConfiguration('hiver').get<number>('requestIntervalMs') ?? NaN;
    assert.ok(gapMs > 0 && interval >= gapMs, `simulator gap ${gapMs} ms, hiver.requestIntervalMs ${interval} ms`);
  });

  beforeEach(async () => {
    // Whatever signing in or an earlier test started finishes first, then the log starts empty.
    await transportIdle(api);
    await sim.reset();
  });

  it('keeps the daily count in the shared slot under global storage, and the status bar shows it', async () => {
    const accounts = vscode.Uri.joinPath(api.session.context.globalStorageUri, 'accounts');
    // Earlier tests used other keys and URLs: this account's folder is named by a hash of both.
    const folder = accountId(api.session.transport.currentSettings.baseUrl, api.session.keys.get()!);
    /** The count in the account's shared record: its newest version file. */
    const storedCount = async () => {
      const names = (await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(accounts, folder))).map(([name]) => name).filter((n) => /^v\d+\.json$/.test(n));
      const newest = names.sort((a, b) => Number(b.slice(1, -5)) - Number(a.slice(1, -5)))[0];
      return (JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(accounts, folder, newest))).toString()) as { count: number }).count;
    };
    const before = await storedCount();
    await fifteenRequests(api);
    await transportIdle(api);
    assert.equal((await sim.log()).length, 15);
    assert.equal(await storedCount(), before + 15, 'every request counted in the file other windows read');
    const state = api.session.transport.state;
    assert.equal(state.usedToday, before + 15);
    assert.match(statusText(state, Date.now()), new RegExp(`Hiver: ${new Intl.NumberFormat().format(before + 15)}/[\\d,]+ today$`));
  });

  it("keeps every arrival at least the server's gap apart over 15 queued requests, with no 429", async () => {
    await fifteenRequests(api);
    await transportIdle(api);
    assertPaced(await sim.log(), gapMs);
  });

  it('when the server is slow to take requests in: at most one 429, then cautious pacing keeps the gap', async () => {
    // A busy server reads (and time-stamps) a request late, but the next one on time: the gap it
    // sees shrinks by that delay, whatever the client measured on its side. On a loaded machine
    // the simulator shares a process with the harness and this happens by itself (up to ~80 ms
    // measured); here parallel bursts of large control reads keep it busy on purpose. The margin
    // may not cover that: then one request is refused (429), the transport switches to cautious
    // pacing (a full interval after each answer too) and nothing later arrives too soon.
    const origin = process.env.HIVER_SIM_ORIGIN;
    let done = false;
    const noise = (async () => {
      while (!done) {
        await Promise.all(Array.from({ length: 12 }, () => fetch(`${origin}/__sim/state`).then((r) => r.arrayBuffer())));
        await new Promise((resolve) => setTimeout(resolve, Math.random() * gapMs));
      }
    })();
    try {
      await fifteenRequests(api);
      await transportIdle(api);
    } finally {
      done = true;
      await noise;
    }
    const entries = await sim.log();
    assert.ok(entries.length >= 15, `expected at least 15 requests; ${details(entries)}`);
    assert.deepEqual(entries.filter((e) => e.status === 403), [], `the key must never be blacklisted; ${details(entries)}`);
    const refused = entries.filter((e) => e.status === 429);
    assert.ok(refused.length <= 1, `at most one 429; ${details(entries)}`);
    assert.ok(entries.every((e) => e.status === 200 || e.status === 429), `every request answered (the refused one retried); ${details(entries)}`);
    if (refused.length === 1) {
      assert.equal(api.session.transport.state.cautiousPacing, true, `a 429 must switch to cautious pacing; ${details(entries)}`);
      const later = entries.slice(entries.indexOf(refused[0]));
      assert.ok(minGap(later) >= gapMs, `after the 429 every arrival gap must be >= ${gapMs} ms; ${details(entries)}`);
    } else {
      assert.ok(minGap(entries) >= gapMs, `every arrival gap must be >= ${gapMs} ms; ${details(entries)}`);
    }
  });
});
