// For tests that prove a secret (the API key) appears nowhere: every string reachable from a
// value, reading non-enumerable properties (`cause`, `stack`) and getters too. Shared by the
// plain-Node transport tests and the extension-host key-leak test.

export function allText(value: unknown, seen = new Set<unknown>(), depth = 0): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return String(value);
  if (seen.has(value) || depth > 10) return '';
  seen.add(value);
  if (value instanceof Headers) {
    const pairs: string[] = [];
    value.forEach((v, k) => pairs.push(`${k}: ${v}`));
    return pairs.join('\n');
  }
  const parts: string[] = [];
  for (const name of Object.getOwnPropertyNames(value)) {
    let child: unknown;
    try {
      child = (value as Record<string, unknown>)[name];
    } catch {
      continue;
    }
    if (typeof child !== 'function') parts.push(`${name}=${allText(child, seen, depth + 1)}`);
  }
  return parts.join(' ');
}
