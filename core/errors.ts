/**
 * Errors a UI can act on. Messages name the request by method and path only:
 * never a query string (it may carry PII) and never a credential.
 */
export type SourceErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'bad-request'
  | 'rate-limited'
  | 'server'
  | 'network'
  | 'timeout'
  | 'schema';

export abstract class SourceError extends Error {
  abstract readonly kind: SourceErrorKind;
  /** Worth offering "retry" to the user. */
  abstract readonly retryable: boolean;
  constructor(
    message: string,
    /** `GET /path` of the request that failed. */
    readonly request: string,
    /** HTTP status, when there was a response. */
    readonly status?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UnauthorizedError extends SourceError {
  readonly kind = 'unauthorized';
  readonly retryable = false;
}
export class ForbiddenError extends SourceError {
  readonly kind = 'forbidden';
  readonly retryable = false;
}
export class NotFoundError extends SourceError {
  readonly kind = 'not-found';
  readonly retryable = false;
}
export class BadRequestError extends SourceError {
  readonly kind = 'bad-request';
  readonly retryable = false;
}
export class RateLimitedError extends SourceError {
  readonly kind = 'rate-limited';
  readonly retryable = true;
  constructor(
    message: string,
    request: string,
    /** How long the backend asked us to wait, when it said. */
    readonly retryAfterMs: number | undefined,
  ) {
    super(message, request, 429);
  }
}
export class ServerError extends SourceError {
  readonly kind = 'server';
  readonly retryable = true;
}
export class NetworkError extends SourceError {
  readonly kind = 'network';
  readonly retryable = true;
}
export class TimeoutError extends SourceError {
  readonly kind = 'timeout';
  readonly retryable = true;
}
/** The response did not have the shape the viewer relies on. */
export class SchemaError extends SourceError {
  readonly kind = 'schema';
  readonly retryable = true;
  constructor(
    request: string,
    /** JSON path of the first offending value, e.g. `data[3].timestamp`; empty for unparsable JSON. */
    readonly path: string,
    /** What was expected there. */
    readonly expected: string,
    status?: number,
  ) {
    super(
      path
        ? `Unexpected response from ${request}: ${path}: ${expected}`
        : `Unexpected response from ${request}: ${expected}`,
      request,
      status,
    );
  }
}

/**
 * A failure the viewer reports (`alv-error`): a `SourceError` from the built-in adapters, the
 * client and the page cache, with its `kind`; or whatever `Error` a host's own `Source` threw,
 * which has no `kind` of ours.
 */
export type LoadError = SourceError | (Error & { readonly kind?: undefined });

export const isAbort = (e: unknown): boolean =>
  e instanceof DOMException
    ? e.name === 'AbortError'
    : (e as { name?: string } | null)?.name === 'AbortError';

/**
 * A failure's words, never "[object Object]" nor a dump of what was thrown (which may carry a
 * request's headers): an `Error`'s message; else what a host's own source threw as an object,
 * by its `message`, or its HTTP `status` and `statusText` (a fetch `Response`).
 */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null) {
    const { message, status, statusText } = error as Record<string, unknown>;
    if (typeof message === 'string' && message) return message;
    if (typeof status === 'number')
      return `HTTP ${status}${typeof statusText === 'string' && statusText ? ` ${statusText}` : ''}`;
    return 'an error that says nothing more';
  }
  return String(error);
}
