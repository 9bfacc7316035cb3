// The one rule for a list request's `limit`: the client applies it to every list it asks for,
// and the settings read `hiver.pageSize` through it so "Load more (N)" says what is fetched.

export const MIN_LIMIT = 10;
export const MAX_LIMIT = 100;

/** Hiver accepts 10..100 per page. Default 100: requests are scarce, bytes are not. */
export function clampLimit(limit?: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return MAX_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(MIN_LIMIT, Math.round(limit)));
}
