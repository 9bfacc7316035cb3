// A child process standing in for one VS Code window (forked by sharedPacing.test.ts and the
// pacing benchmark): it builds the real Transport on the storage folder it is given and sends
// its requests, queued at once. Each listUsers has its own limit, so the simulator's log
// tells the processes apart and nothing coalesces. Reports over IPC: 'answered' for each
// answer, 'sent' with each send time, 'done' with the outcome. Not a test file (mocha runs only *.test.ts).
import { subscribe } from 'node:diagnostics_channel';
import { HiverClient } from '../../src/hiver/client';
import { RateLimitedError } from '../../src/hiver/errors';
import { Transport } from '../../src/hiver/transport';

export interface WorkerConfig {
  baseUrl: string;
  apiKey: string;
  /** The shared folder (the extension's global storage); omit for an uncoordinated process. */
  folder?: string;
  minGapMs: number;
  safetyMarginMs: number;
  inbox: string;
  /** Requests `limit = firstLimit + i` for i < requests (10..100 are valid). */
  firstLimit: number;
  requests: number;
  /** Queue this many at a time (default all); the bench keeps a process busy for minutes with a small window. */
  concurrency?: number;
  retryPolicy?: Record<string, number>;
  /** Send the same `requests` over and over until this many ms passed (the bench). */
  runForMs?: number;
}

export type WorkerMessage =
  | { type: 'answered'; limit: number }
  /** A request left this process (wall-clock epoch ms, fractional). */
  | { type: 'sent'; at: number }
  | { type: 'done'; ok: number; failed: string[]; usedToday: number; gapMs: number };

async function main(config: WorkerConfig): Promise<void> {
  const transport = new Transport({
    settings: { baseUrl: config.baseUrl, minGapMs: config.minGapMs, safetyMarginMs: config.safetyMarginMs },
    getApiKey: () => config.apiKey,
    sharedFolder: config.folder,
    retryPolicy: config.retryPolicy,
  });
  // Where a start really happens: when fetch writes the request (as sendTime.ts sees it).
  subscribe('undici:client:sendHeaders', () => process.send?.({ type: 'sent', at: performance.timeOrigin + performance.now() } satisfies WorkerMessage));
  transport.onDidLog((line) => {
    const limit = Number(new URLSearchParams(line.path.split('?')[1]).get('limit'));
    process.send?.({ type: 'answered', limit } satisfies WorkerMessage);
  });
  const client = new HiverClient(transport);
  let ok = 0;
  const failed: string[] = [];
  const until = config.runForMs === undefined ? 0 : performance.now() + config.runForMs;
  const one = async (i: number) => {
    try {
      await client.listUsers(config.inbox, { limit: config.firstLimit + i });
      ok++;
    } catch (error) {
      failed.push(String(error));
      // Refused during a cool-down: wait it out rather than spin (as Load all stops), but not
      // past the end of a timed run, or the run's rate would count the minutes after it.
      const rest = until === 0 ? Number.POSITIVE_INFINITY : until - performance.now();
      if (error instanceof RateLimitedError) await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(rest, error.resumeAt - Date.now()))));
    }
  };
  do {
    const lanes = config.concurrency ?? config.requests;
    let next = 0;
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (next < config.requests && (until === 0 || performance.now() < until)) await one(next++);
      }),
    );
  } while (performance.now() < until);
  const state = transport.state;
  const done: WorkerMessage = { type: 'done', ok, failed, usedToday: state.usedToday, gapMs: state.widenedGapMs ?? config.minGapMs + config.safetyMarginMs };
  // Delivered before the channel closes.
  await new Promise<void>((resolve) => (process.send ? process.send(done, () => resolve()) : resolve()));
  transport.dispose();
}

process.once('message', (config: WorkerConfig) => {
  main(config).then(
    () => process.disconnect?.(),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
