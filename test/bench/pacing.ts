// Pacing benchmark (a script, not a test): 30 requests against the strict simulator (1 request
// per 1000 ms) at 100 ms and at 300 ms latency, first through the Transport (all queued at once),
// then through a naive client that awaits each response and sleeps 1000 ms. Prints throughput,
// 429s and the closest two arrivals the server saw, and `bench {...}` lines for npm run bench.
// Run: npm run bench:pacing (about 2.5 minutes).
import { HiverClient } from '../../src/hiver/client';
import { Transport } from '../../src/hiver/transport';
import { MemoryStore } from '../../src/hiver/budget';
import { DEMO_KEY, minInterArrivalGap, startSimulator, type Simulator } from '../simulator';

const REQUESTS = 30;
const LATENCIES_MS = [100, 300];

interface Result {
  name: string;
  seconds: number;
  requestsPerSecond: number;
  rateLimited: number;
  minGapMs: number;
  marginMs?: number;
}

/** 30 different conversations of the demo dataset's first inbox: no two requests coalesce. */
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

function figure(name: string, value: number, unit: string): void {
  console.log(`bench ${JSON.stringify({ name, value, unit })}`);
}

async function main(): Promise<void> {
  for (const latencyMs of LATENCIES_MS) {
    const sim = await startSimulator({ dataset: 'demo', minGapMs: 1000, latencyMs });
    try {
      console.log(`\nPacing benchmark: ${REQUESTS} requests, strict simulator (1 req / 1000 ms), ${latencyMs} ms latency\n`);
      const paced = await runTransport(sim);
      print(paced);
      sim.reset();
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const naive = await runNaive(sim);
      print(naive);
      const ratio = paced.requestsPerSecond / naive.requestsPerSecond;
      console.log(`\nthroughput ratio transport / naive: ${ratio.toFixed(3)}`);
      figure(`${latencyMs} ms latency: transport rate (limit 1.0)`, +paced.requestsPerSecond.toFixed(3), `req/s, ${paced.rateLimited} × 429`);
      figure(`${latencyMs} ms latency: naive client rate`, +naive.requestsPerSecond.toFixed(3), `req/s, ${naive.rateLimited} × 429`);
      figure(`${latencyMs} ms latency: transport / naive`, +ratio.toFixed(3), 'ratio');
    } finally {
      await sim.close();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
