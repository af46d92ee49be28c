/**
 * The reference service's own API (`/api/v1/audit`): every filter server-side,
 * cursor pagination up to 500 per page, facets, histogram and a live tail over
 * server-sent events.
 */
import * as z from 'zod/mini';
import {
  clientFor,
  type HttpClient,
  abortableSleep,
  parseRetryAfter,
  schemaError,
  type AuthScheme,
  type CredentialsProvider,
  type Query,
} from '../client.js';
import {
  BadRequestError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  SchemaError,
  ServerError,
  SourceError,
  TimeoutError,
  UnauthorizedError,
} from '../errors.js';
import { timeBounds } from '../filter.js';
import { AuditEvent, FILTER_KEYS, type Filters, type ViewState } from '../model.js';
import { readEventStream, SseParser } from './sse.js';
import type {
  Capabilities,
  FacetField,
  FacetValue,
  Histogram,
  SearchOptions,
  SearchResult,
  Source,
  SourceConfig,
  StreamOptions,
} from './types.js';

/**
 * `schema`, with the input record kept as `raw`: the parsed value drops fields the
 * viewer does not know, the raw one keeps everything the backend sent. Issues keep
 * their paths, so a failure inside an array reads `data[2].timestamp`.
 */
export function withRaw<S extends z.ZodMiniType<object>>(schema: S) {
  return z.pipe(
    z.unknown(),
    z.transform((input: unknown, ctx): z.output<S> & { raw: unknown } => {
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          ctx.issues.push({
            code: 'custom',
            message: describeIssue(issue),
            path: issue.path,
            input,
          });
        return z.NEVER;
      }
      return { ...parsed.data, raw: input };
    }),
  );
}

/** zod/mini ships no messages ("Invalid input"); say what was expected where zod knows. */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return `expected ${issue.expected}`;
  if (issue.code === 'invalid_value')
    return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return issue.message;
}

export const GenericEvent = withRaw(AuditEvent);

export const GenericEventsPage = z.object({
  data: z.array(GenericEvent),
  nextCursor: z.nullable(z.string()),
});

export const GenericEventDetail = z.object({ data: GenericEvent });

export const GenericFacets = z.object({
  field: z.string(),
  data: z.array(
    z.object({
      // Status codes come back as numbers.
      value: z.union([z.string(), z.number()]),
      count: z.int().check(z.gte(0)),
    }),
  ),
});

export const GenericHistogram = z.object({
  from: z.number(),
  to: z.number(),
  interval: z.number().check(z.gt(0)),
  data: z.array(
    z.object({
      start: z.number(),
      end: z.number(),
      total: z.int().check(z.gte(0)),
      counts: z.record(z.string(), z.int().check(z.gte(0))),
    }),
  ),
});

export const genericCapabilities: Capabilities = {
  serverFilters: FILTER_KEYS,
  pagination: 'cursor',
  maxPageSize: 500,
  auth: { header: 'authorization', scheme: 'Bearer' },
  sortOrders: ['desc', 'asc'],
  detail: true,
  facets: true,
  histogram: true,
  stream: true,
};

const DEFAULT_PAGE_SIZE = 50;
const API = '/api/v1/audit';

/** The generic API's query parameters for a set of filters; relative time resolved against `now`. */
export function genericQuery(filters: Filters, now: number): Query {
  const { from, to } = timeBounds(filters.time, now);
  return {
    q: filters.q,
    actor: filters.actor,
    plugin: filters.plugin,
    skill: filters.skill,
    kind: filters.kind,
    method: filters.method,
    status: filters.status,
    traceId: filters.traceId,
    from,
    to,
  };
}

export interface GenericSource extends Source {
  facets(field: FacetField, view: ViewState, signal: AbortSignal): Promise<FacetValue[]>;
  histogram(view: ViewState, buckets: number, signal: AbortSignal): Promise<Histogram>;
  /**
   * Calls `onEvent` for each new event matching the view's filters until `signal`
   * aborts, then resolves. A dropped connection is re-established with backoff,
   * resuming after the last event received (`Last-Event-ID`). Rejects on what a retry
   * cannot fix: a refused key, a forbidden principal, a bad query, an invalid event.
   */
  stream(
    view: ViewState,
    onEvent: (event: AuditEvent) => void,
    signal: AbortSignal,
    options?: StreamOptions,
  ): Promise<void>;
}

