// Watches the extension host for unhandled promise rejections while the suite runs: each one
// is kept with the test that was running, so the suite can fail naming the reason and where.
// Plain Node (no vscode), so test/unit checks it against an EventEmitter.
import type { EventEmitter } from 'node:events';
import { inspect } from 'node:util';

export interface RejectionRecord {
  /** The test running when it happened, if any. */
  during?: string;
  /** The reason, with its stack when it has one. */
  reason: string;
}

export interface RejectionWatch {
  readonly records: readonly RejectionRecord[];
  /** One line per rejection, for the failure message. */
  report(): string;
  stop(): void;
}

/** Starts listening on `host` (the process); `currentTest` names what runs now. */
export function watchRejections(currentTest: () => string | undefined, host: Pick<EventEmitter, 'on' | 'off'> = process): RejectionWatch {
  const records: RejectionRecord[] = [];
  const listener = (reason: unknown) => {
    records.push({ during: currentTest(), reason: reason instanceof Error ? (reason.stack ?? `${reason.name}: ${reason.message}`) : inspect(reason) });
  };
  host.on('unhandledRejection', listener);
  return {
    records,
    report: () =>
      records.map((record, index) => `${index + 1}) unhandled rejection${record.during ? ` during "${record.during}"` : ''}: ${record.reason}`).join('\n'),
    stop: () => host.off('unhandledRejection', listener),
  };
}
