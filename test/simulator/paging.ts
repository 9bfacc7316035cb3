// List paging as Hiver does it: `limit` 10..100 (default 10), `sort_by`/`sort_order`, and an
// opaque base64 `next_page` token that carries the cursor and the sort, shaped like the token in
// Hiver's OpenAPI example: base64({"cursor": base64({<sort field>: v, "id": id,
// "_pointsToNextItems": true}), "sort_order": "desc", "sort_by": "id"}).

import { ApiError } from './apiError';

export interface SortSpec<T> {
  /** Accepted sort_by values and how to read each from an item; unknown values are ignored. */
  fields: Record<string, (item: T) => string | number>;
  defaultBy: string;
  defaultOrder: 'asc' | 'desc';
  /** The id (see idKey), the tie-breaker for every sort. */
  idOf: (item: T) => string | number;
}

/** An id as a sort key: numeric ids sort as numbers, others (the hostile dataset's) as text after them. */
export function idKey(id: string | number): string | number {
  return typeof id === 'number' || /^(0|[1-9]\d{0,14})$/.test(id) ? Number(id) : id;
}

interface Sort {
  by: string;
  order: 'asc' | 'desc';
}

interface Cursor {
  value: string | number;
  id: string | number;
}

export interface PageResult<T> {
  items: T[];
  nextPage: string | null;
  /** The token that leads to the first page with this sort (used by the pageLoop fault). */
  firstPageToken: string;
}

export function parseLimit(query: Record<string, string>): number {
  const raw = query.limit;
  if (raw === undefined) return 10;
  if (!/^\d+$/.test(raw) || Number(raw) < 10 || Number(raw) > 100) {
    throw new ApiError(400, `Invalid value for limit: ${raw}. limit must be a number between 10 and 100.`);
  }
  return Number(raw);
}

export function pageOf<T>(all: T[], query: Record<string, string>, spec: SortSpec<T>): PageResult<T> {
  const limit = parseLimit(query);
  let sort: Sort;
  let cursor: Cursor | undefined;
  if (query.next_page) {
    ({ sort, cursor } = decodeToken(query.next_page, spec));
  } else {
    sort = {
      by: query.sort_by !== undefined && query.sort_by in spec.fields ? query.sort_by : spec.defaultBy,
      order: query.sort_order === 'asc' || query.sort_order === 'desc' ? query.sort_order : spec.defaultOrder,
    };
  }
  const read = spec.fields[sort.by];
  const direction = sort.order === 'asc' ? 1 : -1;
  const compare = (a: Cursor, b: Cursor): number => direction * (compareValues(a.value, b.value) || compareValues(a.id, b.id));
  const keyed = all.map((item) => ({ item, key: { value: normalise(read(item)), id: spec.idOf(item) } }));
  const remaining = cursor ? keyed.filter((k) => compare(k.key, cursor) > 0) : keyed;
  remaining.sort((a, b) => compare(a.key, b.key));
  const page = remaining.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((k) => k.item),
    nextPage: remaining.length > limit ? encodeToken(sort, last.key) : null,
    firstPageToken: encodeToken(sort, undefined),
  };
}

/** Sorting by text is case-insensitive, as people expect names to sort. */
function normalise(value: string | number): string | number {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

/** Numbers before text, so mixed ids still sort in one consistent order. */
function compareValues(a: string | number, b: string | number): number {
  if (a === b) return 0;
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
  return a < b ? -1 : 1;
}

function encodeToken(sort: Sort, cursor: Cursor | undefined): string {
  const inner = cursor ? Buffer.from(JSON.stringify({ [sort.by]: cursor.value, id: cursor.id, _pointsToNextItems: true })).toString('base64') : '';
  return Buffer.from(JSON.stringify({ cursor: inner, sort_order: sort.order, sort_by: sort.by })).toString('base64');
}

function decodeToken<T>(token: string, spec: SortSpec<T>): { sort: Sort; cursor?: Cursor } {
  const invalid = new ApiError(400, 'Invalid next_page token');
  try {
    const outer = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Record<string, unknown>;
    const by = outer.sort_by;
    const order = outer.sort_order;
    if (typeof by !== 'string' || !(by in spec.fields) || (order !== 'asc' && order !== 'desc') || typeof outer.cursor !== 'string') throw invalid;
    if (outer.cursor === '') return { sort: { by, order } };
    const inner = JSON.parse(Buffer.from(outer.cursor, 'base64').toString('utf8')) as Record<string, unknown>;
    const value = inner[by];
    if ((typeof value !== 'string' && typeof value !== 'number') || (typeof inner.id !== 'number' && typeof inner.id !== 'string')) throw invalid;
    // Sorted by id, the token's one `id` key is the raw id: compare it as the keys are (normalised).
    return { sort: { by, order }, cursor: { value: normalise(value), id: inner.id } };
  } catch {
    throw invalid;
  }
}
