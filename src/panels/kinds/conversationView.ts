// What the conversation panel's host sends its webview (media/panels/conversation.ts), and what
// the webview may send back. Imports only types that import nothing, so the webview bundle
// shares them. Everything is formatted and translated on the host; the webview lays it out.
import type { DetailSection } from '../detailView';
import type { NoteDraft, ReplyDraft } from '../../conversations/draftStore';

export interface ConversationView {
  inboxId: string;
  conversationId: string;
  heading: string;
  subheading: string;
  status: { value: string; label: string };
  /** Tag chips; `color` only when it is a valid hex colour. */
  tags: { id: string; name: string; color?: string; textColor?: string }[];
  sections: DetailSection[];
  /** Permalinks: `openable` only for https links on hiverhq.com. */
  links: { label: string; url: string; openable: boolean; what: string }[];
  /** Messages a shared draft can reply to ("hiver:<id>"); undefined until the conversation was read singly. */
  messages?: { value: string; label: string }[];
  /** Members for @mention completion (those loaded so far). */
  members: { email: string; firstName: string; lastName: string }[];
  membersComplete: boolean;
  /** Notes added from this editor, oldest first. */
  sentNotes: { id: string; content: string; author: string; when: string; parentId?: string }[];
  replyTypes: { value: string; label: string }[];
  /** Unsent text kept in workspace storage; the webview uses it when it has none of its own. */
  saved: { note?: NoteDraft; draft?: ReplyDraft };
  /** A problem worth a line at the top (e.g. the single read failed, so message ids are missing). */
  warning?: string;
  labels: Record<ConversationLabel, string>;
  entity: Record<string, unknown>;
}

export type ConversationLabel =
  | 'actions' | 'setStatus' | 'assign' | 'tags' | 'newTag' | 'openInHiver' | 'copyPermalink' | 'refresh' | 'copy' | 'open'
  | 'loading' | 'loadFailed' | 'details' | 'tagsHeading' | 'noTags' | 'links' | 'messages' | 'messagesUnknown'
  | 'notes' | 'noteText' | 'notePlaceholder' | 'notifyAll' | 'replyToNote' | 'noParent' | 'addNote' | 'sending'
  | 'noteAdded' | 'noSentNotes' | 'sentNotesHint' | 'mentionHint' | 'membersPartial' | 'by'
  | 'draftHeading' | 'draftExplain' | 'draftBody' | 'replyType' | 'replyToMessage' | 'chooseMessage' | 'createDraft' | 'draftCreated'
  | 'keptText' | 'uncertain';

/** Webview → host messages of this panel kind (validated on the host). */
export type ConversationAction = 'setStatus' | 'assign' | 'editTags' | 'newTag' | 'openInHiver' | 'copyPermalink';

export type ConversationWebviewMessage =
  | { type: 'action'; action: ConversationAction }
  | { type: 'saveDraft'; kind: 'note'; value: NoteDraft }
  | { type: 'saveDraft'; kind: 'draft'; value: ReplyDraft }
  | { type: 'send'; kind: 'note'; value: NoteDraft }
  | { type: 'send'; kind: 'draft'; value: ReplyDraft }
  | { type: 'composerReady' };

/** Host → webview messages of this panel kind. */
export type ConversationHostMessage =
  | { type: 'focusComposer'; kind: 'note' | 'draft' }
  | { type: 'sendState'; kind: 'note' | 'draft'; sending: boolean; error?: string; uncertain?: boolean }
  | { type: 'sent'; kind: 'note' | 'draft'; message: string }
  | { type: 'actionState'; busy: boolean; error?: string };
