// What a composer (the note or the shared draft of one conversation) holds, as the host sends
// it to the panel. The host is the one source of truth: a panel shows exactly this whenever it
// is drawn (opened, shown again after being hidden, restored after a reload), because a hidden
// webview misses messages and its own saved state may be older than the host's.
// Types only: the webview bundle shares them.
import type { ComposerKind, NoteDraft, ReplyDraft } from './draftStore';

/**
 * `sending`: a request is in flight (the fields are locked). `unconfirmed`: a send of this text
 * started and Hiver never confirmed or refused it (a timeout, a reset, a 5xx, a reload or crash
 * mid-request): it may be in Hiver, so sending again needs an explicit "Send Anyway".
 */
export type ComposerPhase = 'editing' | 'sending' | 'unconfirmed';

export interface ComposerSnapshot {
  kind: ComposerKind;
  /**
   * Changes whenever the host changes this composer (a send starts or ends). The panel sends it
   * back with every save and send, so one made on an older state (a late save after the text
   * was sent, a click on a text the panel should no longer show) is recognised and ignored.
   */
  revision: number;
  /** The text kept; undefined when there is none. */
  value?: NoteDraft | ReplyDraft;
  phase: ComposerPhase;
  /** One line under the composer: the last outcome ("Note added."), or why nothing was sent. */
  notice?: { text: string; error: boolean };
}
