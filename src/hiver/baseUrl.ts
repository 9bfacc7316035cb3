// Where the API key may go. The transport checks the base URL with this before it builds any
// request URL, so no request can reach a server this rule refuses.
import { BaseUrlError } from './errors';
import { requestName } from './operations';

/** The setting users change; named in the refusal so they know what to fix. */
const SETTING = 'hiver.apiBaseUrl';

/**
 * The base URL as a URL when requests may use it: https anywhere, or plain http to this
 * computer only (the simulator, a local proxy). Anything else would send the key in clear
 * text (or not over HTTP at all), so it throws a BaseUrlError and nothing is sent. The URL
 * itself is not repeated in the message: it may hold a user name, password or token.
 */
export function checkBaseUrl(baseUrl: string, operation: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new BaseUrlError(operation, `The Hiver API URL (setting ${SETTING}) is not a valid URL, so ${requestName(operation)} was not sent.`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return url;
  const why =
    url.protocol === 'http:'
      ? `uses plain http to ${url.hostname}, which would send your API key unencrypted. Use an https:// URL (plain http is allowed only for this computer: localhost, 127.x.x.x or [::1])`
      : `must start with https://`;
  throw new BaseUrlError(operation, `The Hiver API URL (setting ${SETTING}) ${why}, so ${requestName(operation)} was not sent.`);
}

/** The URL without its trailing slashes. A loop: `/\/+$/` took minutes on a long run of slashes inside it. */
export function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url[end - 1] === '/') end--;
  return url.slice(0, end);
}

/** localhost, 127.0.0.0/8 or ::1. URL has already normalised the host (e.g. 0x7f.1 → 127.0.0.1). */
export function isLoopback(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
