/**
 * The audit store: one table for every backend shape, normalized columns for the
 * filters (each indexed), the normalized event and the backend-native record as JSON.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { searchTerms, searchText, timeBounds } from '../core/filter.js';
import type { AuditEvent, Filters, SortOrder } from '../core/model.js';
import { parseStatusList, type StatusList, type StatusTest } from '../core/status.js';
import type { Db } from './db.js';
import { admitRecord, type IngestRecord, type Origin } from './ingest.js';
import { ACCESS_ORIGIN } from './access-log.js';
import { withholdPii } from './redaction.js';
import { contains, Where } from './sql.js';

const SCHEMA = `
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE IF NOT EXISTS audit_events (
  seq            bigserial UNIQUE,
  id             text COLLATE "C" PRIMARY KEY,
  ts             bigint NOT NULL,
  origin         text NOT NULL,
  kind           text NOT NULL,
  actor_id       text,
  actor_email    text,
  actor_email_lc text,
  actor_type     text NOT NULL,
  plugin         text,
  plugin_lc      text,
  skill          text,
  skill_lc       text,
  method_lc      text,
  http_path      text,
  status_code    int,
  outcome        text NOT NULL,
  trace_id       text,
  target_type_lc text,
  target_id      text,
  name_lc        text,
  action_lc      text,
  environment_lc text,
  workspace      text,
  search_full    text NOT NULL,
  search_public  text NOT NULL,
  event          json NOT NULL,
  event_public   json,
  public_rules   text,
  native         json
);
ALTER TABLE audit_events ADD COLUMN IF NOT EXISTS event_public json;
ALTER TABLE audit_events ADD COLUMN IF NOT EXISTS public_rules text;
-- The search texts stay in the row, uncompressed while the row fits (the event and the native
-- record go out of line first): free text runs LIKE on up to thousands of rows, and each
-- compressed text (a quarter of the seed's were) was decompressed first. Applies to rows
-- written from then on. Altered only when needed: the ALTER takes the table's strongest lock
-- and rewrites the catalog.
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'audit_events'::regclass
               AND attname IN ('search_full', 'search_public') AND attstorage <> 'm') THEN
    ALTER TABLE audit_events ALTER COLUMN search_full SET STORAGE MAIN,
      ALTER COLUMN search_public SET STORAGE MAIN;
  END IF;
END $$;
CREATE INDEX IF NOT EXISTS audit_ts_idx      ON audit_events (ts, id);
CREATE INDEX IF NOT EXISTS audit_origin_idx  ON audit_events (origin, ts);
CREATE INDEX IF NOT EXISTS audit_kind_idx    ON audit_events (kind, ts);
CREATE INDEX IF NOT EXISTS audit_actor_idx   ON audit_events (actor_email_lc, ts);
CREATE INDEX IF NOT EXISTS audit_plugin_idx  ON audit_events (plugin_lc, ts);
CREATE INDEX IF NOT EXISTS audit_skill_idx   ON audit_events (skill_lc, ts);
CREATE INDEX IF NOT EXISTS audit_status_idx  ON audit_events (status_code, ts);
CREATE INDEX IF NOT EXISTS audit_trace_idx   ON audit_events (trace_id);
-- Failed calls, newest first: "Errors only" (4xx,5xx), >=400, 5xx… with free text walk the
-- errors alone (a twelfth of the seed) instead of every event or two bitmaps. Under load, free
-- text with status>=400: embedded store p99 307 → 201–228 ms, PostgreSQL 601 → 842 req/s.
CREATE INDEX IF NOT EXISTS audit_errors_ts_idx ON audit_events (ts, id) WHERE status_code >= 400;
CREATE INDEX IF NOT EXISTS audit_full_trgm   ON audit_events USING gin (search_full gin_trgm_ops);
CREATE INDEX IF NOT EXISTS audit_public_trgm ON audit_events USING gin (search_public gin_trgm_ops);
`;

const COLUMNS = [
  'id',
  'ts',
  'origin',
  'kind',
  'actor_id',
  'actor_email',
  'actor_email_lc',
  'actor_type',
  'plugin',
  'plugin_lc',
  'skill',
  'skill_lc',
  'method_lc',
  'http_path',
  'status_code',
  'outcome',
  'trace_id',
  'target_type_lc',
  'target_id',
  'name_lc',
  'action_lc',
  'environment_lc',
  'workspace',
  'search_full',
  'search_public',
  'event',
  'event_public',
  'public_rules',
  'native',
] as const;

/**
 * Names the rules a stored public view was made with: a stale view could show what newer
 * rules withhold. The name covers the whole text of the modules that make a view (the
 * redaction rules and the search text, helpers and lists included), so any change to them
 * has every view made again at the next start; a change elsewhere that alters what they keep
 * must bump `PUBLIC_VIEW_RULES`.
 */
