// @mentions in notes. Hiver wants each mentioned teammate's email twice: in `mentions` and,
// as the bare email, in the note's text (that is what renders as @name in Hiver).
// No vscode import: unit-tested in plain Node.

export interface Member {
  email: string;
  firstName?: string;
  lastName?: string;
}

// Parts bounded as in RFC 5321 (64 before the @, 63 a label) and a match only where a run of
// such characters begins: unbounded, a 100,000-character run (a token, hex) took ~10 s to scan,
// from every position of the run to its end, and froze the extension host while sending.
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,63}/g;

/** The "@query" being typed at `caret`, if any: "@" at the start or after whitespace, no spaces inside. */
export function mentionQueryAt(text: string, caret: number): { start: number; end: number; query: string } | undefined {
  const before = text.slice(0, caret);
  const match = /(^|\s)@([^\s@]*)$/.exec(before);
  if (!match) return undefined;
  const start = caret - match[2].length - 1;
  return { start, end: caret, query: match[2] };
}

/** Members whose name or email contains the query (case-insensitive), best matches first. */
export function matchMembers<T extends Member>(members: readonly T[], query: string, limit = 8): T[] {
  const q = query.trim().toLowerCase();
  const scored: { member: T; score: number }[] = [];
  for (const member of members) {
    const name = `${member.firstName ?? ''} ${member.lastName ?? ''}`.trim().toLowerCase();
    const email = member.email.toLowerCase();
    let score: number;
    if (q === '') score = 3;
    else if (email.startsWith(q) || name.startsWith(q) || (member.lastName ?? '').toLowerCase().startsWith(q)) score = 1;
    else if (email.includes(q) || name.includes(q)) score = 2;
    else continue;
    scored.push({ member, score });
  }
  return scored.sort((a, b) => a.score - b.score).slice(0, limit).map((s) => s.member);
}

/** Replaces the "@query" at [start, end) with the bare email and a space; returns the new text and caret. */
export function insertMention(text: string, range: { start: number; end: number }, email: string): { text: string; caret: number } {
  const insert = `${email} `;
  return { text: text.slice(0, range.start) + insert + text.slice(range.end), caret: range.start + insert.length };
}

/** Every email address written in the text, lower-cased, in order, without repeats. */
export function emailsIn(text: string): string[] {
  const seen = new Set<string>();
  for (const match of text.matchAll(EMAIL)) seen.add(match[0].toLowerCase());
  return [...seen];
}

/**
 * What to send for a note: `mentions` = the chosen mentions plus every member email written in
 * the text; the content gets any chosen mention that is not in it yet, so both places agree.
 */
export function prepareMentions(content: string, chosen: readonly string[], memberEmails: readonly string[]): { content: string; mentions: string[] } {
  const members = new Set(memberEmails.map((e) => e.toLowerCase()));
  const written = emailsIn(content);
  const mentions: string[] = [];
  const add = (email: string) => {
    const normal = email.trim().toLowerCase();
    if (normal && !mentions.includes(normal)) mentions.push(normal);
  };
  for (const email of chosen) add(email);
  for (const email of written) if (members.has(email)) add(email);
  const missing = mentions.filter((email) => !written.includes(email));
  const text = missing.length === 0 ? content : `${content.trimEnd()}${content.trim() ? ' ' : ''}${missing.join(' ')}`;
  return { content: text, mentions };
}
