// The simulator plus a code-server whose settings point the extension at it: what the
// extension-host suite, the UI tests and the demo all need.
import { startSimulator, type Simulator } from '../simulator';
import { startCodeServer, type CodeServer } from './codeServer';

export interface HiverEnvironmentOptions {
  /** Minimum gap the simulator enforces between requests; the extension is told the same unless `settings` sets hiver.requestIntervalMs. */
  minGapMs: number;
  /** Fixed ports (the demo wants stable URLs); free ones by default. */
  simulatorPort?: number;
  codeServerPort?: number;
  /** Extra environment for the extension host. */
  env?: Record<string, string>;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  vsix?: string;
  logFile?: string;
}

export interface HiverEnvironment {
  sim: Simulator;
  server: CodeServer;
  stop(): Promise<void>;
}

export async function startHiverEnvironment(options: HiverEnvironmentOptions): Promise<HiverEnvironment> {
  const sim = await startSimulator({ dataset: 'demo', minGapMs: options.minGapMs, port: options.simulatorPort });
  let server: CodeServer;
  try {
    server = await startCodeServer({
      port: options.codeServerPort,
      vsix: options.vsix,
      logFile: options.logFile,
      settings: {
        'hiver.apiBaseUrl': sim.url,
        'hiver.requestIntervalMs': options.minGapMs,
        ...options.settings,
      },
      // In-host tests reach the simulator's control endpoints (/__sim/...) through this.
      env: { HIVER_SIM_ORIGIN: sim.origin, ...options.env },
    });
  } catch (error) {
    await sim.close();
    throw error;
  }
  return {
    sim,
    server,
    stop: async () => {
      await server.stop();
      await sim.close();
    },
  };
}
