import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import {
  HISTOGRAM_SERIES,
  SERIES_LABELS,
  bucketRange,
  seriesCounts,
  type Histogram,
  type HistogramBucket,
  type HistogramSeries,
} from '../../core/histogram.js';
import { RELATIVE_RANGE_LABELS } from '../../core/filter.js';
import { leftOutNote } from '../../core/left-out.js';
import type { TimeRange } from '../../core/model.js';
import { AlvElement } from '../internal/alv-element.js';
import { dateFormat } from '../internal/dates.js';
import { tokens } from '../styles/tokens.js';
import { styles } from './histogram.styles.js';
import { rovingIndex } from '../internal/roving.js';

/** Where the counts come from: the backend counted every matching event, or the viewer counted what it loaded. */
export type HistogramBasis = 'backend' | 'loaded';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** How long one bucket is, in words: `30 s`, `5 min`, `2.8 h`, `1 day`. */
export function intervalLabel(ms: number): string {
  // One decimal: a backend's bucket may be any size (2.8 h), and "3 h" would not be true.
  const round = (x: number) => Number(x.toFixed(1));
  if (ms < 1000) return `${Math.max(1, Math.round(ms))} ms`;
  if (ms < MINUTE) return `${round(ms / 1000)} s`;
  if (ms < 60 * MINUTE) return `${round(ms / MINUTE)} min`;
  if (ms < DAY) return `${round(ms / (60 * MINUTE))} h`;
  const days = round(ms / DAY);
  return `${days} ${days === 1 ? 'day' : 'days'}`;
}

const n = (count: number, one: string, many = `${one}s`) =>
  `${count.toLocaleString()} ${count === 1 ? one : many}`;

/** Pixels a pointer moves before a press becomes a brush rather than a click. */
const BRUSH_THRESHOLD = 4;

/**
 * @tag alv-histogram
 * @summary Events over time, stacked by status class (success, 4xx, 5xx, failed), one bar per
 * time bucket.
 *
 * Each bar is a button whose name carries its counts ("10:00–10:30: 120 events, 100 success,
 * 15 4xx, 5 5xx"); Left/Right/Home/End move between bars and Enter (or a click) zooms to that
 * bucket. Dragging across the bars (a brush) selects the range they cover. The header's toggle
 * folds it to one line; below 600 px of width the header gives the totals in one line instead of
 * the legend, above the same bars.
 *
 * @fires alv-time-select - `{ from, to }` (epoch ms, inclusive): a bar was chosen or a range brushed.
 * @fires alv-zoom-out - "Zoom out" was chosen: back to the range before the last zoom (`zoomOut`).
 * @fires alv-histogram-toggle - `{ open }`: the user showed or hid the chart.
 * @fires alv-histogram-retry - The user asked to load the histogram again after an error.
 *
 * @csspart base - The region around everything.
 * @csspart header - The toggle, legend and the note on what was counted.
 * @csspart toggle - The show/hide button.
 * @csspart zoom-out - "Zoom out", after a zoom: back to the range it left.
 * @csspart note - "over the 300 events loaded" or "per 30 min".
 * @csspart left-out - "counts leave out user: applied to the list only", when the backend's
 * counts leave out filters the viewer applies.
 * @csspart plot - The bars (and the brush).
 * @csspart bar - One bucket's bar (a button).
 * @csspart axis - The time labels under the bars.
 *
 * @cssprop --alv-color-success - Successful events.
 * @cssprop --alv-color-warning - 4xx.
 * @cssprop --alv-color-danger - 5xx.
 * @cssprop --alv-color-failed - Failed events without an HTTP status (default: the danger colour, hatched).
 * @cssprop --alv-color-accent - The brush.
 * @cssprop --alv-histogram-height - Height of the bars (default 36px).
 */
export class AlvHistogram extends AlvElement {
  static override styles = [tokens, styles];

  /** The buckets to draw. */
  @property({ attribute: false }) histogram?: Histogram;

  @property({ reflect: true }) status: 'idle' | 'loading' | 'ready' | 'error' = 'idle';

  /** Why loading failed (shown with a way to try again). */
  @property({ attribute: 'error-message' }) errorMessage = '';

  /** `backend`: every matching event was counted; `loaded`: only the events the viewer fetched. */
  @property({ reflect: true }) basis: HistogramBasis = 'backend';

