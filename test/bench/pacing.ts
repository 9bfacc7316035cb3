// Pacing benchmark (a script, not a test): 60 requests against the strict simulator (1 request
// per 1000 ms, 150 ms latency), first through the Transport (all queued at once), then through
// a naive client that awaits each response and sleeps 1000 ms. Prints throughput, 429s and the
// closest two arrivals the server saw. Run: npm run bench:pacing (about 2 minutes).
import { HiverClient } from '../../src/hiver/client';
import { Transport } from '../../src/hiver/transport';
import { MemoryStore } from '../../src/hiver/budget';
import { DEMO_KEY, minInterArrivalGap, startSimulator, type Simulator } from '../simulator';

const REQUESTS = 60;
const LATENCY_MS = 150;

interface Result {
  name: string;
  seconds: number;
  requestsPerSecond: number;
  rateLimited: number;
  minGapMs: number;
  marginMs?: number;
}

/** 60 different conversations of the demo dataset's first inbox: no two requests coalesce. */
function targets(sim: Simulator): { inbox: string; id: string }[] {
  const inbox = sim.state.inboxes[0].id;
  return sim.state.conversations
    .filter((c) => c.inbox_ids.includes(inbox))
    .slice(0, REQUESTS)
    .map((c) => ({ inbox, id: String(c.id) }));
}

function measure(name: string, sim: Simulator, startedAt: number, marginMs?: number): Result {
  const seconds = (performance.now() - startedAt) / 1000;
  const answered = sim.log.filter((e) => e.status === 200).length;
  return {
    name,
    seconds,
    requestsPerSecond: answered / seconds,
    rateLimited: sim.log.filter((e) => e.status === 429).length,
    minGapMs: minInterArrivalGap(sim.log),
    marginMs,
  };
}

async function runTransport(sim: Simulator): Promise<Result> {
  const transport = new Transport({ settings: { baseUrl: sim.url }, getApiKey: () => DEMO_KEY, store: new MemoryStore() });
  const client = new HiverClient(transport);
  const startedAt = performance.now();
  await Promise.all(targets(sim).map((t) => client.getConversation(t.inbox, t.id)));
  const result = measure('transport (queued at once)', sim, startedAt, transport.currentSettings.safetyMarginMs);
  transport.dispose();
  return result;
}

async function runNaive(sim: Simulator): Promise<Result> {
  const startedAt = performance.now();
  for (const t of targets(sim)) {
    const response = await fetch(`${sim.url}/inboxes/${t.inbox}/conversations/${t.id}`, { headers: { Authorization: `Bearer ${DEMO_KEY}` } });
    await response.text();
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return measure('naive (await, then sleep 1000 ms)', sim, startedAt);
}

function print(result: Result): void {
  console.log(`${result.name}`);
  console.log(`  ${REQUESTS} requests in ${result.seconds.toFixed(1)} s: ${result.requestsPerSecond.toFixed(3)} req/s (limit 1.0)`);
  console.log(`  429 responses: ${result.rateLimited}`);
  console.log(`  min arrival gap at the server: ${result.minGapMs.toFixed(1)} ms`);
  if (result.marginMs !== undefined) console.log(`  safety margin: ${result.marginMs} ms on top of the 1000 ms gap`);
}

async function main(): Promise<void> {
  const sim = await startSimulator({ dataset: 'demo', minGapMs: 1000, latencyMs: LATENCY_MS });
  try {
    console.log(`Pacing benchmark: ${REQUESTS} requests, strict simulator (1 req / 1000 ms), ${LATENCY_MS} ms latency\n`);
    const paced = await runTransport(sim);
    print(paced);
    sim.reset();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const naive = await runNaive(sim);
    print(naive);
    console.log(`\nthroughput ratio transport / naive: ${(paced.requestsPerSecond / naive.requestsPerSecond).toFixed(3)}`);
  } finally {
    await sim.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
