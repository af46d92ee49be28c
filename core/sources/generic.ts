/**
 * The reference service's own API (`/api/v1/audit`): every filter server-side,
 * cursor pagination up to 500 per page, facets, histogram and a live tail over
 * server-sent events.
 */
import { abortableSleep, clientFor, schemaError, type Query } from '../client.js';
import { SchemaError } from '../errors.js';
import { isExclusion, matchesFilters, searchTerms, timeBounds } from '../filter.js';
import {
  FILTER_KEYS,
  type AuditEvent,
  type FilterKey,
  type Filters,
  type ViewState,
} from '../model.js';
import { fill, TranslationBuilder, planOf, viewerPageSize, type Paging } from './fill.js';
import { AuditEventGuard } from './event-guard.js';
import * as g from './guard.js';
import { validateRows } from './rows.js';
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
  Translation,
} from './types.js';

/*
 * The reference service's responses, checked with the small guard (`guard.ts`) rather than
 * zod: this adapter loads before the first row. The event is `AuditEventGuard`, `AuditEvent`
 * of `core/schema.ts` field for field (`guard.test.ts` compares them).
 */

/**
 * One event, with the record as received kept as `raw` (the parsed event drops fields the
 * viewer does not know). A failure says what was expected (`withRaw`).
 */
export const GenericEvent: g.Guard<AuditEvent> = g.withRaw(AuditEventGuard);

export const GenericEventsPage = g.object({
  data: g.array(GenericEvent),
  nextCursor: g.nullable(g.string()),
});

export const GenericEventDetail = g.object({ data: GenericEvent });

export const GenericFacets = g.object({
  field: g.string(),
  data: g.array(
    g.object({
      // Status codes come back as numbers.
      value: g.union(g.string(), g.number()),
      count: g.number({ int: true, min: 0 }),
    }),
  ),
});

export const GenericHistogram = g.object({
  from: g.number(),
  to: g.number(),
  interval: g.number({ min: 0, exclusive: true }),
  data: g.array(
    g.object({
      start: g.number(),
      end: g.number(),
      total: g.number({ int: true, min: 0 }),
      counts: g.record(g.number({ int: true, min: 0 })),
    }),
  ),
});

/** The filters the reference service's generic API takes as query parameters. */
/** Filters whose exclusion (`!value`) the service applies itself. */
const SERVER_EXCLUSIONS: readonly FilterKey[] = ['actor', 'plugin', 'skill', 'method'];

const GENERIC_SERVER_KEYS = [
  'q',
  'actor',
  'plugin',
  'skill',
  'kind',
  'method',
  'status',
  'traceId',
  'time',
] as const;

export const genericCapabilities: Capabilities = {
  filters: FILTER_KEYS,
  serverFilters: GENERIC_SERVER_KEYS,
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

/**
 * How a view's filters become the generic API's query: the filters it takes as parameters
 * (an actor as an email; the API matches emails), the rest (an actor's display name, the
 * backend-specific filters) client-side over the pages it returns.
 */
export function translateGeneric(filters: Filters, now: number): Translation {
  const t = new TranslationBuilder();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value === undefined || value === '') continue;
    // The service takes an exclusion (`!value`) of an email, plugin, skill or method; the
    // others (an actor's display name, an environment) are applied in the viewer.
    if (isExclusion(key, value) && !SERVER_EXCLUSIONS.includes(key)) {
      t.client(key);
      continue;
    }
    if (key === 'q' && searchTerms(value as string).length === 0) continue;
    if (key === 'actor' && !(value as string).includes('@')) t.client(key);
    else if ((GENERIC_SERVER_KEYS as readonly string[]).includes(key)) t.server(key);
    else t.client(key);
  }
  const { from, to } = timeBounds(filters.time, now);
  const server = new Set(t.done().server);
  const pick = <K extends keyof Filters>(k: K) => (server.has(k) ? filters[k] : undefined);
  Object.assign(t.query, {
    q: pick('q'),
    actor: pick('actor'),
    plugin: pick('plugin'),
    skill: pick('skill'),
    kind: pick('kind'),
    method: pick('method'),
    status: pick('status'),
    traceId: pick('traceId'),
    from,
    to,
  });
  return t.done();
}