  /** With `basis="loaded"`: how many events were counted. */
  @property({ type: Number }) loaded = 0;

  /** With `basis="loaded"`: every matching event is loaded (nothing more to fetch). */
  @property({ type: Boolean }) complete = false;

  /**
   * With `basis="backend"`: filters of the view the backend's counts leave out (the viewer
   * applies them to the list), by the names the query box uses (`user`, `env`).
   */
  @property({ attribute: false }) ignored: string[] = [];

  /**
   * The backend's records have an outcome but no HTTP status code: their failures are called
   * "error", as the status filter calls them, not "failed".
   */
  @property({ type: Boolean }) outcomes = false;

  private seriesLabel(s: HistogramSeries): string {
    return s === 'failed' && this.outcomes ? 'error' : SERIES_LABELS[s];
  }

  /** Shown (`true`) or folded to its header. */
  @property({ type: Boolean, reflect: true }) open = true;

  /** IANA time zone for the labels; empty: the browser's. */
  @property({ attribute: 'time-zone', reflect: true }) timeZone = '';

  @property({ reflect: true }) label = 'Events over time';

  /**
   * After a zoom, the time range it left (`to`; undefined: any time): the header offers
   * "Zoom out" back to it. Absent: nothing to zoom out to.
   */
  @property({ attribute: false }) zoomOut?: { to: TimeRange | undefined };

  /** The bar that takes Tab focus (roving tabindex). */
  @state() private focused = 0;
  /** Bucket indexes of the brush while dragging. */
  @state() private brush?: { from: number; to: number };

  @query('.bars') private bars?: HTMLElement;

  /**
   * The chart a bar was zoomed from while a bar had the focus: the focus stays in the chart
   * (on its loading area) until the zoomed chart is drawn, then goes to its first bar.
   */
  private zoomedFrom?: Histogram;

