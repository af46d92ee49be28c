/**
 * The mapped adapter: any JSON audit API, configured by data rather than code. A mapping
 * says where the list endpoint is and how it authenticates, where the records are in the
 * response (a JSON path), how each `AuditEvent` field is read from a record (a path, with a
 * converter: epoch seconds / milliseconds / ISO dates, a status code to an outcome, a table of
 * values), which query parameters carry which filters, and how the API pages (page number,
 * offset, a cursor from a response field, or a `Link` header). `validateMapping` checks a
 * mapping and says what is wrong with it, one message per mistake.
 */
import { clientFor, type HttpClient, type Query } from '../client.js';
import { NotFoundError, SchemaError } from '../errors.js';
import { isExclusion, searchTerms, timeBounds } from '../filter.js';
import { getAt, type JsonPathSegment } from '../json-path.js';
import { FILTER_KEYS, type AuditEvent, type FilterKey, type Filters } from '../model.js';
import {
  decodeOffset,
  decodePage,
  encodeOffset,
  encodePage,
  fill,
  morePages,
  TranslationBuilder,
  planOf,
  viewerPageSize,
  type PagePosition,
  type Paging,
} from './fill.js';
import { AuditEventGuard } from './event-guard.js';
import * as g from './guard.js';
import { discriminated, refine, strictObject } from './guard-checks.js';
import { describeIssue, type Row } from './rows.js';
import type {
  Capabilities,
  RecordField,
  SearchResult,
  Source,
  SourceConfig,
  Translation,
} from './types.js';

// ---------------------------------------------------------------------------------------------
// JSON paths: `$`, `$.items`, `data.logs`, `account.email`, `items[0]`, `["odd key"]`

/** The segments of a path, or an error message. */
export function parsePath(path: string): JsonPathSegment[] | string {
  let rest = path.trim();
  if (rest.startsWith('$')) rest = rest.slice(1);
  else if (rest !== '') rest = `.${rest}`;
  const out: JsonPathSegment[] = [];
  const token = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;
  while (rest !== '') {
    const m = token.exec(rest);
    if (!m) return `"${path}" is not a JSON path (use $.items, data.logs, a[0].b or ["odd key"])`;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(m[3]!) as string);
    rest = rest.slice(m[0].length);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The mapping's schema

export const CONVERTERS = [
  'string',
  'number',
  'epoch-s',
  'epoch-ms',
  'iso',
  'status-code',
] as const;
export type Converter = (typeof CONVERTERS)[number];

const Path = refine(
  g.string(),
  (s) => typeof parsePath(s) !== 'string',
  'not a JSON path (use $.items, data.logs, a[0].b or ["odd key"])',
);

const FieldSpec = g.union(
  Path,
  strictObject({
    /** A path, or several: the first that holds a value is read. */
    path: g.union(Path, g.array(Path, 1)),
    convert: g.optional(g.oneOf(CONVERTERS)),
    /** Raw value -> the value to use (`apiKey` -> `api-key`, `Failed` -> `error`). */
    values: g.optional(g.record(g.string())),
  }),
  strictObject({ const: g.string() }),
);
export type FieldSpec = g.Infer<typeof FieldSpec>;

/** The event fields a mapping can fill, as dotted `AuditEvent` paths. */
export const MAPPED_FIELDS = [
  'id',
  'timestamp',
  'kind',
  'action',
  'status',
  'message',
  'actor.id',
  'actor.email',
  'actor.name',
  'actor.type',
  'target.type',
  'target.id',
  'target.name',
  'plugin',
  'skill',
  'http.method',
  'http.url',
  'http.path',
  'http.statusCode',
  'http.durationMs',
  'traceId',
  'workspace',
  'environment',
  'ip',
] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];

const required = <T>(inner: g.Guard<T>, key: keyof T & string) =>
  refine(inner, (f) => f[key] !== undefined, 'required', [key]);
