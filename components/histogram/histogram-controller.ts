import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { isAbort, messageOf } from '../../core/errors.js';
import { bucketEvents, histogramSpan, type Histogram } from '../../core/histogram.js';
import { filtersLeftOut } from '../../core/left-out.js';
import type { AuditEvent, TimeRange } from '../../core/model.js';
import type { Session } from '../../core/session.js';
import type { Source } from '../../core/sources/types.js';
import { filtersKey, sameFilters } from '../../core/view-state.js';
import type { HistogramBasis } from './histogram.component.js';
import { keepFlag, readFlag, HISTOGRAM_HIDDEN as HIDDEN_KEY } from '../internal/kept-flag.js';
// The chart comes with its controller, beside the first page (`deferred-parts.ts`).
import './histogram.js';

/** Zooms remembered for Zoom out (and Back to a zoomed range); the oldest go first. */
const MAX_ZOOMS = 50;

export interface HistogramState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  histogram?: Histogram;
  error?: unknown;
  basis: HistogramBasis;
  /** With `basis: 'loaded'`: how many events were counted, and whether that is all of them. */
  loaded: number;
  complete: boolean;
  /**
   * With `basis: 'backend'`: the view's filters the backend's counts leave out (the viewer
   * applies them to the list). Counts over the loaded events leave out none: those events
   * passed every filter.
   */
  ignored?: string[];
}

/** The same time range, as the view's canonical filters have it. */
const sameTime = (a: TimeRange | undefined, b: TimeRange | undefined): boolean =>
  sameFilters({ time: a }, { time: b });

const describe = (e: unknown): string => messageOf(e);

/**
 * A brushed or zoomed range widened to whole minutes (a range of an hour or more) or seconds
 * (a minute or more): the query box then reads `after:2026-11-30T15:56Z`, not the buckets'
 * milliseconds. Shorter ranges keep them (a zoom must still narrow).
 */
export function roundOut(range: { from: number; to: number }): { from: number; to: number } {
  const span = range.to - range.from;
  const unit = span >= 3_600_000 ? 60_000 : span >= 60_000 ? 1000 : 1;
  return {
    from: Math.floor(range.from / unit) * unit,
    to: Math.ceil(range.to / unit) * unit,
  };
}

/**
 * Keeps the histogram of a session's view: asks the source for it when the source can count
 * (`capabilities.histogram`), again whenever the source, the filters or `refresh()` change it,
 * aborting the older request; otherwise counts the events loaded so far (core/histogram.ts).
 * Nothing is fetched while the user keeps it hidden.
 */
export class HistogramController implements ReactiveController {
  state: HistogramState = { status: 'idle', basis: 'backend', loaded: 0, complete: false };
  open = !readFlag(HIDDEN_KEY);

  private key?: string;
  private source?: Source;
  private abort?: AbortController;
  private counted?: { events: readonly AuditEvent[]; key: string };
  private refreshes = 0;
  /**
   * The zooms made here, oldest first: the range each one left (`from`) and the one it showed
   * (`to`). Zoom out leads from a range to where its zoom came from. They are kept when the
   * range changes, so Back (history) to a zoomed range offers Zoom out again.
   */
  private zooms: { from: TimeRange | undefined; to: TimeRange }[] = [];

