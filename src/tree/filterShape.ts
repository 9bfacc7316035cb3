// The shape of a conversation filter, checked. A filter comes from the QuickPick, from any
// caller of the hiver.filterConversations command (another extension) and from workspaceState,
// and describeFilter and matches run on it at every redraw: one that is not three arrays of
// strings broke the group's row for good (it survived reloads). Pure: unit-tested in plain Node.

/**
 * Which conversations a Conversations group shows. Within a field any value matches (OR);
 * across fields all must match (AND). An empty field does not filter.
 */
export interface ConversationFilter {
  statuses: string[];
  /** Inbox User ids, or UNASSIGNED. */
  assignees: string[];
  tagIds: string[];
}

/** More than any inbox has statuses, members or tags to pick from. */
const MAX_VALUES = 1_000;
/** Longer than any status name or id. */
const MAX_VALUE_LENGTH = 256;

/** The filter when `raw` is one (three arrays of short strings, within the bounds); undefined otherwise. */
export function parseConversationFilter(raw: unknown): ConversationFilter | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { statuses, assignees, tagIds } = raw as Record<string, unknown>;
  if (!isValueList(statuses) || !isValueList(assignees) || !isValueList(tagIds)) return undefined;
  return { statuses: [...statuses], assignees: [...assignees], tagIds: [...tagIds] };
}

/** The stored filters by inbox id, without any entry that is not a filter. */
export function parseStoredFilters(raw: unknown): Map<string, ConversationFilter> {
  const filters = new Map<string, ConversationFilter>();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return filters;
  for (const [inboxId, value] of Object.entries(raw)) {
    const filter = parseConversationFilter(value);
    if (filter) filters.set(inboxId, filter);
  }
  return filters;
}

function isValueList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length <= MAX_VALUES && value.every((item) => typeof item === 'string' && item.length <= MAX_VALUE_LENGTH);
}