const Fields = required(
  required(
    strictObject(
      Object.fromEntries(MAPPED_FIELDS.map((f) => [f, g.optional(FieldSpec)])) as Record<
        MappedField,
        g.Guard<FieldSpec | undefined>
      >,
    ),
    'id',
  ),
  'timestamp',
);

const TimeParams = strictObject({
  from: g.optional(g.string(1)),
  to: g.optional(g.string(1)),
  format: g.oneOf(['iso', 'epoch-ms', 'epoch-s']),
});

const FILTER_PARAM_KEYS = FILTER_KEYS.filter((k) => k !== 'time');
const FilterParams = strictObject({
  ...(Object.fromEntries(FILTER_PARAM_KEYS.map((k) => [k, g.optional(g.string(1))])) as Record<
    Exclude<FilterKey, 'time'>,
    g.Guard<string | undefined>
  >),
  time: g.optional(TimeParams),
});

const Size = g.number({ int: true, min: 1, max: 10_000 });
const Pagination = discriminated('type', {
  page: strictObject({
    type: g.oneOf(['page']),
    page: g.string(),
    size: g.string(),
    maxPageSize: Size,
    /** The number of the first page (default 1). */
    first: g.optional(g.number({ int: true, min: 0 })),
    /** Where the response says how many pages or records there are, if it does. */
    totalPages: g.optional(Path),
    total: g.optional(Path),
  }),
  offset: strictObject({
    type: g.oneOf(['offset']),
    offset: g.string(),
    size: g.string(),
    maxPageSize: Size,
    total: g.optional(Path),
  }),
  cursor: strictObject({
    type: g.oneOf(['cursor']),
    /** The query parameter that carries the cursor. */
    cursor: g.string(),
    /** Where the response holds the next cursor (absent, null or empty: the end). */
    next: Path,
    size: g.optional(g.string()),
    maxPageSize: Size,
  }),
  link: strictObject({ type: g.oneOf(['link']), size: g.optional(g.string()), maxPageSize: Size }),
});

export const Mapping = strictObject({
  /** A name for messages and the UI. */
  name: g.optional(g.string()),
  /** The list endpoint, under the source's endpoint (`/api/v1/org/audit-logs`). */
  path: refine(g.string(), (s) => s.startsWith('/'), 'must start with /'),
  /** The auth header (default `authorization` with `Bearer`). */
  auth: g.optional(strictObject({ header: g.string(1), scheme: g.optional(g.oneOf(['Bearer'])) })),
  /** Where the records are in a list response (`$` for a bare array). */
  records: Path,
  fields: Fields,
  /** Filter -> the query parameter that carries it; the rest are applied in the viewer. */
  filters: g.optional(FilterParams),
  /** Newest first unless `asc`. */
  order: g.optional(g.oneOf(['desc', 'asc'])),
  pagination: Pagination,
  /** The detail endpoint (`/api/v1/org/audit-logs/{id}`) and where the record is in it. */
  detail: g.optional(
    strictObject({
      path: refine(g.string(), (s) => /^\/.*\{id\}/.test(s), 'must start with / and hold {id}'),
      record: g.optional(Path),
    }),
  ),
});
export type Mapping = g.Infer<typeof Mapping>;

/** A mapping that does not hold together: every mistake, one message each. */
export class MappingError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid mapping:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'MappingError';
  }
}

const where = (path: readonly PropertyKey[]): string =>
  path.length ? path.map(String).join('.') : '(the mapping)';

