/**
 * Filling one viewer page from backends that page by number or offset, possibly
 * in small pages (Nected: 10), applying client-side the filters they cannot.
 */
import { matchesFilters, timeBounds } from '../filter.js';
import type { AuditEvent, FilterKey, Filters, TimeRange } from '../model.js';

/** Splits the view's filters into what the backend applies and what the viewer must. */
export function splitFilters(
  filters: Filters,
  serverFilters: readonly FilterKey[],
): { server: Filters; client: FilterKey[] } {
  const server: Filters = {};
  const client: FilterKey[] = [];
  for (const key of Object.keys(filters) as FilterKey[]) {
    const value = filters[key];
    if (value === undefined || value === '') continue;
    if (serverFilters.includes(key)) (server as Record<string, unknown>)[key] = value;
    else client.push(key);
  }
  return { server, client };
}

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

export interface BackendPage {
  /** Records from `offset` on, mapped; at most one backend request's worth. */
  events: AuditEvent[];
  /** Whether the backend has records after these. */
  hasMore: boolean;
}

export interface FillOptions {
  /** Events wanted on the viewer page. */
  want: number;
  /** One backend request for records starting at `offset`. */
  fetchAt(offset: number, signal: AbortSignal): Promise<BackendPage>;
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
}

/** Requests made strictly in order; records de-duplicated by id across requests. */
export async function fillPage(
  cursor: string | null,
  opts: FillOptions,
  signal: AbortSignal,
): Promise<Filled> {
  let offset = decodeOffset(cursor);
  const maxRequests = opts.maxRequests ?? 50;
  const events: AuditEvent[] = [];
  const seen = new Set<string>();
  let scanned = 0;
  let requests = 0;
  while (requests < maxRequests) {
    signal.throwIfAborted();
    const page = await opts.fetchAt(offset, signal);
    requests++;
    for (const [i, e] of page.events.entries()) {
      scanned++;
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      if (!matchesFilters(e, opts.filters, opts.now, opts.clientKeys)) continue;
      events.push(e);
      if (events.length === opts.want) {
        const more = i < page.events.length - 1 || page.hasMore;
        return {
          events,
          nextCursor: more ? encodeOffset(offset + i + 1) : null,
          scanned,
          requests,
        };
      }
    }
    offset += page.events.length;
    if (!page.hasMore || page.events.length === 0)
      return { events, nextCursor: null, scanned, requests };
  }
  return { events, nextCursor: encodeOffset(offset), scanned, requests };
}
