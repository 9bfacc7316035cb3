// Before a test counts requests: the real Inboxes view collapsed (so a key or URL change does
// not make it refetch what an earlier test expanded) and the transport idle.
import type { HiverExtensionApi } from '../../src/extension';
import { collapseView } from './treeHelpers';
import { waitFor } from './testUtils';

export async function quiet(api: HiverExtensionApi): Promise<void> {
  await collapseView();
  await transportIdle(api);
}

export async function transportIdle(api: HiverExtensionApi): Promise<void> {
  await waitFor(() => api.session.transport.state.queued === 0 && api.session.transport.state.inFlight === 0, 'the transport to go idle');
}
