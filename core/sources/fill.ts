/**
 * Filling one viewer page from a backend that pages by number, offset or cursor, possibly in
 * small pages (Nected: 10), applying client-side the filters it cannot: the one skeleton
 * every adapter uses (`fill`).
 */
import { matchesFilters, timeBounds } from '../filter.js';
import {
  FILTER_KEYS,
  type AuditEvent,
  type FilterKey,
  type Filters,
  type TimeRange,
} from '../model.js';
import type { Row } from './rows.js';
import type { FilterPlan, RejectedRecord, Translation } from './types.js';

/** The latest instant an ISO 8601 string (4-digit year) can say. */
const MAX_ISO_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * A time range as ISO 8601 bounds for backends that take date strings. `empty` when the
 * range cannot hold any record (it starts after year 9999 or ends before 1970).
 */
export function isoBounds(
  time: TimeRange | undefined,
  now: number,
): { from?: string; to?: string; empty: boolean } {
  const { from, to } = timeBounds(time, now);
  const out: { from?: string; to?: string; empty: boolean } = { empty: false };
  if (from !== undefined) {
    if (from > MAX_ISO_MS) out.empty = true;
    else out.from = new Date(Math.max(0, from)).toISOString();
  }
  if (to !== undefined) {
    if (to < 0) out.empty = true;
    else if (to <= MAX_ISO_MS) out.to = new Date(to).toISOString();
  }
  return out;
}

/** The plan part of a translation (`Source.planFilters`): `never` only when some filter is. */
export const planOf = ({ server, client, never }: FilterPlan): FilterPlan =>
  never?.length ? { server, client, never } : { server, client };

/** A `Translation` in the making: the adapter says, key by key, who applies each filter. */
export class TranslationBuilder {
  readonly query: Translation['query'] = {};
  private readonly serverKeys = new Set<FilterKey>();
  private readonly clientKeys = new Set<FilterKey>();
  private readonly neverKeys = new Set<FilterKey>();
  empty = false;
  server(key: FilterKey): void {
    this.serverKeys.add(key);
  }
  client(key: FilterKey): void {
    this.clientKeys.add(key);
  }
  /** A filter no record of this backend can pass: applied (trivially) by the viewer. */
  never(key: FilterKey): void {
    this.clientKeys.add(key);
    this.neverKeys.add(key);
    this.empty = true;
  }
  done(): Translation {
    return {
      query: this.query,
      server: FILTER_KEYS.filter((k) => this.serverKeys.has(k) && !this.clientKeys.has(k)),
      client: FILTER_KEYS.filter((k) => this.clientKeys.has(k)),
      ...(this.neverKeys.size ? { never: FILTER_KEYS.filter((k) => this.neverKeys.has(k)) } : {}),
      empty: this.empty,
    };
  }
}

/** Events wanted on one viewer page (a host may ask for any number; 100 by default). */
export function viewerPageSize(options: { pageSize?: number } | undefined, max = 1000): number {
  const n = Math.floor(options?.pageSize ?? 100);
  return Number.isFinite(n) ? Math.min(Math.max(n, 1), max) : 100;
}

/** Offset cursors: `o<n>` = the index of the next backend record to read. */
export const encodeOffset = (n: number): string => `o${n}`;
export function decodeOffset(cursor: string | null): number {
  if (cursor === null) return 0;
  const m = /^o(\d{1,9})$/.exec(cursor);
  if (!m) throw new RangeError(`Not a cursor of this source: ${JSON.stringify(cursor)}`);
  return Number(m[1]);
}

/** A position in a page-numbered backend: the page, and how many of its records were read. */
export interface PagePosition {
  page: number;
  skip: number;
}
/** Page cursors: `p<page>.<skip>`. */
export const encodePage = (p: PagePosition): string => `p${p.page}.${p.skip}`;
export function decodePage(cursor: string | null): PagePosition {
  if (cursor === null) return { page: 1, skip: 0 };
  const m = /^p(\d{1,9})\.(\d{1,9})$/.exec(cursor);
  if (!m || Number(m[1]) < 1)
    throw new RangeError(`Not a cursor of this source: ${JSON.stringify(cursor)}`);
  return { page: Number(m[1]), skip: Number(m[2]) };
}

