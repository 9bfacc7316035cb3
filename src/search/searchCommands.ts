// What the search commands do (commands/search.ts registers them): Find User by Email, Find
// Tag by Name, Go to Inbox and Go to Conversation. Loaded with the first of them (lazyFeatures.ts).
import type { HiverSession } from '../session';
import type { InboxTree } from '../tree/inboxTree';
import type { EntityRef } from '../panels/protocol';
import { describeError } from '../common/errors';
import { logger } from '../common/logger';
import { showWarning } from '../common/notify';
import { searchLoaded, type SearchHit, type SearchKind } from './loadedSearch';
import { loadEveryInbox, searchServer, type InboxFailure } from './serverSearch';
import { pickSearchHit } from './findPicker';
import { pickInbox } from './inboxPicker';
import { goToConversation, type GoToConversationResult } from './goToConversation';
import type { ConversationMatch } from './findConversation';

const log = logger('search');

/** `hiver.findUser` / `hiver.findTag` with an argument: search without a picker. */
export interface FindArgs {
  query: string;
  /** 'loaded' (default): what the model holds, no request; 'server': one request per inbox. */
  scope?: 'loaded' | 'server';
  /** Index of the hit to open (reveal in the tree, show its panel). */
  choose?: number;
}

export interface FindResult {
  hits: SearchHit[];
  failures: InboxFailure[];
  chosen?: SearchHit;
}

function isFindArgs(value: unknown): value is FindArgs {
  return typeof value === 'object' && value !== null && typeof (value as FindArgs).query === 'string';
}

export interface SearchCommands {
  findUser(args?: unknown): Promise<FindResult | undefined>;
  findTag(args?: unknown): Promise<FindResult | undefined>;
  goToInbox(inboxId?: unknown): Promise<string | undefined>;
  goToConversation(reference?: unknown): Promise<GoToConversationResult>;
}

/** `showPanel`: the detail panels' show (panelRegistry.ts). */
export function searchCommands(session: HiverSession, tree: InboxTree, showPanel: (ref: EntityRef) => Promise<void>): SearchCommands {
  const { model } = session;

  /** Reveals a row only when the tree has one, so revealing never loads a page. */
  const reveal = async (target: Parameters<InboxTree['reveal']>[0]) => {
    try {
      await tree.reveal(target, { select: true, focus: false, expand: target.kind === undefined });
    } catch (error) {
      log.warn(`could not reveal ${JSON.stringify(target)} in the tree: ${describeError(error)}`);
    }
  };

  const openHit = async (hit: SearchHit) => {
    if (hit.paged) await reveal({ inboxId: hit.inbox.id, kind: hit.kind, itemId: hit.item.id });
    await showPanel({ kind: hit.kind === 'users' ? 'user' : 'tag', inboxId: hit.inbox.id, id: hit.item.id });
  };

  const openConversation = async ({ inbox, conversation, paged }: ConversationMatch) => {
    if (paged) await reveal({ inboxId: inbox.id, kind: 'conversations', itemId: conversation.id });
    await showPanel({ kind: 'conversation', inboxId: inbox.id, id: conversation.id });
  };

  const find = async (kind: SearchKind, args: unknown): Promise<FindResult | undefined> => {
    if (!isFindArgs(args)) {
      const hit = await pickSearchHit(model, kind);
      if (hit) await openHit(hit);
      return hit ? { hits: [hit], failures: [], chosen: hit } : undefined;
    }
    let result: FindResult;
    if (args.scope === 'server') {
      const inboxes = await loadEveryInbox(model);
      const answer = await searchServer(model, kind, args.query, inboxes);
      result = { hits: answer.hits, failures: answer.failures };
    } else {
      result = { hits: searchLoaded(model, kind, args.query).hits, failures: [] };
    }
    const chosen = args.choose === undefined ? undefined : result.hits[args.choose];
    if (chosen) {
      await openHit(chosen);
      result.chosen = chosen;
    }
    return result;
  };

  /** Picks (or takes) an inbox and reveals it expanded. Resolves with its id. */
  const goToInbox = async (inboxId: unknown): Promise<string | undefined> => {
    if (typeof inboxId === 'string') {
      const inboxes = await loadEveryInbox(model);
      if (!inboxes.some((inbox) => inbox.id === inboxId)) {
        void showWarning('There is no inbox with id {0} in this Hiver account.', inboxId);
        return undefined;
      }
      await reveal({ inboxId });
      return inboxId;
    }
    const inbox = await pickInbox(model);
    if (!inbox) return undefined;
    await reveal({ inboxId: inbox.id });
    return inbox.id;
  };

  return {
    findUser: (args) => find('users', args),
    findTag: (args) => find('tags', args),
    goToInbox,
    goToConversation: (reference) => goToConversation(model, typeof reference === 'string' || typeof reference === 'number' ? String(reference) : undefined, openConversation),
  };
}
