/**
 * `cachedSource(source, store, partition)`: a `Source` that keeps every fetched page in a
 * `PageStore` and falls back to it when the backend fails, so the session and the components
 * do not change shape.
 *
 * - `peek` answers from the cache alone: the session paints it at once, then the network's
 *   answer replaces it (stale-while-revalidate).
 * - When the backend cannot be reached (network, timeout, 5xx, 429), `search` answers with the
 *   cached page, marked `offline`; a query that was never cached is answered by filtering
 *   every cached page of the partition in the viewer (and says so in `clientFiltered`).
 * - Nothing sensitive is written: events are stripped to what a restricted principal is shown
 *   in a list (no headers, query or path parameters, bodies, deltas, raw records or URL query
 *   strings). Opening an entry fetches it again, into memory only.
 * - A 401 or 403, or a change in what the server redacts for this key (a role change), drops
 *   the partition.
 */
import { SourceError, isAbort } from '../errors.js';
import { compareEvents, matchesFilters } from '../filter.js';
import { FILTER_KEYS, type AuditEvent, type FilterKey, type ViewState } from '../model.js';
import type { SearchOptions, SearchResult, Source } from '../sources/types.js';
import { filtersKey } from '../view-state.js';
import type { PageRecord, PageStore } from './store.js';

/** A page answered from the cache. */
export interface CachedResult extends SearchResult {
  /** When the page was fetched. */
  cachedAt: number;
  /** Why the backend's answer could not be used (absent for a `peek`). */
  offline?: Error;
}

export interface CachedSource extends Source {
  readonly partition: string;
  readonly store: PageStore;
  /** The cached page for this request, if any; never asks the backend. */
  peek(
    view: ViewState,
    cursor: string | null,
    options?: SearchOptions,
  ): Promise<CachedResult | undefined>;
}

export interface CachedSourceOptions {
  now?: () => number;
  /** A write that failed (the page is still shown; only its caching is lost). */
  onStoreError?: (error: unknown) => void;
  /** The most events a query answered from the whole cache returns. */
  offlineLimit?: number;
}

/** Failures after which cached data is worth showing: the backend may answer again. */
export function isTransient(e: unknown): boolean {
  return (
    e instanceof SourceError &&
    (e.kind === 'network' ||
      e.kind === 'timeout' ||
      e.kind === 'server' ||
      e.kind === 'rate-limited')
  );
}

const isRefusal = (e: unknown): boolean =>
  e instanceof SourceError && (e.kind === 'unauthorized' || e.kind === 'forbidden');

