import * as vscode from 'vscode';
import { HiverSession } from '../session';
import { TransportState } from '../hiver/transportTypes';
import { formatTime } from '../common/errors';
import { markdownText } from '../common/display';

/** "Hiver: 2 queued · 1,204/5,000 today": the queue and the daily budget, always in view. */
export interface StatusBar {
  /** Adds a line to the tooltip (e.g. watching's pace), re-read on each update. */
  addLine(line: () => string | undefined, onChange: vscode.Event<void>): void;
}

export function registerStatusBar(context: vscode.ExtensionContext, session: HiverSession): StatusBar {
  const extraLines: (() => string | undefined)[] = [];
  const item = vscode.window.createStatusBarItem('hiver.status', vscode.StatusBarAlignment.Left, 10);
  item.name = vscode.l10n.t('Hiver Requests');
  item.command = 'hiver.showLog';
  const update = () => {
    if (!session.keys.get()) {
      item.hide();
      return;
    }
    const state = session.transport.state;
    item.text = statusText(state, Date.now());
    item.tooltip = statusTooltip(state, Date.now(), extraLines.map((line) => line()).filter((line): line is string => line !== undefined));
    item.show();
  };
  // While paused, re-render when the pause ends even if no other event comes.
  const timer = setInterval(() => {
    const paused = session.transport.state.pausedUntil;
    if (paused !== undefined && paused <= Date.now() + 1000) update();
  }, 1000);
  context.subscriptions.push(
    item,
    { dispose: () => clearInterval(timer) },
    session.transport.onDidChangeState(update),
    session.keys.onDidChange(update),
  );
  update();
  return {
    addLine: (line, onChange) => {
      extraLines.push(line);
      context.subscriptions.push(onChange(update));
      update();
    },
  };
}

export function statusText(state: TransportState, now: number): string {
  const parts: string[] = [];
  if (state.pausedUntil !== undefined && state.pausedUntil > now) {
    parts.push(vscode.l10n.t('paused until {0}', formatTime(state.pausedUntil)));
  }
  const waiting = state.queued + state.inFlight;
  if (waiting > 0) parts.push(vscode.l10n.t('{0} queued', formatCount(waiting)));
  parts.push(vscode.l10n.t('{0}/{1} today', formatCount(state.usedToday), formatCount(state.dailyLimit)));
  const icon = state.inFlight > 0 ? '$(sync~spin)' : '$(mail)';
  return `${icon} Hiver: ${parts.join(' · ')}`;
}

export function statusTooltip(state: TransportState, now: number, extra: string[] = []): vscode.MarkdownString {
  const lines = [
    vscode.l10n.t('**Hiver requests**'),
    '',
    vscode.l10n.t('Hiver allows one request per second per account and {0} a day. Every VS Code window of yours shares one pace and one daily count for the account.', formatCount(state.dailyLimit)),
    '',
    vscode.l10n.t('- Waiting: {0}', formatCount(state.queued + state.inFlight)),
    vscode.l10n.t('- Used today: {0} of {1} (resets at {2})', formatCount(state.usedToday), formatCount(state.dailyLimit), formatTime(state.resetAt)),
  ];
  if (state.pausedUntil !== undefined && state.pausedUntil > now) {
    lines.push(vscode.l10n.t('- Paused until {0}: Hiver answered "too many requests"', formatTime(state.pausedUntil)));
  }
  if (state.widenedGapMs !== undefined) {
    lines.push(
      vscode.l10n.t(
        '- Hiver refused {0} requests with "too many requests" in the last minute (other clients of the account count too): requests now go about {1} ms apart, in the slots other machines of the account leave free, and more often again after a while without them',
        formatCount(state.refusedLastWindow ?? 0),
        formatCount(state.widenedGapMs),
      ),
    );
  }
  if (state.cautiousPacing) {
    lines.push(vscode.l10n.t('- Hiver refused a request although it was paced: requests now also wait the full interval after each answer'));
  }
  if (state.lastError) {
    // The message is the server's text: escaped so it cannot form links, images or emphasis.
    lines.push(vscode.l10n.t('- Last error ({0}): {1}', formatTime(state.lastError.at), markdownText(state.lastError.message)));
  }
  // Our own words with API names escaped by their owner; escaped again here as markdown.
  for (const line of extra) lines.push(`- ${markdownText(line)}`);
  lines.push('', vscode.l10n.t('Click to show the Hiver log.'));
  const tooltip = new vscode.MarkdownString(lines.join('\n'));
  tooltip.supportThemeIcons = false;
  return tooltip;
}

// toLocaleString, not a module-level Intl.NumberFormat: building one when the bundle loads cost
// about 10 ms of activation (ICU's locale data), and V8 caches the default-locale formatter.
function formatCount(count: number): string {
  return count.toLocaleString();
}