  private press?: { x: number; index: number; pointer: number };
  /** A brush just ended: the click that follows it is not a zoom. */
  private brushed = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('histogram')) {
      // A zoom from the keyboard goes on from the zoomed chart's first bar.
      if (this.zoomedFrom && this.histogram !== this.zoomedFrom) this.focused = 0;
      const count = this.histogram?.buckets.length ?? 0;
      if (this.focused >= count) this.focused = Math.max(0, count - 1);
    }
  }

  private format(ms: number, withDate: boolean): string {
    const interval = this.histogram?.interval ?? MINUTE;
    const options: Intl.DateTimeFormatOptions = {
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      ...(interval < MINUTE ? { second: '2-digit' } : {}),
      // Buckets under a second (a zoom into one): their labels must differ.
      ...(interval < 1000 ? { fractionalSecondDigits: 3 as const } : {}),
      ...(withDate ? { month: 'short', day: 'numeric' } : {}),
    };
    return dateFormat(options, this.timeZone).format(ms);
  }

  /** Whether labels need the date: the span crosses midnight or buckets are a day or more. */
  private get withDate(): boolean {
    const h = this.histogram;
    if (!h) return false;
    const day = dateFormat({ year: 'numeric', month: 'numeric', day: 'numeric' }, this.timeZone);
    return h.interval >= DAY || day.format(h.from) !== day.format(h.to);
  }

  private bucketName(bucket: HistogramBucket, withDate: boolean): string {
    const counts = seriesCounts(bucket);
    const parts = HISTOGRAM_SERIES.filter((s) => counts[s] > 0).map(
      (s) => `${counts[s].toLocaleString()} ${this.seriesLabel(s)}`,
    );
    const when = `${this.format(bucket.start, withDate)}–${this.format(bucket.end + 1, false)}`;
    return `${when}: ${n(bucket.total, 'event')}${parts.length ? `, ${parts.join(', ')}` : ''}`;
  }

  private zoom(index: number): void {
    const range = this.histogram && bucketRange(this.histogram, index, index);
    if (!range) return;
    if (this.renderRoot.querySelector('[part=bar]:focus')) this.zoomedFrom = this.histogram;
    this.emit('alv-time-select', range);
  }

  /** The range "Zoom out" goes back to, in words. */
  private zoomOutName(to: TimeRange | undefined): string {
    if (!to) return 'any time';
    if (to.type === 'relative') return RELATIVE_RANGE_LABELS[to.last].toLowerCase();
    // An inclusive end on the last millisecond of a minute (a bucket's) reads as the next one.
    const end = to.to !== undefined && (to.to + 1) % MINUTE === 0 ? to.to + 1 : to.to;
    const day = dateFormat({ month: 'short', day: 'numeric' }, this.timeZone);
    // Seconds where a bound falls within a minute (a zoom into 30-second buckets).
    const seconds = [to.from, end].some((ms) => ms !== undefined && ms % MINUTE !== 0);
    const time = dateFormat(
      {
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        ...(seconds ? { second: '2-digit' as const } : {}),
      },
      this.timeZone,
    );
    const at = (ms: number) => `${day.format(ms)} ${time.format(ms)}`;
    if (to.from !== undefined && end !== undefined) {
      const sameDay = day.format(to.from) === day.format(end);
      return `${at(to.from)}–${sameDay ? time.format(end) : at(end)}`;
    }
    if (to.from !== undefined) return `everything since ${at(to.from)}`;
    return end !== undefined ? `everything until ${at(end)}` : 'any time';
  }

  private onZoomOut(): void {
    // Keyboard: the focus stays on the button while there is more to zoom out of, else it
    // goes on to the chart it leads back to (see `updated`).
    if (this.shadowRoot!.activeElement?.matches('.zoom-out')) this.zoomedFrom = this.histogram;
    this.emit('alv-zoom-out', {});
  }

  protected override updated(): void {
    if (!this.zoomedFrom) return;
    if (this.shadowRoot!.activeElement?.matches('.zoom-out')) {
      this.zoomedFrom = undefined;
      return;
    }
    // Only while the focus is still in the chart, or was dropped with the bars it was on:
    // never taken back from where the user went meanwhile.
    const active = document.activeElement;
    const ours = this.shadowRoot!.activeElement !== null;
    if (!ours && active !== null && active !== document.body) {
      this.zoomedFrom = undefined;
      return;
    }
    const root = this.renderRoot;
    const find = (selector: string) => root.querySelector<HTMLElement>(selector);
    if (this.status === 'loading') find('.plot-area.loading')?.focus();
    else if (this.status === 'ready' && this.histogram === this.zoomedFrom) return;
    else {
      // The zoomed chart (its first bar), else whatever it shows instead.
      this.zoomedFrom = undefined;
      (find('[part=bar][tabindex="0"]') ?? find('.retry') ?? find('.toggle'))?.focus();
    }
  }

  private toggle(): void {
    this.open = !this.open;
    this.emit('alv-histogram-toggle', { open: this.open });
  }

  // ---------------------------------------------------------------------------------------
  // Keyboard: roving focus over the bars

  private onBarKeydown(e: KeyboardEvent, index: number): void {
    const target = rovingIndex(e.key, index, this.histogram?.buckets.length ?? 1, 'horizontal');
    if (target === undefined) return;
    e.preventDefault();
    this.focused = target;
    this.renderRoot.querySelectorAll<HTMLElement>('[part=bar]')[target]?.focus();
  }

  private onBarClick(index: number): void {
    if (this.brushed) {
      this.brushed = false;
      return;
    }
    this.focused = index;
    this.zoom(index);
  }

  // ---------------------------------------------------------------------------------------
  // Pointer: a press that moves becomes a brush over the buckets it crosses

  private indexAt(clientX: number): number {
    const rect = this.bars?.getBoundingClientRect();
    const count = this.histogram?.buckets.length ?? 0;
    if (!rect || !count || rect.width <= 0) return 0;
    const i = Math.floor(((clientX - rect.left) / rect.width) * count);
    return Math.min(count - 1, Math.max(0, i));
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0 || !this.histogram?.buckets.length) return;
    this.brushed = false;
    this.press = { x: e.clientX, index: this.indexAt(e.clientX), pointer: e.pointerId };
  }

  private onPointerMove(e: PointerEvent): void {
    const press = this.press;
    if (!press || e.pointerId !== press.pointer) return;
    if (!this.brush) {
      if (Math.abs(e.clientX - press.x) < BRUSH_THRESHOLD) return;
      // Captured only once it is a drag, so a plain click still reaches its bar.
      try {
        (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
      } catch {
        // Not an active pointer (a synthetic one): the brush works without capture.
      }
    }
    this.brush = { from: press.index, to: this.indexAt(e.clientX) };
  }

  private onPointerUp(e: PointerEvent): void {
    const brush = this.brush;
    this.press = undefined;
    this.brush = undefined;
    if (!brush || !this.histogram) return;
    const plot = e.currentTarget as HTMLElement;
    if (plot.hasPointerCapture(e.pointerId)) plot.releasePointerCapture(e.pointerId);
    this.brushed = true;
    // The click of this press (if any) arrives next; forget the flag if none does.
    setTimeout(() => (this.brushed = false));
    const range = bucketRange(this.histogram, brush.from, brush.to);
    if (range) this.emit('alv-time-select', range);
  }

  private onPointerCancel(): void {
    this.press = undefined;
    this.brush = undefined;
  }

  // ---------------------------------------------------------------------------------------

  private note(): string {
    const h = this.histogram;
    if (this.status === 'loading') return 'Loading…';
    if (this.status !== 'ready' || !h) return '';
    // No bars (nothing matches, or a range that ends before it starts): no bar width to give.
    if (!h.buckets.some((b) => b.total > 0)) return '';
    const per = `per ${intervalLabel(h.interval)}`;
    if (this.basis === 'backend') return per;
    const over = this.complete
      ? `over all ${n(this.loaded, 'matching event')}`
      : `over the ${n(this.loaded, 'event')} loaded`;
    return `${per}, ${over}`;
  }

  /** That the backend's counts leave out filters the viewer applies to the list. */
  private leftOut(): string {
    if (this.status !== 'ready' || !this.histogram || this.basis !== 'backend') return '';
    return leftOutNote(this.ignored);
  }

  /**
   * The one-line summary shown when the chart has no room: the errors by series, then the total
   * ("982 4xx · 130 5xx", "of 17,712 events"), so that a narrow header cuts the total (the
   * status line above says it too), not the errors.
   */
  private summary(): { errors: string; total: string } | undefined {
    const h = this.histogram;
    if (this.status !== 'ready' || !h) return undefined;
    const totals: Record<HistogramSeries, number> = {
      success: 0,
      'client-error': 0,
      'server-error': 0,
      failed: 0,
    };
    let all = 0;
    for (const b of h.buckets) {
      all += b.total;
      const c = seriesCounts(b);
      for (const s of HISTOGRAM_SERIES) totals[s] += c[s];
    }
    const errors = HISTOGRAM_SERIES.filter((s) => s !== 'success' && totals[s] > 0).map(
      (s) => `${totals[s].toLocaleString()} ${this.seriesLabel(s)}`,
    );
    return errors.length
      ? { errors: errors.join(' · '), total: `of ${n(all, 'event')}` }
      : { errors: '', total: n(all, 'event') };
  }

  private renderSummary(): TemplateResult {
    const s = this.summary();
    const whole = s ? [s.errors, s.total].filter(Boolean).join(' ') : '';
    return html`<span class="summary" title=${whole}
      >${s?.errors ? html`<span class="errors">${s.errors}</span> ` : nothing}<span class="total"
        >${s?.total ?? ''}</span
      ></span
    >`;
  }

  private renderLegend(): TemplateResult | typeof nothing {
    const h = this.histogram;
    if (this.status !== 'ready' || !h) return nothing;
    const present = new Set<HistogramSeries>();
    for (const b of h.buckets) {
      const c = seriesCounts(b);
      for (const s of HISTOGRAM_SERIES) if (c[s] > 0) present.add(s);
    }
    if (!present.size) return nothing;
    return html`<ul class="legend" aria-label="Legend">
      ${HISTOGRAM_SERIES.filter((s) => present.has(s)).map(
        (s) =>
          html`<li>
            <span class=${`swatch seg-${s}`} aria-hidden="true"></span>${this.seriesLabel(s)}
          </li>`,
      )}
    </ul>`;
  }

  private renderBars(h: Histogram): TemplateResult {
    const max = Math.max(1, ...h.buckets.map((b) => b.total));
    const withDate = this.withDate;
    const brush = this.brush;
    const count = h.buckets.length;
    const lo = brush ? Math.min(brush.from, brush.to) : 0;
    const hi = brush ? Math.max(brush.from, brush.to) : 0;
    return html`<div
        class="bars"
        role="group"
        aria-label=${`${this.label}, one bar per ${intervalLabel(h.interval)}: arrow keys move between bars, Enter zooms to one`}
      >
        ${h.buckets.map((bucket, i) => {
          const counts = seriesCounts(bucket);
          const name = this.bucketName(bucket, withDate);
          return html`<button
            type="button"
            part="bar"
            class="bar"
            tabindex=${i === this.focused ? 0 : -1}
            aria-label=${name}
            title=${name}
            @click=${() => this.onBarClick(i)}
            @keydown=${(e: KeyboardEvent) => this.onBarKeydown(e, i)}
            @focus=${() => (this.focused = i)}
          >
            <span class="stack" style=${styleMap({ height: `${(bucket.total / max) * 100}%` })}>
              ${HISTOGRAM_SERIES.filter((s) => counts[s] > 0).map(
                (s) =>
                  html`<span
                    class=${`seg seg-${s}`}
                    style=${styleMap({ flexGrow: String(counts[s]) })}
                  ></span>`,
              )}
            </span>
          </button>`;
        })}
      </div>
      ${
        brush
          ? html`<div
              class="brush"
              aria-hidden="true"
              style=${styleMap({
                left: `${(lo / count) * 100}%`,
                width: `${((hi - lo + 1) / count) * 100}%`,
              })}
            ></div>`
          : nothing
      }`;
  }

  private renderPlot(): TemplateResult {
    const h = this.histogram;
    if (this.status === 'error')
      return html`<div class="message error" role="alert">
        <span
          >The histogram could not be
          loaded${this.errorMessage ? `: ${this.errorMessage}` : ''}.</span
        >
        <button type="button" class="retry" @click=${() => this.emit('alv-histogram-retry', {})}>
          Try again
        </button>
      </div>`;
    if (this.status !== 'ready' || !h)
      return html`<div class="plot-area loading" part="plot" aria-busy="true" tabindex="-1">
        <span class="visually-hidden">Loading the histogram…</span>
      </div>`;
    if (!h.buckets.some((b) => b.total > 0))
      return html`<div class="message">No matching events to chart.</div>`;
    const withDate = this.withDate;
    const middle = h.buckets[Math.floor(h.buckets.length / 2)];
    return html`<div
        part="plot"
        class="plot-area"
        @pointerdown=${this.onPointerDown}
        @pointermove=${this.onPointerMove}
        @pointerup=${this.onPointerUp}
        @pointercancel=${this.onPointerCancel}
      >
        ${this.renderBars(h)}
      </div>
      <div part="axis" class="axis" aria-hidden="true">
        <span>${this.format(h.buckets[0]!.start, withDate)}</span>
        ${middle ? html`<span>${this.format(middle.start, withDate)}</span>` : nothing}
        <span>${this.format(h.buckets.at(-1)!.end + 1, withDate)}</span>
      </div>`;
  }

  override render(): TemplateResult {
    return html`<section part="base" class="base" aria-label=${this.label}>
      <div part="header" class="header">
        <button
          type="button"
          part="toggle"
          class="toggle"
          aria-expanded=${this.open ? 'true' : 'false'}
          @click=${this.toggle}
        >
          <span class="chevron" aria-hidden="true"></span>${this.label}
        </button>
        ${
          this.open && this.zoomOut
            ? html`<button
                type="button"
                part="zoom-out"
                class="zoom-out"
                title=${`Zoom out to ${this.zoomOutName(this.zoomOut.to)}`}
                aria-label=${`Zoom out to ${this.zoomOutName(this.zoomOut.to)}`}
                @click=${this.onZoomOut}
              >
                <span aria-hidden="true">⤺</span> Zoom out
              </button>`
            : nothing
        }
        ${this.open ? this.renderLegend() : nothing}
        <span part="note" class="note">${this.open ? this.note() : ''}</span>
        ${this.renderSummary()}
        ${
          this.leftOut()
            ? html`<span part="left-out" class="left-out" title=${this.leftOut()}
                >${this.leftOut()}</span
              >`
            : nothing
        }
      </div>
      ${this.open ? html`<div class="chart">${this.renderPlot()}</div>` : nothing}
    </section>`;
  }
}
