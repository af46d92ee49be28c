/**
 * Adapter for Kore's public audit-log API (seed 003): `GET /api/public/auditlogs`, newest
 * first, paged with `skip` / `limit` (at most 100), authenticated with the `auth` header.
 *
 * Server-side: `actor` -> `emailId`, `plugin` -> `entity`, `time` -> `startTime` / `endTime`
 * (ISO 8601, inclusive), `kind` (every Kore log is a `change`; other kinds match nothing).
 * Everything else is applied client-side. Filters on fields Kore logs never carry (skill,
 * HTTP method, trace id, a status other than success) cannot hold, so they return an empty
 * page without a request.
 *
 * Sort: the API only returns newest first, so a view asking for `asc` still gets newest first
 * (`capabilities.sortOrders` is `['desc']`). There is no detail endpoint: `get` answers from
 * the events this source has recently returned.
 */
import * as z from 'zod/mini';
import { clientFor, type Query } from '../client.js';
import { NotFoundError } from '../errors.js';
import { searchTerms } from '../filter.js';
import {
  FILTER_KEYS,
  type AuditEvent,
  type FilterKey,
  type Filters,
  type ViewState,
} from '../model.js';
import { matchesStatus, parseStatusFilter } from '../status.js';
import { decodeOffset, fillPage, isoBounds, viewerPageSize, type BackendPage } from './fill.js';
import type { Capabilities, SearchOptions, SearchResult, Source, SourceConfig } from './types.js';

/** The most logs Kore returns per request. */
export const KORE_MAX_LIMIT = 100;
const PATH = '/api/public/auditlogs';
/** How many returned events `get` can answer for. */
export const KORE_RECENT_EVENTS = 2000;

// ---------------------------------------------------------------------------------------------
// Schemas

/**
 * Milliseconds since the epoch of an ISO 8601 date-time with a zone (`Z` or `+hh:mm`; one
 * without a zone would be read in the viewer's local time); NaN for anything else. A fraction
 * finer than milliseconds is truncated.
 */
export function parseKoreDate(date: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(date);
  if (!m) return NaN;
  return Date.parse(`${m[1]!}.${(m[2] ?? '').slice(0, 3).padEnd(3, '0')}${m[3]!}`);
}

const isoDate = z.string().check(
  z.refine((s) => parseKoreDate(s) >= 0, {
    message: 'expected an ISO 8601 date-time with a zone (2024-12-10T14:27:20.286Z)',
  }),
);

/**
 * One item of `logs`. Strict about what the viewer maps, tolerant of fields it does not know
 * (kept: the whole log is the event's `raw`). `parentIds`, `delta`, `keywords` and `__v` may be
 * absent; when present they must have their documented types.
 */
export const KoreLog = z.looseObject({
  parentIds: z.optional(z.array(z.string())),
  _id: z.string().check(z.minLength(1)),
  entity: z.string(),
  action: z.string(),
  userId: z.string(),
  accountId: z.string(),
  entityId: z.string(),
  delta: z.optional(z.looseObject({ from: z.unknown(), to: z.unknown() })),
  htmlText: z.string(),
  userName: z.string(),
  emailId: z.string(),
  keywords: z.optional(z.string()),
  cOn: isoDate,
  __v: z.optional(z.number()),
});
export type KoreLog = z.infer<typeof KoreLog>;

/**
 * The response. Seed 003 documents only `logs`; the reference service adds `total`, `skip`,
 * `limit` and `hasMore`, which are used when present.
 */
export const KoreResponse = z.object({
  logs: z.array(KoreLog),
  total: z.optional(z.int().check(z.gte(0))),
  skip: z.optional(z.int().check(z.gte(0))),
  limit: z.optional(z.int().check(z.gte(0))),
  hasMore: z.optional(z.boolean()),
});
export type KoreResponse = z.infer<typeof KoreResponse>;

// ---------------------------------------------------------------------------------------------
// Mapping

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

function decodeEntity(entity: string, body: string): string {
  if (body.startsWith('#')) {
    const code =
      body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : Number(body.slice(1));
    return Number.isInteger(code) &&
      code > 0 &&
      code <= 0x10ffff &&
      !(code >= 0xd800 && code <= 0xdfff)
      ? String.fromCodePoint(code)
      : entity;
  }
  return Object.hasOwn(ENTITIES, body) ? ENTITIES[body]! : entity;
}

/**
 * Plain text of Kore's `htmlText`: tags, comments and a tag cut off at the end removed (as an
 * HTML parser reads them: `<` then a letter, `/`, `!` or `?`; any other `<` is text), character
 * references decoded (`&amp;` `&lt;` `&gt;` `&quot;` `&#39;`, other numeric ones, `&apos;`,
 * `&nbsp;`) after that, whitespace collapsed. The result is text, never markup: render it as
 * text (a decoded `&lt;b&gt;` is the text `<b>`).
 */
export function koreText(html: string): string {
  return html
    .replace(/<[a-zA-Z/!?][^>]*>?/g, '')
    .replace(/&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,5});/g, decodeEntity)
    .replace(/\s+/g, ' ')
    .trim();
}

