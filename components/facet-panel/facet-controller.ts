import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { isAbort, messageOf } from '../../core/errors.js';
import {
  FacetCache,
  countFacet,
  facetFields,
  facetKey,
  statusClassCounts,
  valuesToList,
  withoutField,
  type FacetField,
  type FacetValue,
  type PanelFacet,
} from '../../core/facets.js';
import { filtersLeftOut } from '../../core/left-out.js';
import type { Filters } from '../../core/model.js';
import type { Session } from '../../core/session.js';
import type { Source } from '../../core/sources/types.js';
import { filtersKey } from '../../core/view-state.js';
import type { AlvEventMap } from '../events.js';
import type { FacetBasis, FacetGroup } from './facet-panel.component.js';
import { keepFlag, readFlag, FACETS_HIDDEN as HIDDEN_KEY } from '../internal/kept-flag.js';
// The panel comes with its controller, beside the first page (`deferred-parts.ts`).
import './facet-panel.js';

export interface FacetPanelState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  groups: FacetGroup[];
  error?: unknown;
  basis: FacetBasis;
  /** With `basis: 'loaded'`: how many events were counted, and whether that is all of them. */
  loaded: number;
  complete: boolean;
  /** With `basis: 'backend'`: the view's filters the backend's counts leave out. */
  ignored?: string[];
}

const IDLE: FacetPanelState = {
  status: 'idle',
  groups: [],
  basis: 'backend',
  loaded: 0,
  complete: false,
};

const describe = (e: unknown): string => messageOf(e);

function abortError(): Error {
  const e = new Error('Aborted');
  e.name = 'AbortError';
  return e;
}

/** `promise`, or an AbortError as soon as `signal` aborts (the work itself goes on). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: Error) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/**
 * Keeps the facet counts of a session's view. Where the source counts (`capabilities.facets`)
 * it asks once per field after the filters have stayed the same for `delayMs` (not on every
 * keystroke), through a `FacetCache` keyed by partition, filters (without the field's own) and
 * field, aborting the requests of a view that is no longer shown; the filter bar's suggestions
 * use the same cache (`values`). Otherwise it counts the loaded events and says so. Nothing
 * is fetched while the user keeps the panel hidden.
 */
export class FacetController implements ReactiveController {
  state: FacetPanelState = IDLE;
  open = !readFlag(HIDDEN_KEY);
  /** The panel's values are on screen (it reports a fold, or a narrow width's sheet closed). */
  private shown = true;