const PUBLIC_VIEW_RULES = 1;
/** The advisory lock that keeps view rebuilds one batch at a time (any fixed number). */
const REFRESH_LOCK = 0x616c7601;
const RULES = createHash('sha256')
  .update(`${PUBLIC_VIEW_RULES}\n${ruleSources()}`)
  .digest('hex')
  .slice(0, 16);

function ruleSources(): string {
  const files = [
    new URL('./redaction.ts', import.meta.url),
    new URL('../core/filter.ts', import.meta.url),
  ];
  try {
    return files.map((f) => readFileSync(f, 'utf8')).join('\n');
  } catch {
    // Not run from the sources (bundled): the functions' own text, at least.
    return `${withholdPii.toString()}\n${searchText.toString()}`;
  }
}

/**
 * What a restricted principal may see of an event, computed at ingest: the event with its
 * PII withheld, the text free-text search matches for them, and the rules that made them.
 * Restricted lists go out as this stored text, as PII viewers' lists go out as `event`.
 */
function publicView(event: AuditEvent): {
  event_public: AuditEvent;
  search_public: string;
  public_rules: string;
} {
  const visible = withholdPii(event);
  return { event_public: visible, search_public: searchText(visible), public_rules: RULES };
}

const lc = (s: string | undefined): string | null => (s === undefined ? null : s.toLowerCase());

function toRow({ origin, event, native }: IngestRecord): Record<(typeof COLUMNS)[number], unknown> {
  const plugin = event.plugin ?? event.target?.type;
  return {
    id: event.id,
    ts: event.timestamp,
    origin,
    kind: event.kind,
    actor_id: event.actor.id ?? null,
    actor_email: event.actor.email ?? null,
    actor_email_lc: lc(event.actor.email),
    actor_type: event.actor.type,
    plugin: plugin ?? null,
    plugin_lc: lc(plugin),
    skill: event.skill ?? null,
    skill_lc: lc(event.skill),
    method_lc: lc(event.http?.method),
    http_path: event.http?.path ?? null,
    status_code: event.http?.statusCode ?? null,
    outcome: event.status,
    trace_id: event.traceId ?? null,
    target_type_lc: lc(event.target?.type),
    target_id: event.target?.id ?? null,
    name_lc: lc(event.target?.name),
    action_lc: lc(event.action),
    environment_lc: lc(event.environment),
    workspace: event.workspace ?? null,
    search_full: searchText(event),
    ...publicView(event),
    event,
    native: native ?? null,
  };
}

export interface IngestResult {
  /** Position of the record in what was given. */
  index: number;
  id?: string;
  /** `duplicate`: an event with this id is stored already (ids are never overwritten). */
  status: 'stored' | 'duplicate' | 'refused';
  reason?: string;
}

/** Why the database (or serializing for it) refused a row, without echoing its values. */
function rowError(e: unknown): string {
  return e instanceof RangeError
    ? 'too large or too deeply nested to store'
    : 'the store could not hold this record';
}

export type Cursor = { order: SortOrder; ts: number; id: string };

export interface SearchOptions {
  filters: Filters;
  scope: Scope;
  order: SortOrder;
  limit: number;
  cursor?: Cursor;
}

export class CursorError extends Error {}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.order, c.ts, c.id])).toString('base64url');
}

export function decodeCursor(s: string): Cursor {
  try {
    const v: unknown = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (!Array.isArray(v)) throw new CursorError('not an array');
    const [order, ts, id] = v as unknown[];
    if ((order === 'asc' || order === 'desc') && Number.isSafeInteger(ts) && typeof id === 'string')
      return { order, ts: ts as number, id };
  } catch {
    /* fall through */
  }
  throw new CursorError('not a cursor this service issued');
}