/** A validated Kore log as the viewer's event. */
export function mapKoreLog(log: KoreLog): AuditEvent {
  const actor: AuditEvent['actor'] = { type: 'user' };
  if (log.userId) actor.id = log.userId;
  if (log.emailId) actor.email = log.emailId;
  if (log.userName) actor.name = log.userName;
  const event: AuditEvent = {
    id: log._id,
    timestamp: parseKoreDate(log.cOn),
    kind: 'change',
    actor,
    action: log.action,
    status: 'success',
    target: log.entityId ? { type: log.entity, id: log.entityId } : { type: log.entity },
  };
  const message = koreText(log.htmlText);
  if (message) event.message = message;
  if (log.htmlText) event.messageHtml = log.htmlText;
  if (log.accountId) event.workspace = log.accountId;
  if (log.delta) event.delta = { from: log.delta.from, to: log.delta.to };
  const parent = log.parentIds?.[0];
  if (parent) event.parentId = parent;
  event.raw = log;
  return event;
}

// ---------------------------------------------------------------------------------------------
// Capabilities and query translation

export const koreCapabilities: Capabilities = {
  serverFilters: ['actor', 'plugin', 'time', 'kind'],
  pagination: 'offset',
  maxPageSize: KORE_MAX_LIMIT,
  auth: { header: 'auth' },
  sortOrders: ['desc'],
  detail: false,
  facets: false,
  histogram: false,
  stream: false,
};

export interface Translation {
  /** Query parameters of every request, besides `skip` / `limit`. */
  query: Query;
  /** Filters applied in the viewer over what was fetched (in `FILTER_KEYS` order). */
  client: FilterKey[];
  /** The filters cannot match any Kore log: no request is needed. */
  empty: boolean;
}

/** How a view's filters become Kore query parameters and client-side filters. */
export function translateKore(filters: Filters, now: number): Translation {
  const query: Query = {};
  const client: FilterKey[] = [];
  let empty = false;
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value === undefined || value === '') continue;
    switch (key) {
      case 'actor':
      case 'plugin': {
        // Longer values than the API accepts are matched in the viewer instead.
        const [param, max] = key === 'actor' ? ['emailId', 320] : ['entity', 100];
        if ((value as string).length <= max) query[param] = value as string;
        else client.push(key);
        break;
      }
      case 'time': {
        const bounds = isoBounds(filters.time, now);
        if (bounds.empty) empty = true;
        if (bounds.from) query.startTime = bounds.from;
        if (bounds.to) query.endTime = bounds.to;
        break;
      }
      case 'kind':
        if (value !== 'change') empty = true;
        break;
      case 'q':
        if (searchTerms(value as string).length) client.push('q');
        break;
      case 'status': {
        client.push('status');
        // Every Kore log is a success without an HTTP code: the filter's answer is the same
        // for all of them.
        const parsed = parseStatusFilter(value as string);
        if (!parsed.ok || !matchesStatus(parsed.value, undefined, 'success')) empty = true;
        break;
      }
      case 'skill':
      case 'method':
      case 'traceId':
        // Kore logs have no skill, HTTP method or trace id: such a filter never holds.
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

export function createKoreSource(config: SourceConfig): Source {
  const client = clientFor(config, koreCapabilities.auth);
  const clock = config.now ?? Date.now;
  /** Events recently returned, oldest first (a Map keeps insertion order). */
  const recent = new Map<string, AuditEvent>();
  const remember = (events: readonly AuditEvent[]) => {
    for (const e of events) {
      recent.delete(e.id);
      recent.set(e.id, e);
    }
    for (const id of recent.keys()) {
      if (recent.size <= KORE_RECENT_EVENTS) break;
      recent.delete(id);
    }
  };

  async function fetchAt(
    query: Query,
    offset: number,
    limit: number,
    signal: AbortSignal,
  ): Promise<BackendPage> {
    const res = await client.getJson(PATH, { ...query, skip: offset, limit }, KoreResponse, signal);
    const hasMore =
      res.hasMore ??
      (res.total !== undefined ? offset + res.logs.length < res.total : res.logs.length >= limit);
    return { events: res.logs.map(mapKoreLog), hasMore };
  }

  return {
    name: 'kore',
    capabilities: koreCapabilities,

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
      const t = translateKore(view.filters, now);
      if (t.empty)
        return { events: [], nextCursor: null, clientFiltered: t.client, scanned: 0, requests: 0 };
      // Without client-side filters every log fetched is shown: ask for no more than the page.
      const limit = t.client.length ? KORE_MAX_LIMIT : Math.min(KORE_MAX_LIMIT, want);
      const filled = await fillPage(
        cursor,
        {
          want,
          fetchAt: (offset, s) => fetchAt(t.query, offset, limit, s),
          filters: view.filters,
          clientKeys: t.client,
          now,
          maxRequests: Math.max(50, Math.ceil(want / limit) + 1),
        },
        signal,
      );
      remember(filled.events);
      return { ...filled, clientFiltered: t.client };
    },

    get(id: string, signal: AbortSignal): Promise<AuditEvent> {
      signal.throwIfAborted();
      const event = recent.get(id);
      if (!event)
        return Promise.reject(
          new NotFoundError(
            `Kore has no detail endpoint, and audit log ${JSON.stringify(id)} is not among the ${KORE_RECENT_EVENTS} most recently loaded`,
            `GET ${PATH}`,
          ),
        );
      return Promise.resolve(event);
    },
  };
}
