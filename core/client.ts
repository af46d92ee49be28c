/**
 * The viewer's HTTP client: abortable GETs with a per-request timeout, retries with
 * exponential backoff and jitter (network errors, 5xx, 408, 429; honouring
 * Retry-After), credentials from a host-supplied provider, typed errors, and
 * schema validation at the boundary.
 */
import {
  BadRequestError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  SchemaError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  isAbort,
  type SourceError,
} from './errors.js';

/**
 * Supplies the secret for each request; may be async and may refresh a token.
 * Called with `refresh: true` once after a 401, so an expired token can be renewed.
 * Return a key/token (placed in the adapter's auth header) or explicit headers.
 */
export type CredentialsProvider = (ctx: {
  refresh: boolean;
}) =>
  | string
  | { headers: Record<string, string> }
  | Promise<string | { headers: Record<string, string> }>;

export interface AuthScheme {
  header: string;
  /** `Bearer` puts `Bearer <token>` in the header. */
  scheme?: 'Bearer';
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** No retry starts after this much time has passed since the first attempt. */
  maxTotalMs: number;
}

export interface ClientOptions {
  baseUrl: string;
  auth: AuthScheme;
  credentials?: CredentialsProvider;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  fetch?: typeof fetch;
  /** For tests: the jitter source and the clock. */
  random?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 300,
  maxDelayMs: 8000,
  maxTotalMs: 30_000,
};

export type Query = Record<string, string | number | undefined | null>;

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** A failed validation's issue: where, and what was wrong (a zod issue is one). */
export interface ValidationIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * What validates a response: the adapters' guards (`core/sources/guard.ts`), which keep zod
 * out of the viewer; a zod/mini schema fits too.
 */
export interface Validator<T> {
  safeParse(
    input: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { readonly issues: readonly ValidationIssue[] } };
}

/** `data[3].timestamp` from zod's path. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

/** The first issue of a failed parse, as a SchemaError naming the path. */
export function schemaError(
  request: string,
  error: { readonly issues: readonly ValidationIssue[] },
  status?: number,
): SchemaError {
  const issue = error.issues[0];
  const path = issue ? formatPath(issue.path) : '';
  return new SchemaError(request, path || '(root)', issue?.message ?? 'invalid', status);
}

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

export class HttpClient {
  readonly retry: RetryPolicy;
  private readonly fetchImpl: typeof fetch;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly now: () => number;

