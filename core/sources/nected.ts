/**
 * Adapter for Nected's audit API (seed 002):
 * `GET /dev/audit/audit/search` (page numbers, at most 10 records a page, newest first) and
 * `GET /dev/audit/audit/:logId`, authenticated with the `nected-api-key` header.
 *
 * What it translates for the server, and what it leaves to the viewer: see `translateNected`.
 *
 * Sort: the API only returns newest first, so a view asking for `asc` still gets newest
 * first (`capabilities.sortOrders` is `['desc']`).
 */
import { clientFor, type Query } from '../client.js';
import { NotFoundError } from '../errors.js';
import { isExclusion, timeBounds } from '../filter.js';
import {
  FILTER_KEYS,
  REDACTION_MARKER,
  type AuditEvent,
  type Filters,
  type RedactablePart,
  type ViewState,
} from '../model.js';
import { parseStatusList } from '../status.js';
import {
  decodePage,
  encodePage,
  fill,
  isoBounds,
  morePages,
  TranslationBuilder,
  planOf,
  viewerPageSize,
  type PagePosition,
  type Paging,
} from './fill.js';
import * as g from './guard.js';
import { looseObject, refine } from './guard-checks.js';
import { validateRows } from './rows.js';
import type {
  Capabilities,
  SearchOptions,
  SearchResult,
  Source,
  SourceConfig,
  Translation,
} from './types.js';

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
const Payload = g.nullable(g.union(g.oneOf([REDACTION_MARKER]), g.record(g.anything)));

/**
 * One item of the search response (and `data.detail` of the detail response). Strict about
 * what the viewer maps, tolerant of fields it does not know (kept, and the whole record is the
 * event's `raw`). `statusTimeMs`, `path` and `version` are not mapped: they may be absent, but
 * when present they must have their documented types.
 */
export const NectedRecord = looseObject({
  entityId: g.string(),
  executionId: g.string(),
  type: g.string(),
  name: g.string(),
  event: g.string(),
  status: refine(
    g.string(),
    (s) => outcomeOf(s) !== undefined,
    'expected Success, Error, Completed or Failed',
  ),
  environment: g.string(),
  user: g.string(),
  workspaceId: g.string(),
  ip: g.string(),
  logId: g.string(1),
  statusTimeMs: g.optional(g.number({ int: true })),
  date: refine(
    g.string(),
    (s) => parseNectedDate(s) >= 0,
    'expected an RFC 3339 date-time (2024-11-27T06:00:38.470511956Z)',
  ),
  rootNode: looseObject({ id: g.string(), name: g.string(), logId: g.string() }),
  traceId: g.string(),
  message: g.string(),
  input: g.optional(Payload),
  output: g.optional(Payload),
  path: g.optional(g.nullable(g.union(g.string(), g.array(g.anything)))),
  version: g.optional(g.string()),
});
export type NectedRecord = g.Infer<typeof NectedRecord>;

const int = g.number({ int: true });
const count = g.number({ int: true, min: 0 });

export const NectedSearchResponse = g.object({
  totalCount: count,
  totalPages: count,
  pageNo: int,
  pageSize: int,
  data: g.array(NectedRecord),
  code: g.string(),
  message: g.string(),
});
export type NectedSearchResponse = g.Infer<typeof NectedSearchResponse>;

/**
 * The detail response. `parent` and `children` are the records of the same execution; the
 * viewer does not rely on them, so they are not validated item by item.
 */
export const NectedDetailResponse = g.object({
  pageNo: g.optional(int),
  pageSize: g.optional(int),
  data: g.object({
    detail: NectedRecord,
    parent: g.optional(g.array(g.anything)),
    children: g.optional(g.array(g.anything)),
    totalChildren: g.optional(int),
  }),
  code: g.string(),
  message: g.string(),
});
export type NectedDetailResponse = g.Infer<typeof NectedDetailResponse>;

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
  // `rootNode.logId` is the root record's log id in some deployments, but in others (seed 002's
  // own example) it repeats the execution id or the root node's id, which name no record.
  const root = r.rootNode.logId;
  if (root && root !== r.logId && root !== r.executionId && root !== r.rootNode.id)
    event.parentId = root;
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
  // A record type (which the API filters on).
  examples: { plugin: 'Workflow' },
  filters: [
    'q',
    'actor',
    'plugin',
    'kind',
    'status',
    'traceId',
    'time',
    'action',
    'environment',
    'entityId',
    'workspace',
  ],
  absentFields: ['statusCode', 'duration'],
  serverFilters: ['q', 'plugin', 'status', 'time', 'kind', 'action', 'environment'],
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

