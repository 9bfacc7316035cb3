// One load of a list's pages that several callers await (the tree, a picker, Load all). Each
// caller's AbortSignal ends only that caller's wait; the load's own requests are cancelled
// only when every caller has left, so one caller's cancel never fails the others.
import { CancelledError } from '../hiver/errors';
import { sentenceRequestName } from '../hiver/operations';

export class SharedLoad {
  private readonly controller = new AbortController();
  /** Callers still waiting; a caller without a signal never leaves. */
  private waiters = 0;
  readonly done: Promise<void>;

  /** Starts `run` at once with the load's own signal, aborted when the last caller leaves. */
  constructor(
    private readonly operation: string,
    run: (signal: AbortSignal) => Promise<void>,
  ) {
    this.done = run(this.controller.signal);
    // Every caller may have gone (cancelled): the outcome must not become an unhandled rejection.
    this.done.catch(() => undefined);
  }

  /** True once every caller left: the load is on its way out and must not be joined. */
  get abandoned(): boolean {
    return this.controller.signal.aborted;
  }

  /** Awaits the load. `signal` rejects this wait at once with CancelledError, and only this one. */
  wait(signal?: AbortSignal): Promise<void> {
    this.waiters++;
    if (!signal) return this.done;
    if (signal.aborted) {
      this.leave();
      return Promise.reject(this.cancelled());
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.leave();
        reject(this.cancelled());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const settle = () => signal.removeEventListener('abort', onAbort);
      this.done.then(
        () => {
          settle();
          resolve();
        },
        (error: unknown) => {
          settle();
          reject(error);
        },
      );
    });
  }

  private leave(): void {
    if (--this.waiters === 0) this.controller.abort();
  }

  private cancelled(): CancelledError {
    return new CancelledError(this.operation, `${sentenceRequestName(this.operation)} was cancelled.`);
  }
}
