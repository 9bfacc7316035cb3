// Matching what is already loaded: runs on every keystroke, so it never sends a request.
import type { GroupItems, HiverModel } from '../model/hiverModel';
import type { Inbox, InboxUser, Tag } from '../hiver/models';
import { userName } from '../common/users';

export type SearchKind = 'users' | 'tags';

export interface SearchHit<K extends SearchKind = SearchKind> {
  kind: K;
  inbox: Inbox;
  item: GroupItems[K];
  /** True when the item came in a loaded page, so the tree has a row to reveal. */
  paged: boolean;
}

export interface LoadedMatches<K extends SearchKind> {
  hits: SearchHit<K>[];
  /** How many matched before `limit` cut the list. */
  total: number;
}

/** The texts a query is matched against, most specific first. */
function searchableTexts(kind: SearchKind, item: InboxUser | Tag): string[] {
  if (kind === 'tags') return [(item as Tag).name];
  const user = item as InboxUser;
  return [user.email, userName(user), user.lastName];
}

/** 0: exact, 1: prefix, 2: contains; undefined: no match. */
function rank(texts: string[], query: string): number | undefined {
  let best: number | undefined;
  for (const text of texts.map((t) => t.toLowerCase())) {
    const score = text === query ? 0 : text.startsWith(query) ? 1 : text.includes(query) ? 2 : undefined;
    if (score !== undefined && (best === undefined || score < best)) best = score;
  }
  return best;
}

/**
 * Users or tags held in the model (loaded pages and earlier search finds) whose email, name or
 * tag name contains `text`, ignoring case; exact and prefix matches first. Empty text matches all.
 */
export function searchLoaded<K extends SearchKind>(model: HiverModel, kind: K, text: string, limit = 200): LoadedMatches<K> {
  const query = text.trim().toLowerCase();
  const candidates: SearchHit<K>[] = [
    ...model.loadedEverywhere(kind).map(({ inbox, item }) => ({ kind, inbox, item, paged: true })),
    ...model.foundEverywhere(kind).map(({ inbox, item }) => ({ kind, inbox, item, paged: false })),
  ];
  const ranked: { hit: SearchHit<K>; score: number }[] = [];
  for (const hit of candidates) {
    const score = query === '' ? 2 : rank(searchableTexts(kind, hit.item), query);
    if (score !== undefined) ranked.push({ hit, score });
  }
  // Array.prototype.sort is stable: equal scores keep the loaded order.
  ranked.sort((a, b) => a.score - b.score);
  return { hits: ranked.slice(0, limit).map((r) => r.hit), total: ranked.length };
}
