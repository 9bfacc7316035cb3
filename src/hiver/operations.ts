// Hiver's 12 operations (API.md) by id, and what each asks for in the words an error message
// shows a user: "the request to list conversations", not "listConversations". The id itself stays
// in HiverError.operation and in the log, where it is what a developer searches for.
const ASKS = {
  listInboxes: 'list inboxes',
  getInbox: 'read an inbox',
  listUsers: "list an inbox's users",
  searchUsers: 'find a user by email',
  listTags: "list an inbox's tags",
  searchTags: 'find tags by name',
  createTag: 'create a tag',
  listConversations: 'list conversations',
  getConversation: 'read a conversation',
  updateConversation: 'change a conversation',
  createNote: 'add a note',
  createSharedDraft: 'create a shared draft',
} as const;

export type HiverOperation = keyof typeof ASKS;

/** "the request to list conversations"; a name not listed here ("the API key check") is kept as it is. */
export function requestName(operation: string): string {
  return Object.hasOwn(ASKS, operation) ? `the request to ${ASKS[operation as HiverOperation]}` : operation;
}

/** requestName capitalised, to start a sentence. */
export function sentenceRequestName(operation: string): string {
  const name = requestName(operation);
  return name.charAt(0).toUpperCase() + name.slice(1);
}
