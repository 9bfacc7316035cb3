// Which links the extension may open or offer: only https links on Hiver's own domain.
// A permalink comes from the API, so it is data, not trusted: a wrong or hostile value must
// never open another site or a local scheme. No vscode import: unit-tested in plain Node.

export const HIVER_DOMAIN = 'hiverhq.com';

/**
 * True for `https:` URLs whose host is hiverhq.com or one of its subdomains, on the default
 * port, without credentials. The one link check: the commands and the panels' links use it.
 */
export function isHiverLink(value: unknown): value is string {
  if (typeof value !== 'string' || value.trim() !== value || value === '') return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return false;
  if (url.port !== '') return false; // URL drops an explicit :443, so '' is the default port
  const host = url.hostname.toLowerCase();
  return host === HIVER_DOMAIN || host.endsWith(`.${HIVER_DOMAIN}`);
}
