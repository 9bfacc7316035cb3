// API ids inside our own compound keys (tree row ids, panel keys). Ids come from Hiver and can
// hold anything, "/" and "~" included, so a raw id could make a key that means something
// else (`inbox/101/users` for an inbox whose id is "101/users"). No vscode import: unit-tested.

/**
 * An id as one key segment: letters, digits, `_`, `.` and `-` stay; every other UTF-16 unit
 * (lone surrogates too, which encodeURIComponent rejects) becomes `%` and 4 hex digits.
 * Fixed width makes it injective, and the result never holds `/`, `~` or a raw `%`.
 */
export function idSegment(id: string): string {
  return id.replace(/[^A-Za-z0-9_.-]/g, (unit) => '%' + unit.charCodeAt(0).toString(16).padStart(4, '0'));
}
