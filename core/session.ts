/**
 * The viewer's state machine, free of any DOM: it owns the `Source`, the view, the pages loaded
 * for the current query, paging, the live tail, the open entry and the search for a linked
 * entry. A UI renders its snapshot and calls its methods; every request is abortable and a
 * result that arrives for anything but the current query is dropped.
 */
import { isCachedSource } from './cache/cached-source.js';
import { NotFoundError, RateLimitedError, SourceError, isAbort, messageOf } from './errors.js';
import { defaultViewState, type AuditEvent, type ViewState } from './model.js';
import type { SearchResult, Source } from './sources/types.js';
import { canonicalView, filtersKey, sameView } from './view-state.js';

/** The pages loaded for one query. */
export interface LoadedList extends SearchResult {
  /** The query these pages belong to (`Session.queryKey`): a cursor is only ever used with it. */
  query: string;
  /** The view the pages were searched with (its filters and sort). */
  view: ViewState;
  /** How many pages (search requests of the viewer) are in `events`. */
  pages: number;
  /** Set when the first page came from the cache: when it was fetched. */
  cachedAt?: number;
  /** Set when the backend failed and the cache answered instead: why. */
  offline?: Error;
}

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export type LiveState = 'off' | 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface DetailState {
  id: string;
  status: LoadStatus;
  /** The entry as loaded (or as listed, while the full entry loads). */
  event?: AuditEvent;
  error?: unknown;
}

/** The search for a linked entry that is not on the first page. */
export interface LocateState {
  id: string;
  /** `searching` pages through the list; `found` is in the list; `missing` is not in this view. */
  status: 'searching' | 'found' | 'missing';
  pages: number;
  scanned: number;
}

export interface SessionOptions {
  source?: Source;
  view?: ViewState;
  pageSize?: number;
  /** Called (synchronously) after every change of state. */
  onChange?: () => void;
  /** Called for each failure worth telling the host about (never for aborts). */
  onError?: (error: Error) => void;
  /** Pages a linked entry is searched through before it counts as not in this view. */
  maxLocatePages?: number;
  /**
   * First wait before trying the backend again while showing cached data, or after a search
   * failed for a reason that may pass (network, timeout, 5xx, 429); doubles, ≤ 30 s.
   */
  retryDelayMs?: number;
}

/** `e` as an `Error`, in words (`messageOf`) where a host's source threw something else. */
const toError = (e: unknown): Error => (e instanceof Error ? e : new Error(messageOf(e)));

export class Session {
  source: Source | undefined;
  view: ViewState;
  pageSize: number;

  status: LoadStatus = 'idle';
  /** The pages of the current query; while a new query loads, the previous query's (stale). */
  list: LoadedList | undefined;
  error: unknown;
  loadingMore = false;
  moreError: unknown;
  detail: DetailState | undefined;
  locate: LocateState | undefined;
  /** The live tail is wanted. */
  live = false;
  /** The live tail is connected. */
  liveOpen = false;
  /**
   * The live tail's connection, said honestly: `connecting`, `live`, `reconnecting` (dropped;
   * tried again at `liveRetryAt`), `offline` (the device has no network), or `off`.
   */
  liveState: LiveState = 'off';
  /** While `reconnecting`: when the tail tries again by itself. */
  liveRetryAt: number | undefined;
  /**
   * New events that arrived while the reader is away from the top of the list (`holdLive`)
   * or has an entry open:
   * newest first, shown on request (`showPending`) or on return to the top.
   */
  pendingLive: AuditEvent[] = [];
  /** The list on screen is being fetched again (after a cached first paint, or a refresh). */
  revalidating = false;
  /** Since when the backend has been failing while cached data is shown. */
  offlineSince: number | undefined;
  /** In the error state: when the search will be tried again by itself (absent: it will not). */
  retryAt: number | undefined;
  /** After a next page failed: when it will be tried again by itself (absent: it will not). */
  moreRetryAt: number | undefined;

  private readonly options: SessionOptions;
  private readonly maxLocatePages: number;
  private generation = 0;
  private searchAbort?: AbortController;
  private moreAbort?: AbortController;
  private detailAbort?: AbortController;
  private tail?: { query: string; abort: AbortController };
  private disposed = false;
  /** The reader is away from the top: new live events wait in `pendingLive`. */
  private liveHold = false;
  private online = true;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private retries = 0;
  /** The next page and the open entry, tried again after a failure that may pass. */
  private readonly moreRetry = new Backoff();
  private readonly detailRetry = new Backoff();

