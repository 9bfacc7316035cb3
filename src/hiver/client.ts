// One typed method per Hiver operation (API.md's 12), over the Transport.
import type { Conversation, ConversationDetail, ConversationUpdate, Inbox, InboxUser, NewNote, NewSharedDraft, NewTag, Note, Page, PageRequest, SharedDraft, Tag } from './models';
import type { Priority, Transport } from './transport';

export interface CallOptions {
  signal?: AbortSignal;
  priority?: Priority;
  apiKey?: string;
}

const notImplemented = (): never => {
  throw new Error('not implemented');
};

export class HiverClient {
  constructor(readonly transport: Transport) {}
  listInboxes(_page?: PageRequest, _options?: CallOptions): Promise<Page<Inbox>> { return notImplemented(); }
  getInbox(_inboxId: string, _options?: CallOptions): Promise<Inbox> { return notImplemented(); }
  listUsers(_inboxId: string, _page?: PageRequest, _options?: CallOptions): Promise<Page<InboxUser>> { return notImplemented(); }
  searchUsers(_inboxId: string, _email: string, _options?: CallOptions): Promise<InboxUser[]> { return notImplemented(); }
  listTags(_inboxId: string, _page?: PageRequest, _options?: CallOptions): Promise<Page<Tag>> { return notImplemented(); }
  searchTags(_inboxId: string, _name: string, _options?: CallOptions): Promise<Tag[]> { return notImplemented(); }
  createTag(_inboxId: string, _tag: NewTag, _options?: CallOptions): Promise<Tag> { return notImplemented(); }
  listConversations(_inboxId: string, _page?: PageRequest, _options?: CallOptions): Promise<Page<Conversation>> { return notImplemented(); }
  getConversation(_inboxId: string, _conversationOrThreadId: string, _options?: CallOptions): Promise<ConversationDetail> { return notImplemented(); }
  updateConversation(_inboxId: string, _conversationId: string, _update: ConversationUpdate, _options?: CallOptions): Promise<void> { return notImplemented(); }
  createSharedDraft(_inboxId: string, _draft: NewSharedDraft, _options?: CallOptions): Promise<SharedDraft> { return notImplemented(); }
  createNote(_inboxId: string, _conversationId: string, _note: NewNote, _options?: CallOptions): Promise<Note> { return notImplemented(); }
}
