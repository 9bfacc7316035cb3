// Paging helpers: limit clamping, and an iterator over every page that stops on a loop
// instead of spending the day's request budget on it.
import { CancelledError, PagingLoopError } from './errors';
import type { Page } from './models';

export const MIN_LIMIT = 10;
export const MAX_LIMIT = 100;

/** Hiver accepts 10..100 per page. Default 100: requests are scarce, bytes are not. */
export function clampLimit(limit?: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return MAX_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(MIN_LIMIT, Math.round(limit)));
}

/**
 * Yields pages until `next_page` is null, missing or empty (or a page comes back empty).
 * Throws PagingLoopError on a token seen before or a page whose ids were all seen before.
 */
export async function* allPages<T extends { id: string }>(
  fetchPage: (nextPage: string | undefined) => Promise<Page<T>>,
  options: { signal?: AbortSignal; firstToken?: string; operation?: string } = {},
): AsyncGenerator<Page<T>> {
  const operation = options.operation ?? 'allPages';
  const seenTokens = new Set<string>();
  const seenIds = new Set<string>();
  let token = options.firstToken || undefined;
  if (token !== undefined) seenTokens.add(token);
  for (;;) {
    if (options.signal?.aborted) throw new CancelledError(operation, `${operation} was cancelled.`);
    const page = await fetchPage(token);
    if (page.items.length > 0 && page.items.every((item) => seenIds.has(item.id))) {
      throw new PagingLoopError(operation, `Hiver sent a page of ${operation} seen before; stopped paging so the daily request budget is not spent on a loop.`);
    }
    for (const item of page.items) seenIds.add(item.id);
    yield page;
    const next = page.nextPage || undefined;
    // An empty page with a token would only spend requests: treat it as the end.
    if (next === undefined || page.items.length === 0) return;
    if (seenTokens.has(next)) {
      throw new PagingLoopError(operation, `Hiver sent a page token for ${operation} seen before; stopped paging so the daily request budget is not spent on a loop.`);
    }
    seenTokens.add(next);
    token = next;
  }
}
