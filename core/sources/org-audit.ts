/**
 * The organization audit log (seed 004): `GET /api/v1/org/audit-logs` (page/limit,
 * newest first) and `GET /api/v1/org/audit-logs/:id` with the request details.
 * The list carries no details; `get` fetches them. What is applied server-side and what
 * client-side: see `translateOrgAudit`.
 */
import { clientFor } from '../client.js';
import { isExclusion, timeBounds } from '../filter.js';
import {
  FILTER_KEYS,
  REDACTION_MARKER,
  type Actor,
  type AuditEvent,
  type Filters,
  type RedactablePart,
  type RequestDetails,
} from '../model.js';
import { parseStatusFilter } from '../status.js';
import {
  decodePage,
  encodePage,
  fill,
  morePages,
  TranslationBuilder,
  planOf,
  type PagePosition,
  type Paging,
} from './fill.js';
import * as g from './guard.js';
import { refine } from './guard-checks.js';
import { validateRows } from './rows.js';
import type {
  Capabilities,
  SearchOptions,
  SearchResult,
  Source,
  SourceConfig,
  Translation,
} from './types.js';

const Marker = g.oneOf([REDACTION_MARKER]);
const StringMap = g.record(g.string());
const ParamMap = g.record(g.union(g.string(), g.array(g.string())));

const isDateTime = (s: string): boolean => Number.isFinite(Date.parse(s)) && Date.parse(s) >= 0;

const ItemShape = {
  id: g.string(1),
  method: g.string(1),
  path: g.string(),
  statusCode: g.number({ int: true, min: 100, max: 599 }),
  resource: g.string(),
  authType: g.optional(g.string()),
  createdAt: refine(g.string(), isDateTime, 'expected an ISO 8601 date-time'),
  account: g.optional(
    g.nullable(g.object({ id: g.string(), email: g.optional(g.nullable(g.string())) })),
  ),
  apiKey: g.optional(
    g.nullable(g.object({ id: g.string(), name: g.optional(g.nullable(g.string())) })),
  ),
  workspace: g.optional(g.nullable(g.object({ id: g.string() }))),
};

export const OrgAuditDetails = g.object({
  body: g.optional(g.unknown),
  query: g.optional(g.nullable(g.union(Marker, ParamMap))),
  params: g.optional(g.nullable(g.union(Marker, ParamMap))),
  headers: g.optional(g.nullable(g.union(Marker, StringMap))),
});
export type OrgAuditDetails = g.Infer<typeof OrgAuditDetails>;

/** One list item, with the record as received in `raw`. */
export const OrgAuditItem = g.withRaw(g.object(ItemShape));
export type OrgAuditItem = g.Infer<typeof OrgAuditItem>;

const count = g.number({ int: true, min: 0 });
export const OrgAuditList = g.object({
  items: g.array(OrgAuditItem),
  page: g.number({ int: true }),
  limit: g.number({ int: true }),
  total: count,
  totalPages: count,
});

/** The detail record: the item plus `details`, with the whole record as received in `raw`. */
export const OrgAuditDetail = g.withRaw(g.object({ ...ItemShape, details: OrgAuditDetails }));

export const orgAuditCapabilities: Capabilities = {
  // A resource (the API's controller name).
  examples: { plugin: 'UsersController' },
  filters: [
    'q',
    'actor',
    'plugin',
    'kind',
    'method',
    'status',
    'time',
    'action',
    'userId',
    'workspace',
    'authType',
  ],
  absentFields: ['duration'],
  serverFilters: ['q', 'method', 'status', 'plugin', 'time', 'kind', 'authType'],
  pagination: 'page',
  maxPageSize: 100,
  auth: { header: 'authorization', scheme: 'Bearer' },
  sortOrders: ['desc'],
  detail: true,
  facets: false,
  histogram: false,
  stream: false,
};

const PATH = '/api/v1/org/audit-logs';
const DEFAULT_PAGE_SIZE = 50;

const isEmptyObject = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;

/**
 * The normalized event for an org-audit record. Without `details` (list items) the
 * event has no `request`; with them it has one, without empty header/query/param maps
 * or a null body; withheld parts keep the marker and are listed in `redacted`. A record
 * with neither an account nor an API key is the system's.
 */
export function mapOrgAuditItem(item: OrgAuditItem, details?: OrgAuditDetails): AuditEvent {
  const actor: Actor = item.account
    ? { id: item.account.id, email: item.account.email ?? undefined, type: 'user' }
    : item.apiKey
      ? { id: item.apiKey.id, name: item.apiKey.name ?? undefined, type: 'api-key' }
      : { type: 'system' };
  const event: AuditEvent = {
    id: item.id,
    timestamp: Date.parse(item.createdAt),
    kind: 'request',
    actor: omitUndefined(actor),
    action: `${item.method} ${item.resource}`,
    status: item.statusCode < 400 ? 'success' : 'error',
    workspace: item.workspace?.id,
    target: { type: item.resource },
    http: { method: item.method, path: item.path, statusCode: item.statusCode },
    raw: item.raw,
  };
  if (details) {
    const request: RequestDetails = {};
    const redacted: RedactablePart[] = [];
    for (const key of ['headers', 'query', 'params', 'body'] as const) {
      const value = details[key];
      if (value === undefined || value === null || (key !== 'body' && isEmptyObject(value)))
        continue;
      (request as Record<string, unknown>)[key] = value;
      if (value === REDACTION_MARKER) redacted.push(`request.${key}`);
    }
    event.request = request;
    if (redacted.length) event.redacted = redacted;
  }
  return omitUndefined(event);
}

function omitUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * How a view's filters become org-audit query parameters and client-side filters.
 *
 * Server-side: `q` -> `search` (the API path, partially; an account id; a workspace id),
 * `method` (a method token), `status` (an exact code), `plugin` -> `resource`, `authType`
 * (`apiKey` / `jwt`), `time` -> `from` / `to`, `kind` (every record is a `request`).
 * Client-side: `actor`, `action`, `userId`, `workspace`, other status expressions; when the
 * view has no free text, `search` carries a `userId` or `workspace` so the backend narrows
 * the scan (the exact match is still the viewer's). Fields these records never have (skill,
 * trace id, environment, entity id) never hold: no request is made.
 */
export function translateOrgAudit(filters: Filters, now: number): Translation {
  const t = new TranslationBuilder();
  const { query } = t;
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
        const text = (value as string).trim().split(/\s+/).filter(Boolean).join(' ');
        if (!text) break;
        if (text.length <= 200) {
          query.search = text;
          t.server('q');
        } else t.client('q');
        break;
      }
      case 'kind':
        if (value === 'request') t.server('kind');
        else t.never('kind');
        break;
      case 'method':
        if (/^[A-Za-z]{3,7}$/.test(value as string)) {
          query.method = (value as string).toUpperCase();
          t.server('method');
        } else t.client('method');
        break;
      case 'status': {
        const parsed = parseStatusFilter(value as string);
        if (parsed.ok && !parsed.value.negate && parsed.value.test.type === 'code') {
          query.statusCode = parsed.value.test.code;
          t.server('status');
        } else t.client('status');
        break;
      }
      case 'plugin':
        if ((value as string).length <= 100) {
          query.resource = value as string;
          t.server('plugin');
        } else t.client('plugin');
        break;
      case 'authType':
        query.authType = value === 'api-key' ? 'apiKey' : 'jwt';
        t.server('authType');
        break;
      case 'time': {
        const { from, to } = timeBounds(filters.time, now);
        query.from = from;
        query.to = to;
        t.server('time');
        break;
      }
      case 'skill':
      case 'traceId':
      case 'environment':
      case 'entityId':
        t.never(key);
        break;
      default:
        t.client(key);
    }
  }
  // Narrow the scan for an exact id the API can only search for.
  if (query.search === undefined) {
    const id = filters.userId || filters.workspace;
    if (id && id.length <= 200) query.search = id;
  }
  return t.done();
}

/** The list with its items unvalidated: each is validated on its own. */
const OrgAuditEnvelope = g.object({
  items: g.array(g.anything),
  page: g.number({ int: true }),
  limit: g.number({ int: true }),
  total: count,
  totalPages: count,
});

export function createOrgAuditSource(config: SourceConfig): Source {
  const client = clientFor(config, orgAuditCapabilities.auth);
  const clock = config.now ?? Date.now;

  return {
    name: 'org-audit',
    capabilities: orgAuditCapabilities,

    planFilters(view) {
      return planOf(translateOrgAudit(view.filters, clock()));
    },

    /** Newest first whatever `view.sort` says: the API has one order (see `sortOrders`). */
    async search(view, cursor, signal, options: SearchOptions = {}): Promise<SearchResult> {
      decodePage(cursor); // a foreign cursor is refused even when no request is needed
      const now = clock();
      const t = translateOrgAudit(view.filters, now);
      if (t.empty)
        return { events: [], nextCursor: null, clientFiltered: t.client, scanned: 0, requests: 0 };
      const want = Math.min(
        orgAuditCapabilities.maxPageSize,
        Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE)),
      );
      // Without client-side filters a backend page is a viewer page; with them, read as much as allowed.
      const limit = t.client.length ? orgAuditCapabilities.maxPageSize : want;
      const paging: Paging<PagePosition> = {
        decode: decodePage,
        encode: encodePage,
        async fetch({ page, skip }, s) {
          const res = await client.getJson(PATH, { ...t.query, page, limit }, OrgAuditEnvelope, s);
          const rows = validateRows(
            res.items,
            OrgAuditItem,
            (item) => mapOrgAuditItem(item),
            'items',
          );
          const more = morePages(page, res.items.length, {
            totalPages: res.totalPages,
            totalCount: res.total,
            pageSize: res.limit,
          });
          return {
            rows: rows.slice(skip),
            at: (i) => ({ page, skip: skip + i }),
            next: more ? { page: page + 1, skip: 0 } : null,
          };
        },
      };
      const filled = await fill(
        paging,
        cursor,
        { want, filters: view.filters, clientKeys: t.client, now },
        signal,
      );
      return { ...filled, clientFiltered: t.client };
    },

    async get(id, signal) {
      const record = await client.getJson(
        `${PATH}/${encodeURIComponent(id)}`,
        {},
        OrgAuditDetail,
        signal,
      );
      return mapOrgAuditItem(record, record.details);
    },
  };
}