  private cache = new FacetCache();
  private source?: Source;
  private key?: string;
  /** Aborts the requests of the view being counted. */
  private round?: AbortController;
  private timer?: ReturnType<typeof setTimeout>;
  /** Aborts suggestion requests when the source goes (they outlive their callers otherwise). */
  private keep = new AbortController();
  private counted?: { events: readonly unknown[]; key: string };
  private refreshes = 0;
  /** The list that was current when failed counts were last retried. */
  private failedWith?: object;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly session: () => Session,
    private readonly partition: () => string | undefined,
    /** How long the filters must stay the same before the facets are asked for. */
    readonly delayMs = 400,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.stop();
    this.key = undefined;
    this.keep.abort();
    this.keep = new AbortController();
  }

  /** Loads the counts again (the viewer's Refresh). */
  refresh(): void {
    this.refreshes++;
    this.cache.clear();
    this.host.requestUpdate();
  }

  setOpen(open: boolean): void {
    this.open = open;
    keepFlag(HIDDEN_KEY, !open);
    this.host.requestUpdate();
  }

  /**
   * A field's values under `filters` (its own filter left out), from the cache or one request
   * shared with the panel: the filter bar's suggestions. `signal` only stops the wait; the
   * request goes on and its answer serves the next keystroke.
   */
  values(field: FacetField, filters: Filters, signal: AbortSignal): Promise<FacetValue[]> {
    const s = this.session();
    const source = s.source;
    if (!source?.facets) return Promise.resolve([]);
    this.useSource(source);
    return untilAborted(
      this.cache.get(
        facetKey(this.partition() ?? '', filters, field),
        (sig) => this.load(source, field, filters, sig),
        this.keep.signal,
      ),
      signal,
    );
  }

  /** The `<alv-facet-panel>` for the host's template; its filter changes go to `onFilterChange`. */
  render(options: {
    filters: Filters;
    /** Safe to share: masks what is shown of each value. */
    mask?: (text: string) => string;
    onFilterChange: (e: AlvEventMap['alv-filter-change']) => void;
  }) {
    const st = this.state;
    return html`<alv-facet-panel
      part="facets"
      .groups=${st.groups}
      .filters=${options.filters}
      ?outcomes=${this.source?.capabilities.absentFields?.includes('statusCode') ?? false}
      .mask=${options.mask}
      status=${st.status}
      error-message=${st.error ? describe(st.error) : ''}
      basis=${st.basis}
      .loaded=${st.loaded}
      .complete=${st.complete}
      .ignored=${st.ignored ?? []}
      .open=${this.open}
      @alv-filter-change=${options.onFilterChange}
      @alv-facets-toggle=${(e: AlvEventMap['alv-facets-toggle']) => this.setOpen(e.detail.open)}
      @alv-facets-retry=${() => this.refresh()}
      @alv-facets-shown=${(e: AlvEventMap['alv-facets-shown']) => this.setShown(e.detail.shown)}
    ></alv-facet-panel>`;
  }

  private setShown(shown: boolean): void {
    if (shown === this.shown) return;
    this.shown = shown;
    this.host.requestUpdate();
  }

  private useSource(source: Source | undefined): void {
    if (source === this.source) return;
    this.source = source;
    this.cache = new FacetCache();
    this.keep.abort();
    this.keep = new AbortController();
    this.key = undefined;
    this.counted = undefined;
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.round?.abort();
    this.round = undefined;
  }

  private load(
    source: Source,
    field: FacetField,
    filters: Filters,
    signal: AbortSignal,
  ): Promise<FacetValue[]> {
    const view = { ...this.session().view, filters: withoutField(filters, field) };
    return source.facets!(field, view, signal).then((values) =>
      field === 'status' ? statusClassCounts(values) : values,
    );
  }

  private sync(): void {
    const s = this.session();
    const source = s.source;
    this.useSource(source);
    if (!this.open || !this.shown || !source) {
      this.stop();
      this.state = IDLE;
      this.key = undefined;
      this.counted = undefined;
      return;
    }
    const fields = facetFields(source.capabilities);
    if (!(source.capabilities.facets && source.facets)) this.count(s, fields);
    else if (s.list) this.fetch(s, source, fields);
    else {
      // Nothing is asked before the backend has answered this session's list: a refused key
      // or query fails one request, not one per field besides.
      this.stop();
      this.key = undefined;
      if (
        this.state.status !== 'loading' ||
        this.state.groups.map((g) => g.field).join() !== fields.join()
      )
        this.state = {
          ...IDLE,
          status: 'loading',
          groups: fields.map((field) => ({ field, values: [], status: 'loading' })),
          complete: true,
        };
    }
  }

  private fetch(s: Session, source: Source, fields: PanelFacet[]): void {
    // After a failure, try again once the backend answers the list again.
    if (
      this.state.status === 'error' &&
      s.status === 'ready' &&
      s.list &&
      !s.list.offline &&
      s.offlineSince === undefined &&
      !s.revalidating &&
      this.failedWith !== s.list
    ) {
      this.failedWith = s.list;
      this.refreshes++;
      this.cache.clear();
    }
    const filters = s.view.filters;
    const partition = this.partition() ?? '';
    const key = `${partition}\n${filtersKey(filters)}\n${this.refreshes}`;
    if (key === this.key) return;
    this.key = key;
    this.stop();
    const previous = new Map(this.state.groups.map((g) => [g.field, g.values]));
    const groups: FacetGroup[] = fields.map((field) => {
      const cached = this.cache.peek(facetKey(partition, filters, field));
      return cached
        ? { field, values: cached, status: 'ready' }
        : { field, values: previous.get(field) ?? [], status: 'loading' };
    });
    const pending = groups.filter((g) => g.status === 'loading').map((g) => g.field);
    this.state = {
      status: pending.length ? 'loading' : 'ready',
      groups,
      basis: 'backend',
      loaded: 0,
      complete: true,
      ignored: filtersLeftOut(source, s.view),
    };
    if (!pending.length) return;
    const round = new AbortController();
    this.round = round;
    // The view must settle first: typing changes it several times a second.
    this.timer = setTimeout(() => {
      for (const field of pending)
        this.cache
          .get(
            facetKey(partition, filters, field),
            (signal) => this.load(source, field, filters, signal),
            round.signal,
          )
          .then(
            (values) => {
              if (!round.signal.aborted) this.setGroup({ field, values, status: 'ready' });
            },
            (error: unknown) => {
              if (round.signal.aborted || isAbort(error)) return;
              this.failedWith = s.list;
              this.setGroup({ field, values: [], status: 'error' }, error);
            },
          );
    }, this.delayMs);
  }

  private setGroup(group: FacetGroup, error?: unknown): void {
    const groups = this.state.groups.map((g) => (g.field === group.field ? group : g));
    const status = groups.some((g) => g.status === 'error')
      ? 'error'
      : groups.some((g) => g.status === 'loading')
        ? 'loading'
        : 'ready';
    this.state = { ...this.state, groups, status, error: error ?? this.state.error };
    if (status !== 'error') delete this.state.error;
    this.host.requestUpdate();
  }

  /** Counts the events loaded for the current query (no request). */
  private count(s: Session, fields: PanelFacet[]): void {
    this.stop();
    const list = s.list;
    if (!list || !s.isCurrent) {
      this.counted = undefined;
      this.state = {
        status: s.status === 'error' ? 'idle' : 'loading',
        groups: [],
        basis: 'loaded',
        loaded: 0,
        complete: false,
      };
      return;
    }
    const key = `${list.query}|${this.refreshes}`;
    if (this.counted?.events === list.events && this.counted.key === key) return;
    this.counted = { events: list.events, key };
    const filters = s.view.filters;
    this.state = {
      status: 'ready',
      // A field none of the loaded events has is left out (unless it is filtered on).
      groups: fields
        .map((field): FacetGroup => ({
          field,
          values: countFacet(list.events, field),
          status: 'ready',
        }))
        .filter((g) => valuesToList(g.values, filters, g.field).length > 0),
      basis: 'loaded',
      loaded: list.events.length,
      complete: !list.nextCursor,
    };
  }
}
