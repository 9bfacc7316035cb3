// The command-palette search and navigation: Find User by Email, Find Tag by Name,
// Go to Inbox and Go to Conversation. The pickers and lookups live in src/search/ (loaded by
// the first search: lazyFeatures.ts).
//
// Each command also takes an argument, for scripts and the in-host tests: then it shows no
// picker and resolves with what it found (see FindArgs / GoToConversationResult).
import * as vscode from 'vscode';
import type { HiverSession } from '../session';
import type { InboxTree } from '../tree/inboxTree';
import type { DetailPanels } from '../panels/panelRegistry';
import { describeError } from '../common/errors';
import { logger } from '../common/logger';
import type { SearchHit, SearchKind } from '../search/loadedSearch';
import type { InboxFailure } from '../search/serverSearch';
import type { GoToConversationResult } from '../search/goToConversation';
import { features } from '../lazyFeatures';
import type { ConversationMatch } from '../search/findConversation';
import { showWarning } from '../common/notify';

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

export function registerSearch(context: vscode.ExtensionContext, session: HiverSession, tree: InboxTree, panels: DetailPanels): void {
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
    await panels.show({ kind: hit.kind === 'users' ? 'user' : 'tag', inboxId: hit.inbox.id, id: hit.item.id });
  };

  const openConversation = async ({ inbox, conversation, paged }: ConversationMatch) => {
    if (paged) await reveal({ inboxId: inbox.id, kind: 'conversations', itemId: conversation.id });
    await panels.show({ kind: 'conversation', inboxId: inbox.id, id: conversation.id });
  };

  const find = async (kind: SearchKind, args: unknown): Promise<FindResult | undefined> => {
    if (!isFindArgs(args)) {
      const hit = await features().pickSearchHit(model, kind);
      if (hit) await openHit(hit);
      return hit ? { hits: [hit], failures: [], chosen: hit } : undefined;
    }
    let result: FindResult;
    if (args.scope === 'server') {
      const inboxes = await features().loadEveryInbox(model);
      const answer = await features().searchServer(model, kind, args.query, inboxes);
      result = { hits: answer.hits, failures: answer.failures };
    } else {
      result = { hits: features().searchLoaded(model, kind, args.query).hits, failures: [] };
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
      const inboxes = await features().loadEveryInbox(model);
      if (!inboxes.some((inbox) => inbox.id === inboxId)) {
        void showWarning('There is no inbox with id {0} in this Hiver account.', inboxId);
        return undefined;
      }
      await reveal({ inboxId });
      return inboxId;
    }
    const inbox = await features().pickInbox(model);
    if (!inbox) return undefined;
    await reveal({ inboxId: inbox.id });
    return inbox.id;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('hiver.findUser', (args?: unknown) => find('users', args)),
    vscode.commands.registerCommand('hiver.findTag', (args?: unknown) => find('tags', args)),
    vscode.commands.registerCommand('hiver.goToInbox', (inboxId?: unknown) => goToInbox(inboxId)),
    vscode.commands.registerCommand(
      'hiver.goToConversation',
      (reference?: unknown): Promise<GoToConversationResult> =>
        features().goToConversation(model, typeof reference === 'string' || typeof reference === 'number' ? String(reference) : undefined, openConversation),
    ),
  );
}
