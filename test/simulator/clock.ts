// The simulator's clock. It runs on the monotonic clock, so spacing checks are exact and not
// rounded, but it can drift from Date.now() by hundreds of ms on a loaded machine. Everything
// the simulator stamps (the log, Retry-After dates, the Date header) uses it, and a test that
// compares a client's wall-clock times with the log gives that client this clock too.

/** Epoch ms with sub-millisecond precision. */
export function simulatorNow(): number {
  return performance.timeOrigin + performance.now();
}
