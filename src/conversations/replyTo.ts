// Which message a shared draft replies to, as the composer stores it: "hiver:<id>" or
// "gmail:<id>". The API wants exactly one of hiver_message_id / gmail_message_id. The id goes
// into a form field, never a path, so any id Hiver gave us is accepted (e.g. "1.5" from a
// number id); only spaces and control or format characters are refused.
import type { NewSharedDraft } from '../hiver/models';

const REPLY_TO = /^(hiver|gmail):([^\s\p{Cc}\p{Cf}]{1,200})$/u;

export function parseReplyTo(replyTo: string | undefined): Pick<NewSharedDraft, 'gmailMessageId' | 'hiverMessageId'> | undefined {
  const match = REPLY_TO.exec(replyTo ?? '');
  if (!match) return undefined;
  return match[1] === 'hiver' ? { hiverMessageId: match[2] } : { gmailMessageId: match[2] };
}

export function replyToValue(message: { hiverMessageId: string }): string {
  return `hiver:${message.hiverMessageId}`;
}
