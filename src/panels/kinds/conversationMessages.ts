// Validates what the conversation panel's webview sends: it is untrusted input (a compromised
// or buggy webview must not make the host post odd notes or run other actions).
// Typed text is never dropped here: a text too long to send, or a reply-to the composer will
// refuse, is still accepted so the host keeps it and the composer says why it cannot be sent.
// A composer message that cannot be read at all becomes `unreadable`, so the panel says so.
// No vscode import: unit-tested in plain Node.
import type { ConversationAction, ConversationWebviewMessage } from './conversationView';
import { ComposerKind, NoteDraft, REPLY_TYPES, ReplyDraft } from '../../conversations/draftStore';
import { MAX_KEPT_TEXT_LENGTH } from '../../conversations/textLimits';

const ACTIONS: readonly ConversationAction[] = ['setStatus', 'assign', 'editTags', 'newTag', 'openInHiver', 'copyPermalink'];
const EMAIL = /^[^@\s]{1,200}@[^@\s]{1,200}$/;
/** Ids from Hiver (a note to reply to): they go into form fields, so only odd characters are refused. */
const ID = /^[^\s\p{Cc}\p{Cf}]{1,200}$/u;

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_KEPT_TEXT_LENGTH;
}

export function parseNoteDraft(value: unknown): NoteDraft | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { content, mentions = [], notifyAll = false, parentNoteId } = value as Record<string, unknown>;
  if (!isText(content)) return undefined;
  if (!Array.isArray(mentions) || mentions.length > 100 || !mentions.every((m) => typeof m === 'string' && EMAIL.test(m))) return undefined;
  if (typeof notifyAll !== 'boolean') return undefined;
  if (parentNoteId !== undefined && parentNoteId !== '' && !(typeof parentNoteId === 'string' && ID.test(parentNoteId))) return undefined;
  return { content, mentions: mentions as string[], notifyAll, parentNoteId: parentNoteId || undefined };
}

/** `replyTo` is kept as given (up to 300 characters): the composer checks it before sending. */
export function parseReplyDraft(value: unknown): ReplyDraft | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { body, replyType = 'reply', replyTo } = value as Record<string, unknown>;
  if (!isText(body)) return undefined;
  if (typeof replyType !== 'string' || !(REPLY_TYPES as readonly string[]).includes(replyType)) return undefined;
  if (replyTo !== undefined && !(typeof replyTo === 'string' && replyTo.length <= 300)) return undefined;
  return { body, replyType, replyTo: replyTo || undefined };
}

function parseRevision(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** Why a composer message could not be read: its text is over the cap, or its fields are malformed. */
function unreadableReason(value: unknown): 'tooLong' | 'malformed' {
  const { content, body } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const text = typeof content === 'string' ? content : body;
  return typeof text === 'string' && text.length > MAX_KEPT_TEXT_LENGTH ? 'tooLong' : 'malformed';
}

export function parseConversationMessage(raw: { type: string } & Record<string, unknown>): ConversationWebviewMessage | undefined {
  switch (raw.type) {
    case 'composerReady':
      return { type: 'composerReady' };
    case 'action':
      return typeof raw.action === 'string' && (ACTIONS as readonly string[]).includes(raw.action) ? { type: 'action', action: raw.action as ConversationAction } : undefined;
    case 'saveDraft':
    case 'send': {
      if (raw.kind !== 'note' && raw.kind !== 'draft') return undefined;
      const kind: ComposerKind = raw.kind;
      const revision = parseRevision(raw.revision);
      if (revision === undefined) return { type: 'unreadable', kind, reason: 'malformed' };
      const common = { type: raw.type, revision, ...(raw.type === 'send' && raw.sendAnyway === true ? { sendAnyway: true } : {}) } as const;
      const note = kind === 'note' ? parseNoteDraft(raw.value) : undefined;
      if (note) return { ...common, kind: 'note', value: note };
      const draft = kind === 'draft' ? parseReplyDraft(raw.value) : undefined;
      if (draft) return { ...common, kind: 'draft', value: draft };
      return { type: 'unreadable', kind, reason: unreadableReason(raw.value) };
    }
    default:
      return undefined;
  }
}
