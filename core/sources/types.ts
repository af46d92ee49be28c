/**
 * The one interface the components see. Each adapter hides its backend's query
 * language, pagination, page-size limit and auth header behind it.
 */
import type { AuthScheme, CredentialsProvider, HttpClient } from '../client.js';
import type { AuditEvent, FilterKey, Page, SortOrder, ViewState } from '../model.js';

export type Pagination = 'cursor' | 'page' | 'offset';

export interface Capabilities {
  /** Filters the backend applies itself; the rest are applied client-side. */
  serverFilters: readonly FilterKey[];
  pagination: Pagination;
  /** The most records the backend returns per request. */
  maxPageSize: number;
  auth: AuthScheme;
  sortOrders: readonly SortOrder[];
  detail: boolean;
  facets: boolean;
  histogram: boolean;
  stream: boolean;
}

export interface SearchResult extends Page {
  /** Filters that were applied in the viewer, over what was fetched: tell the user. */
  clientFiltered: FilterKey[];
  /** Backend records fetched to fill this page (more than events.length when filtering client-side). */
  scanned: number;
  /** How many backend requests this page took. */
  requests: number;
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface HistogramBucket {
  start: number;
  end: number;
  total: number;
  counts: Record<string, number>;
}

export interface Histogram {
  from: number;
  to: number;
  interval: number;
  buckets: HistogramBucket[];
}

export type FacetField =
  'actor' | 'plugin' | 'skill' | 'kind' | 'method' | 'status' | 'environment';

export interface SearchOptions {
  /** Events wanted on this viewer page (capped at what the adapter allows). */
  pageSize?: number;
}

export interface Source {
  readonly name: string;
  readonly capabilities: Capabilities;
  search(
    view: ViewState,
    cursor: string | null,
    signal: AbortSignal,
    options?: SearchOptions,
  ): Promise<SearchResult>;
  get(id: string, signal: AbortSignal): Promise<AuditEvent>;
  facets?(field: FacetField, view: ViewState, signal: AbortSignal): Promise<FacetValue[]>;
  histogram?(view: ViewState, buckets: number, signal: AbortSignal): Promise<Histogram>;
  /**
   * Calls `onEvent` for each new matching event until the signal aborts (then resolves);
   * rejects when the tail cannot go on (refused key, bad event).
   */
  stream?(
    view: ViewState,
    onEvent: (e: AuditEvent) => void,
    signal: AbortSignal,
    options?: StreamOptions,
  ): Promise<void>;
}

export interface StreamOptions {
  /** Called each time a connection is established (also after a reconnect). */
  onOpen?: () => void;
  /** Reconnect when nothing (not even a keep-alive) arrived for this long. Default 45 s. */
  idleTimeoutMs?: number;
}

export interface SourceConfig {
  /** Base URL of the backend, e.g. `http://127.0.0.1:8787`. */
  endpoint: string;
  credentials?: CredentialsProvider;
  /** Overrides for tests: fetch, timeouts, retry policy, clock. */
  client?: Partial<ConstructorParameters<typeof HttpClient>[0]>;
  /** The clock used to resolve relative time ranges. */
  now?: () => number;
}
