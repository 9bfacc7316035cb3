// The Hiver simulator: a faithful stand-in for Hiver's REST API over loopback, used by every test,
// the demo and the benchmarks. See README.md beside this file.

export { DEMO_KEY, startSimulator, type Simulator } from './server';
export { simulatorNow } from './clock';
export type { NewConversationFields } from './addConversation';
export { interArrivalGaps, minInterArrivalGap } from './logHelpers';
export { buildDataset, KEY_OWNER, type DatasetName } from './datasets';
export { buildHostileDataset, HOSTILE_INBOX_IDS } from './hostileDataset';
export { CANARY_GLOBAL, COLLIDING_IDS, HOSTILE_INBOX_NAME, HOSTILE_TAG_NAMES, HOSTILE_USERS, hostilePayloads, hostileUrls, LONG_10K, LONG_300 } from './hostileStrings';
export type {
  CanaryHit,
  FaultRule,
  MultipartBody,
  RequestLogEntry,
  SimulatorOptions,
  SimulatorState,
  StoredConversation,
  StoredDraft,
  StoredInbox,
  StoredMessageId,
  StoredNote,
  StoredTag,
  StoredUser,
} from './types';
