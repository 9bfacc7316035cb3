// The messages between a detail panel's host side and its webview. This file imports
// nothing but the plain id helper, so the webview scripts (media/panels/*.ts) share the same types.
//
// Handshake: the webview loads, restores what it showed before from `vscode.getState()`,
// and posts `ready`; the host answers `show` with the entity. Every message the webview
// sends is untrusted input: the host validates it with `parseWebviewMessage` (the common
// ones) or the panel kind's own `handleMessage` (its own types).

import { idSegment } from '../common/ids';

/** Names one entity; also the state a restored panel comes back with. */
export type EntityRef =
  | { kind: 'inbox'; inboxId: string }
  | { kind: 'user' | 'tag' | 'conversation'; inboxId: string; id: string };

export type EntityKind = EntityRef['kind'];

/** Webview → host, understood by every panel. */
export type CommonWebviewMessage =
  | { type: 'ready' }
  /** Ask the server again instead of showing the data already held. */
  | { type: 'refresh' }
  | { type: 'copy'; text: string; what?: string }
  /** Only https links on Hiver's own domain are opened. */
  | { type: 'openExternal'; url: string }
  /** The answer to `reportRendered`: what the document and the saved state (JSON) now hold. */
  | { type: 'rendered'; html: string; state?: string };

/** Any webview message: the common ones, or a kind's own (validated by that kind). */
export type WebviewMessage = CommonWebviewMessage | ({ type: string } & Record<string, unknown>);

/** Host → webview, understood by every panel script. */
export type CommonHostMessage<D = unknown> =
  | { type: 'show'; data: D }
  /** Loading or failing while the last data stays on screen. */
  | { type: 'status'; loading: boolean; error?: string }
  /** For the tests only: answer with `rendered` (sending the document on every render would cost MBs). */
  | { type: 'reportRendered' };

/** What a webview saves with `setState`; the serializer restores a panel from it. */
export interface PanelState<D = unknown> {
  ref: EntityRef;
  data?: D;
  /** Room for a panel kind's own state (e.g. a note being written). */
  [key: string]: unknown;
}

const MAX_TEXT = 100_000;

function isString(value: unknown, max = MAX_TEXT): value is string {
  return typeof value === 'string' && value.length <= max;
}

function isId(value: unknown): value is string {
  return isString(value, 200) && value.length > 0;
}

/** A valid EntityRef, or undefined (state and messages come from the webview). */
export function parseEntityRef(value: unknown): EntityRef | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { kind, inboxId, id } = value as Record<string, unknown>;
  if (!isId(inboxId)) return undefined;
  if (kind === 'inbox') return { kind, inboxId };
  if ((kind === 'user' || kind === 'tag' || kind === 'conversation') && isId(id)) return { kind, inboxId, id };
  return undefined;
}

/** One key per entity, e.g. `inbox/101/user/456`; ids as idSegment, so no id can forge another's key. */
export function entityKey(ref: EntityRef): string {
  const inbox = `inbox/${idSegment(ref.inboxId)}`;
  return ref.kind === 'inbox' ? inbox : `${inbox}/${ref.kind}/${idSegment(ref.id)}`;
}

/**
 * Validates a common message. Returns undefined for anything malformed, and
 * `{ type }` only objects of other types unchanged so a panel kind can validate them.
 */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const message = raw as Record<string, unknown>;
  if (!isString(message.type, 100)) return undefined;
  switch (message.type) {
    case 'ready':
    case 'refresh':
      return { type: message.type };
    case 'copy':
      if (!isString(message.text) || (message.what !== undefined && !isString(message.what, 100))) return undefined;
      return { type: 'copy', text: message.text, what: message.what as string | undefined };
    case 'openExternal':
      return isString(message.url, 2000) ? { type: 'openExternal', url: message.url } : undefined;
    case 'rendered':
      if (!isString(message.html, 2_000_000)) return undefined;
      return { type: 'rendered', html: message.html, state: isString(message.state, 2_000_000) ? message.state : undefined };
    default:
      return message as WebviewMessage;
  }
}
