import type { InboxUser } from '../hiver/models';

/** How a user reads everywhere (tree, search, panels): "First Last", or the email when both names are empty. */
export function userName(user: InboxUser): string {
  return `${user.firstName} ${user.lastName}`.trim() || user.email;
}
