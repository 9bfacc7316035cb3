// The shapes the rest of the extension sees: normalised from Hiver's responses
// (ids always strings, timestamps as epoch milliseconds, camelCase names).

export interface Inbox {
  id: string;
  displayName: string;
  channelType: string;
  email: string;
  inboxType: string;
  /** false: Hiver lost access to the mailbox and an admin must reconnect it. */
  isAuthorised: boolean;
  sourceUser?: { id: string; email: string };
  createdAt?: number;
  updatedAt?: number;
}

export interface InboxUser {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  phoneNumber?: string;
  isJoined?: boolean;
}

export interface Tag {
  id: string;
  name: string;
  /** "#rrggbb" as Hiver sent it (read: color_code, create: color_hexcode). */
  color?: string;
  backgroundColor?: string;
  type?: string;
  description?: string;
  createdAt?: number;
}

/** `close` and `closed` are one state, normalised to `closed`; unknown names pass through. */
export type ConversationStatus = 'open' | 'pending' | 'closed' | (string & {});

export interface Conversation {
  id: string;
  status: ConversationStatus;
  /** Inbox User id; undefined when unassigned. */
  assigneeId?: string;
  assigneeType?: string;
  /** Never from Hiver: assigned here by this email, whose id was not read back yet (assigneeId unset). */
  assigneeEmail?: string;
  tagIds: string[];
  gmailThreadId?: string;
  privatePermalink?: string;
  publicPermalink?: string;
}

export interface MessageId {
  hiverMessageId: string;
  gmailMessageId?: string;
}

export interface ConversationDetail extends Conversation {
  messageIds: MessageId[];
}

export interface Note {
  id: string;
  conversationId: string;
  content: string;
  author: { id: string; email: string };
  mentions: string[];
  parentNoteId?: string;
  attachments: { id: string; fileName: string; fileType: string }[];
  createdAt: number;
}

export interface SharedDraft {
  conversationId: string;
  sharedDraftId: string;
  replyToMessageId: string;
}

export interface Page<T> {
  items: T[];
  /** The opaque token for the next page; undefined on the last page. */
  nextPage?: string;
}

export interface PageRequest {
  /** Clamped to 10..100; default 100 (requests are scarce, bytes are not). */
  limit?: number;
  nextPage?: string;
  sortBy?: string;
  sortOrder?: 'asc' | 'desc';
}

export interface ConversationUpdate {
  status?: 'open' | 'pending' | 'closed';
  assigneeEmail?: string;
  tagsToApply?: string[];
  tagsToRemove?: string[];
}

export interface NewTag {
  name: string;
  colorHex?: string;
  description?: string;
}

export interface NewNote {
  content: string;
  mentions?: string[];
  notifyAll?: boolean;
  parentNoteId?: string;
}

export interface NewSharedDraft {
  body: string;
  replyType?: string;
  /** Exactly one of these two names the message replied to. */
  gmailMessageId?: string;
  hiverMessageId?: string;
}