/** A record's `event` (lower-cased) -> the documented `event` query value. */
const EVENT_QUERY: Readonly<Record<string, string>> = {
  'test via console': 'test',
  'call via api': 'api',
  'role revoke': 'roleRevoke',
  'role update': 'roleUpdate',
  'cron test': 'cronTest',
  cron: 'cron',
  webhook: 'webhook',
  'delayed test': 'delayedTest',
  delay: 'delay',
};

/** The documented `environment` values. */
const ENVIRONMENTS = ['production', 'staging'];

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

/** When an AWS X-Ray trace id (`Root=1-<8 hex: epoch seconds>-<24 hex>`) was started. */
export function xrayTraceStart(traceId: string): number | undefined {
  const m = /^(?:Root=)?1-([0-9a-f]{8})-[0-9a-f]{24}(?:;|$)/i.exec(traceId.trim());
  return m ? parseInt(m[1]!, 16) * 1000 : undefined;
}
/** How long before and after its start an X-Ray trace's records are looked for. */
const TRACE_BEFORE_MS = 5 * 60_000;
const TRACE_AFTER_MS = 24 * 60 * 60_000;

/**
 * How a view's filters become Nected query parameters and client-side filters.
 *
 * - `q` -> `search`, the whole text: the backend matches it ("rule_name or any text"), and
 *   what it matched is shown as it is (not filtered again in the viewer);
 * - `plugin` -> `type` when the value is one of Nected's record types (else client-side);
 * - `action` -> `event` when it is a documented event ("Call Via API" -> `api`), else
 *   client-side; `environment` -> `environment` (production / staging);
 * - `status` `success` / `error` -> `status=success,Completed` / `status=error,Failed`
 *   (codes, classes, ranges and negations: client-side; a code never holds);
 * - `time` -> `startDate` / `endDate` (ISO 8601, inclusive);
 * - `kind`: every Nected record is a `change`; any other kind matches nothing;
 * - `actor` -> client-side over the display name (`user`); an email never holds (Nected
 *   records carry no emails); `entityId`, `workspace` -> client-side;
 * - `traceId` -> client-side; an X-Ray trace id also narrows the time window the backend
 *   searches to around the trace's start, so the scan ends;
 * - `skill`, `method`, `userId`, `authType: api-key`: no Nected record has them.
 */