/** The mapping, validated; or every mistake in it, one message each. */
export function validateMapping(
  input: unknown,
): { ok: true; mapping: Mapping } | { ok: false; problems: string[] } {
  if (input === undefined || input === null)
    return {
      ok: false,
      problems: [
        'no mapping was given: the "mapped" source reads a backend through one (see core/sources/mappings/org-audit.json)',
      ],
    };
  const parsed = Mapping.safeParse(input);
  if (parsed.success) return { ok: true, mapping: parsed.data };
  const problems: string[] = [];
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys ?? []) {
        const at = [...issue.path, key];
        const known =
          issue.path[0] === 'fields'
            ? `; fields are ${MAPPED_FIELDS.join(', ')}`
            : issue.path[0] === 'filters'
              ? `; filters are ${FILTER_KEYS.join(', ')}`
              : '';
        problems.push(`${where(at)}: not part of a mapping${known}`);
      }
    } else if (issue.code === 'invalid_union' && issue.path.at(-2) === 'fields')
      problems.push(
        `${where(issue.path)}: expected a JSON path, { "path", "convert"?, "values"? } or { "const" }`,
      );
    else if (issue.code === 'invalid_type' && /received undefined/.test(issue.message))
      problems.push(`${where(issue.path)}: required (${describeIssue(issue)})`);
    else problems.push(`${where(issue.path)}: ${describeIssue(issue)}`);
  }
  // The `required` checks run only when every field has the right type: say it anyway.
  const fields = (input as { fields?: unknown } | null)?.fields;
  if (typeof fields === 'object' && fields !== null)
    for (const required of ['id', 'timestamp'])
      if (!(required in fields)) problems.push(`fields.${required}: required`);
  return { ok: false, problems: [...new Set(problems)] };
}

// ---------------------------------------------------------------------------------------------
// Reading a record

class FieldProblem extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

const specPaths = (spec: FieldSpec): string[] =>
  typeof spec === 'string' ? [spec] : 'path' in spec ? [spec.path].flat() : [];

/** The JSON path of `spec`'s value inside record `i` of the list, for messages. */
function recordPath(base: string, i: number, spec: FieldSpec | undefined, which = 0): string {
  const p = spec && specPaths(spec)[which];
  const rel = p ? p.trim().replace(/^\$\.?/, '') : '';
  return `${base}[${i}]${rel ? (rel.startsWith('[') ? rel : `.${rel}`) : ''}`;
}

function convert(value: unknown, c: Converter | undefined): unknown {
  switch (c) {
    case undefined:
      return value;
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      throw new Error('expected a string or number');
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n === 'number' && Number.isFinite(n)) return n;
      throw new Error('expected a number');
    }
    case 'epoch-s':
    case 'epoch-ms': {
      const n = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n) || n < 0)
        throw new Error(`expected epoch ${c === 'epoch-s' ? 'seconds' : 'milliseconds'}`);
      return Math.floor(c === 'epoch-s' ? n * 1000 : n);
    }
    case 'iso': {
      const ms = typeof value === 'string' ? Date.parse(value) : NaN;
      if (!Number.isFinite(ms) || ms < 0) throw new Error('expected an ISO 8601 date-time');
      return ms;
    }
    case 'status-code': {
      const n = typeof value === 'string' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 100 || n > 599)
        throw new Error('expected an HTTP status code');
      return n < 400 ? 'success' : 'error';
    }
  }
}

/** One field of a record, converted; undefined when the record has no value there. */
function read(
  record: unknown,
  spec: FieldSpec | undefined,
  at: (which: number) => string,
): unknown {
  if (spec === undefined) return undefined;
  if (typeof spec !== 'string' && 'const' in spec) return spec.const;
  let value: unknown;
  let which = 0;
  for (const [k, p] of specPaths(spec).entries()) {
    value = getAt(record, parsePath(p) as JsonPathSegment[]);
    which = k;
    if (value !== undefined && value !== null && value !== '') break;
  }
  if (value === undefined || value === null || value === '') return undefined;
  try {
    if (typeof spec !== 'string' && spec.values) {
      const key = typeof value === 'string' ? value : JSON.stringify(value);
      if (Object.hasOwn(spec.values, key)) value = spec.values[key];
    }
    return convert(value, typeof spec === 'string' ? undefined : spec.convert);
  } catch (e) {
    throw new FieldProblem(at(which), (e as Error).message);
  }
}

