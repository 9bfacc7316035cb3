// Finding one conversation by id, Gmail thread id or permalink: loaded data first (free),
// then asking inboxes one at a time (the API has no account-wide lookup that works).
import type { HiverModel } from '../model/hiverModel';
import type { Conversation, Inbox } from '../hiver/models';
import { describeError } from '../common/errors';
import { permalinkMatches, type ConversationRef } from './conversationRef';
import { loadEveryInbox, STOPPING_KINDS, type InboxFailure } from './serverSearch';

export type ValidConversationRef = Exclude<ConversationRef, { kind: 'invalid' }>;

export interface ConversationMatch {
  inbox: Inbox;
  conversation: Conversation;
  /** True when the conversation came in a loaded page, so the tree has a row for it. */
  paged: boolean;
}

/** A loaded (or earlier found) conversation the reference names; no request. */
export function findLoadedConversation(model: HiverModel, ref: ValidConversationRef): ConversationMatch | undefined {
  const matches = (conversation: Conversation) =>
    ref.kind === 'permalink'
      ? permalinkMatches(ref, conversation.privatePermalink) || permalinkMatches(ref, conversation.publicPermalink)
      : conversation.id === ref.value || conversation.gmailThreadId?.toLowerCase() === ref.value.toLowerCase();
  for (const { inbox, item } of model.loadedEverywhere('conversations')) {
    if (matches(item)) return { inbox, conversation: item, paged: true };
  }
  for (const { inbox, item } of model.foundEverywhere('conversations')) {
    if (matches(item)) return { inbox, conversation: item, paged: false };
  }
  return undefined;
}

export interface ServerLookup {
  match?: ConversationMatch;
  /** How many inboxes were asked. */
  asked: number;
  inboxCount: number;
  /** Inboxes whose request failed other than with 404 (the conversation may be there). */
  failures: InboxFailure[];
  cancelled: boolean;
}

/**
 * Asks each inbox for the id (or thread id) until one has it: a 404 means "not in this
 * inbox", so the next one is asked; the first hit stops the search. The hit is remembered in
 * the model beside the pages, so its panel and a second lookup find it without a request.
 */
export async function lookUpConversation(
  model: HiverModel,
  idOrThread: string,
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number, inbox: Inbox) => void } = {},
): Promise<ServerLookup> {
  const inboxes = await loadEveryInbox(model, options.signal);
  const lookup: ServerLookup = { asked: 0, inboxCount: inboxes.length, failures: [], cancelled: false };
  for (const [index, inbox] of inboxes.entries()) {
    if (options.signal?.aborted) {
      lookup.cancelled = true;
      break;
    }
    options.onProgress?.(index, inboxes.length, inbox);
    lookup.asked++;
    try {
      const conversation = await model.client.getConversation(inbox.id, idOrThread, { priority: 'user', signal: options.signal });
      const ref = { kind: 'conversations' as const, inboxId: inbox.id };
      model.remember(ref, conversation);
      lookup.match = { inbox, conversation, paged: model.list(ref).hasPaged(conversation.id) };
      break;
    } catch (error) {
      // By `kind`, not instanceof: the in-host tests bundle their own copy of the error classes.
      const kind = (error as { kind?: string } | undefined)?.kind;
      if (kind === 'notFound') continue;
      if (options.signal?.aborted || kind === 'cancelled') {
        lookup.cancelled = true;
        break;
      }
      lookup.failures.push({ inbox, message: describeError(error) });
      if (kind && STOPPING_KINDS.has(kind)) break;
    }
  }
  return lookup;
}