  /** The zoom that showed `time`, the latest one if several did. */
  private zoomInto(time: TimeRange | undefined) {
    for (let i = this.zooms.length - 1; i >= 0; i--)
      if (sameTime(this.zooms[i]!.to, time)) return this.zooms[i];
    return undefined;
  }
  /** The list that was current when a failed histogram was last retried. */
  private failedWith?: object;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly session: () => Session,
    private readonly buckets = 60,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.abort?.abort();
    this.abort = undefined;
    this.key = undefined;
  }

  /**
   * How many events match the whole view, as the backend counted them for the chart up to `to`:
   * only when its counts apply every filter (none is left to the viewer). Unknown while hidden,
   * loading, or counted over the loaded events.
   */
  get matching(): { total: number; to: number } | undefined {
    const st = this.state;
    if (st.status !== 'ready' || st.basis !== 'backend' || st.ignored?.length || !st.histogram)
      return undefined;
    return {
      total: st.histogram.buckets.reduce((n, b) => n + b.total, 0),
      to: st.histogram.to,
    };
  }

  /** Loads it again (the viewer's Refresh). */
  refresh(): void {
    this.refreshes++;
    this.host.requestUpdate();
  }

  setOpen(open: boolean): void {
    this.open = open;
    keepFlag(HIDDEN_KEY, !open);
    if (!open) this.hostDisconnected();
    this.host.requestUpdate();
  }

  /**
   * The `<alv-histogram>` for the host's template. `time` is the view's time range;
   * `onTimeSelect` gets the range to show: a zoom's or a brush's, or on "Zoom out" the one
   * before the last zoom. Toggling and retrying are handled here.
   */
  render(options: {
    timeZone?: string;
    time: TimeRange | undefined;
    onTimeSelect: (time: TimeRange | undefined) => void;
  }) {
    const st = this.state;
    // Zoom out where a zoom showed this range; any other range (the time select, a link,
    // Clear all) has nothing to zoom out to.
    this.shown = options;
    const back = this.zoomInto(options.time);
    return html`<alv-histogram
      part="histogram"
      .histogram=${st.histogram}
      status=${st.status}
      error-message=${st.error ? describe(st.error) : ''}
      basis=${st.basis}
      .loaded=${st.loaded}
      .complete=${st.complete}
      .ignored=${st.ignored ?? []}
      .open=${this.open}
      ?data-folded=${!this.open}
      time-zone=${options.timeZone ?? ''}
      .zoomOut=${back ? { to: back.from } : undefined}
      ?outcomes=${this.session().source?.capabilities.absentFields?.includes('statusCode') ?? false}
      @alv-time-select=${(e: GlobalEventHandlersEventMap['alv-time-select']) => this.zoom(e.detail)}
      @alv-zoom-out=${this.zoomOut}
      @alv-histogram-toggle=${(e: GlobalEventHandlersEventMap['alv-histogram-toggle']) =>
        this.setOpen(e.detail.open)}
      @alv-histogram-retry=${() => this.refresh()}
    ></alv-histogram>`;
  }

  /** The time range shown at the last render, and where a new one goes. */
  private shown?: {
    time: TimeRange | undefined;
    onTimeSelect: (time: TimeRange | undefined) => void;
  };

  /** Zooms to `range` (a bar's, a brush's), remembering the range it leaves. */
  private zoom(range: { from: number; to: number }): void {
    const shown = this.shown;
    const to: TimeRange = { type: 'absolute', ...roundOut(range) };
    // Into the range already shown (a brush over the whole chart): nothing to come back from.
    if (!shown || sameTime(to, shown.time)) return;
    this.zooms.push({ from: shown.time, to });
    if (this.zooms.length > MAX_ZOOMS) this.zooms.shift();
    shown.onTimeSelect(to);
  }

  private readonly zoomOut = (): void => {
    const back = this.zoomInto(this.shown?.time);
    if (!back || !this.shown) return;
    this.shown.onTimeSelect(back.from);
    this.host.requestUpdate();
  };

  private sync(): void {
    const s = this.session();
    const source = s.source;
    if (!this.open || !source) {
      this.abort?.abort();
      this.state = { status: 'idle', basis: 'backend', loaded: 0, complete: false };
      this.key = undefined;
      return;
    }
    if (!(source.capabilities.histogram && source.histogram)) this.count(s);
    else if (s.list) this.fetch(s, source);
    else {
      // Nothing is asked before the backend has answered this session's list: a refused key
      // or query fails one request, not the chart's too.
      this.abort?.abort();
      this.key = undefined;
      if (this.state.status !== 'loading')
        this.state = { status: 'loading', basis: 'backend', loaded: 0, complete: false };
    }
  }

  private fetch(s: Session, source: Source): void {
    // After a failure, try again once the backend answers the list again (a new result, not
    // cached pages standing in for it): the service is back.
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
    }
    const key = `${filtersKey(s.view.filters)}|${this.refreshes}`;
    if (key === this.key && source === this.source) return;
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.key = key;
    this.source = source;
    this.state = { ...this.state, status: 'loading', basis: 'backend', error: undefined };
    const ignored = filtersLeftOut(source, s.view);
    source.histogram!(s.view, this.buckets, abort.signal).then(
      (histogram) => {
        if (abort.signal.aborted) return;
        this.state = {
          status: 'ready',
          histogram,
          basis: 'backend',
          loaded: 0,
          complete: true,
          ignored,
        };
        this.host.requestUpdate();
      },
      (error: unknown) => {
        if (abort.signal.aborted || isAbort(error)) return;
        this.state = { status: 'error', error, basis: 'backend', loaded: 0, complete: false };
        // Retried when a newer list arrives from the backend, not for the one shown now.
        this.failedWith = s.list;
        this.host.requestUpdate();
      },
    );
  }

  /** Counts the events loaded for the current query (no request). */
  private count(s: Session): void {
    this.abort?.abort();
    this.source = s.source;
    const list = s.list;
    if (!list || !s.isCurrent) {
      this.key = undefined;
      this.state = {
        status: s.status === 'error' ? 'idle' : 'loading',
        basis: 'loaded',
        loaded: 0,
        complete: false,
      };
      return;
    }
    const key = `${list.query}|${this.refreshes}`;
    if (this.counted?.events === list.events && this.counted.key === key) return;
    this.counted = { events: list.events, key };
    const span = histogramSpan(s.view.filters.time, Date.now(), list.events);
    const histogram = span
      ? bucketEvents(list.events, span, this.buckets)
      : { from: 0, to: 0, interval: 60_000, buckets: [] };
    this.state = {
      status: 'ready',
      histogram,
      basis: 'loaded',
      loaded: list.events.length,
      complete: !list.nextCursor,
    };
  }
}
