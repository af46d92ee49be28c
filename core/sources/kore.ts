/**
 * Adapter for Kore's public audit-log API (seed 003): `GET /api/public/auditlogs`, newest
 * first, paged with `skip` / `limit` (at most 100), authenticated with the `auth` header.
 *
 * What is applied server-side and what client-side: see `translateKore`. A server that refuses
 * a query without `entity` is queried once per documented entity, merged newest first.
 *
 * Sort: the API only returns newest first, so a view asking for `asc` still gets newest first
 * (`capabilities.sortOrders` is `['desc']`). There is no detail endpoint: `get` answers from
 * the events this source has recently returned.
 */
import { clientFor, type Query } from '../client.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import { isExclusion, searchTerms } from '../filter.js';
import {
  FILTER_KEYS,
  type AuditEvent,
  type FilterKey,
  type Filters,
  type ViewState,
} from '../model.js';
import { matchesStatusList, parseStatusList } from '../status.js';
import {
  decodeOffset,
  encodeOffset,
  fill,
  isoBounds,
  TranslationBuilder,
  planOf,
  viewerPageSize,
  type Paging,
} from './fill.js';
import * as g from './guard.js';
import { boolean, looseObject, refine } from './guard-checks.js';
import { validateRows, type Row } from './rows.js';
import type {
  Capabilities,
  SearchOptions,
  SearchResult,
  Source,
  SourceConfig,
  Translation,
} from './types.js';

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

const isoDate = refine(
  g.string(),
  (s) => parseKoreDate(s) >= 0,
  'expected an ISO 8601 date-time with a zone (2024-12-10T14:27:20.286Z)',
);

/**
 * One item of `logs`. Strict about what the viewer maps, tolerant of fields it does not know
 * (kept: the whole log is the event's `raw`). `parentIds`, `delta`, `keywords` and `__v` may be
 * absent; when present they must have their documented types.
 */
export const KoreLog = looseObject({
  parentIds: g.optional(g.array(g.string())),
  _id: g.string(1),
  entity: g.string(),
  action: g.string(),
  userId: g.string(),
  accountId: g.string(),
  entityId: g.string(),
  delta: g.optional(looseObject({ from: g.unknown, to: g.unknown })),
  htmlText: g.string(),
  userName: g.string(),
  emailId: g.string(),
  keywords: g.optional(g.string()),
  cOn: isoDate,
  __v: g.optional(g.number()),
});
export type KoreLog = g.Infer<typeof KoreLog>;

/**
 * The response. Seed 003 documents only `logs`; the reference service adds `total`, `skip`,
 * `limit` and `hasMore`, which are used when present.
 */
const count = g.optional(g.number({ int: true, min: 0 }));
export const KoreResponse = g.object({
  logs: g.array(KoreLog),
  total: count,
  skip: count,
  limit: count,
  hasMore: g.optional(boolean),
});
export type KoreResponse = g.Infer<typeof KoreResponse>;

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
  // No `status`: every Kore record is a success (a change that was made), so the filter bar
  // offers no status control, the facets no status or "Errors only".
  filters: ['q', 'actor', 'plugin', 'kind', 'time', 'action', 'entityId', 'userId', 'workspace'],
  // An entity of the API's documented list.
  examples: { plugin: 'role' },
  absentFields: ['statusCode', 'duration'],
  serverFilters: ['actor', 'plugin', 'time', 'kind', 'action', 'entityId', 'userId'],
  pagination: 'offset',
  maxPageSize: KORE_MAX_LIMIT,
  auth: { header: 'auth' },
  sortOrders: ['desc'],
  detail: false,
  facets: false,
  histogram: false,
  stream: false,
};

/** Seed 003's documented entity keys, for servers that insist on an `entity`. */
export const KORE_ENTITIES = [
  'usergroup',
  'Agent',
  'role',
  'ssostatus',
  'serviceaccount',
  'llmintegrations',
  'domains',
  'ratelimits',
  'emailnotificationpreferences',
  'nlprules',
  'userenrollment',
] as const;

/** Seed 003's documented actions. */
const KORE_ACTIONS = ['create', 'update', 'delete'];

/** The earliest instant the time window is sent from when the view sets none. */
const EPOCH_ISO = new Date(0).toISOString();

/**
 * How a view's filters become Kore query parameters and client-side filters. Seed 003 marks
 * every parameter "Mandate: Yes", so a time window is always sent (the epoch to now when the
 * view sets none).
 *
 * Server-side: `actor` -> `emailId` (an email; a display name is matched client-side),
 * `plugin` -> `entity`, `action` -> `action` (create / update / delete), `entityId`,
 * `userId`, `time` -> `startTime` / `endTime` (ISO 8601, inclusive), `kind` (every Kore log
 * is a `change`). Client-side: `q`, `status`, `workspace` (the account id), other values.
 * Filters on fields Kore logs never carry (skill, HTTP method, trace id, environment, an API
 * key, a status other than success) cannot hold: no request is made.
 */
