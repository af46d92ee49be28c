/**
 * A host's own `Source` (the element's `.dataSource`), with the filters it leaves out applied
 * by the viewer, as the built-in adapters apply theirs.
 *
 * A view's filter is the backend's (`planFilters(view).server`), the source's own client-side
 * one (`.client`, the source applies it), or neither: a host source that only sends `actor` to
 * its backend and says nothing of `status:5xx`. Such filters are applied here over what the
 * source returns, filling each viewer page from as many of its pages as it takes (the cursor
 * then names a position inside the host's page), and the plan lists them as the viewer's, so
 * the filter bar, the status line and the histogram say so. A source that plans every filter
 * it is given is used as it is.
 */
import { matchesFilters } from '../filter.js';
import { FILTER_KEYS, type FilterKey, type ViewState } from '../model.js';
import type { FilterPlan, SearchOptions, SearchResult, Source } from './types.js';

/** The view's filters that `plan` gives to no one (FILTER_KEYS order). */
function leftOut(view: ViewState, plan: FilterPlan): FilterKey[] {
  return FILTER_KEYS.filter(
    (k) => view.filters[k] !== undefined && !plan.server.includes(k) && !plan.client.includes(k),
  );
}

/**
 * `source`, with the view's filters it neither sends to its backend nor applies itself applied
 * by the viewer (see the module's comment). `now` resolves relative time ranges.
 */
export function viewerFiltered(given: Source, now: () => number = Date.now): Source {
  const source = checked(given);
  /** Of the filters left out, those the source's records never carry (`capabilities.filters`). */
  const neverCarried = (extra: readonly FilterKey[]) => {
    const has = source.capabilities.filters;
    return has ? extra.filter((k) => !has.includes(k)) : [];
  };
  /**
   * The source's plan for `view` with the filters it leaves out (`extra`) given to the viewer,
   * and those its records never carry (`never`), made once per call.
   */
  const planOf = (view: ViewState) => {
    const own = source.planFilters(view);
    const extra = leftOut(view, own);
    if (!extra.length) return { plan: own, extra, never: [] };
    const never = neverCarried(extra);
    const allNever = FILTER_KEYS.filter((k) => own.never?.includes(k) || never.includes(k));
    const plan: FilterPlan = {
      ...own,
      client: FILTER_KEYS.filter((k) => own.client.includes(k) || extra.includes(k)),
      ...(allNever.length ? { never: allNever } : {}),
    };
    return { plan, extra, never };
  };

  const search = async (
    view: ViewState,
    cursor: string | null,
    signal: AbortSignal,
    options?: SearchOptions,
  ): Promise<SearchResult> => {
    const { plan, extra, never } = planOf(view);
    if (!extra.length) return source.search(view, cursor, signal, options);
    // A filter on a field its records never carry: nothing can match, no request is made.
    if (never.length)
      return { events: [], nextCursor: null, clientFiltered: plan.client, scanned: 0, requests: 0 };
    const { fillFiltered } = await import('./host-fill.js');
    const filled = await fillFiltered(source, view, cursor, signal, options, extra, now());
    return { ...filled, clientFiltered: plan.client };
  };

  const wrapped: Source = {
    name: source.name,
    capabilities: source.capabilities,
    planFilters: (view) => planOf(view).plan,
    search,
    get: (id, signal) => source.get(id, signal),
  };
  if (source.facets) wrapped.facets = (field, view, signal) => source.facets!(field, view, signal);
  if (source.histogram)
    wrapped.histogram = (view, buckets, signal) => source.histogram!(view, buckets, signal);
  if (source.stream)
    wrapped.stream = (view, onEvent, signal, options) => {
      const extra = leftOut(view, source.planFilters(view));
      return source.stream!(
        view,
        extra.length ? (e) => matchesFilters(e, view.filters, now(), extra) && onEvent(e) : onEvent,
        signal,
        options,
      );
    };
  return wrapped;
}

/**
 * `source` with what it returns checked (`host-check.ts`, loaded as it is made, beside the
 * first request); a live event of the wrong shape is skipped. Its methods are called on it (a
 * class's are on its prototype).
 */
function checked(source: Source): Source {
  const name = source.name || 'the source';
  // Loaded now, beside the first request; where it could not be, again at the next call.
  let loading: Promise<typeof import('./host-check.js')> | undefined;
  const load = () =>
    (loading ??= import('./host-check.js').catch((e: unknown) => {
      loading = undefined;
      throw e;
    }));
  // (Not a rejection nobody handles: the first search or entry says why.)
  load().catch(() => undefined);
  const out: Source = {
    name: source.name,
    capabilities: source.capabilities,
    planFilters: (view) => source.planFilters(view),
    search: async (view, cursor, signal, options) => {
      const [{ checkPage }, page] = await Promise.all([
        load(),
        source.search(view, cursor, signal, options),
      ]);
      return checkPage(page, name);
    },
    get: async (id, signal) => {
      const [{ checkEntry }, entry] = await Promise.all([load(), source.get(id, signal)]);
      return checkEntry(entry, name, id);
    },
  };
  if (source.facets) out.facets = (field, view, signal) => source.facets!(field, view, signal);
  if (source.histogram)
    out.histogram = (view, buckets, signal) => source.histogram!(view, buckets, signal);
  if (source.stream) {
    const stream = source.stream.bind(source);
    out.stream = async (view, onEvent, signal, options) => {
      const { isEvent } = await load();
      return stream(view, (e) => isEvent(e) && onEvent(e), signal, options);
    };
  }
  return out;
}
