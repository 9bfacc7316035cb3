// Shared helpers for the extension-host suite: the extension's API and the simulator's
// control endpoints (HIVER_SIM_ORIGIN is set by the harness that starts VS Code).
import * as vscode from 'vscode';
import type { HiverExtensionApi } from '../../src/extension';
import type { RequestLogEntry } from '../simulator/types';

export const EXTENSION_ID = 'hiver-vscode.hiver-vscode';
export const DEMO_KEY = 'hiver-demo-key';

export async function extensionApi(): Promise<HiverExtensionApi> {
  const extension = vscode.extensions.getExtension<HiverExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not installed`);
  return extension.activate();
}

function simOrigin(): string {
  const origin = process.env.HIVER_SIM_ORIGIN;
  if (!origin) throw new Error('HIVER_SIM_ORIGIN is not set: run the suite through the test harness');
  return origin;
}

async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${simOrigin()}/__sim/${path}`, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`simulator control ${method} ${path}: ${response.status}`);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export type SimLogEntry = RequestLogEntry;

export const sim = {
  log: async () => (await control<{ entries: SimLogEntry[] }>('GET', 'log')).entries,
  clearLog: () => control('DELETE', 'log'),
  reset: () => control('POST', 'reset'),
  faults: (rules: object[]) => control('POST', 'faults', { rules }),
  clearFaults: () => control('DELETE', 'faults'),
  configure: (options: object) => control('POST', 'config', options),
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  inbox: (id: string) => control<{ inbox: any; users: any[]; tags: any[]; conversations: any[] }>('GET', `inboxes/${encodeURIComponent(id)}`),
  /** A conversation arriving in an inbox now (the next id). */
  addConversation: (inboxId: string, fields: object = {}) => control<{ conversation: { id: number } }>('POST', `inboxes/${encodeURIComponent(inboxId)}/conversations`, fields),
  setPermalinks: (id: string, links: { private_permalink?: string; public_permalink?: string }) => control('PATCH', `conversations/${encodeURIComponent(id)}`, links),
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  conversation: (id: string) => control<{ conversation: any; inboxIds: string[]; notes: any[]; drafts: any[] }>('GET', `conversations/${encodeURIComponent(id)}`),
};

/** Requests the simulator logged whose path matches, e.g. `/inboxes/101/users$`. */
export async function requestsTo(pathPattern: RegExp, method = 'GET'): Promise<SimLogEntry[]> {
  return (await sim.log()).filter((entry) => entry.method === method && pathPattern.test(entry.path));
}

/** Sets the demo key through the real command (the key check request fills the inbox list). */
export async function signIn(key = DEMO_KEY): Promise<HiverExtensionApi> {
  const api = await extensionApi();
  await vscode.commands.executeCommand('hiver.setApiKey', key);
  return api;
}

/**
 * Runs Remove API Key, answering its modal question as the user would (Cancel answers
 * undefined); other warnings pass through. Returns the questions asked, with their detail and buttons.
 */
export async function removeApiKey(answer: 'Remove Key' | 'Cancel' = 'Remove Key'): Promise<string[]> {
  const window = vscode.window as unknown as { showWarningMessage: (message: string, ...rest: unknown[]) => Thenable<unknown> };
  const original = window.showWarningMessage;
  const asked: string[] = [];
  window.showWarningMessage = (message, ...rest) => {
    const options = rest[0] as vscode.MessageOptions | undefined;
    if (!options?.modal) return original.call(vscode.window, message, ...rest);
    asked.push([message, options.detail, ...rest.slice(1)].join(' | '));
    return Promise.resolve(answer === 'Cancel' ? undefined : answer);
  };
  try {
    await vscode.commands.executeCommand('hiver.removeApiKey');
  } finally {
    window.showWarningMessage = original;
  }
  return asked;
}

export async function waitFor<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 15000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
