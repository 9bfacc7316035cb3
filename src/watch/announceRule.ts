// When a watch notification may show, and what it says: one pure rule (no vscode), so the
// settings' combinations are unit-tested (test/unit/watch.announce.test.ts).
import type { WatchSettings } from './watchSettings';
import type { Announcement } from './watchState';

/**
 * Whether this window may take an announcement now. A notification in an unfocused window goes
 * unseen, so it waits for focus, unless the user wants it anyway; then only the polling window
 * shows it, so several windows never race for it.
 */
export function mayAnnounce(settings: Pick<WatchSettings, 'notify' | 'notifyWhenUnfocused'>, window: { focused: boolean; isPoller: boolean }): boolean {
  if (settings.notify === 'off') return false;
  return window.focused || (settings.notifyWhenUnfocused && window.isPoller);
}

/** What of a taken announcement to show: in "assigned" mode only what was assigned to "me" (the new ones are in the badge). */
export function whatToAnnounce(announcement: Announcement, notify: WatchSettings['notify']): Announcement | undefined {
  if (notify === 'off') return undefined;
  if (notify === 'all') return announcement;
  return announcement.assignedIds.length > 0 ? { ...announcement, newIds: [] } : undefined;
}