  constructor(options: SessionOptions = {}) {
    this.options = options;
    this.source = options.source;
    this.view = canonicalView(options.view ?? defaultViewState());
    this.pageSize = options.pageSize ?? 100;
    this.maxLocatePages = options.maxLocatePages ?? 50;
  }

  /** Identifies the current query: source, filters, sort and page size. Pages of another are never mixed in. */
  get queryKey(): string {
    return `${this.generation}|${this.pageSize}|${this.view.sort}|${filtersKey(this.view.filters)}`;
  }

  /** Whether the current list belongs to the current query (else it is shown as stale). */
  get isCurrent(): boolean {
    return this.list?.query === this.queryKey;
  }

  /** Whether a live tail is possible: the source streams and the list is newest first. */
  get canTail(): boolean {
    return !!this.source?.stream && this.view.sort === 'desc';
  }

  // -------------------------------------------------------------------------------------------
  // Inputs

  /** Uses another source (or none): everything loaded from the old one is dropped. */
  setSource(source: Source | undefined): void {
    if (source === this.source) return;
    this.source = source;
    this.generation++;
    this.list = undefined;
    this.stopTail();
    this.refresh();
  }

  setPageSize(pageSize: number): void {
    const size = Math.max(1, Math.floor(pageSize) || 1);
    if (size === this.pageSize) return;
    this.pageSize = size;
    this.search();
  }

  /**
   * Shows `next`: searches again when its filters or sort differ, loads the entry when the
   * selection differs. Returns whether anything changed.
   */
  setView(next: ViewState): boolean {
    const view = canonicalView(next);
    if (sameView(view, this.view)) return false;
    const before = this.queryKey;
    const selectedBefore = this.view.selected;
    this.view = view;
    if (this.queryKey !== before) {
      this.retries = 0;
      this.search();
    }
    if (view.selected !== selectedBefore) {
      this.loadDetail();
      this.startLocate();
      // The entry being read is closed: what arrived meanwhile shows, unless scrolled away.
      if (view.selected === undefined && !this.liveHold) this.showPending();
    }
    this.changed();
    return true;
  }

  /** Loads the first page (and the open entry) again. */
  refresh(): void {
    this.search();
    this.loadDetail();
    this.startLocate();
  }

  setLive(on: boolean): void {
    if (this.live === on) return;
    this.live = on;
    if (!on) this.showPending();
    this.syncTail();
    this.changed();
  }

  /**
   * Whether the reader is away from the top of the list: new live events then wait in
   * `pendingLive` instead of pushing the rows being read down; back at the top, they show.
   */
  holdLive(hold: boolean): void {
    if (this.liveHold === hold) return;
    this.liveHold = hold;
    // Back at the top with an entry open: still held until it is closed.
    if (!hold && this.view.selected === undefined && this.pendingLive.length) {
      this.showPending();
      this.changed();
    }
  }

  /** Puts the events that arrived while held at the top of the list. */
  showPending(): void {
    const list = this.list;
    const pending = this.pendingLive;
    this.pendingLive = [];
    if (!list || !pending.length) return;
    const seen = new Set(list.events.map((e) => e.id));
    this.list = { ...list, events: [...pending.filter((e) => !seen.has(e.id)), ...list.events] };
    this.changed();
  }

  /**
   * Whether the device has a network (the UI's \`online\`/\`offline\` events): offline, the tail
   * waits and says so; back online, it reconnects at once.
   */
  setOnline(online: boolean): void {
    if (this.online === online) return;
    this.online = online;
    this.stopTail();
    this.syncTail();
    this.changed();
  }

  /** Stops every request and the tail (until `refresh`), keeping what is loaded. */
  suspend(): void {
    clearTimeout(this.retryTimer);
    this.retryAt = undefined;
    this.moreRetry.stop();
    this.moreRetryAt = undefined;
    this.detailRetry.stop();
    this.searchAbort?.abort();
    this.moreAbort?.abort();
    this.detailAbort?.abort();
    this.loadingMore = false;
    this.stopTail();
  }

