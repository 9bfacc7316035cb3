// Pacing across processes (a script, not a test), against the strict simulator:
//   --shared  three processes (three VS Code windows) on one storage folder, Hiver's real scale
//             (1 request / 1000 ms, 100 ms latency), 20 requests each (about 1 minute);
//   --team    five uncoordinated processes (five machines of a team: separate folders, one key)
//             for 10 minutes at 10x time (server gap, interval, backoffs, cool-downs, the 429
//             window and the blacklist all / 10: about 1 minute), each kept busy throughout;
//             `--scale 1` runs them at Hiver's own scale (10 minutes or more). Jitter on the way
//             does not scale, so 10x time is the harsher test and real time the truer one.
// Prints a table and `bench {...}` lines for npm run bench. Run: npx tsx scripts/bench/pacing.ts --team
// (the latency/naive comparison is test/bench/pacing.ts).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO_KEY, minInterArrivalGap, startSimulator, type Simulator } from '../../test/simulator';
import { startWorker } from '../../test/unit/sharedWorkers';
import type { WorkerConfig } from '../../test/unit/sharedWorker';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../src/hiver/rateLimitPolicy';

function figure(name: string, value: number | string, unit: string): void {
  console.log(`bench ${JSON.stringify({ name, value, unit })}`);
}

const processOf = (limit: string | undefined, per: number) => Math.floor((Number(limit) - 10) / per);

function worstStreak(sim: Simulator): number {
  let worst = 0;
  let run = 0;
  for (const e of sim.log) {
    run = e.status === 429 ? run + 1 : 0;
    worst = Math.max(worst, run);
  }
  return worst;
}

/** The product's retry policy with every duration divided by `scale`, as the server's gap is. */
function scaledPolicy(scale: number): Partial<RetryPolicy> {
  const p = DEFAULT_RETRY_POLICY;
  return {
    retryBaseMs: p.retryBaseMs / scale,
    rateLimitBaseMs: p.rateLimitBaseMs / scale,
    backoffCapMs: p.backoffCapMs / scale,
    coolDownMs: p.coolDownMs / scale,
    maxCoolDownMs: p.maxCoolDownMs / scale,
    rateLimitWindowMs: p.rateLimitWindowMs / scale,
  };
}

function tempFolder(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'hiver-bench-'));
}

async function shared(): Promise<void> {
  const PER = 20;
  const sim = await startSimulator({ dataset: 'tiny', minGapMs: 1000, latencyMs: 100 });
  const folder = tempFolder();
  try {
    const started = performance.now();
    const config = (n: number): WorkerConfig => ({ baseUrl: sim.url, apiKey: DEMO_KEY, folder, minGapMs: 1000, safetyMarginMs: 30, inbox: '101', firstLimit: 10 + PER * n, requests: PER });
    await Promise.all([0, 1, 2].map((n) => startWorker(config(n)).done));
    const seconds = (performance.now() - started) / 1000;
    const ok = sim.log.filter((e) => e.status === 200).length;
    const limited = sim.log.filter((e) => e.status === 429).length;
    console.log('\nThree processes sharing one storage folder (1 req / 1000 ms, 100 ms latency)');
    console.log(`  ${ok} answered in ${seconds.toFixed(1)} s: ${(ok / seconds).toFixed(3)} req/s combined (limit 1.0), ${limited} × 429, closest arrivals ${minInterArrivalGap(sim.log).toFixed(1)} ms`);
    figure('3 processes sharing the store: combined rate (limit 1.0)', +(ok / seconds).toFixed(3), `req/s, ${limited} × 429`);
  } finally {
    await sim.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

async function team(scale: number): Promise<void> {
  const MINUTES = 10;
  const PROCESSES = 5;
  const PER = 18;
  const runForMs = (MINUTES * 60_000) / scale;
  const sim = await startSimulator({ dataset: 'tiny', minGapMs: 1000 / scale, blacklistMs: 60_000 / scale });
  const folders = Array.from({ length: PROCESSES }, tempFolder);
  try {
    const config = (n: number): WorkerConfig => ({
      baseUrl: sim.url,
      apiKey: DEMO_KEY,
      folder: folders[n],
      minGapMs: 1000 / scale,
      safetyMarginMs: 30 / scale,
      inbox: '101',
      firstLimit: 10 + PER * n,
      requests: PER,
      concurrency: 3,
      runForMs,
      retryPolicy: scaledPolicy(scale),
    });
    const started = performance.now();
    const reports = await Promise.all(folders.map((_, n) => startWorker(config(n)).done));
    const scaledSeconds = ((performance.now() - started) / 1000) * scale;
    const ok = sim.log.filter((e) => e.status === 200);
    const limited = sim.log.filter((e) => e.status === 429).length;
    const blacklisted = sim.log.some((e) => e.status === 403);
    const shares = folders.map((_, n) => ok.filter((e) => processOf(e.query.limit, PER) === n).length);
    const rate = ok.length / scaledSeconds;
    const time = scale === 1 ? 'real time' : `${scale}x time`;
    console.log(`\nFive uncoordinated processes, one key, ${MINUTES} min at ${time} (strict simulator, 1 req / s scaled)`);
    console.log('| figure | value |\n|---|---|');
    console.log(`| combined rate (limit 1.0) | ${rate.toFixed(3)} req/s |`);
    console.log(`| 429 rate | ${((100 * limited) / sim.log.length).toFixed(1)} % (${limited} of ${sim.log.length}) |`);
    console.log(`| worst streak of consecutive 429s (blacklist at 8) | ${worstStreak(sim)} |`);
    console.log(`| shares of the accepted requests | ${shares.map((s) => `${((100 * s) / ok.length).toFixed(0)} %`).join(' / ')} |`);
    console.log(`| blacklisted | ${blacklisted ? 'yes' : 'no'} |`);
    console.log(`| requests that failed (gave up) | ${reports.map((r) => r?.failed.length ?? 'killed').join(' / ')} |`);
    const name = `5 uncoordinated processes, ${time}`;
    figure(`${name}: combined rate (limit 1.0)`, +rate.toFixed(3), 'req/s');
    figure(`${name}: 429 rate`, +((100 * limited) / sim.log.length).toFixed(1), '%');
    figure(`${name}: worst 429 streak`, worstStreak(sim), '429s in a row');
    figure(`${name}: shares`, shares.map((s) => `${((100 * s) / ok.length).toFixed(0)}%`).join(' / '), 'of accepted');
    figure(`${name}: requests given up`, reports.map((r) => r?.failed.length ?? 'killed').join(' / '), 'per process');
    figure(`${name}: blacklisted`, blacklisted ? 'yes' : 'no', '');
  } finally {
    await sim.close();
    for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const all = args.length === 0;
  if (all || args.includes('--shared')) await shared();
  const scale = args.includes('--scale') ? Number(args[args.indexOf('--scale') + 1]) : 10;
  if (!(scale >= 1)) throw new Error('--scale takes a number, 1 or more');
  if (all || args.includes('--team')) await team(scale);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
