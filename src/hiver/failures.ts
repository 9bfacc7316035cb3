// Turns what came back (a status and body, or a thrown fetch error) into the typed errors of
// errors.ts. Nothing here keeps the request options: ofetch's FetchError carries them, headers
// and API key included, so it is never passed on; only its message and system code are.
import { BadRequestError, HiverError, MalformedResponseError, NetworkError, NotFoundError, ServerError, UnauthorizedError } from './errors';
import { requestName } from './operations';

/** Replaces every occurrence of the secret (a server could echo it back) with "***". */
export function redact(text: string, secret: string | undefined): string {
  return secret && secret.length >= 4 ? text.split(secret).join('***') : text;
}

/** The server's own message from `{"errors":[{"message"}]}`, `{"Message"}` or `{"message"}`. */
export function serverMessageOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  if (Array.isArray(record.errors)) {
    const messages = record.errors
      .map((e) => (e && typeof e === 'object' ? (e as Record<string, unknown>).message : e))
      .filter((m): m is string => typeof m === 'string' && m.trim() !== '');
    if (messages.length > 0) return messages.join('; ');
  }
  for (const key of ['Message', 'message', 'error']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return undefined;
}

/** The server's own message in a response body, with the API key scrubbed out. */
export function serverMessageIn(text: string, secret: string | undefined): string | undefined {
  const message = serverMessageOf(tryParseJson(text));
  return message === undefined ? undefined : redact(message, secret);
}

/** Parses a body as JSON; undefined when empty or not JSON. */
export function tryParseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The JSON body of a 2xx response; undefined for 204 or an empty body. */
export function decodeSuccessBody(operation: string, status: number, contentType: string | null, text: string): unknown {
  if (status === 204 || text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    const html = /^\s*</.test(text) || (contentType ?? '').includes('html');
    const message = html
      ? `Hiver answered ${requestName(operation)} with an HTML page instead of JSON (HTTP ${status}).`
      : `Hiver's answer to ${requestName(operation)} is not valid JSON (HTTP ${status}).`;
    throw new MalformedResponseError(operation, message, { status });
  }
}

/** The server's words as the end of a sentence: a full stop unless they bring their own. */
export function asSentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** The typed error for a non-2xx, non-429 status. */
export function errorForStatus(operation: string, status: number, serverMessage: string | undefined): HiverError {
  const suffix = serverMessage ? `: ${asSentence(serverMessage)}` : '.';
  const options = { status, serverMessage };
  if (status === 401 || status === 403) {
    return new UnauthorizedError(operation, `Hiver did not accept the API key for ${requestName(operation)} (HTTP ${status})${suffix}`, options);
  }
  if (status === 404) return new NotFoundError(operation, `Hiver could not find what ${requestName(operation)} asked for (HTTP 404)${suffix}`, options);
  if (status >= 500) {
    return new ServerError(operation, `Hiver had a server error answering ${requestName(operation)} (HTTP ${status})${suffix} See status.hiverhq.com.`, options);
  }
  if (status >= 300 && status < 400) {
    // fetch follows redirects, so one that reaches here has no usable target: not an API answer.
    return new MalformedResponseError(operation, `Hiver answered ${requestName(operation)} with a redirect the API does not use (HTTP ${status})${suffix}`, options);
  }
  return new BadRequestError(operation, `Hiver rejected ${requestName(operation)} (HTTP ${status})${suffix}`, options);
}

/** A NetworkError for a thrown fetch failure, keeping only a message and a system code. */
export function networkErrorFrom(operation: string, error: unknown, secret: string | undefined): NetworkError {
  const code = systemCode(error);
  const detail = redact(innermostMessage(error), secret);
  const cause = Object.assign(new Error(detail), code ? { code } : {});
  return new NetworkError(operation, `Could not reach Hiver for ${requestName(operation)}: ${describeCode(code) ?? detail}.`, false, { cause, code });
}

const CODE_TEXT: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'the server name could not be resolved (DNS)',
  EAI_AGAIN: 'the server name could not be resolved (DNS)',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection closed unexpectedly',
};

function describeCode(code: string | undefined): string | undefined {
  return code ? CODE_TEXT[code] : undefined;
}

/** Walks `cause` links (fetch wraps the system error) to find a code like ECONNREFUSED. */
function systemCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function innermostMessage(error: unknown): string {
  let message = 'unknown error';
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const m = (e as { message?: unknown }).message;
    if (typeof m === 'string' && m !== '') message = m;
  }
  return message;
}

/**
 * Milliseconds to wait from a Retry-After header (seconds or an HTTP date); undefined if absent
 * or unreadable. A date is measured against the answer's own Date header when it has one: both
 * come from Hiver's clock, so a machine whose clock runs ahead does not retry early (each early
 * retry is one more 429 towards a blacklist). Date has whole seconds, so this may wait up to a
 * second longer, never shorter.
 */
export function parseRetryAfter(header: string | null, now: number, serverDate?: string | null): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  const answeredAt = serverDate ? Date.parse(serverDate) : Number.NaN;
  return Math.max(0, date - (Number.isNaN(answeredAt) ? now : answeredAt));
}