export function translateKore(filters: Filters, now: number): Translation {
  const t = new TranslationBuilder();
  const { query } = t;
  const param = (key: FilterKey, name: string, max: number, ok = true) => {
    const value = filters[key] as string;
    // Longer values than the API accepts are matched in the viewer instead.
    if (ok && value.length <= max) {
      query[name] = value;
      t.server(key);
    } else t.client(key);
  };
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value === undefined || value === '') continue;
    // An exclusion (`!value`) is applied in the viewer: no backend takes a negated filter.
    if (isExclusion(key, value)) {
      t.client(key);
      continue;
    }
    switch (key) {
      case 'actor':
        param('actor', 'emailId', 320, (value as string).includes('@'));
        break;
      case 'plugin':
        param('plugin', 'entity', 100);
        break;
      case 'entityId':
        param('entityId', 'entityId', 100);
        break;
      case 'userId':
        param('userId', 'userId', 100);
        break;
      case 'action': {
        const lc = (value as string).toLowerCase();
        if (KORE_ACTIONS.includes(lc)) {
          query.action = lc;
          t.server('action');
        } else t.client('action');
        break;
      }
      case 'time': {
        const bounds = isoBounds(filters.time, now);
        if (bounds.empty) t.empty = true;
        if (bounds.from) query.startTime = bounds.from;
        if (bounds.to) query.endTime = bounds.to;
        t.server('time');
        break;
      }
      case 'kind':
        if (value === 'change') t.server('kind');
        else t.never('kind');
        break;
      case 'q':
        if (searchTerms(value as string).length) t.client('q');
        break;
      case 'status': {
        // Every Kore log is a success without an HTTP code: the filter's answer is the same
        // for all of them.
        const parsed = parseStatusList(value as string);
        if (!parsed.ok || !matchesStatusList(parsed.value, undefined, 'success')) t.never('status');
        else t.client('status');
        break;
      }
      case 'authType':
        if (value === 'api-key') t.never('authType');
        else t.client('authType');
        break;
      case 'skill':
      case 'method':
      case 'traceId':
      case 'environment':
        // Kore logs have no skill, HTTP method, trace id or environment: such a filter never holds.
        t.never(key);
        break;
      default:
        t.client(key);
    }
  }
  query.startTime ??= EPOCH_ISO;
  query.endTime ??= new Date(Math.max(0, now)).toISOString();
  return t.done();
}

/** The response with its logs unvalidated: each is validated on its own. */
const KoreEnvelope = g.object({
  logs: g.array(g.anything),
  total: count,
  skip: count,
  limit: count,
  hasMore: g.optional(boolean),
});

/** Whether a 400 says the query lacks an `entity` (a Kore server that insists on one). */
const wantsEntity = (e: unknown): boolean =>
  e instanceof BadRequestError && /\bentity\b/i.test(e.message);

/** A skip of -1: that entity has nothing more. */
const DONE = -1;
/**
 * Merge cursors for the per-entity fallback: `m<skip of entity 0>,<skip of entity 1>,...`,
 * `x` for an entity that has nothing more.
 */
const encodeMerge = (skips: readonly number[]): string =>
  `m${skips.map((s) => (s === DONE ? 'x' : String(s))).join(',')}`;
function decodeMerge(cursor: string | null): number[] {
  if (cursor === null) return KORE_ENTITIES.map(() => 0);
  const m = /^m((?:\d{1,9}|x)(?:,(?:\d{1,9}|x))*)$/.exec(cursor);
  const skips = m ? m[1]!.split(',').map((s) => (s === 'x' ? DONE : Number(s))) : [];
  if (skips.length !== KORE_ENTITIES.length)
    throw new RangeError(`Not a cursor of this source: ${JSON.stringify(cursor)}`);
  return skips;
}

// ---------------------------------------------------------------------------------------------
// The source