export function createGenericSource(config: SourceConfig): GenericSource {
  const auth = genericCapabilities.auth;
  const client = clientFor(config, auth);
  const now = config.now ?? Date.now;

  return {
    name: 'generic',
    capabilities: genericCapabilities,

    async search(view, cursor, signal, options: SearchOptions = {}): Promise<SearchResult> {
      const limit = clampPageSize(options.pageSize);
      const page = await client.getJson(
        `${API}/events`,
        { ...genericQuery(view.filters, now()), limit, order: view.sort, cursor },
        GenericEventsPage,
        signal,
      );
      return {
        events: page.data,
        nextCursor: page.nextCursor,
        clientFiltered: [],
        scanned: page.data.length,
        requests: 1,
      };
    },

    async get(id, signal) {
      const res = await client.getJson(
        `${API}/events/${encodeURIComponent(id)}`,
        {},
        GenericEventDetail,
        signal,
      );
      return res.data;
    },

    async facets(field, view, signal) {
      const res = await client.getJson(
        `${API}/facets`,
        { ...genericQuery(view.filters, now()), field, limit: 100 },
        GenericFacets,
        signal,
      );
      return res.data.map((d) => ({ value: String(d.value), count: d.count }));
    },

    async histogram(view, buckets, signal) {
      const res = await client.getJson(
        `${API}/histogram`,
        {
          ...genericQuery(view.filters, now()),
          buckets: Math.min(500, Math.max(1, Math.round(buckets))),
        },
        GenericHistogram,
        signal,
      );
      return { from: res.from, to: res.to, interval: res.interval, buckets: res.data };
    },

    stream(view, onEvent, signal, options = {}) {
      return liveTail({
        client,
        url: client.url(`${API}/stream`, genericQuery(view.filters, now())),
        request: `GET ${API}/stream`,
        auth,
        credentials: config.credentials,
        fetch: config.client?.fetch ?? ((...args) => globalThis.fetch(...args)),
        sleep: config.client?.sleep ?? abortableSleep,
        connectTimeoutMs: config.client?.timeoutMs ?? 15_000,
        idleTimeoutMs: options.idleTimeoutMs ?? 45_000,
        onOpen: options.onOpen,
        onEvent,
        signal,
      });
    },
  };
}

function clampPageSize(pageSize: number | undefined): number {
  if (pageSize === undefined || !Number.isFinite(pageSize)) return DEFAULT_PAGE_SIZE;
  return Math.min(genericCapabilities.maxPageSize, Math.max(1, Math.floor(pageSize)));
}

/** The headers a credentials provider yields for `auth`. */
export async function authHeaders(
  credentials: CredentialsProvider | undefined,
  auth: AuthScheme,
  refresh: boolean,
): Promise<Record<string, string>> {
  if (!credentials) return {};
  const cred = await credentials({ refresh });
  if (typeof cred !== 'string') return { ...cred.headers };
  return { [auth.header]: auth.scheme ? `${auth.scheme} ${cred}` : cred };
}

interface LiveTail {
  client: HttpClient;
  url: string;
  request: string;
  auth: AuthScheme;
  credentials: CredentialsProvider | undefined;
  fetch: typeof fetch;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  onOpen: (() => void) | undefined;
  onEvent: (event: AuditEvent) => void;
  signal: AbortSignal;
}

/** Failures a reconnect may cure. */
const transient = (e: unknown): boolean =>
  e instanceof NetworkError ||
  e instanceof TimeoutError ||
  e instanceof ServerError ||
  e instanceof RateLimitedError;

async function liveTail(t: LiveTail): Promise<void> {
  const { signal } = t;
  let lastEventId = '';
  let failures = 0;
  let refresh = false;
  let refreshed = false;
  while (!signal.aborted) {
    let waitMs: number | undefined;
    let opened = false;
    try {
      await connect(t, lastEventId, refresh, {
        opened() {
          opened = true;
          failures = 0;
          refreshed = false;
          t.onOpen?.();
        },
        received(id) {
          lastEventId = id;
        },
      });
      // The server closed the stream: reconnect.
    } catch (e) {
      if (signal.aborted) return;
      if (e instanceof UnauthorizedError && t.credentials && !refreshed) {
        refreshed = refresh = true; // once more, with a refreshed credential
        continue;
      }
      if (!transient(e)) throw e;
      if (e instanceof RateLimitedError) waitMs = e.retryAfterMs;
    }
    refresh = false;
    if (!opened) failures++;
    const delay = Math.max(waitMs ?? 0, t.client.backoff(Math.min(Math.max(failures, 1), 16)));
    try {
      await t.sleep(delay, signal);
    } catch {
      return;
    }
  }
}

