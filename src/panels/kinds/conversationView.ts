// What the conversation panel's host sends its webview (media/panels/conversation.ts), and what
// the webview may send back. Imports only types that import nothing, so the webview bundle
// shares them. Everything is formatted and translated on the host; the webview lays it out.
import type { DetailSection } from '../detailView';
import type { ComposerKind, NoteDraft, ReplyDraft } from '../../conversations/draftStore';
import type { ComposerSnapshot } from '../../conversations/composerSnapshot';

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
  | 'sendAnyway' | 'maxLength';

/** Webview → host messages of this panel kind (validated on the host). */
export type ConversationAction = 'setStatus' | 'assign' | 'editTags' | 'newTag' | 'openInHiver' | 'copyPermalink';

/**
 * Typed text, as a save (while typing) or a send. `revision` is the one of the composer state
 * the panel shows (see ComposerSnapshot); `sendAnyway` confirms sending a text that may have
 * been sent already.
 */
export type ComposerMessage = { type: 'saveDraft' | 'send'; revision: number; sendAnyway?: boolean } & (
  | { kind: 'note'; value: NoteDraft }
  | { kind: 'draft'; value: ReplyDraft }
);

export type ConversationWebviewMessage =
  | { type: 'action'; action: ConversationAction }
  | ComposerMessage
  /** A save or send whose text the host cannot keep: the panel is told why. */
  | { type: 'unreadable'; kind: ComposerKind; reason: 'tooLong' | 'malformed' }
  /** The webview (new, or shown again after being hidden) asks for the composers' state. */
  | { type: 'composerReady' };

/** Host → webview messages of this panel kind. */
export type ConversationHostMessage =
  | { type: 'focusComposer'; kind: 'note' | 'draft' }
  /** What the composer holds: the panel shows exactly this. */
  | { type: 'composer'; state: ComposerSnapshot }
  | { type: 'actionState'; busy: boolean; error?: string };
