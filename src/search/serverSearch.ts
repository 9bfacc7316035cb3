// Asking Hiver: one search request per inbox, one inbox at a time through the paced queue
// (requests are the scarce thing: 1 per second per account), so a cancel stops the rest.
import { INBOXES, type HiverModel } from '../model/hiverModel';
import type { Inbox, InboxUser, Tag } from '../hiver/models';
import { describeError } from '../common/errors';
import { isCancellation } from '../hiver/errors';
import type { SearchHit, SearchKind } from './loadedSearch';

export interface InboxFailure {
  inbox: Inbox;
  message: string;
}

export interface ServerSearchResult<K extends SearchKind> {
  hits: SearchHit<K>[];
  /** Inboxes whose request failed; the other inboxes' hits are still there. */
  failures: InboxFailure[];
  /** Inboxes not asked: cancelled, or stopped by an error every later request would share. */
  notSearched: Inbox[];
  cancelled: boolean;
}

export interface ServerSearchOptions<K extends SearchKind> {
  signal?: AbortSignal;
  /** Before each inbox's request: how many are done, of how many. */
  onProgress?: (done: number, total: number, inbox: Inbox) => void;
  /** After each inbox's answer, with everything found so far. */
  onResult?: (partial: ServerSearchResult<K>) => void;
}

/** Errors that every later request would meet too (by `kind`, so a second bundle's copies of the classes match). */
export const STOPPING_KINDS = new Set(['unauthorized', 'budgetExhausted', 'rateLimited', 'cancelled']);

/**
 * Loads every page of the inbox list if it is not loaded (a user action: user priority).
 * A cancel answers the inboxes loaded so far (the caller sees its signal fired); it stops our
 * requests only: the tree awaiting the same page loads it again itself.
 */
export async function loadEveryInbox(model: HiverModel, signal?: AbortSignal): Promise<Inbox[]> {
  try {
    await model.loadRest(INBOXES, { priority: 'user', signal });
  } catch (error) {
    if (!(signal?.aborted && isCancellation(error))) throw error;
  }
  return model.inboxes.items;
}

/**
 * Searches `inboxes` one request each (users: exact email; tags: by name). Each hit is
 * remembered in the model (beside the pages, see HiverModel.remember) so typing it again
 * finds it without a request and its panel can show it.
 */
export async function searchServer<K extends SearchKind>(
  model: HiverModel,
  kind: K,
  text: string,
  inboxes: Inbox[],
  options: ServerSearchOptions<K> = {},
): Promise<ServerSearchResult<K>> {
  const query = text.trim();
  const result: ServerSearchResult<K> = { hits: [], failures: [], notSearched: [], cancelled: false };
  for (const [index, inbox] of inboxes.entries()) {
    if (options.signal?.aborted) {
      result.cancelled = true;
      result.notSearched.push(...inboxes.slice(index));
      break;
    }
    options.onProgress?.(index, inboxes.length, inbox);
    const call = { priority: 'user' as const, signal: options.signal };
    try {
      const items: (InboxUser | Tag)[] =
        kind === 'users' ? await model.client.searchUsers(inbox.id, query, call) : await model.client.searchTags(inbox.id, query, call);
      const ref = { kind, inboxId: inbox.id };
      for (const item of items) {
        model.remember(ref, item as never);
        result.hits.push({ kind, inbox, item: item as SearchHit<K>['item'], paged: model.list(ref).hasPaged(item.id) });
      }
    } catch (error) {
      const errorKind = (error as { kind?: string } | undefined)?.kind;
      if (options.signal?.aborted || errorKind === 'cancelled') {
        result.cancelled = true;
        result.notSearched.push(...inboxes.slice(index));
        break;
      }
      result.failures.push({ inbox, message: describeError(error) });
      if (errorKind && STOPPING_KINDS.has(errorKind)) {
        result.notSearched.push(...inboxes.slice(index + 1));
        break;
      }
    }
    options.onResult?.(result);
  }
  return result;
}