/** One connection: resolves when the server ends the stream, rejects on any failure. */
async function connect(
  t: LiveTail,
  lastEventId: string,
  refresh: boolean,
  on: { opened(): void; received(id: string): void },
): Promise<void> {
  const { signal, request } = t;
  signal.throwIfAborted();
  const headers = await authHeaders(t.credentials, t.auth, refresh);
  headers.accept = 'text/event-stream';
  if (lastEventId) headers['last-event-id'] = lastEventId;
  const conn = new AbortController();
  const abort = () => conn.abort(signal.reason);
  signal.addEventListener('abort', abort, { once: true });
  // A connect timeout, then an idle timeout re-armed by every chunk (the server sends keep-alives).
  let stall: TimeoutError | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (ms: number, what: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stall = new TimeoutError(`${request}: ${what}`, request);
      conn.abort(stall);
    }, ms);
  };
  let handlerError: { error: unknown } | undefined;
  try {
    arm(t.connectTimeoutMs, `took longer than ${t.connectTimeoutMs} ms`);
    let res: Response;
    try {
      res = await t.fetch(t.url, { headers, signal: conn.signal });
    } catch {
      throw new NetworkError(`${request} failed: the service could not be reached`, request);
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw streamError(res, request, t.client.options.now?.() ?? Date.now());
    }
    if (!res.body || !/^text\/event-stream\b/i.test(res.headers.get('content-type') ?? '')) {
      await res.body?.cancel().catch(() => undefined);
      throw new SchemaError(request, '', 'a text/event-stream response', res.status);
    }
    const idle = `nothing received for ${t.idleTimeoutMs} ms`;
    arm(t.idleTimeoutMs, idle);
    const parser = new SseParser();
    parser.lastEventId = lastEventId;
    try {
      await readEventStream(
        res.body,
        parser,
        (message) => {
          try {
            if (message.event === 'ready') on.opened();
            else if (message.event === 'audit-event')
              t.onEvent(parseStreamEvent(message.data, request));
            on.received(message.lastEventId);
          } catch (error) {
            handlerError = { error };
            throw error;
          }
        },
        () => arm(t.idleTimeoutMs, idle),
      );
    } catch (e) {
      if (handlerError && e === handlerError.error) throw e;
      throw new NetworkError(`${request}: the connection was dropped`, request, res.status);
    }
  } catch (e) {
    if (signal.aborted) throw signal.reason;
    if (stall && !handlerError) throw stall;
    throw e;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', abort);
  }
}

export function parseStreamEvent(data: string, request: string): AuditEvent {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    throw new SchemaError(
      request,
      '',
      `an event that is not valid JSON (${data.length} bytes received)`,
    );
  }
  const parsed = GenericEvent.safeParse(json);
  if (!parsed.success) throw schemaError(request, parsed.error);
  return parsed.data;
}

/** A typed error for a refused stream request; names the request by path only. */
function streamError(res: Response, request: string, now: number): SourceError {
  const status = res.status;
  if (status === 401)
    return new UnauthorizedError(`${request}: not signed in, or the key was refused`, request, 401);
  if (status === 403)
    return new ForbiddenError(`${request}: this principal may not read audit logs`, request, 403);
  if (status === 404) return new NotFoundError(`${request}: not found`, request, 404);
  if (status === 429) {
    const wait = parseRetryAfter(res.headers.get('retry-after'), now);
    return new RateLimitedError(`${request}: rate limited`, request, wait);
  }
  if (status === 408) return new TimeoutError(`${request}: the service timed out`, request, 408);
  if (status >= 500)
    return new ServerError(`${request}: the service failed with HTTP ${status}`, request, status);
  return new BadRequestError(
    `${request}: the service refused the query (HTTP ${status})`,
    request,
    status,
  );
}
