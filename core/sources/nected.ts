/**
 * Adapter for Nected's audit API (seed 002):
 * `GET /dev/audit/audit/search` (page numbers, at most 10 records a page, newest first) and
 * `GET /dev/audit/audit/:logId`, authenticated with the `nected-api-key` header.
 *
 * What it translates for the server, and what it leaves to the viewer:
 * - `plugin` -> `type` when the value is one of Nected's record types (else client-side);
 * - `status` `success` / `error` -> `status=success,Completed` / `status=error,Failed`
 *   (codes, classes, ranges and negations are applied client-side);
 * - `time` -> `startDate` / `endDate` (ISO 8601, inclusive);
 * - `kind`: every Nected record is a `change`; any other kind matches nothing;
 * - `q` -> its first term as `search` (the server matches it in more places than the
 *   viewer's free text does, so that is a superset), then the whole `q` client-side;
 * - `actor`, `skill`, `method`, `traceId` -> client-side.
 *
 * Sort: the API only returns newest first, so a view asking for `asc` still gets newest
 * first (`capabilities.sortOrders` is `['desc']`).
 */
import * as z from 'zod/mini';
import { clientFor, type Query } from '../client.js';
import { NotFoundError } from '../errors.js';
import { searchTerms } from '../filter.js';
import {
  FILTER_KEYS,
  REDACTION_MARKER,
  type AuditEvent,
  type FilterKey,
  type Filters,
  type RedactablePart,
  type ViewState,
} from '../model.js';
import { parseStatusFilter } from '../status.js';
import { decodeOffset, fillPage, isoBounds, viewerPageSize, type BackendPage } from './fill.js';
import type { Capabilities, SearchOptions, SearchResult, Source, SourceConfig } from './types.js';

/** The most records Nected returns per request. */
export const NECTED_PAGE_SIZE = 10;
const SEARCH_PATH = '/dev/audit/audit/search';
const DETAIL_PATH = '/dev/audit/audit/';

// ---------------------------------------------------------------------------------------------
// Schemas

/**
 * Milliseconds since the epoch of a Nected `date` (Go's RFC 3339 with up to 9 fractional
 * digits, e.g. `2024-11-27T06:00:38.470511956Z`): the fraction is cut to milliseconds
 * (truncated, not rounded) before parsing. NaN when it is not such a date-time.
 */
export function parseNectedDate(date: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/i.exec(
    date,
  );
  if (!m) return NaN;
  const fraction = (m[2] ?? '').slice(0, 3).padEnd(3, '0');
  const zone = m[3]!.length === 5 ? `${m[3]!.slice(0, 3)}:${m[3]!.slice(3)}` : m[3]!.toUpperCase();
  return Date.parse(`${m[1]!}.${fraction}${zone}`);
}

/** Nected's record status (any case) -> the viewer's outcome. */
const OUTCOMES: Readonly<Record<string, 'success' | 'error'>> = {
  success: 'success',
  completed: 'success',
  error: 'error',
  failed: 'error',
};
const outcomeOf = (status: string): 'success' | 'error' | undefined =>
  Object.hasOwn(OUTCOMES, status.toLowerCase()) ? OUTCOMES[status.toLowerCase()] : undefined;

/** A request or response payload: an object, null, or the server's redaction marker. */
const Payload = z.union([z.null(), z.literal(REDACTION_MARKER), z.record(z.string(), z.unknown())]);

/**
 * One item of the search response (and `data.detail` of the detail response). Strict about
 * what the viewer maps, tolerant of fields it does not know (kept, and the whole record is the
 * event's `raw`). `statusTimeMs`, `path` and `version` are not mapped: they may be absent, but
 * when present they must have their documented types.
 */
export const NectedRecord = z.looseObject({
  entityId: z.string(),
  executionId: z.string(),
  type: z.string(),
  name: z.string(),
  event: z.string(),
  status: z.string().check(
    z.refine((s) => outcomeOf(s) !== undefined, {
      message: 'expected Success, Error, Completed or Failed',
    }),
  ),
  environment: z.string(),
  user: z.string(),
  workspaceId: z.string(),
  ip: z.string(),
  logId: z.string().check(z.minLength(1)),
  statusTimeMs: z.optional(z.int()),
  date: z.string().check(
    z.refine((s) => parseNectedDate(s) >= 0, {
      message: 'expected an RFC 3339 date-time (2024-11-27T06:00:38.470511956Z)',
    }),
  ),
  rootNode: z.looseObject({ id: z.string(), name: z.string(), logId: z.string() }),
  traceId: z.string(),
  message: z.string(),
  input: z.optional(Payload),
  output: z.optional(Payload),
  path: z.optional(z.union([z.null(), z.string(), z.array(z.unknown())])),
  version: z.optional(z.string()),
});
export type NectedRecord = z.infer<typeof NectedRecord>;

