// The one road every Hiver request takes: queue, pacing, retries, budget, redaction.
import type { Pacer } from './pacer';

export type Priority = 'user' | 'background';

export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export class MemoryStore implements KeyValueStore {
  private readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}

export interface TransportSettings {
  baseUrl: string;
  minGapMs: number;
  safetyMarginMs: number;
  timeoutMs: number;
  dailyLimit: number;
  backgroundShare: number;
}

export interface TransportState {
  queued: number;
  inFlight: number;
  usedToday: number;
  dailyLimit: number;
  resetAt: number;
  pausedUntil?: number;
  lastError?: { operation: string; message: string; at: number };
}

export interface RequestLogLine {
  operation: string;
  method: string;
  path: string;
  status?: number;
  ms: number;
  attempt: number;
  error?: string;
}

export interface TransportOptions {
  settings: Partial<TransportSettings> & { baseUrl: string };
  getApiKey: () => string | undefined | PromiseLike<string | undefined>;
  store: KeyValueStore;
  pacer?: Pacer;
}

export interface TransportRequest {
  operation: string;
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  form?: Record<string, string | string[] | undefined>;
  priority?: Priority;
  signal?: AbortSignal;
  apiKey?: string;
}

export class Transport {
  constructor(_options: TransportOptions) {}
  get state(): TransportState {
    throw new Error('not implemented');
  }
  onDidChangeState(_listener: (state: TransportState) => void): { dispose(): void } {
    throw new Error('not implemented');
  }
  onDidLog(_listener: (line: RequestLogLine) => void): { dispose(): void } {
    throw new Error('not implemented');
  }
  updateSettings(_settings: Partial<TransportSettings>): void {
    throw new Error('not implemented');
  }
  request(_req: TransportRequest): Promise<{ status: number; body: unknown }> {
    throw new Error('not implemented');
  }
  dispose(): void {}
}
