import type { InboxUser } from '../hiver/models';

/** The longest email address there can be (RFC 5321's 256-character path less its brackets). */
const LONGEST_EMAIL = 254;

/** How a user reads everywhere (tree, search, panels): "First Last", or the email when both names are empty. */
export function userName(user: InboxUser): string {
  return `${user.firstName} ${user.lastName}`.trim() || user.email;
}

/**
 * True when the text could be an email address (server user search is an exact match on it, and
 * a picker offers it as typed). Longer text is refused first: the pattern took minutes on a
 * long run of dots after the @.
 */
export function looksLikeEmail(text: string): boolean {
  const email = text.trim();
  return email.length <= LONGEST_EMAIL && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);
}