/** The generic API's query parameters for a set of filters; relative time resolved against `now`. */
export function genericQuery(filters: Filters, now: number): Query {
  return translateGeneric(filters, now).query;
}

/** The list with its events unvalidated: each is validated on its own. */
const GenericEnvelope = g.object({
  data: g.array(g.anything),
  nextCursor: g.nullable(g.string()),
});

/** A position in the generic API: its cursor (null: the start) and records read of that page. */
interface GenericPosition {
  cursor: string | null;
  skip: number;
}
/** `c<skip>.<the service's cursor>`. */
const encodeGeneric = (p: GenericPosition): string => `c${p.skip}.${p.cursor ?? ''}`;
function decodeGeneric(cursor: string | null): GenericPosition {
  if (cursor === null) return { cursor: null, skip: 0 };
  const m = /^c(\d{1,9})\.(.*)$/s.exec(cursor);
  if (!m) throw new RangeError(`Not a cursor of this source: ${JSON.stringify(cursor)}`);
  return { skip: Number(m[1]), cursor: m[2] || null };
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

  /** The events one query, pages of `limit`, each event validated on its own. */
  const paging = (query: Query, limit: number, order: string): Paging<GenericPosition> => ({
    decode: decodeGeneric,
    encode: encodeGeneric,
    async fetch({ cursor, skip }, signal) {
      const page = await client.getJson(
        `${API}/events`,
        { ...query, limit, order, cursor },
        GenericEnvelope,
        signal,
      );
      const rows = validateRows(page.data, GenericEvent, (e) => e, 'data').slice(skip);
      return {
        rows,
        at: (i) => ({ cursor, skip: skip + i }),
        next:
          page.nextCursor === null || page.data.length === 0
            ? null
            : { cursor: page.nextCursor, skip: 0 },
      };
    },
  });

  return {
    name: 'generic',
    capabilities: genericCapabilities,

    planFilters(view) {
      return planOf(translateGeneric(view.filters, now()));
    },

    async search(view, cursor, signal, options: SearchOptions = {}): Promise<SearchResult> {
      decodeGeneric(cursor); // a foreign cursor is refused before any request
      const t = translateGeneric(view.filters, now());
      const want = viewerPageSize(options, genericCapabilities.maxPageSize);
      // Without client-side filters a backend page is a viewer page.
      const limit = t.client.length
        ? genericCapabilities.maxPageSize
        : clampPageSize(options.pageSize);
      const filled = await fill(
        paging(t.query, limit, view.sort),
        cursor,
        {
          want: t.client.length ? want : limit,
          filters: view.filters,
          clientKeys: t.client,
          now: now(),
          maxRequests: t.client.length ? 20 : 1,
        },
        signal,
      );
      return { ...filled, clientFiltered: t.client };
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

    async stream(view, onEvent, signal, options = {}) {
      const request = `GET ${API}/stream`;
      const t = translateGeneric(view.filters, now());
      // The live tail's reader loads when a tail starts, not with the first page.
      const { liveTail } = await import('./sse.js');
      return liveTail({
        client,
        url: client.url(`${API}/stream`, t.query),
        request,
        refreshable: config.credentials !== undefined,
        fetch: config.client?.fetch ?? ((...args) => globalThis.fetch(...args)),
        sleep: config.client?.sleep ?? abortableSleep,
        connectTimeoutMs: config.client?.timeoutMs ?? 15_000,
        idleTimeoutMs: options.idleTimeoutMs ?? 45_000,
        onOpen: options.onOpen,
        onDrop: options.onDrop,
        // Filters the stream cannot apply are applied here.
        onEvent: (e) => {
          if (matchesFilters(e, view.filters, now(), t.client)) onEvent(e);
        },
        parse: (data) => parseStreamEvent(data, request),
        signal,
      });
    },
  };
}

function clampPageSize(pageSize: number | undefined): number {
  if (pageSize === undefined || !Number.isFinite(pageSize)) return DEFAULT_PAGE_SIZE;
  return Math.min(genericCapabilities.maxPageSize, Math.max(1, Math.floor(pageSize)));
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