/** A URL without its query, fragment, userinfo or matrix parameters. */
export function bareUrl(url: string): string {
  const cut = url.search(/[?#;]/);
  const base = cut < 0 ? url : url.slice(0, cut);
  return base.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}

/** The event as it may be written to storage: what a list shows to a restricted principal. */
export function listSafe(event: AuditEvent): AuditEvent {
  const { request: _request, response: _response, raw: _raw, delta: _delta, http, ...rest } = event;
  const out: AuditEvent = { ...rest };
  if (http) {
    out.http = { ...http };
    if (http.url !== undefined) out.http.url = bareUrl(http.url);
    if (http.path !== undefined) out.http.path = bareUrl(http.path);
  }
  return out;
}

/** What the server withholds from this principal, judged from a page of its events. */
export function accessOf(events: readonly AuditEvent[]): 'restricted' | 'full' | undefined {
  if (events.some((e) => e.redacted?.length)) return 'restricted';
  const shown = (e: AuditEvent) =>
    e.request?.body !== undefined ||
    e.response?.body !== undefined ||
    e.request?.headers !== undefined ||
    e.response?.headers !== undefined;
  return events.some(shown) ? 'full' : undefined;
}

/** The cache key of a query: filters, sort and page size (the source is the partition's). */
export const cacheQuery = (view: ViewState, options?: SearchOptions): string =>
  `${view.sort}|${options?.pageSize ?? ''}|${filtersKey(view.filters)}`;

export function cachedSource(
  source: Source,
  store: PageStore,
  partition: string,
  options: CachedSourceOptions = {},
): CachedSource {
  const now = options.now ?? Date.now;
  const report = (e: unknown) => options.onStoreError?.(e);
  const offlineLimit = options.offlineLimit ?? 5000;

  async function write(query: string, position: string, result: SearchResult): Promise<void> {
    const access = accessOf(result.events);
    const known = await store.partition(partition);
    if (access && known?.access && known.access !== access) await store.dropPartition(partition);
    const t = now();
    await store.savePartition({ partition, usedAt: t, access: access ?? known?.access });
    const events = result.events.map(listSafe);
    const page = {
      events,
      nextCursor: result.nextCursor,
      clientFiltered: result.clientFiltered,
      scanned: result.scanned,
      requests: result.requests,
    };
    const record: PageRecord = {
      partition,
      query,
      position,
      savedAt: t,
      usedAt: t,
      newest: events.reduce((m, e) => Math.max(m, e.timestamp), 0),
      bytes: JSON.stringify(page).length * 2,
      page,
    };
    await store.put(record);
  }

  /** A never-cached query, answered by filtering every cached page in the viewer. */
  async function fromWholeCache(view: ViewState, error: Error): Promise<CachedResult | undefined> {
    const pages = await store.pagesOf(partition);
    if (!pages.length) return undefined;
    const seen = new Set<string>();
    const all: AuditEvent[] = [];
    for (const p of pages)
      for (const e of p.page.events)
        if (!seen.has(e.id)) {
          seen.add(e.id);
          all.push(e);
        }
    const t = now();
    const keys: FilterKey[] = FILTER_KEYS.filter((k) => view.filters[k] !== undefined);
    const events = all
      .filter((e) => matchesFilters(e, view.filters, t, keys))
      .sort((a, b) => compareEvents(a, b, view.sort))
      .slice(0, offlineLimit);
    return {
      events,
      nextCursor: null,
      clientFiltered: keys,
      scanned: all.length,
      requests: 0,
      cachedAt: Math.min(...pages.map((p) => p.savedAt)),
      offline: error,
    };
  }

  const cached: CachedSource = {
    name: source.name,
    facets: source.facets?.bind(source),
    histogram: source.histogram?.bind(source),
    stream: source.stream?.bind(source),
    capabilities: source.capabilities,
    partition,
    store,
    planFilters: (view) => source.planFilters(view),

    async peek(view, cursor, searchOptions) {
      try {
        const hit = await store.get(partition, cacheQuery(view, searchOptions), cursor ?? '');
        return hit ? { ...hit.page, cachedAt: hit.savedAt } : undefined;
      } catch (e) {
        report(e);
        return undefined;
      }
    },

    async search(view, cursor, signal, searchOptions) {
      const query = cacheQuery(view, searchOptions);
      const position = cursor ?? '';
      try {
        const fresh = await source.search(view, cursor, signal, searchOptions);
        write(query, position, fresh).catch(report);
        return fresh;
      } catch (e) {
        if (isAbort(e) || signal.aborted) throw e;
        if (isRefusal(e)) {
          await store.dropPartition(partition).catch(report);
          throw e;
        }
        if (!isTransient(e)) throw e;
        const error = e as Error;
        try {
          const hit = await store.get(partition, query, position);
          if (hit) return { ...hit.page, cachedAt: hit.savedAt, offline: error } as CachedResult;
          if (!cursor) {
            const scanned = await fromWholeCache(view, error);
            if (scanned) return scanned;
          }
        } catch (storeError) {
          report(storeError);
        }
        throw e;
      }
    },

    async get(id, signal) {
      try {
        return await source.get(id, signal);
      } catch (e) {
        if (isRefusal(e)) await store.dropPartition(partition).catch(report);
        throw e;
      }
    },
  };
  return cached;
}

/** Whether a source is a `cachedSource` (it can `peek`). */
export const isCachedSource = (s: Source | undefined): s is CachedSource =>
  !!s && typeof (s as Partial<CachedSource>).peek === 'function';
