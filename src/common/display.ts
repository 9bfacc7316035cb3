// Making API text safe to put in QuickPick items and notifications: the API is data, and
// names can hold anything (the simulator's hostile dataset has script tags, U+202E and 300
// characters). QuickPick labels render `$(icon)` syntax and notifications render `[x](link)`.
// Every QuickPick item, notification, status bar text and tooltip built from API text goes
// through these; notifications and status bar text through src/common/notify.ts, tree rows
// through treeText in the tree provider.

// Embedding, override and isolate controls, and the marks (LRM, RLM, ALM) that reorder as well.
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
// C0, DEL and C1 controls, and the line and paragraph separators (they break lines as "\n" does).
const CONTROLS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g;
const CONTROLS_BUT_NEWLINE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029]/g;

/**
 * Bidi controls and marks (U+202A-E, U+2066-9, U+200E/F, U+061C) are removed, so a name
 * shows its characters in their real order (U+202E is how "exe.txt" spoofs are made);
 * control characters (newlines, tabs, C1, U+2028/9) become spaces.
 */
function plain(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(CONTROLS, ' ');
}

/**
 * For tree labels, descriptions and plain-string tooltips, which render neither icons nor
 * markdown: bidi controls go and control characters become spaces, but newlines stay
 * (tooltips have several lines).
 */
export function treeText(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(CONTROLS_BUT_NEWLINE, ' ');
}

/** For QuickPick labels, descriptions and details. */
export function pickText(text: string): string {
  // A backslash before "$(" is how VS Code escapes icon syntax in labels.
  return plain(text).replace(/\$\(/g, '\\$(');
}

/**
 * For API text in status bar text (a passing message, a Window progress title), which renders
 * `$(icon)`: one line as pickText, and short, since the status bar has little room.
 */
export function statusBarText(text: string): string {
  return pickText(labelText(text, 80));
}

/** For notification messages: no markdown link can form. */
export function messageText(text: string): string {
  return plain(text).replace(/\]\(/g, '] (');
}

/**
 * For API text inside a MarkdownString (a tooltip): every markdown punctuation character is
 * backslash-escaped, `&` included so no `&#x202E;` entity can bring a bidi override back.
 * Spaces stay spaces (MarkdownString.appendText makes them &nbsp;, which stops wrapping).
 */
export function markdownText(text: string): string {
  return plain(text).replace(/[\\`*_{}[\]()#+\-.!~<>|&$:]/g, '\\$&');
}

/**
 * API text as a one-line label (tree rows, picker items, panel headings and fields): bidi
 * controls removed as above, and cut to `max` characters with an ellipsis, at a grapheme
 * boundary so no emoji is split. Where it is used, the full text stays reachable (tooltip,
 * panel field's title and copy button).
 */
export function labelText(text: string, max = 200): string {
  const flat = plain(text);
  if (flat.length <= max) return flat;
  let out = '';
  for (const { segment } of graphemes().segment(flat)) {
    if (out.length + segment.length > max - 1) break;
    out += segment;
  }
  return `${out}…`;
}

// Built on first use, not at load (ICU data costs activation time), then kept: a page of long
// names would otherwise build one per row.
let segmenter: Intl.Segmenter | undefined;
function graphemes(): Intl.Segmenter {
  return (segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' }));
}
