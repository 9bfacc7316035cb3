// Shared by the model tests: a HiverModel over a real transport and client, wired to a
// simulator. Not a test file itself (mocha only runs *.test.ts).
import { HiverClient } from '../../src/hiver/client';
import { HiverModel, type ListRef } from '../../src/model/hiverModel';
import type { Simulator } from '../simulator';
import { testTransport, type TestTransportOptions } from './transportHelpers';

export function testModel(sim: Pick<Simulator, 'url'>, options: TestTransportOptions & { pageSize?: number } = {}): HiverModel {
  const client = new HiverClient(testTransport(sim, options));
  return new HiverModel(client, () => options.pageSize ?? 10);
}

/** The list requests the simulator answered for one list, in order. */
export function listRequests(sim: Simulator, ref: ListRef): { query: Record<string, string>; status: number }[] {
  const path = ref.kind === 'inboxes' ? '/v1/inboxes' : `/v1/inboxes/${ref.inboxId}/${ref.kind}`;
  return sim.log.filter((entry) => entry.path === path);
}