/**
 * Whether a page-numbered backend has records after page `page`, by what its response says:
 * its page count, or — when that disagrees with what arrived — its total count over the page
 * size it reported. An empty page ends the walk whatever the numbers say.
 */
export function morePages(
  page: number,
  received: number,
  reported: { totalPages?: number; totalCount?: number; pageSize?: number },
): boolean {
  if (received === 0) return false;
  if (reported.totalPages !== undefined && page < reported.totalPages) return true;
  if (reported.totalCount === undefined) return false;
  const size = Math.max(reported.pageSize ?? 0, received);
  return (page - 1) * size + received < reported.totalCount;
}

/** One backend request's worth of records, from a position on. */
export interface BackendPage<P> {
  rows: Row[];
  /** The position of `rows[i]` (a cursor resumes there). */
  at(i: number): P;
  /**
   * The position after the last row, or null when the backend has nothing more (always null
   * when the backend answered with no records at all).
   */
  next: P | null;
  /** Backend requests this took (default 1). */
  requests?: number;
}

/** How one adapter walks its backend. */
export interface Paging<P> {
  /** The position a cursor names (null: the start); throws RangeError for a foreign cursor. */
  decode(cursor: string | null): P;
  encode(position: P): string;
  fetch(position: P, signal: AbortSignal): Promise<BackendPage<P>>;
}

export interface FillOptions {
  /** Events wanted on the viewer page. */
  want: number;
  /** Client-side filters, applied over what was fetched. */
  filters: Filters;
  clientKeys: readonly FilterKey[];
  now: number;
  /** Stop scanning after this many requests; the page comes back short with a cursor. */
  maxRequests?: number;
}

export interface Filled {
  events: AuditEvent[];
  nextCursor: string | null;
  scanned: number;
  requests: number;
  rejected?: RejectedRecord[];
}

/**
 * The one paged-adapter skeleton: reads backend pages strictly in order from the cursor's
 * position, skips records already seen (by id), applies the client-side filters, collects
 * rejected records, and stops when the viewer page is full (the cursor then names the next
 * record), when the backend has nothing more, or after `maxRequests`.
 */
export async function fill<P>(
  paging: Paging<P>,
  cursor: string | null,
  opts: FillOptions,
  signal: AbortSignal,
): Promise<Filled> {
  let position: P | null = paging.decode(cursor);
  const maxRequests = opts.maxRequests ?? 50;
  const events: AuditEvent[] = [];
  const rejected: RejectedRecord[] = [];
  const seen = new Set<string>();
  let scanned = 0;
  let requests = 0;
  const done = (next: P | null): Filled => {
    const out: Filled = {
      events,
      nextCursor: next === null ? null : paging.encode(next),
      scanned,
      requests,
    };
    if (rejected.length) out.rejected = rejected;
    return out;
  };
  while (position !== null && requests < maxRequests) {
    signal.throwIfAborted();
    const page: BackendPage<P> = await paging.fetch(position, signal);
    requests += page.requests ?? 1;
    for (const [i, row] of page.rows.entries()) {
      scanned++;
      if ('rejected' in row) {
        rejected.push({ index: events.length, ...row.rejected });
        continue;
      }
      const e = row.event;
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      if (!matchesFilters(e, opts.filters, opts.now, opts.clientKeys)) continue;
      events.push(e);
      if (events.length === opts.want)
        return done(i < page.rows.length - 1 ? page.at(i + 1) : page.next);
    }
    // The adapter says when its backend has nothing more (an empty answer always ends it).
    position = page.next;
  }
  return done(position);
}
