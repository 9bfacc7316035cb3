// Which conversation a command was given. No vscode import: unit-tested in plain Node.

export interface ConversationTarget {
  inboxId: string;
  conversationId: string;
}

function idString(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined;
}

/**
 * Accepts a tree row (`inboxId` and `itemId`; its `id` is a tree path, not a conversation id),
 * an object with `inboxId` and `conversation.id`, or a plain `{ inboxId, conversationId }`.
 * Anything else is undefined.
 */
export function targetFrom(arg: unknown): ConversationTarget | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const value = arg as Record<string, unknown>;
  const inboxId = idString(value.inboxId);
  const nested = typeof value.conversation === 'object' && value.conversation !== null ? (value.conversation as Record<string, unknown>).id : undefined;
  const plainId = idString(value.id);
  const conversationId = idString(value.conversationId) ?? idString(nested) ?? idString(value.itemId) ?? (plainId && !plainId.includes('/') ? plainId : undefined);
  return inboxId && conversationId ? { inboxId, conversationId } : undefined;
}
