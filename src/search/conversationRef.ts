// What "Go to Conversation" accepts: a Hiver conversation id, a Gmail thread id or a Hiver
// permalink. Pure (no vscode import) so it is unit-tested in plain Node.
import { isHiverHost } from '../common/permalinks';

export type ConversationRef =
  /** Hiver's numeric conversation id, e.g. 538706170. */
  | { kind: 'id'; value: string }
  /** A Gmail thread id: 16 hex digits, e.g. 19cfee91188070f8. The API accepts it in place of the id. */
  | { kind: 'threadId'; value: string }
  /** A Hiver permalink. It carries no conversation id, so only loaded conversations can match it. */
  | { kind: 'permalink'; visibility: 'pvt' | 'pub'; token: string; value: string }
  | { kind: 'invalid'; reason: InvalidReason };

export type InvalidReason = 'empty' | 'notHiverLink' | 'notPermalink' | 'unrecognised';

const CONVERSATION_ID = /^\d{1,19}$/;
const THREAD_ID = /^[0-9a-f]{16}$/i;
const PERMALINK_PATH = /^\/permalinks\/(pvt|pub)\/([A-Za-z0-9_-]+)\/?$/;
// Ids and permalinks are short. Longer text (an API field, a command argument, a paste) is
// refused before any regex, so no check below can take long on it.
const LONGEST_REF = 2048;

export function parseConversationRef(input: string): ConversationRef {
  const trimmed = input.trim();
  if (trimmed.length > LONGEST_REF) return { kind: 'invalid', reason: 'unrecognised' };
  // People paste ids with a leading "#" or surrounding quotes or spaces.
  const text = stripQuotes(trimmed).replace(/^#/, '').trim();
  if (text === '') return { kind: 'invalid', reason: 'empty' };
  // A 16-digit all-decimal string fits both forms; the API accepts either in the same place.
  if (CONVERSATION_ID.test(text) && !THREAD_ID.test(text)) return { kind: 'id', value: text };
  if (THREAD_ID.test(text)) return { kind: 'threadId', value: text.toLowerCase() };
  if (/^[a-z][a-z0-9+.-]*:/i.test(text) || text.includes('hiverhq.com/')) return parsePermalink(text);
  return { kind: 'invalid', reason: 'unrecognised' };
}

/** Drops leading `"'<` and trailing `"'>`. A loop: the regex for the tail was quadratic on a long run of them. */
function stripQuotes(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && `"'<`.includes(text[start])) start++;
  while (end > start && `"'>`.includes(text[end - 1])) end--;
  return text.slice(start, end);
}

function parsePermalink(text: string): ConversationRef {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`);
  } catch {
    return { kind: 'invalid', reason: 'unrecognised' };
  }
  const host = url.hostname.toLowerCase();
  // Only matched against loaded links, never opened, so an http: copy of a link is accepted too.
  const onHiver = isHiverHost(host);
  if (!['https:', 'http:'].includes(url.protocol) || !onHiver || url.username !== '' || url.password !== '') {
    return { kind: 'invalid', reason: 'notHiverLink' };
  }
  const match = PERMALINK_PATH.exec(url.pathname);
  if (!match) return { kind: 'invalid', reason: 'notPermalink' };
  const [, visibility, token] = match;
  return { kind: 'permalink', visibility: visibility as 'pvt' | 'pub', token, value: `https://${host}/permalinks/${visibility}/${token}` };
}

/**
 * True when a conversation's stored permalink is the same link as a parsed one: same kind
 * (private or public) and token, ignoring the host's case, a trailing slash, query and fragment.
 */
export function permalinkMatches(ref: Extract<ConversationRef, { kind: 'permalink' }>, stored: string | undefined): boolean {
  if (!stored) return false;
  const parsed = parseConversationRef(stored);
  return parsed.kind === 'permalink' && parsed.visibility === ref.visibility && parsed.token === ref.token;
}
