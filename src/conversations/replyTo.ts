// Which message a shared draft replies to, as the composer stores it: "hiver:<id>" or
// "gmail:<id>". The API wants exactly one of hiver_message_id / gmail_message_id.
import type { NewSharedDraft } from '../hiver/models';

export function parseReplyTo(replyTo: string | undefined): Pick<NewSharedDraft, 'gmailMessageId' | 'hiverMessageId'> | undefined {
  const match = /^(hiver|gmail):([A-Za-z0-9_-]{1,100})$/.exec(replyTo ?? '');
  if (!match) return undefined;
  return match[1] === 'hiver' ? { hiverMessageId: match[2] } : { gmailMessageId: match[2] };
}

export function replyToValue(message: { hiverMessageId: string }): string {
  return `hiver:${message.hiverMessageId}`;
}