/** Sets `obj.a.b` for the dotted `key`. */
function put(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (value === undefined) return;
  const [head, tail] = key.split('.') as [string, string | undefined];
  if (tail === undefined) obj[head] = value;
  else ((obj[head] ??= {}) as Record<string, unknown>)[tail] = value;
}

/** A record as an event: the mapped fields, validated with the model's schema. */
export function mapRecord(mapping: Mapping, record: unknown, base: string, i: number): AuditEvent {
  const event: Record<string, unknown> = { actor: {} };
  const f = mapping.fields;
  for (const key of MAPPED_FIELDS) {
    const spec = f[key];
    let v = read(record, spec, (which) => recordPath(base, i, spec, which));
    if (key === 'timestamp' && typeof v === 'string') {
      // An unconverted date string: ISO.
      v = Date.parse(v);
    }
    put(event, key, v);
  }
  const target = event.target as Record<string, unknown> | undefined;
  if (target && target.type === undefined)
    target.type = typeof event.plugin === 'string' ? event.plugin : 'record';
  const http = event.http as Record<string, unknown> | undefined;
  if (http && http.method === undefined) http.method = 'GET';
  const actor = event.actor as Record<string, unknown>;
  actor.type ??= actor.email || actor.name || actor.id ? 'user' : 'system';
  event.kind ??= 'request';
  event.action ??= [http?.method, target?.type].filter(Boolean).join(' ') || 'event';
  if (event.status === undefined) {
    const code = http?.statusCode;
    event.status = typeof code === 'number' && code >= 400 ? 'error' : 'success';
  }
  event.raw = record;
  const parsed = AuditEventGuard.safeParse(event);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join('.') as MappedField;
  const spec = (f as Record<string, FieldSpec | undefined>)[field];
  throw new FieldProblem(
    spec ? recordPath(base, i, spec) : `${base}[${i}]`,
    `${field}: ${describeIssue(issue)}`,
  );
}

