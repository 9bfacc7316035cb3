// Test builds only (HIVER_TEST_HOOKS; the packaged extension drops this): the UI fault suite
// sets HIVER_TEST_TIMEOUT_MS in the extension host's environment so a timeout case takes
// seconds, not 30 s per attempt. Nothing else in the transport changes.
import type { TransportSettings } from './hiver/transportTypes';

export function testTransportSettings(): Partial<TransportSettings> {
  if (!HIVER_TEST_HOOKS) return {};
  const ms = Number(process.env.HIVER_TEST_TIMEOUT_MS);
  return Number.isFinite(ms) && ms > 0 ? { timeoutMs: ms } : {};
}