  constructor(readonly options: ClientOptions) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.fetchImpl = options.fetch ?? ((...args) => globalThis.fetch(...args));
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? abortableSleep;
    this.now = options.now ?? Date.now;
  }

  url(path: string, query: Query = {}): string {
    // An id of `..` would otherwise walk the request up to another endpoint.
    if (path.split('/').some((seg) => seg === '.' || seg === '..' || /^%2e(%2e)?$/i.test(seg)))
      throw new RangeError(`Refusing a path with dot segments: ${path}`);
    const url = new URL(path.replace(/^\//, ''), this.options.baseUrl.replace(/\/?$/, '/'));
    for (const [k, v] of Object.entries(query))
      if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
    return url.toString();
  }

  /**
   * The request headers with the credential in the adapter's auth header (or the provider's
   * own headers), and the secrets in them (never to be repeated in an error message).
   */
  async authHeaders(
    refresh: boolean,
    accept = 'application/json',
  ): Promise<{ headers: Record<string, string>; secrets: string[] }> {
    const headers: Record<string, string> = { accept };
    if (!this.options.credentials) return { headers, secrets: [] };
    const cred = await this.options.credentials({ refresh });
    if (typeof cred === 'string') {
      const { header, scheme } = this.options.auth;
      headers[header] = scheme ? `${scheme} ${cred}` : cred;
      return { headers, secrets: [cred] };
    }
    Object.assign(headers, cred.headers);
    const values = Object.values(cred.headers);
    return { headers, secrets: [...values, ...values.map((v) => v.replace(/^\w+\s+/, ''))] };
  }

  /** Backoff before retry `attempt` (1-based count of failures so far): exponential, with jitter. */
  backoff(attempt: number): number {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  /**
   * GETs `path` and validates the JSON body with `schema`. Throws a SourceError,
   * or the signal's AbortError at once when aborted.
   */
  async getJson<T>(
    path: string,
    query: Query,
    schema: Validator<T>,
    signal: AbortSignal,
  ): Promise<T> {
    return (await this.getJsonResponse(path, query, schema, signal)).body;
  }

  /** `getJson`, with the response's headers (a `Link` header, for one). */
  async getJsonResponse<T>(
    path: string,
    query: Query,
    schema: Validator<T>,
    signal: AbortSignal,
  ): Promise<{ body: T; headers: Headers }> {
    const request = `GET ${path}`;
    const url = this.url(path, query);
    const started = this.now();
    const queryValues = Object.values(query).flatMap((v) =>
      v === undefined || v === null ? [] : [String(v)],
    );
    let refreshed = false;
    let refresh = false;
    for (let attempt = 1; ; attempt++) {
      signal.throwIfAborted();
      let failure: SourceError;
      let final = false;
      let waitMs: number | undefined;
      // Outside the try: a provider's own failure is not a network error, and is not retried.
      const { headers, secrets } = await this.authHeaders(refresh);
      refresh = false;
      try {
        const res = await this.once(url, request, signal, headers);
        if (res.status === 401 && this.options.credentials && !refreshed) {
          refreshed = refresh = true; // one more try with a refreshed credential
          await res.body?.cancel().catch(() => undefined);
          attempt--;
          continue;
        }
        if (res.ok)
          return { body: await this.parse(res, request, schema, signal), headers: res.headers };
        failure = await this.statusError(res, request, [...queryValues, ...secrets]);
        if (RETRYABLE_STATUS.has(res.status))
          waitMs = parseRetryAfter(res.headers.get('retry-after'), this.now());
        else final = true; // e.g. 501: a ServerError, but not one a retry cures
      } catch (e) {
        if (isAbort(e) && signal.aborted) throw signal.reason;
        if (!(
          e instanceof NetworkError ||
          e instanceof TimeoutError ||
          e instanceof ServerError ||
          e instanceof RateLimitedError
        ))
          throw e;
        failure = e;
      }
      if (final) throw failure;
      const delay = Math.max(waitMs ?? 0, this.backoff(attempt));
      const elapsed = this.now() - started;
      if (attempt >= this.retry.attempts || elapsed + delay > this.retry.maxTotalMs) throw failure;
      await this.sleep(delay, signal);
    }
  }

  private async once(
    url: string,
    request: string,
    signal: AbortSignal,
    headers: Record<string, string>,
  ): Promise<Response> {
    const timeoutMs = this.options.timeoutMs ?? 15_000;
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = AbortSignal.any([signal, timeout]);
    try {
      return await this.fetchImpl(url, { headers, signal: combined });
    } catch (e) {
      if (signal.aborted) throw signal.reason;
      if (timeout.aborted)
        throw new TimeoutError(`${request} took longer than ${timeoutMs} ms`, request);
      if (isAbort(e)) throw e;
      throw new NetworkError(`${request} failed: the service could not be reached`, request);
    }
  }

  private async parse<T>(
    res: Response,
    request: string,
    schema: Validator<T>,
    signal: AbortSignal,
  ): Promise<T> {
    let text: string;
    try {
      text = await res.text();
    } catch {
      if (signal.aborted) throw signal.reason;
      throw new NetworkError(`${request}: the response was cut off`, request, res.status);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      // A compressed body's Content-Length counts compressed bytes: not comparable.
      const length = res.headers.get('content-encoding') ? null : res.headers.get('content-length');
      if (cutOff(text, length, error))
        throw new NetworkError(
          `${request}: the response was cut off (${text.length} characters received)`,
          request,
          res.status,
        );
      throw new SchemaError(
        request,
        '',
        `the body is not valid JSON (${text.length} bytes received)`,
        res.status,
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw schemaError(request, parsed.error, res.status);
    return parsed.data;
  }

  /**
   * The typed error for a response that is not OK (reads its body for the service's message,
   * with `secrets` and query values scrubbed from it).
   */
  async statusError(
    res: Response,
    request: string,
    secrets: readonly string[],
  ): Promise<SourceError> {
    const raw = await errorDetail(res);
    const detail = raw === undefined ? undefined : scrub(raw, secrets);
    /** `request: what (the service's detail)`, the detail left out when it only says `what`. */
    const msg = (what: string) => {
      const same = (s: string) => s.toLowerCase().replace(/[\s.!]+$/, '');
      const extra = detail && !same(detail).endsWith(same(what)) ? ` (${detail})` : '';
      return `${request}: ${what}${extra}`;
    };
    switch (res.status) {
      case 400:
      case 422:
        return new BadRequestError(msg('the service refused the query'), request, res.status);
      case 401:
        return new UnauthorizedError(msg('not signed in, or the key was refused'), request, 401);
      case 403:
        return new ForbiddenError(msg('this principal may not read audit logs'), request, 403);
      case 404:
        return new NotFoundError(msg('not found'), request, 404);
      case 429: {
        const wait = parseRetryAfter(res.headers.get('retry-after'), this.now());
        return new RateLimitedError(
          msg(`rate limited${wait !== undefined ? `; retry in ${Math.ceil(wait / 1000)} s` : ''}`),
          request,
          wait,
        );
      }
      case 408:
        return new TimeoutError(msg('the service timed out'), request, 408);
      default:
        return res.status >= 500
          ? new ServerError(msg(`the service failed with HTTP ${res.status}`), request, res.status)
          : new BadRequestError(msg(`unexpected HTTP ${res.status}`), request, res.status);
    }
  }
}

/**
 * Whether a body that `JSON.parse` refused (with `error`) was cut off in transfer rather than
 * malformed: fewer bytes than its `Content-Length`, nothing at all, or a parse that ran out of
 * input (V8 "Unexpected end of JSON input" or an error at the last position, Firefox
 * "unexpected end of data", Safari "Unexpected EOF"). A complete but malformed body (an HTML page, a stray comma) is not.
 */
export function cutOff(text: string, contentLength: string | null, error: unknown): boolean {
  if (contentLength !== null && /^\d+$/.test(contentLength.trim())) {
    if (new TextEncoder().encode(text).length < Number(contentLength)) return true;
  }
  if (text.trim() === '') return true;
  const message = error instanceof Error ? error.message : '';
  if (/end of (JSON )?(input|data)|unexpected EOF|Unterminated string/i.test(message)) return true;
  // V8 names where it stopped: at the very end, the input ran out.
  const at = /at position (\d+)/.exec(message);
  return at !== null && Number(at[1]) >= text.length;
}

/**
 * `text` without any of `secrets`: servers quote back what they refused (the reference
 * service says `got "<value>"`, cut at 80 characters), and a query value may be PII.
 */
function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    for (const form of new Set([
      secret,
      JSON.stringify(secret).slice(1, -1),
      encodeURIComponent(secret),
    ])) {
      out = out.split(form).join('…');
      // A long value may be quoted only in part.
      for (let n = form.length - 1; n >= 12; n--)
        if (out.includes(form.slice(0, n))) {
          out = out.split(form.slice(0, n)).join('…');
          break;
        }
    }
  }
  return out;
}

/** A short human message from any of the backends' error envelopes, if there is one. */
async function errorDetail(res: Response): Promise<string | undefined> {
  let body: unknown;
  try {
    body = JSON.parse(await res.text());
  } catch {
    return undefined;
  }
  const b = body as Record<string, unknown> | null;
  const candidates = [
    (b?.error as { message?: unknown } | undefined)?.message,
    b?.error,
    b?.message,
    (b?.errors as { msg?: unknown }[] | undefined)?.[0]?.msg,
  ];
  const found = candidates.find((c): c is string => typeof c === 'string');
  return found?.slice(0, 300);
}

/** The client an adapter uses: the host's endpoint and credentials, the backend's auth scheme. */
export function clientFor(
  config: {
    endpoint: string;
    credentials?: CredentialsProvider;
    client?: Partial<ClientOptions>;
  },
  auth: AuthScheme,
): HttpClient {
  return new HttpClient({
    baseUrl: config.endpoint,
    auth,
    credentials: config.credentials,
    ...config.client,
  });
}
