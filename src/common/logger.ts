import * as vscode from 'vscode';

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
