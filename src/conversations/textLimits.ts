// How long a note or shared draft may be. One place, read by the panel's textarea (maxlength and
// the hint under it), the webview message parser and the composer's check before sending.
// No imports: the webview bundle shares it.

/** The longest text the extension sends to Hiver (Hiver documents no limit; this is ours). */
export const MAX_TEXT_LENGTH = 100_000;

/**
 * The longest text a panel may hand the host to keep. Longer than what is sent, so a text that
 * got past the textarea (a paste, a saved draft) is still kept and the panel says why it cannot
 * be sent; the cap only stops a runaway webview from filling workspace storage.
 */
export const MAX_KEPT_TEXT_LENGTH = 10 * MAX_TEXT_LENGTH;
