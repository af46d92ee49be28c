/**
 * The organization audit log (seed 004): `GET /api/v1/org/audit-logs` (page/limit,
 * newest first) and `GET /api/v1/org/audit-logs/:id` with the request details.
 * The list carries no details; `get` fetches them. Filters the API lacks (actor
 * email, free text, skill, trace id, non-exact status) are applied client-side.
 */
import * as z from 'zod/mini';
import { clientFor, type Query } from '../client.js';
import { timeBounds } from '../filter.js';
import {
  FILTER_KEYS,
  REDACTION_MARKER,
  type Actor,
  type AuditEvent,
  type FilterKey,
  type Filters,
  type RedactablePart,
  type RequestDetails,
} from '../model.js';
import { parseStatusFilter } from '../status.js';
import { fillPage, splitFilters, type BackendPage } from './fill.js';
import { withRaw } from './generic.js';
import type { Capabilities, SearchOptions, SearchResult, Source, SourceConfig } from './types.js';

const Marker = z.literal(REDACTION_MARKER);
const StringMap = z.record(z.string(), z.string());
const ParamMap = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

const isDateTime = (s: string): boolean => Number.isFinite(Date.parse(s)) && Date.parse(s) >= 0;

const OrgAuditItemFields = z.object({
  id: z.string().check(z.minLength(1)),
  method: z.string().check(z.minLength(1)),
  path: z.string(),
  statusCode: z.int().check(z.gte(100), z.lte(599)),
  resource: z.string(),
  authType: z.optional(z.string()),
  createdAt: z.string().check(z.refine(isDateTime, 'expected an ISO 8601 date-time')),
  account: z.optional(
    z.nullable(z.object({ id: z.string(), email: z.optional(z.nullable(z.string())) })),
  ),
  apiKey: z.optional(
    z.nullable(z.object({ id: z.string(), name: z.optional(z.nullable(z.string())) })),
  ),
  workspace: z.optional(z.nullable(z.object({ id: z.string() }))),
});

export const OrgAuditDetails = z.object({
  body: z.optional(z.unknown()),
  query: z.optional(z.nullable(z.union([Marker, ParamMap]))),
  params: z.optional(z.nullable(z.union([Marker, ParamMap]))),
  headers: z.optional(z.nullable(z.union([Marker, StringMap]))),
});
export type OrgAuditDetails = z.infer<typeof OrgAuditDetails>;

/** One list item, with the record as received in `raw`. */
export const OrgAuditItem = withRaw(OrgAuditItemFields);
export type OrgAuditItem = z.output<typeof OrgAuditItem>;

export const OrgAuditList = z.object({
  items: z.array(OrgAuditItem),
  page: z.int(),
  limit: z.int(),
  total: z.int().check(z.gte(0)),
  totalPages: z.int().check(z.gte(0)),
});

/** The detail record: the item plus `details`, with the whole record as received in `raw`. */
export const OrgAuditDetail = withRaw(z.extend(OrgAuditItemFields, { details: OrgAuditDetails }));

export const orgAuditCapabilities: Capabilities = {
  serverFilters: ['method', 'status', 'plugin', 'time', 'kind'],
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
 * Which of the view's filters this API applies for this query: `status` only as an
 * exact code, `method` only as a method token the API accepts; the rest client-side.
 */
export function planOrgAuditQuery(
  filters: Filters,
  now: number,
): { query: Query; clientKeys: FilterKey[]; empty: boolean } {
  const { server, client } = splitFilters(filters, orgAuditCapabilities.serverFilters);
  const clientKeys = [...client];
  const query: Query = {};
  if (server.kind !== undefined && server.kind !== 'request')
    return { query, clientKeys: [], empty: true };
  if (server.method !== undefined) {
    if (/^[A-Za-z]{3,7}$/.test(server.method)) query.method = server.method.toUpperCase();
    else clientKeys.push('method');
  }
  if (server.status !== undefined) {
    const parsed = parseStatusFilter(server.status);
    if (parsed.ok && !parsed.value.negate && parsed.value.test.type === 'code')
      query.statusCode = parsed.value.test.code;
    else clientKeys.push('status');
  }
  if (server.plugin !== undefined) {
    if (server.plugin.length <= 100) query.resource = server.plugin;
    else clientKeys.push('plugin');
  }
  const { from, to } = timeBounds(server.time, now);
  query.from = from;
  query.to = to;
  return { query, clientKeys: FILTER_KEYS.filter((k) => clientKeys.includes(k)), empty: false };
}

export function createOrgAuditSource(config: SourceConfig): Source {
  const client = clientFor(config, orgAuditCapabilities.auth);
  const clock = config.now ?? Date.now;

  return {
    name: 'org-audit',
    capabilities: orgAuditCapabilities,

    /** Newest first whatever `view.sort` says: the API has one order (see `sortOrders`). */
    async search(view, cursor, signal, options: SearchOptions = {}): Promise<SearchResult> {
      const now = clock();
      const plan = planOrgAuditQuery(view.filters, now);
      if (plan.empty)
        return { events: [], nextCursor: null, clientFiltered: [], scanned: 0, requests: 0 };
      const want = Math.min(
        orgAuditCapabilities.maxPageSize,
        Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE)),
      );
      // Without client-side filters a backend page is a viewer page; with them, read as much as allowed.
      const limit = plan.clientKeys.length ? orgAuditCapabilities.maxPageSize : want;
      const fetchAt = async (offset: number, s: AbortSignal): Promise<BackendPage> => {
        const page = Math.floor(offset / limit) + 1;
        const res = await client.getJson(PATH, { ...plan.query, page, limit }, OrgAuditList, s);
        return {
          events: res.items.slice(offset % limit).map((item) => mapOrgAuditItem(item)),
          hasMore: page < res.totalPages,
        };
      };
      const filled = await fillPage(
        cursor,
        { want, fetchAt, filters: view.filters, clientKeys: plan.clientKeys, now },
        signal,
      );
      return { ...filled, clientFiltered: plan.clientKeys };
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