function mapRows(mapping: Mapping, records: unknown[], base: string): Row[] {
  return records.map((record, i): Row => {
    try {
      return { event: mapRecord(mapping, record, base, i) };
    } catch (e) {
      if (!(e instanceof FieldProblem)) throw e;
      const rejected: { path: string; message: string; id?: string } = {
        path: e.path,
        message: e.message,
      };
      try {
        const id = read(record, mapping.fields.id, () => '');
        if (typeof id === 'string' || typeof id === 'number') rejected.id = String(id);
      } catch {
        // no readable id
      }
      return { rejected };
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Filters

/** How a view's filters become the mapped API's query and the viewer's own filters. */
export function translateMapped(mapping: Mapping, filters: Filters, now: number): Translation {
  const t = new TranslationBuilder();
  const params = mapping.filters ?? {};
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value === undefined || value === '') continue;
    // An exclusion (`!value`) is applied in the viewer: no backend takes a negated filter.
    if (isExclusion(key, value)) {
      t.client(key);
      continue;
    }
    if (key === 'q' && searchTerms(value as string).length === 0) continue;
    if (key === 'time') {
      const spec = params.time;
      const { from, to } = timeBounds(filters.time, now);
      const fmt = (ms: number) =>
        spec!.format === 'iso'
          ? new Date(ms).toISOString()
          : spec!.format === 'epoch-s'
            ? Math.floor(ms / 1000)
            : ms;
      const needsFrom = from !== undefined;
      const needsTo = to !== undefined;
      if (spec && (!needsFrom || spec.from) && (!needsTo || spec.to)) {
        if (needsFrom) t.query[spec.from!] = fmt(from);
        if (needsTo) t.query[spec.to!] = fmt(to);
        t.server('time');
      } else t.client('time');
      continue;
    }
    const param = params[key];
    // A backend's parameter takes one status: a list (4xx,5xx, "either") is applied here.
    const alternatives = key === 'status' && (value as string).includes(',');
    if (param && !alternatives) {
      t.query[param] = value as string;
      t.server(key);
    } else t.client(key);
  }
  return t.done();
}

// ---------------------------------------------------------------------------------------------
// The source

/** The `rel="next"` URL of a `Link` header, if there is one. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (m && /;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?/i.test(m[2]!)) return m[1];
  }
  return undefined;
}

const Body = g.anything;

/**
 * The mapped adapter for `config.mapping` (see `Mapping`). Throws a `MappingError` listing
 * every mistake when the mapping does not hold together.
 */
export function createMappedSource(config: SourceConfig): Source {
  const checked = validateMapping(config.mapping);
  if (!checked.ok) throw new MappingError(checked.problems);
  const mapping = checked.mapping;
  const auth = mapping.auth ?? { header: 'authorization', scheme: 'Bearer' as const };
  const client: HttpClient = clientFor(config, auth);
  const clock = config.now ?? Date.now;
  const recordsPath = parsePath(mapping.records) as JsonPathSegment[];
  const base = mapping.records.trim().replace(/^\$\.?/, '') || '$';
  const pg = mapping.pagination;
  const serverKeys = FILTER_KEYS.filter((k) =>
    k === 'time' ? mapping.filters?.time !== undefined : mapping.filters?.[k] !== undefined,
  );
  const absentFields: RecordField[] = [];
  if (mapping.fields['http.statusCode'] === undefined) absentFields.push('statusCode');
  if (mapping.fields['http.durationMs'] === undefined) absentFields.push('duration');
  const capabilities: Capabilities = {
    filters: FILTER_KEYS,
    ...(absentFields.length ? { absentFields } : {}),
    serverFilters: serverKeys,
    pagination: pg.type === 'page' ? 'page' : pg.type === 'offset' ? 'offset' : 'cursor',
    maxPageSize: pg.maxPageSize,
    auth,
    sortOrders: [mapping.order ?? 'desc'],
    detail: mapping.detail !== undefined,
    facets: false,
    histogram: false,
    stream: false,
  };

  async function list(path: string, query: Query, signal: AbortSignal) {
    const { body, headers } = await client.getJsonResponse(path, query, Body, signal);
    const records = getAt(body, recordsPath);
    if (!Array.isArray(records))
      throw new SchemaError(
        `GET ${path}`,
        base,
        'expected the array of records (the mapping\'s "records")',
      );
    return { body, headers, rows: mapRows(mapping, records, base), count: records.length };
  }
  const number = (body: unknown, path: string | undefined): number | undefined => {
    if (path === undefined) return undefined;
    const v = getAt(body, parsePath(path) as JsonPathSegment[]);
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  };

  function paging(query: Query, size: number): Paging<unknown> {
    switch (pg.type) {
      case 'page': {
        const first = pg.first ?? 1;
        const p: Paging<PagePosition> = {
          decode: (c) => {
            const pos = decodePage(c);
            return c === null ? { page: first, skip: 0 } : pos;
          },
          encode: encodePage,
          async fetch({ page, skip }, signal) {
            const r = await list(
              mapping.path,
              { ...query, [pg.page]: page, [pg.size]: size },
              signal,
            );
            const totalPages = number(r.body, pg.totalPages);
            const total = number(r.body, pg.total);
            const more =
              totalPages === undefined && total === undefined
                ? r.count > 0
                : morePages(page - first + 1, r.count, {
                    totalPages,
                    totalCount: total,
                    pageSize: size,
                  });
            return {
              rows: r.rows.slice(skip),
              at: (i) => ({ page, skip: skip + i }),
              next: more ? { page: page + 1, skip: 0 } : null,
            };
          },
        };
        return p;
      }
      case 'offset': {
        const p: Paging<number> = {
          decode: decodeOffset,
          encode: encodeOffset,
          async fetch(offset, signal) {
            const r = await list(
              mapping.path,
              { ...query, [pg.offset]: offset, [pg.size]: size },
              signal,
            );
            const total = number(r.body, pg.total);
            const more = r.count > 0 && (total === undefined || offset + r.count < total);
            return { rows: r.rows, at: (i) => offset + i, next: more ? offset + r.count : null };
          },
        };
        return p;
      }
      case 'cursor':
      case 'link': {
        /** A position: the request to make (path and query) and records read of its answer. */
        interface At {
          path: string;
          query: Query;
          skip: number;
        }
        const start: At = {
          path: mapping.path,
          query: pg.size ? { ...query, [pg.size]: size } : query,
          skip: 0,
        };
        const p: Paging<At> = {
          decode: (c) => {
            if (c === null) return start;
            const m = /^k(\d{1,9})\.(.*)$/s.exec(c);
            if (!m) throw new RangeError(`Not a cursor of this source: ${JSON.stringify(c)}`);
            const url = new URL(m[2]!, 'http://x');
            return {
              path: url.pathname,
              query: Object.fromEntries(url.searchParams),
              skip: Number(m[1]),
            };
          },
          encode: (a) => {
            const u = new URL(a.path, 'http://x');
            for (const [k, v] of Object.entries(a.query))
              if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, String(v));
            return `k${a.skip}.${u.pathname}${u.search}`;
          },
          async fetch(a, signal) {
            const r = await list(a.path, a.query, signal);
            let next: At | null = null;
            if (pg.type === 'cursor') {
              const c = getAt(r.body, parsePath(pg.next) as JsonPathSegment[]);
              if ((typeof c === 'string' && c !== '') || typeof c === 'number')
                next = { path: a.path, query: { ...a.query, [pg.cursor]: String(c) }, skip: 0 };
            } else {
              const link = nextLink(r.headers.get('link'));
              if (link) {
                const baseUrl = new URL(client.url('/'));
                const url = new URL(link, client.url(a.path, a.query));
                // Never follow a link elsewhere: the credential would go with it.
                if (url.origin !== baseUrl.origin || !url.pathname.startsWith(baseUrl.pathname))
                  throw new SchemaError(
                    `GET ${a.path}`,
                    'Link',
                    `a next link under ${baseUrl.origin}${baseUrl.pathname}`,
                  );
                next = {
                  path: `/${url.pathname.slice(baseUrl.pathname.length)}`,
                  query: Object.fromEntries(url.searchParams),
                  skip: 0,
                };
              }
            }
            if (r.count === 0) next = null;
            return { rows: r.rows.slice(a.skip), at: (i) => ({ ...a, skip: a.skip + i }), next };
          },
        };
        return p;
      }
    }
  }

  return {
    name: mapping.name ?? 'mapped',
    capabilities,

    planFilters(view) {
      return planOf(translateMapped(mapping, view.filters, clock()));
    },

    async search(view, cursor, signal, options): Promise<SearchResult> {
      const now = clock();
      const t = translateMapped(mapping, view.filters, now);
      const want = viewerPageSize(options, 1000);
      const size = t.client.length ? pg.maxPageSize : Math.min(pg.maxPageSize, want);
      const filled = await fill(
        paging(t.query, size),
        cursor,
        { want, filters: view.filters, clientKeys: t.client, now },
        signal,
      );
      return { ...filled, clientFiltered: t.client };
    },

    async get(id, signal) {
      if (!mapping.detail)
        throw new NotFoundError(
          `${mapping.name ?? 'This API'} has no detail endpoint`,
          `GET ${mapping.path}`,
        );
      const path = mapping.detail.path.replace('{id}', encodeURIComponent(id));
      const body = await client.getJson(path, {}, Body, signal);
      const record = mapping.detail.record
        ? getAt(body, parsePath(mapping.detail.record) as JsonPathSegment[])
        : body;
      const [row] = mapRows(mapping, [record], mapping.detail.record ?? '$');
      if (!row || 'rejected' in row)
        throw new SchemaError(
          `GET ${mapping.detail.path}`,
          row && 'rejected' in row ? row.rejected.path : '(root)',
          row && 'rejected' in row ? row.rejected.message : 'expected a record',
        );
      return row.event;
    },
  };
}
