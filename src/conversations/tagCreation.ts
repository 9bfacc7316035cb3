// Creating a tag without ever creating it twice. Hiver has no idempotency key, so after an
// answer that leaves it open whether the tag was created (timeout, reset, 5xx), the inbox's
// tags are re-read by name before anything offers to create it again. Plain Node (no vscode).
import type { CallOptions, HiverClient } from '../hiver/client';
import { mayHaveReachedServer } from '../hiver/errors';
import type { NewTag, Tag } from '../hiver/models';

/**
 * Creating the tag failed in a way that may have reached Hiver. `notThere`: the tags were
 * re-read and no tag has the name, so it was not created and may be created again; otherwise
 * the re-read failed too and it may have been created.
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
        : `Tag "${tag.name}" may have been created: Hiver did not confirm it (${why}), and the inbox's tags could not be read again to check. Check in Hiver before creating it again.`,
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

/** The inbox's tag with this name (the search matches parts of names): same case first. */
async function findTagNamed(client: HiverClient, inboxId: string, name: string, call: CallOptions): Promise<Tag | undefined> {
  const wanted = name.trim();
  const found = await client.searchTags(inboxId, wanted, call);
  return found.find((tag) => tag.name.trim() === wanted) ?? found.find((tag) => tag.name.trim().toLowerCase() === wanted.toLowerCase());
}