export function createKoreSource(config: SourceConfig): Source {
  const client = clientFor(config, koreCapabilities.auth);
  const clock = config.now ?? Date.now;
  /** Learned from the server's answer: it refuses a query without `entity`. */
  let entityRequired = false;
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

  async function request(query: Query, skip: number, limit: number, signal: AbortSignal) {
    const res = await client.getJson(PATH, { ...query, skip, limit }, KoreEnvelope, signal);
    const rows = validateRows(res.logs, KoreLog, mapKoreLog, 'logs');
    // Seed 003 documents only `logs`: without `hasMore` or `total`, a page shorter than asked
    // may be the server's own cap, so only an empty page ends the walk.
    const more =
      res.logs.length > 0 &&
      (res.hasMore ?? (res.total !== undefined ? skip + res.logs.length < res.total : true));
    return { rows, more };
  }

  /** One query, by offset. */
  const offsetPaging = (query: Query, limit: number): Paging<number> => ({
    decode: decodeOffset,
    encode: encodeOffset,
    async fetch(offset, signal) {
      const { rows, more } = await request(query, offset, limit, signal);
      return { rows, at: (i) => offset + i, next: more ? offset + rows.length : null };
    },
  });

  /**
   * Every documented entity queried on its own and merged newest first. A position is each
   * entity's offset. A batch reads one page of each entity that has more and returns the rows
   * no unread record can precede (those at or after the latest of the entities' last rows).
   */
  const mergedPaging = (query: Query, limit: number): Paging<number[]> => ({
    decode: decodeMerge,
    encode: encodeMerge,
    async fetch(skips, signal) {
      // One entity after another: eleven requests at once could trip a rate limit.
      const pages: { rows: Row[]; more: boolean }[] = [];
      for (const [k, entity] of KORE_ENTITIES.entries())
        pages.push(
          skips[k] === DONE
            ? { rows: [], more: false }
            : await request({ ...query, entity }, skips[k]!, limit, signal),
        );
      // Each row with the time it sorts by (a rejected row takes the time of the row before it).
      const tagged = pages.flatMap(({ rows }, k) => {
        let ts = Infinity;
        return rows.map((row, j) => {
          if ('event' in row) ts = row.event.timestamp;
          return { row, k, j, ts };
        });
      });
      const floor = Math.max(
        -Infinity,
        ...pages.flatMap((p, k) => (p.more ? [tagged.filter((r) => r.k === k).at(-1)!.ts] : [])),
      );
      const batch = tagged
        .filter((r) => r.ts >= floor)
        .sort((a, b) => b.ts - a.ts || a.k - b.k || a.j - b.j);
      const after = (n: number): number[] =>
        skips.map((skip, k) => {
          if (skip === DONE) return DONE;
          const taken = batch.slice(0, n).filter((r) => r.k === k).length;
          const all = pages[k]!.rows.length;
          return !pages[k]!.more && taken === all ? DONE : skip + taken;
        });
      const next = after(batch.length);
      return {
        rows: batch.map((r) => r.row),
        at: after,
        next: next.every((s) => s === DONE) ? null : next,
        requests: skips.filter((s) => s !== DONE).length,
      };
    },
  });

  return {
    name: 'kore',
    capabilities: koreCapabilities,

    planFilters(view) {
      return planOf(translateKore(view.filters, clock()));
    },

    async search(
      view: ViewState,
      cursor: string | null,
      signal: AbortSignal,
      options?: SearchOptions,
    ): Promise<SearchResult> {
      const now = clock();
      const t = translateKore(view.filters, now);
      // A merge cursor (`m…`) continues a per-entity walk; an offset cursor (`o…`) a single query.
      const merged = (c: string | null) =>
        c === null ? entityRequired && t.query.entity === undefined : c.startsWith('m');
      if (merged(cursor)) decodeMerge(cursor);
      else decodeOffset(cursor); // a foreign cursor is refused even when no request is needed
      signal.throwIfAborted();
      const want = viewerPageSize(options);
      if (t.empty)
        return { events: [], nextCursor: null, clientFiltered: t.client, scanned: 0, requests: 0 };
      // Without client-side filters every log fetched is shown: ask for no more than the page.
      const limit = t.client.length ? KORE_MAX_LIMIT : Math.min(KORE_MAX_LIMIT, want);
      const opts = {
        want,
        filters: view.filters,
        clientKeys: t.client,
        now,
        maxRequests: Math.max(50, Math.ceil(want / limit) + 1),
      };
      let filled;
      if (merged(cursor)) {
        filled = await fill(
          mergedPaging(t.query, limit),
          cursor,
          { ...opts, maxRequests: opts.maxRequests * KORE_ENTITIES.length },
          signal,
        );
      } else {
        try {
          filled = await fill(offsetPaging(t.query, limit), cursor, opts, signal);
        } catch (e) {
          // The server insists on an entity: query each documented one (from now on).
          if (t.query.entity !== undefined || cursor !== null || !wantsEntity(e)) throw e;
          entityRequired = true;
          filled = await fill(
            mergedPaging(t.query, limit),
            null,
            { ...opts, maxRequests: opts.maxRequests * KORE_ENTITIES.length },
            signal,
          );
        }
      }
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
