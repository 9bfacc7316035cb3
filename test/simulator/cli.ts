// Command line: npm run simulator -- --port 4010 --dataset demo --envelope top --min-gap 1000
//   --retry-after seconds --latency 150 --daily-limit 5000 --key K (repeatable)
// Prints the base URL and the key, and stays up until SIGINT/SIGTERM.

import { parseArgs } from 'node:util';
import { DEMO_KEY, startSimulator, type SimulatorOptions } from './index';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    dataset: { type: 'string', default: 'demo' },
    envelope: { type: 'string', default: 'data' },
    'min-gap': { type: 'string' },
    'daily-limit': { type: 'string' },
    'retry-after': { type: 'string' },
    'blacklist-after': { type: 'string' },
    'blacklist-ms': { type: 'string' },
    latency: { type: 'string' },
    key: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log('Usage: npm run simulator -- [--port 4010] [--dataset demo|tiny|large|hostile] [--envelope data|top] [--min-gap ms]\n' +
    '  [--daily-limit n] [--retry-after none|seconds|date] [--blacklist-after n] [--blacklist-ms ms] [--latency ms] [--key K ...]');
  process.exit(0);
}

const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) {
    console.error(`--${name} must be one of ${allowed.join(', ')}`);
    process.exit(2);
  }
  return value as T;
}

const options: SimulatorOptions = {
  port: Number(values.port),
  dataset: oneOf('dataset', values.dataset, ['demo', 'large', 'tiny', 'hostile'] as const),
  listEnvelope: oneOf('envelope', values.envelope, ['data', 'top'] as const),
  minGapMs: num(values['min-gap']),
  dailyLimit: num(values['daily-limit']),
  retryAfter: oneOf('retry-after', values['retry-after'], ['none', 'seconds', 'date'] as const),
  blacklistAfter: num(values['blacklist-after']),
  blacklistMs: num(values['blacklist-ms']),
  latencyMs: num(values.latency),
  keys: values.key ?? [DEMO_KEY],
};

async function main(): Promise<void> {
  const sim = await startSimulator(options);
  console.log(`Hiver simulator (${options.dataset} dataset) listening`);
  console.log(`  base URL: ${sim.url}`);
  console.log(`  API key:  ${(options.keys ?? [DEMO_KEY]).join(', ')}`);
  console.log(`  control:  ${sim.origin}/__sim/log, /__sim/faults, /__sim/config, /__sim/reset`);

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void sim.close().then(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  const inUse = (error as { code?: string }).code === 'EADDRINUSE';
  console.error(inUse ? `Port ${options.port} is in use: is another simulator running? Try --port 0 for any free port.` : error);
  process.exit(1);
});
