// The ids of the Inboxes view's rows: paths such as `inbox/101/users/456`, stable across
// refreshes. Every API id goes through idSegment, so it never contains "/" or "~"; the rows
// the extension adds (Load more, errors, messages) end in a `~` segment, which no API id
// can produce. No vscode import: unit-tested.
import { idSegment } from '../common/ids';

export type RowGroupKind = 'users' | 'tags' | 'conversations';

export function inboxRowId(inboxId: string): string {
  return `inbox/${idSegment(inboxId)}`;
}

export function groupRowId(inboxId: string, kind: RowGroupKind): string {
  return `${inboxRowId(inboxId)}/${kind}`;
}

export function itemRowId(inboxId: string, kind: RowGroupKind, itemId: string): string {
  return `${groupRowId(inboxId, kind)}/${idSegment(itemId)}`;
}

/** A row the extension adds under a list: `inboxes/~loadMore`, `inbox/101/tags/~error`. */
export function builtInRowId(ownerRowId: string | undefined, key: string): string {
  return `${ownerRowId ?? 'inboxes'}/~${key}`;
}
