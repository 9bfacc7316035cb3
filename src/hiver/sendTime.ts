// When did a request really leave? Node's fetch (undici) publishes on a diagnostics channel
// the moment it writes a request's headers to the socket: after a lazy module load or a new
// TLS connection, that can be tens or hundreds of ms after the pacer let the request start.
// Pacing from this time keeps the gap between what leaves the machine. Delays on the way and in
// the server are the safety margin's job; when they outgrow it (a 429 although we paced right),
// the transport switches to also pacing from each answer (cautious mode, pacer.ts).
import { subscribe } from 'node:diagnostics_channel';

interface Watch {
  key: string;
  /** The clock the caller paces with, so the send time is in the same time as its gaps. */
  now: () => number;
  sentAt?: number;
  onSent?: (at: number) => void;
}

const watches = new Set<Watch>();
let subscribed = false;

function onSendHeaders(message: unknown): void {
  const request = (message as { request?: { origin?: unknown; method?: unknown; path?: unknown } }).request;
  if (!request || watches.size === 0) return;
  let origin: string;
  try {
    origin = new URL(String(request.origin)).origin;
  } catch {
    return;
  }
  const key = `${String(request.method)} ${origin}${String(request.path)}`;
  for (const watch of watches) {
    if (watch.key === key && watch.sentAt === undefined) {
      watch.sentAt = watch.now();
      watch.onSent?.(watch.sentAt);
      return;
    }
  }
}

/**
 * Starts watching for `method url` to be sent; `sentAt()` is `now()` at that moment, or undefined
 * if it was not seen. `onSent` hears it at once (it must not throw).
 */
export function watchSend(method: string, url: URL, now: () => number, onSent?: (at: number) => void): { sentAt(): number | undefined; dispose(): void } {
  if (!subscribed) {
    subscribe('undici:client:sendHeaders', onSendHeaders);
    subscribed = true;
  }
  const watch: Watch = { key: `${method} ${url.origin}${url.pathname}${url.search}`, now, onSent };
  watches.add(watch);
  return { sentAt: () => watch.sentAt, dispose: () => watches.delete(watch) };
}

let warmed: Promise<void> | undefined;

/** Loads fetch's lazily-required HTTP stack once, without any network traffic (a data: URL). */
export function warmUpFetch(): Promise<void> {
  warmed ??= (async () => {
    try {
      await (await fetch('data:,')).arrayBuffer();
    } catch {
      // A fetch without data: URL support (e.g. a patched one) just stays cold.
    }
  })();
  return warmed;
}
