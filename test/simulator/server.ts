// The simulator's HTTP server: logs every /v1 request on arrival, then checks auth, the rate
// limit and faults (in that order: faults apply only to requests that passed auth and the rate
// limit, and those requests count towards the limits), runs the route and answers.

import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addConversation, type NewConversationFields } from './addConversation';
import { ApiError, errorBody } from './apiError';
import { handleControl } from './control';
import { simulatorNow } from './clock';
import { buildDataset } from './datasets';
import { FaultBook } from './faults';
import { RateLimiter } from './rateLimiter';
import { parseBody, readBody } from './requestBody';
import { distortReply, faultOutgoing, jsonOutgoing, replyToOutgoing, sleep, writeOutgoing, type Outgoing } from './respond';
import { matchRoute } from './router';
import type { RouteReply } from './routeTypes';
import type { CanaryHit, FaultRule, RequestLogEntry, ResolvedOptions, SimulatorOptions, SimulatorState, StoredConversation } from './types';

export const DEMO_KEY = 'hiver-demo-key';

export interface Simulator {
  /** Base URL of the API, e.g. http://127.0.0.1:4010/v1. */
  url: string;
  /** http://127.0.0.1:4010 (control endpoints live under /__sim). */
  origin: string;
  port: number;
  /** API requests only (not /__sim), in arrival order. */
  log: RequestLogEntry[];
  /** Requests to /__sim/canary...: something rendered a hostile payload's image or link. */
  canaryHits: CanaryHit[];
  /** Live data, readable and mutable by tests. reset() refills this same object. */
  state: SimulatorState;
  setFaults(rules: FaultRule[]): void;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Changes runtime options; a new `dataset` takes effect at the next reset(). */
  configure(partial: Partial<SimulatorOptions>): void;
  /** Reloads the dataset and clears the log, faults, rate-limit and blacklist state (options stay). */
  reset(): void;
  /** A conversation arriving in an inbox now (the next id); see addConversation.ts. */
  addConversation(inboxId: string, fields?: NewConversationFields): StoredConversation;
  close(): Promise<void>;
}

const DEFAULTS: ResolvedOptions = {
  port: 0,
  dataset: 'demo',
  keys: [DEMO_KEY],
  listEnvelope: 'data',
  minGapMs: 1000,
  dailyLimit: 5000,
  retryAfter: 'none',
  blacklistAfter: 8,
  blacklistMs: 60_000,
  latencyMs: 0,
  ignoreSort: false,
  clock: simulatorNow,
};

/** Fault kinds that answer instead of the route (unless afterProcessing runs the route first). */
const REPLACING: FaultRule['kind'][] = ['status', 'malformedJson', 'html', 'reset'];

function withoutUndefined<T extends object>(partial: T): Partial<T> {
  return Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const opts: ResolvedOptions = { ...DEFAULTS, ...withoutUndefined(options) };
  // Filled once listening: the hostile dataset's payloads name the canary URL, which has the port.
  const state = {} as SimulatorState;
  const log: RequestLogEntry[] = [];
  const canaryHits: CanaryHit[] = [];
  const build = () => buildDataset(opts.dataset, { canaryUrl: `${sim.origin}/__sim/canary` });
  const faults = new FaultBook();
  const limiter = new RateLimiter(() => opts);

  const sim: Simulator = {
    url: '',
    origin: '',
    port: 0,
    log,
    canaryHits,
    state,
    setFaults: (rules) => faults.set(rules),
    addFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    addConversation: (inboxId, fields) => addConversation(state, inboxId, fields),
    configure: (partial) => {
      const changes = withoutUndefined(partial);
      delete changes.port; // the port is fixed once listening
      Object.assign(opts, changes);
    },
    reset: () => {
      Object.assign(state, build());
      log.length = 0;
      canaryHits.length = 0;
      faults.clear();
      limiter.reset();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, arrived: number): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const contentTypeHeader = req.headers['content-type'];
    const entry: RequestLogEntry = {
      time: arrived,
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authValid: false,
      status: 0,
      ...(contentTypeHeader ? { contentType: contentTypeHeader } : {}),
    };
    log.push(entry);
    const parsed = await parseBody(await readBody(req), contentTypeHeader ?? '', method);
    if (parsed.logged !== undefined) entry.body = parsed.logged;

    const answer = async (out: Outgoing, trickleMs = 0): Promise<void> => {
      await sleep(opts.latencyMs);
      // Hiver's Date and Retry-After come from one clock; Node's own Date would not be this one.
      out.headers.date = new Date(opts.clock()).toUTCString();
      await writeOutgoing(res, entry, out, trickleMs);
    };

    const key = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    if (!key || !opts.keys.includes(key)) {
      return answer(jsonOutgoing(401, errorBody('Unauthorized: missing or invalid API key')));
    }
    entry.authValid = true;
    entry.keyIndex = opts.keys.indexOf(key);

    const verdict = limiter.check(key, arrived);
    if (!verdict.ok) {
      const headers: Record<string, string> = {};
      if (verdict.status === 429 && opts.retryAfter === 'seconds') {
        headers['retry-after'] = String(Math.max(1, Math.ceil((verdict.retryAt - arrived) / 1000)));
      } else if (verdict.status === 429 && opts.retryAfter === 'date') {
        headers['retry-after'] = new Date(Math.ceil(verdict.retryAt / 1000) * 1000).toUTCString();
      }
      return answer(jsonOutgoing(verdict.status, errorBody(verdict.message), headers));
    }

    const fault = faults.take(method, url.pathname);
    const runRoute = (): RouteReply => {
      try {
        const { route, params } = matchRoute(method, url.pathname);
        return route({ state, options: opts, params, query: entry.query, contentType: (contentTypeHeader ?? '').toLowerCase(), ...parsed, now: arrived });
      } catch (error) {
        if (error instanceof ApiError) return { status: error.status, raw: errorBody(error.message) };
        throw error;
      }
    };

    if (!fault) return answer(replyToOutgoing(runRoute(), opts.listEnvelope));
    if (fault.kind === 'hang' && fault.ms === undefined) {
      if (fault.afterProcessing) runRoute();
      return; // never answer: the client gives up, or close() drops the connection
    }
    if (REPLACING.includes(fault.kind)) {
      if (fault.afterProcessing) runRoute();
      if (fault.kind === 'reset') {
        await sleep(opts.latencyMs);
        req.socket.destroy();
        return;
      }
      return answer(faultOutgoing(fault));
    }
    const reply = runRoute();
    distortReply(reply, fault);
    if (fault.kind === 'hang') await sleep(fault.ms ?? 0);
    return answer(replyToOutgoing(reply, opts.listEnvelope), fault.kind === 'slowBody' ? (fault.ms ?? 2000) : 0);
  }

  const server = http.createServer((req, res) => {
    const arrived = opts.clock();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const work = url.pathname === '/__sim' || url.pathname.startsWith('/__sim/')
      ? handleControl(req, res, url, { sim, opts, faults, log, canaryHits })
      : handleApi(req, res, url, arrived);
    work.catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(errorBody(`Simulator bug: ${String(error)}`)));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  sim.port = port;
  sim.origin = `http://127.0.0.1:${port}`;
  sim.url = `${sim.origin}/v1`;
  Object.assign(state, build());
  return sim;
}