export interface Scope {
  /** Search only what a restricted principal may see. */
  publicOnly: boolean;
  now: number;
}

export const FACET_FIELDS = {
  actor: 'actor_email',
  plugin: 'plugin',
  skill: 'skill',
  kind: 'kind',
  method: 'upper(method_lc)',
  status: 'status_code',
  environment: 'environment_lc',
} as const;
export type FacetField = keyof typeof FACET_FIELDS;
const FACET_FILTER: Partial<Record<FacetField, keyof Filters>> = {
  actor: 'actor',
  plugin: 'plugin',
  skill: 'skill',
  kind: 'kind',
  method: 'method',
  status: 'status',
};

export const STATUS_CLASS_SQL = `coalesce(left(status_code::text, 1) || 'xx', outcome)`;

function statusTestSql(w: Where, t: StatusTest): string {
  if (t.type === 'outcome') return `outcome = ${w.p(t.outcome)}`;
  if (t.type === 'code') return `status_code = ${w.p(t.code)}`;
  if (t.type === 'class')
    return `status_code >= ${w.p(t.digit * 100)} AND status_code < ${w.p(t.digit * 100 + 100)}`;
  return `status_code ${t.op} ${w.p(t.code)}`;
}

/** Any of the list's tests (`4xx,5xx`); with `!`, none of them. */
function statusSql(w: Where, f: StatusList): string {
  const cond = f.tests.map((t) => `(${statusTestSql(w, t)})`).join(' OR ');
  return f.negate ? `NOT coalesce((${cond}), false)` : `(${cond})`;
}

export class AuditStore {
  /** Emits `ingest` after new events are stored. */
  readonly events = new EventEmitter();

  constructor(
    readonly db: Db,
    readonly retentionMs: number,
  ) {
    this.events.setMaxListeners(0);
  }

  /**
   * Creates or upgrades the schema, then (unless `remake: false`, for a caller that clears or
   * purges first) remakes the restricted views that are missing or were made under other rules.
   */
  async init(opts: { remake?: boolean } = {}): Promise<void> {
    await this.db.exec(SCHEMA);
    if (opts.remake !== false) await this.refreshPublicViews();
  }

  /**
   * Makes the restricted view of every event whose view is missing (a store from before the
   * column) or was made under other rules; returns how many. Runs before the service answers.
   * Views are replaced, never cleared: another process serving the same store meanwhile
   * still finds one (and `searchJson` never sends a view made under other rules).
   */
  async refreshPublicViews(batch = 1000, onProgress?: (remade: number) => void): Promise<number> {
    let done = 0;
    let after = '';
    for (;;) {
      // In id order from where the last batch ended (the primary key's index), not a scan of
      // the whole table per batch.
      const rows = await this.db.query<{ id: string; event: AuditEvent }>(
        `SELECT id, event FROM audit_events
         WHERE id > $1 AND public_rules IS DISTINCT FROM $2 ORDER BY id LIMIT ${batch}`,
        [after, RULES],
      );
      if (rows.length === 0) break;
      // Said once there is work, before it starts (then after each batch).
      if (done === 0) onProgress?.(0);
      after = rows.at(-1)!.id;
      const views = rows.map((r) => ({ id: r.id, ...publicView(r.event) }));
      // One batch at a time across processes (a transaction-scoped advisory lock, held by
      // this statement): two services starting at once on one PostgreSQL would otherwise
      // update the same rows in different orders and deadlock.
      await this.db.query(
        `WITH one_at_a_time AS (SELECT pg_advisory_xact_lock(${REFRESH_LOCK}))
         UPDATE audit_events a SET event_public = v.event_public,
           search_public = v.search_public, public_rules = v.public_rules
         FROM json_to_recordset($1::json)
           AS v(id text, event_public json, search_public text, public_rules text),
           one_at_a_time
         WHERE a.id = v.id`,
        [JSON.stringify(views)],
      );
      done += rows.length;
      onProgress?.(done);
    }
    return done;
  }

  /** Oldest timestamp still served. */
  cutoff(now: number): number {
    return now - this.retentionMs;
  }

