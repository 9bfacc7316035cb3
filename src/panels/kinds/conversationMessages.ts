// Validates what the conversation panel's webview sends: it is untrusted input (a compromised
// or buggy webview must not make the host post odd notes or run other actions).
// No vscode import: unit-tested in plain Node.
import type { ConversationAction, ConversationWebviewMessage } from './conversationView';
import { NoteDraft, REPLY_TYPES, ReplyDraft } from '../../conversations/draftStore';

const MAX_TEXT = 100_000;
const ACTIONS: readonly ConversationAction[] = ['setStatus', 'assign', 'editTags', 'newTag', 'openInHiver', 'copyPermalink'];
const EMAIL = /^[^@\s]{1,200}@[^@\s]{1,200}$/;
const ID = /^[A-Za-z0-9_-]{1,100}$/;

export function parseNoteDraft(value: unknown): NoteDraft | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { content, mentions = [], notifyAll = false, parentNoteId } = value as Record<string, unknown>;
  if (typeof content !== 'string' || content.length > MAX_TEXT) return undefined;
  if (!Array.isArray(mentions) || mentions.length > 100 || !mentions.every((m) => typeof m === 'string' && EMAIL.test(m))) return undefined;
  if (typeof notifyAll !== 'boolean') return undefined;
  if (parentNoteId !== undefined && parentNoteId !== '' && !(typeof parentNoteId === 'string' && ID.test(parentNoteId))) return undefined;
  return { content, mentions: mentions as string[], notifyAll, parentNoteId: parentNoteId || undefined };
}

export function parseReplyDraft(value: unknown): ReplyDraft | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { body, replyType = 'reply', replyTo } = value as Record<string, unknown>;
  if (typeof body !== 'string' || body.length > MAX_TEXT) return undefined;
  if (typeof replyType !== 'string' || !(REPLY_TYPES as readonly string[]).includes(replyType)) return undefined;
  if (replyTo !== undefined && replyTo !== '' && !(typeof replyTo === 'string' && /^(hiver|gmail):[A-Za-z0-9_-]{1,100}$/.test(replyTo))) return undefined;
  return { body, replyType, replyTo: replyTo || undefined };
}

export function parseConversationMessage(raw: { type: string } & Record<string, unknown>): ConversationWebviewMessage | undefined {
  switch (raw.type) {
    case 'composerReady':
      return { type: 'composerReady' };
    case 'action':
      return typeof raw.action === 'string' && (ACTIONS as readonly string[]).includes(raw.action) ? { type: 'action', action: raw.action as ConversationAction } : undefined;
    case 'saveDraft':
    case 'send': {
      if (raw.kind === 'note') {
        const value = parseNoteDraft(raw.value);
        return value && { type: raw.type, kind: 'note', value };
      }
      if (raw.kind === 'draft') {
        const value = parseReplyDraft(raw.value);
        return value && { type: raw.type, kind: 'draft', value };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