export const NectedSearchResponse = z.object({
  totalCount: z.int().check(z.gte(0)),
  totalPages: z.int().check(z.gte(0)),
  pageNo: z.int(),
  pageSize: z.int(),
  data: z.array(NectedRecord),
  code: z.string(),
  message: z.string(),
});
export type NectedSearchResponse = z.infer<typeof NectedSearchResponse>;

/**
 * The detail response. `parent` and `children` are the records of the same execution; the
 * viewer does not rely on them, so they are not validated item by item.
 */
export const NectedDetailResponse = z.object({
  pageNo: z.optional(z.int()),
  pageSize: z.optional(z.int()),
  data: z.object({
    detail: NectedRecord,
    parent: z.optional(z.array(z.unknown())),
    children: z.optional(z.array(z.unknown())),
    totalChildren: z.optional(z.int()),
  }),
  code: z.string(),
  message: z.string(),
});
export type NectedDetailResponse = z.infer<typeof NectedDetailResponse>;

// ---------------------------------------------------------------------------------------------
// Mapping

/** A validated Nected record as the viewer's event. */
export function mapNectedRecord(r: NectedRecord): AuditEvent {
  const event: AuditEvent = {
    id: r.logId,
    timestamp: parseNectedDate(r.date),
    kind: 'change',
    actor: r.user ? { name: r.user, type: 'user' } : { type: 'system' },
    action: r.event,
    // The schema only lets known statuses through.
    status: outcomeOf(r.status) ?? 'error',
    target: r.entityId
      ? { type: r.type, id: r.entityId, name: r.name }
      : { type: r.type, name: r.name },
  };
  if (r.message) event.message = r.message;
  if (r.environment) event.environment = r.environment.toLowerCase();
  if (r.workspaceId) event.workspace = r.workspaceId;
  if (r.ip) event.ip = r.ip;
  if (r.traceId) event.traceId = r.traceId;
  if (r.executionId) event.executionId = r.executionId;
  if (r.rootNode.logId && r.rootNode.logId !== r.logId) event.parentId = r.rootNode.logId;
  const redacted: RedactablePart[] = [];
  if (r.input != null) {
    event.request = { body: r.input };
    if (r.input === REDACTION_MARKER) redacted.push('request.body');
  }
  if (r.output != null) {
    event.response = { body: r.output };
    if (r.output === REDACTION_MARKER) redacted.push('response.body');
  }
  if (redacted.length) event.redacted = redacted;
  event.raw = r;
  return event;
}

// ---------------------------------------------------------------------------------------------
// Capabilities and query translation

export const nectedCapabilities: Capabilities = {
  serverFilters: ['q', 'plugin', 'status', 'time', 'kind'],
  pagination: 'page',
  maxPageSize: NECTED_PAGE_SIZE,
  auth: { header: 'nected-api-key' },
  sortOrders: ['desc'],
  detail: true,
  facets: false,
  histogram: false,
  stream: false,
};

/** A record's `type` (lower-cased) -> the documented `type` query value. */
const TYPE_QUERY: Readonly<Record<string, string>> = {
  ruleset: 'ruleSet',
  simplerule: 'simpleRule',
  dataset: 'dataSet',
  connector: 'connector',
  globalvar: 'globalVar',
  decisiontable: 'decisionTable',
  systemapikey: 'systemAPIKey',
  authconfig: 'authConfig',
  cron: 'cron',
  workflow: 'workflow,nectedWorkflow',
  api: 'api',
  delay: 'delay',
  webhook: 'webhook',
};

/** The server's `search` accepts at most this many characters. */
const MAX_SEARCH = 200;