  /**
   * Stores what may be stored (`admitRecord`: validated, authentication calls refused,
   * secrets scrubbed) and says what became of each record, in order. One bad record is
   * refused on its own; the rest of the batch is stored.
   */
  async ingestEach(records: Iterable<IngestRecord>): Promise<IngestResult[]> {
    const results: IngestResult[] = [];
    const rows: { index: number; row: ReturnType<typeof toRow> }[] = [];
    for (const r of records) {
      const index = results.length;
      const a = admitRecord(r);
      const id = typeof r.event?.id === 'string' ? r.event.id : undefined;
      if (!a.ok) {
        results.push({ index, id, status: 'refused', reason: a.reason });
        continue;
      }
      results.push({ index, id: a.record.event.id, status: 'duplicate' });
      try {
        rows.push({ index, row: toRow(a.record) });
      } catch (e) {
        results[index] = { index, id, status: 'refused', reason: rowError(e) };
      }
    }
    let stored = 0;
    for (let i = 0; i < rows.length; i += 1000) {
      const batch = rows.slice(i, i + 1000);
      let ids: Set<string>;
      try {
        ids = await this.insert(batch.map((b) => b.row));
      } catch {
        // One row the database would not take: store the others one by one.
        ids = new Set();
        for (const b of batch) {
          try {
            for (const id of await this.insert([b.row])) ids.add(id);
          } catch (e) {
            results[b.index] = { ...results[b.index]!, status: 'refused', reason: rowError(e) };
          }
        }
      }
      for (const b of batch) {
        const r = results[b.index]!;
        if (r.status === 'duplicate' && ids.delete(b.row.id as string)) {
          r.status = 'stored';
          stored++;
        }
      }
    }
    if (stored) this.events.emit('ingest');
    return results;
  }

  async ingest(records: Iterable<IngestRecord>): Promise<{ stored: number; refused: number }> {
    const results = await this.ingestEach(records);
    return {
      stored: results.filter((r) => r.status === 'stored').length,
      refused: results.filter((r) => r.status === 'refused').length,
    };
  }

