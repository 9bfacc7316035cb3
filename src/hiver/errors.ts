// Typed errors for every way a Hiver request can fail. Messages are plain English,
// carry the server's own message when it sent one, and never contain the API key.

export type HiverErrorKind =
  | 'badRequest'
  | 'unauthorized'
  | 'notFound'
  | 'rateLimited'
  | 'server'
  | 'network'
  | 'malformed'
  | 'budgetExhausted'
  | 'pagingLoop'
  | 'cancelled'
  | 'baseUrl';

export abstract class HiverError extends Error {
  abstract readonly kind: HiverErrorKind;
  /** The API operation, e.g. "listUsers". */
  readonly operation: string;
  /** HTTP status when there was a response. */
  readonly status?: number;
  /** The server's own message, when it sent one. */
  readonly serverMessage?: string;

  constructor(operation: string, message: string, options: { status?: number; serverMessage?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.operation = operation;
    this.status = options.status;
    this.serverMessage = options.serverMessage;
  }
}

/** 400: the request was missing or had wrong parameters. */
export class BadRequestError extends HiverError {
  readonly kind = 'badRequest';
}

/** 401/403: the key is missing, wrong, revoked or blacklisted. */
export class UnauthorizedError extends HiverError {
  readonly kind = 'unauthorized';
}

export class NotFoundError extends HiverError {
  readonly kind = 'notFound';
}

/** 429 after the transport gave up retrying; traffic resumes at `resumeAt` (epoch ms). */
export class RateLimitedError extends HiverError {
  readonly kind = 'rateLimited';
  constructor(operation: string, message: string, readonly resumeAt: number, options: { status?: number; serverMessage?: string } = {}) {
    super(operation, message, options);
  }
}

/** 5xx. */
export class ServerError extends HiverError {
  readonly kind = 'server';
}

/** Failure codes that mean the request never left for the server (DNS, refused, unreachable). */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL']);

/**
 * DNS, refused, reset, timeout: no usable HTTP response. `timedOut` tells a timeout apart;
 * `code` is the system code when there was one (ECONNREFUSED, ENOTFOUND, ECONNRESET, ...).
 */
export class NetworkError extends HiverError {
  readonly kind = 'network';
  readonly code?: string;
  constructor(operation: string, message: string, readonly timedOut = false, options: { cause?: unknown; code?: string } = {}) {
    super(operation, message, options);
    this.code = options.code;
  }

  /** True when the request certainly never reached the server. */
  get neverSent(): boolean {
    return !this.timedOut && this.code !== undefined && NOT_SENT_CODES.has(this.code);
  }
}

/** A response that is not what the API documents (not JSON, HTML page, wrong field type, missing id). */
export class MalformedResponseError extends HiverError {
  readonly kind = 'malformed';
}

/** The daily request budget is spent; it resets at `resetAt` (epoch ms, next UTC midnight). */
export class BudgetExhaustedError extends HiverError {
  readonly kind = 'budgetExhausted';
  constructor(operation: string, message: string, readonly resetAt: number) {
    super(operation, message);
  }
}

/** Paging returned a token or a page seen before; stopped to save the budget. */
export class PagingLoopError extends HiverError {
  readonly kind = 'pagingLoop';
}

/** The caller's AbortSignal fired (or the transport was disposed). `requestSent` false: nothing was sent. */
export class CancelledError extends HiverError {
  readonly kind = 'cancelled';
  constructor(operation: string, message: string, readonly requestSent = false) {
    super(operation, message);
  }
}

/** The API URL setting was refused (not a URL, or not https off this computer): nothing was sent. */
export class BaseUrlError extends HiverError {
  readonly kind = 'baseUrl';
}

/**
 * True when a failed POST may still have reached the server (timeout, reset, 5xx, cancelled
 * after sending), so the user must check in Hiver before trying again.
 */
export function mayHaveReachedServer(error: unknown): boolean {
  if (error instanceof NetworkError) return !error.neverSent;
  if (error instanceof CancelledError) return error.requestSent;
  if (error instanceof ServerError) return true;
  if (error instanceof MalformedResponseError) return true;
  return false;
}

/** A cancel (our CancelledError, or an AbortSignal's AbortError): the caller stopped, nothing failed. */
export function isCancellation(error: unknown): boolean {
  return (error instanceof HiverError && error.kind === 'cancelled') || (error instanceof Error && error.name === 'AbortError');
}
