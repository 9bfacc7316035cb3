// Watching's cost (a script, not a test): requests per hour spent watching 1, 3 and 10 inboxes
// at several budget levels, from the pace function (src/watch/pace.ts) at the start of a UTC
// day, and one simulated day of the real watcher (fake clock, simulator) to check the figure.
// Prints `bench {...}` lines for npm run bench. Run: npx tsx test/bench/watching.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { watchPace, requestsPerHour } from '../../src/watch/pace';
import { SharedWatchStore } from '../../src/watch/watchStore';
import { startSimulator } from '../simulator';
import { polls, testWatcher } from '../unit/watchHelpers';

const MIDNIGHT = Date.UTC(2026, 0, 10);
const DAY = 86_400_000;

function figure(name: string, value: number, unit: string): void {
  console.log(`bench ${JSON.stringify({ name, value: +value.toFixed(1), unit })}`);
}

async function main(): Promise<void> {
  const levels = [
    { label: 'default (20% of 5,000)', share: 0.2, dailyLimit: 5000 },
    { label: '10% of 5,000', share: 0.1, dailyLimit: 5000 },
    { label: '50% of 5,000', share: 0.5, dailyLimit: 5000 },
    { label: '20% of 50,000', share: 0.2, dailyLimit: 50_000 },
  ];
  for (const level of levels) {
    for (const inboxes of [1, 3, 10]) {
      const pace = watchPace({ ...level, backgroundShare: 0.95, usedToday: 0, watcherSpentToday: 0, inboxes, now: MIDNIGHT, resetAt: MIDNIGHT + DAY });
      const minutes = pace.kind === 'polling' ? pace.perInboxMs / 60_000 : 0;
      figure(`watching ${inboxes} ${inboxes === 1 ? 'inbox' : 'inboxes'}, ${level.label}: requests per hour (each inbox every ${minutes.toFixed(1)} min)`, requestsPerHour(pace), 'req/h');
    }
  }
  // The real loop over a simulated day: 3 inboxes at the default share, on the shared store.
  const sim = await startSimulator({ dataset: 'demo', minGapMs: 0 });
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hiver-bench-watch-'));
  const t = testWatcher(sim, new SharedWatchStore(folder, 'account'));
  t.watcher.start();
  for (const id of ['101', '102', '105']) await t.watcher.watch(id);
  await t.pass(DAY - 1);
  figure('simulated day, 3 inboxes, default share: requests sent (share 1,000)', polls(sim).length, 'requests');
  await t.watcher.dispose();
  t.transport.dispose();
  await sim.close();
  fs.rmSync(folder, { recursive: true, force: true });
}

void main();
