// Pacing bookkeeping: when may the next request start? Kept in one small piece so a later
// issue can share it across VS Code windows (file/lock) behind the same interface.

export interface Pacer {
  /** Resolves when a request may start now; records the start. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Stop all starts until `until` (epoch ms): 429 pauses and cool-downs. */
  pauseUntil(until: number): void;
  readonly pausedUntil?: number;
}

export class IntervalPacer implements Pacer {
  get pausedUntil(): number | undefined {
    throw new Error('not implemented');
  }
  acquire(_signal?: AbortSignal): Promise<void> {
    throw new Error('not implemented');
  }
  pauseUntil(_until: number): void {
    throw new Error('not implemented');
  }
}
