// Creating a tag without ever creating it twice. Hiver has no idempotency key, so after an
// answer that leaves it open whether the tag was created (timeout, reset, 5xx), the inbox's
// tags are re-read by name before anything offers to create it again. Plain Node (no vscode).
import type { CallOptions, HiverClient } from '../hiver/client';
import { mayHaveReachedServer } from '../hiver/errors';
import type { NewTag, Tag } from '../hiver/models';

/**
 * Creating the tag failed in a way that may have reached Hiver. `notThere`: the tags were
 * re-read and no tag has the name, so it was not created and may be created again; otherwise
 * the re-read failed too (or had too many pages) and it may have been created.
 */
export class TagMaybeCreatedError extends Error {
  constructor(
    readonly tag: NewTag,
    readonly notThere: boolean,
    override readonly cause: unknown,
  ) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      notThere
        ? `Tag "${tag.name}" was not created: Hiver did not confirm it (${why}), and the inbox's tags, read again, do not have it.`
        : `Tag "${tag.name}" may have been created: Hiver did not confirm it (${why}), and the inbox's tags could not all be read again to check. Check in Hiver before creating it again.`,
    );
    this.name = 'TagMaybeCreatedError';
  }
}

/**
 * Creates `tag` in the inbox, or finds the one an unconfirmed earlier attempt created.
 * `findFirst` (a retry after TagMaybeCreatedError) looks for it by name before creating.
 */
export async function createTagOnce(client: HiverClient, inboxId: string, tag: NewTag, options: CallOptions & { findFirst?: boolean } = {}): Promise<Tag> {
  const { findFirst, ...call } = options;
  if (findFirst) {
    const existing = await findTagNamed(client, inboxId, tag.name, call);
    if (existing) return existing;
  }
  try {
    return await client.createTag(inboxId, tag, call);
  } catch (error) {
    if (!mayHaveReachedServer(error)) throw error;
    let found: Tag | undefined;
    try {
      found = await findTagNamed(client, inboxId, tag.name, call);
    } catch {
      throw new TagMaybeCreatedError(tag, false, error);
    }
    if (found) return found;
    throw new TagMaybeCreatedError(tag, true, error);
  }
}

/** Pages of search results read at most: "not there" needs every page, and requests are scarce. */
export const MAX_SEARCH_PAGES = 10;

/**
 * The inbox's tag with this name, same case first; undefined only when every page of the
 * search (it matches parts of names) was read without it. Throws when there are more pages.
 */
async function findTagNamed(client: HiverClient, inboxId: string, name: string, call: CallOptions): Promise<Tag | undefined> {
  const wanted = name.trim();
  const found: Tag[] = [];
  let nextPage: string | undefined;
  for (let pages = 0; pages < MAX_SEARCH_PAGES; pages++) {
    const page = await client.searchTagsPage(inboxId, wanted, { nextPage }, call);
    found.push(...page.items);
    const same = found.find((tag) => tag.name.trim() === wanted);
    if (same) return same;
    nextPage = page.nextPage || undefined;
    if (!nextPage) return found.find((tag) => tag.name.trim().toLowerCase() === wanted.toLowerCase());
  }
  throw new Error(`More than ${MAX_SEARCH_PAGES} pages of tags match "${wanted}": could not check them all.`);
}
