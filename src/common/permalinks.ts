// Which links the extension may open or offer: only https links on Hiver's own domain.
// A permalink comes from the API (and a link to open from a webview), so it is data, not
// trusted: a wrong or hostile value must never open another site or a local scheme.
// No vscode import: unit-tested in plain Node. conversations/openLink.ts turns a checked link into the Uri
// that is opened.

export const HIVER_DOMAIN = 'hiverhq.com';

/** A link that passed the check: `href` is exactly the input, `host` what the browser will reach. */
export interface CheckedLink {
  href: string;
  host: string;
}

/** hiverhq.com or one of its subdomains (an already lower-case, ASCII host). */
export function isHiverHost(host: string): boolean {
  return host === HIVER_DOMAIN || host.endsWith(`.${HIVER_DOMAIN}`);
}

/**
 * The link, if it is an `https:` URL on hiverhq.com or a subdomain, on the default port,
 * without credentials, and already in the WHATWG parser's canonical form. The last rule is
 * what keeps the check and the opening the same: another parser (vscode.Uri reads
 * `https://v2.hiverhq.com\@evil.example/` as host `v2.hiverhq.com\@evil.example`) can read
 * a non-canonical string differently, but a canonical one has no backslash, no upper case
 * or Unicode host, no explicit port and no dot segments left to disagree about.
 */
export function checkHiverLink(value: unknown): CheckedLink | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.href !== value) return undefined;
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '') return undefined;
  return isHiverHost(url.hostname) ? { href: url.href, host: url.host } : undefined;
}

/** True when checkHiverLink accepts the value: the panels use it to offer a link as openable. */
export function isHiverLink(value: unknown): value is string {
  return checkHiverLink(value) !== undefined;
}
