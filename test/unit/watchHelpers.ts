// Shared by the watcher tests: a watcher over a real transport on a fake clock, against the
// simulator. Not a test file itself (mocha only runs *.test.ts).
import { HiverClient } from '../../src/hiver/client';
import { MemoryStore } from '../../src/hiver/budget';
import { Transport } from '../../src/hiver/transport';
import { Watcher, type WatcherSettings } from '../../src/watch/watcher';
import type { WatchStore } from '../../src/watch/watchStore';
import { DEMO_KEY, type Simulator } from '../simulator';
import { FakeClock, settle } from './transportHelpers';

/** 2026-01-10 00:00 UTC: a whole UTC day ahead. */
export const MIDNIGHT = Date.UTC(2026, 0, 10);

export interface TestWatcher {
  watcher: Watcher;
  transport: Transport;
  client: HiverClient;
  clock: FakeClock;
  lines: string[];
  /** Moves fake time forward in steps, letting each tick (real HTTP, file I/O) finish. */
  pass(ms: number): Promise<void>;
}

export function testWatcher(
  sim: Simulator,
  store: WatchStore,
  options: { clock?: FakeClock; budget?: MemoryStore; settings?: Partial<WatcherSettings>; windowId?: string } = {},
): TestWatcher {
  const clock = options.clock ?? new FakeClock(MIDNIGHT);
  const transport = new Transport({
    settings: { baseUrl: sim.url, minGapMs: 0, safetyMarginMs: 0 },
    getApiKey: () => DEMO_KEY,
    store: options.budget ?? new MemoryStore(),
    clock,
    random: () => 0.5,
  });
  const client = new HiverClient(transport);
  const lines: string[] = [];
  const settings: WatcherSettings = { share: 0.2, me: '', pageSize: 100, ...options.settings };
  const watcher = new Watcher({
    client,
    store,
    clock,
    windowId: options.windowId ?? 'window-1',
    settings: () => settings,
    log: { info: (line) => lines.push(line), warn: (line) => lines.push(`WARN ${line}`) },
  });
  // Wakes the watcher exactly when it asked to, so its timing is what it planned.
  const pass = async (ms: number) => {
    const target = clock.monotonic() + ms;
    for (;;) {
      // Let a tick under way finish and the loop go back to sleep before reading its wake time.
      await watcher.whenIdle();
      await settle();
      const wake = clock.nextWake();
      const to = wake === undefined ? target : Math.min(wake, target);
      await clock.advance(to - clock.monotonic());
      await watcher.whenIdle();
      if (to >= target) return;
    }
  };
  return { watcher, transport, client, clock, lines, pass };
}

/** The watcher's polls the simulator answered, for one inbox or all. */
export function polls(sim: Simulator, inboxId?: string): { path: string; query: Record<string, string>; status: number }[] {
  return sim.log.filter((e) => /^\/v1\/inboxes\/[^/]+\/conversations$/.test(e.path) && (inboxId === undefined || e.path === `/v1/inboxes/${inboxId}/conversations`));
}

/** The inboxes the watcher polled, in order. */
export function polledInboxes(sim: Simulator): string[] {
  return polls(sim).map((e) => e.path.split('/')[3]);
}