  /** Stops every request and the tail; the session is unusable afterwards. */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.retryTimer);
    this.moreRetry.stop();
    this.detailRetry.stop();
    this.searchAbort?.abort();
    this.moreAbort?.abort();
    this.detailAbort?.abort();
    this.stopTail();
  }

  // -------------------------------------------------------------------------------------------
  // The list

  private search(): void {
    if (this.list?.query !== this.queryKey) this.pendingLive = [];
    this.searchAbort?.abort();
    this.moreAbort?.abort();
    clearTimeout(this.retryTimer);
    this.loadingMore = false;
    this.moreError = undefined;
    this.retryAt = undefined;
    // Another list: its next pages start from the shortest wait.
    this.moreRetry.reset();
    this.moreRetryAt = undefined;
    const source = this.source;
    if (!source || this.disposed) {
      this.searchAbort = undefined;
      this.status = 'idle';
      this.list = undefined;
      this.revalidating = false;
      this.changed();
      return;
    }
    const abort = new AbortController();
    this.searchAbort = abort;
    const query = this.queryKey;
    const view: ViewState = { ...this.view };
    const options = { pageSize: this.pageSize };
    // The same query again (refresh, retry): keep what is on screen while it reloads.
    const again = this.status === 'ready' && this.list?.query === query;
    if (again) this.revalidating = true;
    else {
      this.status = 'loading';
      this.revalidating = false;
    }
    this.error = undefined;
    this.syncTail();
    this.changed();
    const current = () => !abort.signal.aborted && query === this.queryKey;
    if (!again && isCachedSource(source)) {
      // Stale-while-revalidate: paint the cached first page at once, if the network is slower.
      void source.peek(view, null, options).then((hit) => {
        if (!hit || !current() || this.status !== 'loading') return;
        this.list = { ...hit, query, view, pages: 1 };
        this.status = 'ready';
        this.revalidating = true;
        this.continueLocate();
        this.changed();
      });
    }
    source.search(view, null, abort.signal, options).then(
      (result) => {
        // An older query's page arriving late is dropped.
        if (!current()) return;
        this.list = { ...result, query, view, pages: 1 };
        // Held live events the reloaded page already shows are no longer new.
        if (this.pendingLive.length) {
          const shown = new Set(result.events.map((e) => e.id));
          this.pendingLive = this.pendingLive.filter((e) => !shown.has(e.id));
        }
        this.status = 'ready';
        this.revalidating = false;
        this.noteOffline(this.list.offline);
        this.syncTail();
        this.continueLocate();
        // The open entry failed with the list (kept as it was shown): load it again now.
        const detail = this.detail;
        if (detail?.status === 'error' && !(detail.error instanceof NotFoundError))
          this.loadDetail();
        this.changed();
      },
      (e: unknown) => {
        if (!current() || isAbort(e)) return;
        this.list = undefined;
        this.status = 'error';
        this.error = e;
        this.revalidating = false;
        this.offlineSince = undefined;
        this.stopTail();
        this.scheduleRetry(e);
        // The tail is still wanted: it comes back with the list, when the retry succeeds.
        if (this.live && this.canTail && this.retryAt !== undefined) {
          this.liveState = 'reconnecting';
          this.liveRetryAt = this.retryAt;
        }
        this.changed();
        this.options.onError?.(toError(e));
      },
    );
  }

  /** While cached data stands in for a failing backend, try the backend again with backoff. */
  private noteOffline(error: Error | undefined): void {
    clearTimeout(this.retryTimer);
    if (!error) {
      this.offlineSince = undefined;
      this.retries = 0;
      return;
    }
    this.offlineSince ??= Date.now();
    const delay = Math.min(30_000, (this.options.retryDelayMs ?? 2000) * 2 ** this.retries++);
    this.retryTimer = setTimeout(() => this.search(), delay);
  }

  /**
   * After a failure that may pass (network, timeout, 5xx, 429), search again with backoff
   * (a 429's Retry-After when it gave one); a refused key or permission is not retried.
   */
  private scheduleRetry(error: unknown): void {
    clearTimeout(this.retryTimer);
    if (!isTransient(error) || this.disposed) return;
    const backoff = Math.min(30_000, (this.options.retryDelayMs ?? 2000) * 2 ** this.retries++);
    const delay =
      error instanceof RateLimitedError && error.retryAfterMs !== undefined
        ? Math.max(backoff, error.retryAfterMs)
        : backoff;
    this.retryAt = Date.now() + delay;
    this.retryTimer = setTimeout(() => this.search(), delay);
  }

  /** Loads the next page of the current query. Resolves when it is in (or failed). */
  async loadMore(): Promise<void> {
    const source = this.source;
    const list = this.list;
    // A cursor is only ever used with the query it came from.
    if (!source || !list?.nextCursor || this.loadingMore || list.query !== this.queryKey) return;
    const abort = new AbortController();
    this.moreAbort = abort;
    this.loadingMore = true;
    this.moreError = undefined;
    this.moreRetry.stop();
    this.moreRetryAt = undefined;
    this.changed();
    try {
      const page = await source.search(list.view, list.nextCursor, abort.signal, {
        pageSize: this.pageSize,
      });
      if (abort.signal.aborted || this.list !== list) return;
      const seen = new Set(list.events.map((e) => e.id));
      this.list = {
        ...page,
        query: list.query,
        view: list.view,
        events: [...list.events, ...page.events.filter((e) => !seen.has(e.id))],
        clientFiltered: page.clientFiltered.length ? page.clientFiltered : list.clientFiltered,
        rejected: [
          ...(list.rejected ?? []),
          ...(page.rejected ?? []).map((r) => ({ ...r, index: r.index + list.events.length })),
        ],
        scanned: list.scanned + page.scanned,
        requests: list.requests + page.requests,
        pages: list.pages + 1,
      };
      this.moreRetry.reset();
    } catch (e) {
      if (abort.signal.aborted || isAbort(e)) return;
      this.moreError = e;
      // A failure that may pass: that page again by itself, as the first page is.
      if (isTransient(e) && !this.disposed)
        this.moreRetryAt = this.moreRetry.schedule(e, this.options.retryDelayMs, () => {
          if (this.moreError === e) void this.retryMore();
        });
      if (this.locate?.status === 'searching') this.locate = { ...this.locate, status: 'missing' };
      this.options.onError?.(toError(e));
    } finally {
      if (this.moreAbort === abort) {
        this.moreAbort = undefined;
        this.loadingMore = false;
        this.continueLocate();
        this.changed();
      }
    }
  }

  /** Removes the load-more error and tries that page again. */
  retryMore(): Promise<void> {
    this.moreError = undefined;
    return this.loadMore();
  }

  // -------------------------------------------------------------------------------------------
  // The open entry

  private loadDetail(): void {
    this.detailAbort?.abort();
    this.detailAbort = undefined;
    // Another entry starts from the shortest wait; the same one keeps its backoff.
    if (this.detail?.id !== this.view.selected) this.detailRetry.reset();
    else this.detailRetry.stop();
    const id = this.view.selected;
    const source = this.source;
    if (!id || !source) {
      this.detail = undefined;
      return;
    }
    const listed = this.list?.events.find((e) => e.id === id);
    if (!source.capabilities.detail) {
      // No detail endpoint: the listed entry is all there is.
      this.detail = listed
        ? { id, status: 'ready', event: listed }
        : { id, status: 'loading', event: undefined };
      if (listed) return;
    }
    const abort = new AbortController();
    this.detailAbort = abort;
    const previous = this.detail?.id === id ? this.detail.event : undefined;
    this.detail = { id, status: 'loading', event: listed ?? previous };
    source.get(id, abort.signal).then(
      (event) => {
        if (abort.signal.aborted || this.view.selected !== id) return;
        this.detail = { id, status: 'ready', event };
        this.detailRetry.reset();
        this.changed();
      },
      (e: unknown) => {
        if (abort.signal.aborted || this.view.selected !== id || isAbort(e)) return;
        const shown = this.list?.events.find((x) => x.id === id) ?? this.detail?.event;
        this.detail = { id, status: 'error', event: shown, error: e };
        // A failure that may pass: the entry again by itself ("It loads again once the audit
        // service answers"), as long as it is the one open.
        if (isTransient(e) && !this.disposed)
          this.detailRetry.schedule(e, this.options.retryDelayMs, () => {
            if (this.view.selected === id && this.detail?.status === 'error') this.loadDetail();
          });
        // Not found by the detail endpoint: a search for it through the list stops.
        if (e instanceof NotFoundError) this.continueLocate();
        this.changed();
        if (!(e instanceof NotFoundError)) this.options.onError?.(toError(e));
      },
    );
  }

  /** The open entry as listed (for backends whose list already holds everything). */
  private fillDetailFromList(): void {
    const d = this.detail;
    if (!d || d.event) return;
    const listed = this.list?.events.find((e) => e.id === d.id);
    if (listed && !this.source?.capabilities.detail)
      this.detail = { id: d.id, status: 'ready', event: listed };
  }

  // -------------------------------------------------------------------------------------------
  // A linked entry several pages deep

  private startLocate(): void {
    const id = this.view.selected;
    this.locate = id ? { id, status: 'searching', pages: 0, scanned: 0 } : undefined;
    this.continueLocate();
  }

  /** Pages on until the selected entry is in the list, the list ends, or the page cap is hit. */
  private continueLocate(): void {
    this.fillDetailFromList();
    const locate = this.locate;
    const list = this.list;
    if (!locate || locate.status !== 'searching' || !list || !this.isCurrent) return;
    if (locate.id !== this.view.selected) return;
    const progress = { pages: list.pages, scanned: list.scanned };
    // The backend's own detail endpoint answered 404: no page will hold the entry. (Not an
    // adapter's own "not found" without asking, nor a host source's: those may be wrong.)
    const gone =
      !!this.source?.capabilities.detail &&
      this.detail?.id === locate.id &&
      this.detail.error instanceof NotFoundError &&
      this.detail.error.status === 404;
    if (list.events.some((e) => e.id === locate.id)) {
      this.locate = { ...locate, ...progress, status: 'found' };
    } else if (!list.nextCursor || list.pages >= this.maxLocatePages || this.moreError || gone) {
      this.locate = { ...locate, ...progress, status: 'missing' };
    } else {
      this.locate = { ...locate, ...progress };
      if (!this.loadingMore) void this.loadMore();
    }
  }

  // -------------------------------------------------------------------------------------------
  // Live tail

  private syncTail(): void {
    const source = this.source;
    if (!this.live || !this.canTail || !source?.stream || !this.isCurrent || this.disposed) {
      const waiting = this.liveState === 'reconnecting' && this.status !== 'ready';
      if (!waiting) this.stopTail();
      if (this.live && this.canTail && this.status === 'loading' && !waiting)
        this.liveState = 'connecting';
      return;
    }
    if (!this.online) {
      this.stopTail();
      this.liveState = 'offline';
      return;
    }
    const query = this.queryKey;
    if (this.tail?.query === query) return;
    this.stopTail();
    const abort = new AbortController();
    const tail = { query, abort };
    this.tail = tail;
    this.liveState = 'connecting';
    source
      .stream(this.view, (event) => this.addLiveEvent(query, event), abort.signal, {
        onOpen: () => {
          if (this.tail !== tail) return;
          this.liveOpen = true;
          this.liveState = 'live';
          this.liveRetryAt = undefined;
          this.changed();
        },
        onDrop: (retryInMs) => {
          if (this.tail !== tail) return;
          this.liveOpen = false;
          this.liveState = 'reconnecting';
          this.liveRetryAt = Date.now() + retryInMs;
          this.changed();
        },
      })
      .catch((e: unknown) => {
        if (abort.signal.aborted || isAbort(e)) return;
        this.live = false;
        this.options.onError?.(toError(e));
      })
      .finally(() => {
        if (this.tail !== tail) return;
        this.tail = undefined;
        this.liveOpen = false;
        this.liveState = this.live ? this.liveState : 'off';
        this.liveRetryAt = undefined;
        this.changed();
      });
  }

  private stopTail(): void {
    this.tail?.abort.abort();
    this.tail = undefined;
    this.liveOpen = false;
    this.liveState = 'off';
    this.liveRetryAt = undefined;
  }

  private addLiveEvent(query: string, event: AuditEvent): void {
    const list = this.list;
    if (!list || query !== this.queryKey || list.query !== query) return;
    if (list.events.some((e) => e.id === event.id)) return;
    // Held while the reader is away from the top or has an entry open: new rows would move
    // the row being read (and its highlight) down under them.
    if (this.liveHold || this.view.selected !== undefined) {
      if (!this.pendingLive.some((e) => e.id === event.id))
        this.pendingLive = [event, ...this.pendingLive];
    } else this.list = { ...list, events: [event, ...list.events] };
    this.changed();
  }

  private changed(): void {
    if (!this.disposed) this.options.onChange?.();
  }
}

/** A failure that may pass (network, timeout, 5xx, 429): worth trying again by itself. */
function isTransient(error: unknown): boolean {
  return (
    error instanceof SourceError &&
    (['network', 'timeout', 'server', 'rate-limited'] as const).some((k) => k === error.kind)
  );
}

/** One request tried again after failures that may pass, waiting longer each time (≤ 30 s). */
class Backoff {
  private timer?: ReturnType<typeof setTimeout>;
  private tries = 0;

  /** Calls `again` after the next delay (a 429's Retry-After at least); returns when. */
  schedule(error: unknown, baseMs = 2000, again: () => void): number {
    clearTimeout(this.timer);
    const backoff = Math.min(30_000, baseMs * 2 ** this.tries++);
    const delay =
      error instanceof RateLimitedError && error.retryAfterMs !== undefined
        ? Math.max(backoff, error.retryAfterMs)
        : backoff;
    this.timer = setTimeout(again, delay);
    return Date.now() + delay;
  }

  /** No retry pending (the tries so far still count). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** It worked: the next failure starts from the shortest wait again. */
  reset(): void {
    this.stop();
    this.tries = 0;
  }
}
