// Conversation ids compared as numbers when both are numeric ("9" < "10"), as text otherwise.
// Digit strings are compared by length first, so ids beyond 2^53 stay exact.

const DIGITS = /^\d+$/;

export const isNumericId = (id: string): boolean => DIGITS.test(id);

export function compareIds(a: string, b: string): number {
  if (DIGITS.test(a) && DIGITS.test(b)) {
    const x = a.replace(/^0+(?=\d)/, '');
    const y = b.replace(/^0+(?=\d)/, '');
    if (x.length !== y.length) return x.length - y.length;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when the ids run from highest to lowest (what sort_order=desc asks for); a page of 0 or 1 says nothing. */
export function isDescending(ids: readonly string[]): boolean {
  for (let i = 1; i < ids.length; i++) if (compareIds(ids[i - 1], ids[i]) < 0) return false;
  return true;
}

/** The highest of the numeric ids (undefined when none is numeric). */
export function highestNumericId(ids: Iterable<string>): string | undefined {
  let highest: string | undefined;
  for (const id of ids) if (DIGITS.test(id) && (highest === undefined || compareIds(id, highest) > 0)) highest = id;
  return highest;
}
