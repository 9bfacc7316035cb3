// Work nobody awaits (a save to workspace state, a context key, a background load). Its
// failure is logged here, in one place, and never becomes an unhandled rejection.
import { describeError } from './errors';
import { logger } from './logger';

const log = logger('background');

/** Starts `work` without waiting for it; `what` names it in the log if it fails. */
export function inBackground(work: PromiseLike<unknown>, what: string): void {
  Promise.resolve(work).catch((error: unknown) => log.warn(`${what} failed: ${describeError(error)}`));
}
