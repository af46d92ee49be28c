/**
 * The one interface the components see. Each adapter hides its backend's query
 * language, pagination, page-size limit and auth header behind it.
 */
import type { AuthScheme, CredentialsProvider, HttpClient, Query } from '../client.js';
import type { AuditEvent, FilterKey, Page, SortOrder, ViewState } from '../model.js';

export type Pagination = 'cursor' | 'page' | 'offset';

/** A field some backends' records never carry (`Capabilities.absentFields`). */
export type RecordField = 'statusCode' | 'duration';

export interface Capabilities {
  /**
   * Filters that mean something for this backend (its records carry the field), applied by
   * the backend or by the viewer; the others never hold, and the filter bar hides them.
   * Absent: the filter bar offers the common filters only, none of the backend-specific ones
   * (`action`, `environment`, `entityId`, `userId`, `workspace`, `authType`).
   */
  filters?: readonly FilterKey[];
  /**
   * Fields the backend's records never carry: `statusCode` (they have an outcome, success or
   * error, but no HTTP status code), `duration`. The status chips and suggestions offer
   * outcomes instead of status classes, and the table leaves such columns out until asked.
   * Absent: none.
   */
  absentFields?: readonly RecordField[];
  /**
   * Values of this backend's own records, shown as examples in the filter bar's placeholders
   * (`plugin: 'role'` for Kore's entities), so an example a user copies finds something.
   * Absent: the reference service's (`create ticket`).
   */
  examples?: { readonly plugin?: string };
  /**
   * Filters the backend can apply itself (for some values; `planFilters` says for a given
   * view); the rest are applied client-side.
   */
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

/**
 * Which of a view's filters the backend applies itself and which the viewer applies over
 * what it fetched (each in `FILTER_KEYS` order; keys the view does not set are in neither).
 * The built-in adapters apply `client` themselves; for a host's own source, the viewer applies
 * the filters a plan leaves out of both (`core/sources/host.ts`).
 */
export interface FilterPlan {
  server: FilterKey[];
  client: FilterKey[];
  /**
   * Of `client`, the filters no record of this backend can pass with the view's value (its
   * records have no such field, or never that value): the list is empty because of them, and
   * the viewer says so. Absent: none known.
   */
  never?: FilterKey[];
}

/** How an adapter turns a view's filters into its backend's query. */
export interface Translation extends FilterPlan {
  /** Query parameters of every list request, besides paging. */
  query: Query;
  /** The filters cannot match any record of this backend: no request is needed. */
  empty: boolean;
}

/**
 * A backend record that failed validation: the rest of its page is still shown.
 * `index` is where it would have been in `SearchResult.events` (the number of events before
 * it); `path` is the JSON path of the offending value in the response
 * (`data[3].message`); `id` is the record's id when it had a readable one.
 */
export interface RejectedRecord {
  index: number;
  id?: string;
  path: string;
  message: string;
}

export interface SearchResult extends Page {
  /**
   * Filters that were applied in the viewer, over what was fetched: tell the user. Always
   * equal to `planFilters(view).client`.
   */
  clientFiltered: FilterKey[];
  /** Records of the fetched pages that failed validation (absent when none did). */
  rejected?: RejectedRecord[];
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
  /**
   * Which of the view's filters this backend applies and which the viewer does, as `search`
   * will do it (`search(view).clientFiltered` equals `planFilters(view).client`).
   */
  planFilters(view: ViewState): FilterPlan;
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
  /**
   * Called when a connection failed or dropped and the tail will try again by itself in
   * `retryInMs` (the tail is not live until the next `onOpen`).
   */
  onDrop?: (retryInMs: number, error: unknown) => void;
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
  /**
   * Which source and principal this is (see `derivePartition` in core/partition.ts): caches
   * and saved views are kept apart by it. Never the secret itself.
   */
  partition?: string;
  /** The `mapped` adapter's mapping (see `core/sources/mapped.ts`); other adapters ignore it. */
  mapping?: unknown;
}