/** A prefix of `s` of at most `max` UTF-16 units that does not split a surrogate pair. */
function clip(s: string, max: number): string {
  let out = '';
  for (const ch of s) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

export interface Translation {
  /** Query parameters of every search request, besides the page. */
  query: Query;
  /** Filters applied in the viewer over what was fetched (in `FILTER_KEYS` order). */
  client: FilterKey[];
  /** The filters cannot match any record of this backend: no request is needed. */
  empty: boolean;
}

/** How a view's filters become Nected query parameters and client-side filters. */
export function translateNected(filters: Filters, now: number): Translation {
  const query: Query = {};
  const client: FilterKey[] = [];
  let empty = false;
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value === undefined || value === '') continue;
    switch (key) {
      case 'q': {
        const first = (value as string).trim().split(/\s+/)[0] ?? '';
        if (searchTerms(value as string).length === 0) break;
        query.search = clip(first, MAX_SEARCH);
        client.push('q');
        break;
      }
      case 'plugin': {
        const lc = (value as string).toLowerCase();
        if (Object.hasOwn(TYPE_QUERY, lc)) query.type = TYPE_QUERY[lc];
        else client.push('plugin');
        break;
      }
      case 'status': {
        const parsed = parseStatusFilter(value as string);
        if (parsed.ok && !parsed.value.negate && parsed.value.test.type === 'outcome') {
          query.status =
            parsed.value.test.outcome === 'success' ? 'success,Completed' : 'error,Failed';
          break;
        }
        client.push('status');
        // Nected records carry no HTTP status code: a code, class or range never holds (and an
        // expression that does not parse matches nothing).
        if (!parsed.ok || (!parsed.value.negate && parsed.value.test.type !== 'outcome'))
          empty = true;
        break;
      }
      case 'time': {
        const bounds = isoBounds(filters.time, now);
        if (bounds.empty) empty = true;
        if (bounds.from) query.startDate = bounds.from;
        if (bounds.to) query.endDate = bounds.to;
        break;
      }
      case 'kind':
        if (value !== 'change') empty = true;
        break;
      case 'actor':
      case 'skill':
      case 'method':
        // Nected records have no actor email, skill or HTTP method: such a filter never holds.
        client.push(key);
        empty = true;
        break;
      default:
        client.push(key);
    }
  }
  return { query, client, empty };
}

// ---------------------------------------------------------------------------------------------
// The source

export function createNectedSource(config: SourceConfig): Source {
  const client = clientFor(config, nectedCapabilities.auth);
  const clock = config.now ?? Date.now;

  /** One request: the records from `offset` on, of the page holding `offset`. */
  async function fetchAt(query: Query, offset: number, signal: AbortSignal): Promise<BackendPage> {
    const pageNo = Math.floor(offset / NECTED_PAGE_SIZE) + 1;
    const res = await client.getJson(
      SEARCH_PATH,
      { ...query, pageNo, pageSize: NECTED_PAGE_SIZE },
      NectedSearchResponse,
      signal,
    );
    const events = res.data.slice(offset % NECTED_PAGE_SIZE).map(mapNectedRecord);
    return { events, hasMore: pageNo < res.totalPages };
  }

  return {
    name: 'nected',
    capabilities: nectedCapabilities,

    async search(
      view: ViewState,
      cursor: string | null,
      signal: AbortSignal,
      options?: SearchOptions,
    ): Promise<SearchResult> {
      decodeOffset(cursor); // a foreign cursor is refused even when no request is needed
      signal.throwIfAborted();
      const now = clock();
      const want = viewerPageSize(options);
      const t = translateNected(view.filters, now);
      if (t.empty)
        return { events: [], nextCursor: null, clientFiltered: t.client, scanned: 0, requests: 0 };
      const filled = await fillPage(
        cursor,
        {
          want,
          fetchAt: (offset, s) => fetchAt(t.query, offset, s),
          filters: view.filters,
          clientKeys: t.client,
          now,
          maxRequests: Math.max(50, Math.ceil(want / NECTED_PAGE_SIZE) + 1),
        },
        signal,
      );
      return { ...filled, clientFiltered: t.client };
    },

    async get(id: string, signal: AbortSignal): Promise<AuditEvent> {
      // `.` and `..` would resolve to another path.
      if (id === '' || id === '.' || id === '..')
        throw new NotFoundError(
          `Audit log entry ${JSON.stringify(id)} not found`,
          `GET ${DETAIL_PATH}`,
        );
      const res = await client.getJson(
        `${DETAIL_PATH}${encodeURIComponent(id)}`,
        {},
        NectedDetailResponse,
        signal,
      );
      return mapNectedRecord(res.data.detail);
    },
  };
}