export function translateNected(filters: Filters, now: number): Translation {
  const t = new TranslationBuilder();
  const { query } = t;
  let from: number | undefined;
  let to: number | undefined;
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value === undefined || value === '') continue;
    // An exclusion (`!value`) is applied in the viewer: no backend takes a negated filter.
    if (isExclusion(key, value)) {
      t.client(key);
      continue;
    }
    switch (key) {
      case 'q': {
        const terms = (value as string).trim().split(/\s+/).filter(Boolean);
        if (terms.length === 0) break;
        query.search = clip(terms.join(' '), MAX_SEARCH);
        t.server('q');
        break;
      }
      case 'plugin': {
        const lc = (value as string).toLowerCase();
        if (Object.hasOwn(TYPE_QUERY, lc)) {
          query.type = TYPE_QUERY[lc];
          t.server('plugin');
        } else t.client('plugin');
        break;
      }
      case 'action': {
        const lc = (value as string).toLowerCase();
        if (Object.hasOwn(EVENT_QUERY, lc)) {
          query.event = EVENT_QUERY[lc];
          t.server('action');
        } else t.client('action');
        break;
      }
      case 'environment': {
        const lc = (value as string).toLowerCase();
        if (ENVIRONMENTS.includes(lc)) {
          query.environment = lc;
          t.server('environment');
        } else t.never('environment');
        break;
      }
      case 'status': {
        const parsed = parseStatusList(value as string);
        const list = parsed.ok ? parsed.value : undefined;
        const only = list?.tests.length === 1 && !list.negate ? list.tests[0] : undefined;
        if (only?.type === 'outcome') {
          query.status = only.outcome === 'success' ? 'success,Completed' : 'error,Failed';
          t.server('status');
        } else if (!list || (!list.negate && list.tests.every((x) => x.type !== 'outcome')))
          // Nected records carry no HTTP status code: a code, class or range never holds (and an
          // expression that does not parse matches nothing). Other lists (success,4xx) and
          // exclusions are applied in the viewer.
          t.never('status');
        else t.client('status');
        break;
      }
      case 'time': {
        const bounds = timeBounds(filters.time, now);
        if (bounds.from !== undefined) from = Math.max(from ?? -Infinity, bounds.from);
        if (bounds.to !== undefined) to = Math.min(to ?? Infinity, bounds.to);
        t.server('time');
        break;
      }
      case 'kind':
        if (value === 'change') t.server('kind');
        else t.never('kind');
        break;
      case 'actor':
        if ((value as string).includes('@')) t.never('actor');
        else t.client('actor');
        break;
      case 'authType':
        if (value === 'api-key') t.never('authType');
        else t.client('authType');
        break;
      case 'traceId': {
        t.client('traceId');
        const start = xrayTraceStart(value as string);
        if (start !== undefined) {
          from = Math.max(from ?? 0, start - TRACE_BEFORE_MS);
          to = Math.min(to ?? Infinity, start + TRACE_AFTER_MS);
        }
        break;
      }
      case 'skill':
      case 'method':
      case 'userId':
        t.never(key);
        break;
      default:
        t.client(key);
    }
  }
  if (from !== undefined || to !== undefined) {
    const bounds = isoBounds({ type: 'absolute', from, to: to === Infinity ? undefined : to }, now);
    if (bounds.empty || (from !== undefined && to !== undefined && from > to)) t.empty = true;
    if (bounds.from) query.startDate = bounds.from;
    if (bounds.to) query.endDate = bounds.to;
  }
  return t.done();
}

/** The search envelope with its records unvalidated: each is validated on its own. */
const NectedSearchEnvelope = g.object({
  totalCount: count,
  totalPages: count,
  pageNo: int,
  pageSize: int,
  data: g.array(g.anything),
  code: g.string(),
  message: g.string(),
});

// ---------------------------------------------------------------------------------------------
// The source

export function createNectedSource(config: SourceConfig): Source {
  const client = clientFor(config, nectedCapabilities.auth);
  const clock = config.now ?? Date.now;

  /** Pages by number, as many records a page as the backend says it sent. */
  const paging = (query: Query): Paging<PagePosition> => ({
    decode: decodePage,
    encode: encodePage,
    async fetch({ page, skip }, signal) {
      const res = await client.getJson(
        SEARCH_PATH,
        { ...query, pageNo: page, pageSize: NECTED_PAGE_SIZE },
        NectedSearchEnvelope,
        signal,
      );
      const rows = validateRows(res.data, NectedRecord, mapNectedRecord, 'data').slice(skip);
      const more = morePages(page, res.data.length, res);
      return {
        rows,
        at: (i) => ({ page, skip: skip + i }),
        next: more ? { page: page + 1, skip: 0 } : null,
      };
    },
  });

  return {
    name: 'nected',
    capabilities: nectedCapabilities,

    planFilters(view) {
      return planOf(translateNected(view.filters, clock()));
    },

    async search(
      view: ViewState,
      cursor: string | null,
      signal: AbortSignal,
      options?: SearchOptions,
    ): Promise<SearchResult> {
      decodePage(cursor); // a foreign cursor is refused even when no request is needed
      signal.throwIfAborted();
      const now = clock();
      const want = viewerPageSize(options);
      const t = translateNected(view.filters, now);
      if (t.empty)
        return { events: [], nextCursor: null, clientFiltered: t.client, scanned: 0, requests: 0 };
      const filled = await fill(
        paging(t.query),
        cursor,
        {
          want,
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
