import * as vscode from 'vscode';
import type { RequestLogLine } from '../hiver/transportTypes';

/** The one "Hiver" log channel; users pick its level with "Developer: Set Log Level". */
let channel: vscode.LogOutputChannel | undefined;

export function logChannel(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Hiver', { log: true });
  return channel;
}

/** A logger whose lines start with a component prefix, e.g. "[tree]". */
export function logger(component: string) {
  const prefix = `[${component}]`;
  return {
    trace: (message: string) => logChannel().trace(`${prefix} ${message}`),
    info: (message: string) => logChannel().info(`${prefix} ${message}`),
    warn: (message: string) => logChannel().warn(`${prefix} ${message}`),
    error: (message: string | Error) =>
      logChannel().error(`${prefix} ${message instanceof Error ? message.message : message}`),
  };
}

/**
 * The "[http]" line for one request attempt: "GET /v1/inboxes?limit=50 200 412 ms", then
 * " (attempt 2)" and ": note" when there are. Only method, path, status or error and time:
 * the key travels in a header and never reaches a log line.
 */
export function requestLogText(line: RequestLogLine): string {
  const attempt = line.attempt > 1 ? ` (attempt ${line.attempt})` : '';
  const note = line.note ? `: ${line.note}` : '';
  return `${line.method} ${line.path} ${line.status ?? line.error ?? 'failed'} ${line.ms} ms${attempt}${note}`;
}