  /** Inserts rows (new ids only); returns the ids stored. */
  private async insert(rows: ReturnType<typeof toRow>[]): Promise<Set<string>> {
    const cols = COLUMNS.join(', ');
    const res = await this.db.query<{ id: string }>(
      `INSERT INTO audit_events (${cols})
       SELECT ${cols} FROM json_populate_recordset(NULL::audit_events, $1::json)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [JSON.stringify(rows)],
    );
    return new Set(res.map((r) => r.id));
  }

  /**
   * Ingest into an empty store: the trigram indexes are built once afterwards rather than
   * maintained row by row (about a quarter faster for the 20,000-event seed).
   */
  async bulkLoad(records: Iterable<IngestRecord>): Promise<{ stored: number; refused: number }> {
    await this.db.exec(
      'DROP INDEX IF EXISTS audit_full_trgm; DROP INDEX IF EXISTS audit_public_trgm;',
    );
    try {
      return await this.ingest(records);
    } finally {
      await this.init();
      await this.analyze();
    }
  }

  /**
   * Refreshes the planner's statistics. Without them (PGlite runs no autovacuum) a page
   * query is planned as a bitmap scan and sort over every row, ~10 times slower than
   * walking the time index.
   */
  async analyze(): Promise<void> {
    await this.db.exec('ANALYZE audit_events');
  }

  async count(): Promise<number> {
    const [row] = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events');
    return row?.n ?? 0;
  }

  async clear(): Promise<void> {
    await this.db.exec('TRUNCATE audit_events');
  }

  /** Deletes what is past the retention window; returns how many. */
  async purge(now: number): Promise<number> {
    const res = await this.db.query<{ n: number }>(
      `WITH del AS (DELETE FROM audit_events WHERE ts < $1 RETURNING 1) SELECT count(*)::int AS n FROM del`,
      [this.cutoff(now)],
    );
    return res[0]?.n ?? 0;
  }

  /** WHERE for the generic filters (all of them server-side), within retention. */
  where(filters: Filters, scope: Scope, except?: keyof Filters): Where {
    const w = new Where();
    w.and(`ts >= ${w.p(this.cutoff(scope.now))}`);
    const f = { ...filters };
    if (except) delete f[except];
    // Who opened which entry is for PII viewers only.
    if (scope.publicOnly) w.and(`origin <> ${w.p(ACCESS_ORIGIN)}`);
    const terms = searchTerms(f.q);
    for (const term of terms)
      w.and(`${scope.publicOnly ? 'search_public' : 'search_full'} LIKE ${w.p(contains(term))}`);
    // A search text made under other rules may hold what the current ones withhold: such an
    // event (written by an older process, until the next start rebuilds it) is not matched.
    if (scope.publicOnly && terms.length) w.and(`public_rules = ${w.p(RULES)}`);
    // A leading `!` excludes the value (events without the field are kept, as the viewer's
    // `matchesFilter` has it); a bare `!` excludes nothing.
    const equal = (column: string, value: string | undefined) => {
      if (!value || value === '!') return;
      const not = value.startsWith('!');
      const v = (not ? value.slice(1) : value).toLowerCase();
      w.and(`${column} ${not ? 'IS DISTINCT FROM' : '='} ${w.p(v)}`);
    };
    equal('actor_email_lc', f.actor);
    equal('plugin_lc', f.plugin);
    equal('skill_lc', f.skill);
    if (f.kind) w.and(`kind = ${w.p(f.kind)}`);
    equal('method_lc', f.method);
    if (f.status) {
      const parsed = parseStatusList(f.status);
      if (!parsed.ok) throw new Error(parsed.error);
      w.and(statusSql(w, parsed.value));
    }
    if (f.traceId) w.and(`trace_id = ${w.p(f.traceId)}`);
    const { from, to } = timeBounds(f.time, scope.now);
    if (from !== undefined) w.and(`ts >= ${w.p(from)}`);
    if (to !== undefined) w.and(`ts <= ${w.p(to)}`);
    return w;
  }

  async search(opts: SearchOptions): Promise<{ events: AuditEvent[]; next?: Cursor }> {
    const w = this.pageWhere(opts);
    const dir = opts.order === 'asc' ? 'ASC' : 'DESC';
    const rows = await this.db.query<{ event: AuditEvent }>(
      `SELECT event FROM audit_events ${w.sql} ORDER BY ts ${dir}, id ${dir} LIMIT ${w.p(opts.limit + 1)}`,
      w.params,
    );
    const events = rows.slice(0, opts.limit).map((r) => r.event);
    const last = events.at(-1);
    return {
      events,
      next:
        rows.length > opts.limit && last
          ? { order: opts.order, ts: last.timestamp, id: last.id }
          : undefined,
    };
  }

  /**
   * `search`, with each event as the JSON text the store holds: what the principal may
   * see (the whole event, or for a restricted principal the view made at ingest), with no
   * parsing and serializing again (under load, that and its garbage were most of the
   * service's time).
   */
  async searchJson(opts: SearchOptions): Promise<{ json: string[]; next?: Cursor }> {
    const w = this.pageWhere(opts);
    const dir = opts.order === 'asc' ? 'ASC' : 'DESC';
    // (Aliases unlike the columns: ORDER BY must use the indexed `ts`, not a float8 copy.)
    // A restricted principal gets the view stored for them at ingest (`publicView`); an
    // event whose view is missing or was made under other rules (another process of an older
    // version wrote it) comes whole, and its view is made here.
    const json = opts.scope.publicOnly
      ? `CASE WHEN public_rules = ${w.p(RULES)} THEN event_public::text END AS json,
         CASE WHEN public_rules IS DISTINCT FROM ${w.p(RULES)} THEN event::text END AS stale`
      : 'event::text AS json, NULL AS stale';
    const rows = await this.db.query<{
      json: string | null;
      stale: string | null;
      ts_ms: number;
      row_id: string;
    }>(
      `SELECT ${json}, ts::float8 AS ts_ms, id AS row_id FROM audit_events ${w.sql}
       ORDER BY ts ${dir}, id ${dir} LIMIT ${w.p(opts.limit + 1)}`,
      w.params,
    );
    const page = rows.slice(0, opts.limit);
    const last = page.at(-1);
    return {
      json: page.map(
        (r) =>
          r.json ??
          JSON.stringify(publicView(JSON.parse(r.stale ?? 'null') as AuditEvent).event_public),
      ),
      next:
        rows.length > opts.limit && last
          ? { order: opts.order, ts: last.ts_ms, id: last.row_id }
          : undefined,
    };
  }

  private pageWhere(opts: SearchOptions): Where {
    const w = this.where(opts.filters, opts.scope);
    if (opts.cursor) {
      const op = opts.order === 'asc' ? '>' : '<';
      w.and(`(ts, id) ${op} (${w.p(opts.cursor.ts)}::bigint, ${w.p(opts.cursor.id)})`);
    }
    return w;
  }

  async get(
    id: string,
    now: number,
    origin?: Origin,
  ): Promise<
    { event: AuditEvent; native: Record<string, unknown> | null; origin: Origin } | undefined
  > {
    const w = new Where();
    w.and(`id = ${w.p(id)}`).and(`ts >= ${w.p(this.cutoff(now))}`);
    if (origin) w.and(`origin = ${w.p(origin)}`);
    const [row] = await this.db.query<{
      event: AuditEvent;
      native: Record<string, unknown> | null;
      origin: Origin;
    }>(`SELECT event, native, origin FROM audit_events ${w.sql}`, w.params);
    return row;
  }

  /** Distinct values of a field with counts, under every other current filter. */
  async facets(
    field: FacetField,
    filters: Filters,
    scope: Scope,
    limit: number,
  ): Promise<{ value: string | number; count: number }[]> {
    const w = this.where(filters, scope, FACET_FILTER[field]);
    const col = FACET_FIELDS[field];
    w.and(`${col} IS NOT NULL`);
    return this.db.query(
      `SELECT ${col} AS value, count(*)::int AS count FROM audit_events ${w.sql}
       GROUP BY 1 ORDER BY 2 DESC, 1 ASC LIMIT ${w.p(limit)}`,
      w.params,
    );
  }

  /** Counts per time bucket and status class (2xx..5xx, or success/error without a code). */
  async histogram(
    filters: Filters,
    scope: Scope,
    buckets: number,
  ): Promise<{
    from: number;
    to: number;
    interval: number;
    rows: { b: number; cls: string; n: number }[];
  }> {
    const bounds = timeBounds(filters.time, scope.now);
    const from = Math.max(bounds.from ?? 0, this.cutoff(scope.now));
    const to = Math.max(from + 1, bounds.to ?? scope.now);
    const interval = Math.max(1, Math.ceil((to - from + 1) / buckets));
    const w = this.where(filters, scope);
    const rows = await this.db.query<{ b: number; cls: string; n: number }>(
      `SELECT ((ts - ${w.p(from)}) / ${w.p(interval)})::int AS b, ${STATUS_CLASS_SQL} AS cls,
              count(*)::int AS n
       FROM audit_events ${w.sql} GROUP BY 1, 2 ORDER BY 1, 2`,
      w.params,
    );
    return { from, to, interval, rows };
  }

  /** WHERE for one backend's records within retention; compat APIs add their own filters. */
  originWhere(origin: Origin, now: number): Where {
    const w = new Where();
    return w.and(`origin = ${w.p(origin)}`).and(`ts >= ${w.p(this.cutoff(now))}`);
  }

  /** Offset pagination (newest first) with a total, for the page-numbered compat APIs. */
  async offsetPage(
    w: Where,
    limit: number,
    offset: number,
  ): Promise<{ total: number; rows: { event: AuditEvent; native: Record<string, unknown> }[] }> {
    const [count] = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events ${w.sql}`,
      w.params,
    );
    const params = [...w.params, limit, offset];
    const rows = await this.db.query<{ event: AuditEvent; native: Record<string, unknown> }>(
      `SELECT event, native FROM audit_events ${w.sql} ORDER BY ts DESC, id DESC
       LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { total: count?.n ?? 0, rows };
  }

  async maxSeq(): Promise<number> {
    const [row] = await this.db.query<{ s: number | null }>(
      'SELECT max(seq)::float8 AS s FROM audit_events',
    );
    return row?.s ?? 0;
  }

  /** Events stored after `seq` (up to `upTo`) that match the filters, in the order they were stored. */
  async since(
    seq: number,
    filters: Filters,
    scope: Scope,
    upTo: number,
    limit = 10_000,
  ): Promise<{ seq: number; event: AuditEvent }[]> {
    const w = this.where(filters, scope);
    w.and(`seq > ${w.p(seq)} AND seq <= ${w.p(upTo)}`);
    return this.db.query(
      `SELECT seq::float8 AS seq, event FROM audit_events ${w.sql} ORDER BY seq ASC LIMIT ${w.p(limit)}`,
      w.params,
    );
  }
}
