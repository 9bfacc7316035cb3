// Three processes (three windows) on one storage folder: exactly one of them polls.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SharedWatchStore } from '../../src/watch/watchStore';
import { startSimulator, type Simulator } from '../simulator';
import { polls } from './watchHelpers';

const ROUNDS = 10;

function startWindow(sim: Simulator, folder: string, id: string): { child: ChildProcessWithoutNullStreams; ready: Promise<void>; result: Promise<{ windowId: string; poller: boolean[] }>; closed: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures/watchProcess.ts'), sim.url, folder, id, String(ROUNDS)], { stdio: 'pipe' });
  let out = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = new Promise<void>((resolve) =>
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.startsWith('ready\n')) resolve();
    }),
  );
  const result = new Promise<{ windowId: string; poller: boolean[] }>((resolve, reject) => {
    child.stdout.on('data', () => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line));
    });
    child.on('close', (code) => reject(new Error(`window ${id} exited ${code} early: ${stderr}`)));
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, ready, result, closed };
}

describe('Watcher election (three processes, one storage folder)', function () {
  this.timeout(60_000);
  let sim: Simulator;
  let folder: string;

  before(async () => {
    sim = await startSimulator({ dataset: 'tiny', minGapMs: 0 });
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hiver-watch-elect-'));
    await new SharedWatchStore(folder, 'account').update((state) => void state.watched.push('101'));
  });
  after(async () => {
    await sim.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('elects exactly one poller, which keeps the lease, and the inbox is polled once', async () => {
    const windows = ['a', 'b', 'c'].map((id) => startWindow(sim, folder, id));
    await Promise.all(windows.map((w) => w.ready));
    for (const w of windows) w.child.stdin.write('go\n');
    const results = await Promise.all(windows.map((w) => w.result));
    for (const w of windows) w.child.stdin.end();
    assert.deepEqual(await Promise.all(windows.map((w) => w.closed)), [0, 0, 0]);
    const pollers = results.filter((r) => r.poller.some(Boolean));
    assert.equal(pollers.length, 1, JSON.stringify(results));
    assert.deepEqual(pollers[0].poller, Array(ROUNDS).fill(true), 'the poller kept its lease every round');
    // One inbox, once a minute at most: one poll in these few hundred milliseconds, not three.
    assert.equal(polls(sim).length, 1);
    const store = new SharedWatchStore(folder, 'account');
    const state = await store.read();
    assert.equal(await store.poller(Date.now()), undefined, 'the poller gave its lease up when it closed');
    assert.equal(state.spent.count, 1);
  });
});
