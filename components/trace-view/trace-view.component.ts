import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { classMap } from 'lit/directives/class-map.js';
import { styleMap } from 'lit/directives/style-map.js';
import { formatDuration } from '../../core/format.js';
import type { AuditEvent } from '../../core/model.js';
import { statusClass } from '../../core/status.js';
import { AlvElement } from '../internal/alv-element.js';
import { dateFormat } from '../internal/dates.js';
import { tokens } from '../styles/tokens.js';
import { styles } from './trace-view.styles.js';
import { rovingIndex } from '../internal/roving.js';

/** One call on the timeline, with what the waterfall needs to draw it. */
interface TraceRow {
  event: AuditEvent;
  attempt: number;
  /** Milliseconds from the start of the trace. */
  offset: number;
  duration: number | undefined;
  failed: boolean;
  /** Index of the failed attempt this call retries. */
  retryOf?: number;
  /** Index of the call that retries this one. */
  retriedBy?: number;
  /** Passed through by the connector of a retry link drawn between other rows. */
  linkThrough: boolean;
}

interface Timeline {
  rows: TraceRow[];
  start: number;
  /** Total span in ms (at least 1, so positions are finite). */
  span: number;
  retries: number;
  errors: number;
}

const failed = (e: AuditEvent): boolean =>
  e.status === 'error' || (e.http?.statusCode !== undefined && e.http.statusCode >= 400);

/** Which call a retry repeats: the same request (method + path or URL). */
const requestKey = (e: AuditEvent): string =>
  `${e.http?.method ?? ''} ${e.http?.path ?? e.http?.url ?? e.action}`;

/** The calls of a trace in order (start time, then attempt), with their retry links. */
export function buildTimeline(events: readonly AuditEvent[]): Timeline {
  const sorted = [...events].sort(
    (a, b) =>
      a.timestamp - b.timestamp ||
      (a.http?.attempt ?? 1) - (b.http?.attempt ?? 1) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const start = sorted[0]?.timestamp ?? 0;
  let end = start;
  const rows: TraceRow[] = sorted.map((event) => {
    const duration = event.http?.durationMs;
    end = Math.max(end, event.timestamp + (duration ?? 0));
    return {
      event,
      attempt: event.http?.attempt ?? 1,
      offset: event.timestamp - start,
      duration,
      failed: failed(event),
      linkThrough: false,
    };
  });
  rows.forEach((row, i) => {
    if (row.attempt <= 1) return;
    const key = requestKey(row.event);
    for (let j = i - 1; j >= 0; j--) {
      const prev = rows[j]!;
      if (prev.attempt === row.attempt - 1 && prev.retriedBy === undefined) {
        if (requestKey(prev.event) !== key) continue;
        prev.retriedBy = i;
        row.retryOf = j;
        for (let k = j + 1; k < i; k++) rows[k]!.linkThrough = true;
        break;
      }
    }
  });
  return {
    rows,
    start,
    span: Math.max(1, end - start),
    retries: rows.filter((r) => r.attempt > 1).length,
    errors: rows.filter((r) => r.failed).length,
  };
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** `4 calls · 2.3 s · 1 retry · 1 error` (retries and errors only when there are some). */
export function traceSummary(t: Timeline): string {
  const parts = [plural(t.rows.length, 'call', 'calls')];
  if (t.rows.length > 0) parts.push(formatDuration(t.span));
  if (t.retries > 0) parts.push(plural(t.retries, 'retry', 'retries'));
  if (t.errors > 0) parts.push(plural(t.errors, 'error', 'errors'));
  return parts.join(' · ');
}

/** Round axis steps (1, 2 or 5 times a power of ten) giving about four ticks. */
function axisTicks(span: number): number[] {
  const raw = span / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  // Leave room for the total at the right end: two labels ("100 ms", "120 ms") need ~100 px,
  // which is 30% of the track in an entry's side pane.
  for (let t = 0; t <= span * 0.7; t += step) ticks.push(t);
  return ticks;
}

const START_TIME: Intl.DateTimeFormatOptions = {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  // 24-hour, as the list shows it.
  hourCycle: 'h23',
  timeZoneName: 'short',
};

/**
 * @tag alv-trace-view
 * @summary One trace on one timeline: a waterfall of its calls, in start order, with retries
 * marked and linked to the attempt they repeat.
 *
 * Each row reads as "create ticket 201", with the method and path under it, and a bar placed at
 * its start and as wide as its duration. Up/Down/Home/End move between rows; Enter or a click
 * selects one; Escape (or the close button) asks to close.
 *
 * When the backend cannot search by trace, the viewer scans its records page by page: with
 * `has-more` the calls shown are only those found so far (in `scanned` records), and the view
 * says so and offers "Keep searching", as the list does.
 *
 * @fires alv-row-select - `{ id, event }`: a call was chosen (click, Enter or Space).
 * @fires alv-close - Escape was pressed, or the close button clicked.
 * @fires alv-load-more - "Keep searching" was pressed: scan the next records for this trace.
 *
 * @csspart base - The region around everything.
 * @csspart header - Title, summary and close button.
 * @csspart summary - The "4 calls · 2.3 s · 1 retry · 1 error" line.
 * @csspart close-button - The close button.
 * @csspart axis - The time axis above the bars.
 * @csspart list - The list of calls.
 * @csspart row - One call (a button).
 * @csspart bar - A call's bar on the timeline.
 * @csspart more - The "found so far · Keep searching" line while the search is incomplete.
 *
 * @cssprop --alv-color-success - 2xx bars and status text.
 * @cssprop --alv-color-redirect - 3xx bars and status text.
 * @cssprop --alv-color-warning - 4xx bars and status text.
 * @cssprop --alv-color-danger - 5xx and failed bars and status text.
 * @cssprop --alv-color-accent - Retry badges and the link between a failed call and its retry.
 * @cssprop --alv-color-selected - The selected row.
 * @cssprop --alv-row-height - Minimum row height.
 */
export class AlvTraceView extends AlvElement {
  static override styles = [tokens, styles];

  /** The calls of one trace, in any order. */
  @property({ attribute: false }) events: AuditEvent[] = [];

  @property({ attribute: 'trace-id', reflect: true }) traceId = '';

  /** IANA time zone for the start time (`Europe/Paris`); empty: the browser's. */
  @property({ attribute: 'time-zone', reflect: true }) timeZone = '';

  /** Id of the selected call. */
  @property({ attribute: 'selected-id', reflect: true }) selectedId = '';

  @property({ type: Boolean, reflect: true }) loading = false;

  /** More records may hold calls of this trace (the search went through only some of them). */
  @property({ type: Boolean, attribute: 'has-more', reflect: true }) hasMore = false;

  /** The next records are being searched ("Keep searching" was pressed). */
  @property({ type: Boolean, reflect: true }) searching = false;

  /** How many records were searched for this trace so far (0: not known). */
  @property({ type: Number }) scanned = 0;

  /** Accessible name of the region. */
  @property({ reflect: true }) label = 'Trace';

  /** The row that takes Tab focus (roving tabindex). */
  @state() private focusedId = '';

  private timeline: Timeline = buildTimeline([]);

  constructor() {
    super();
    this.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      e.preventDefault();
      this.emit('alv-close', {});
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('events')) this.timeline = buildTimeline(this.events ?? []);
    const ids = this.timeline.rows.map((r) => r.event.id);
    if (changed.has('selectedId') && ids.includes(this.selectedId))
      this.focusedId = this.selectedId;
    else if (!ids.includes(this.focusedId))
      this.focusedId = ids.includes(this.selectedId) ? this.selectedId : (ids[0] ?? '');
  }

  /** Puts focus on the row that holds the tab stop (the open entry's, else the first). */
  async focusRow(): Promise<boolean> {
    await this.updateComplete;
    const button = this.renderRoot.querySelector<HTMLElement>('button.row-button[tabindex="0"]');
    button?.focus();
    return !!button;
  }

  private select(row: TraceRow): void {
    this.focusedId = row.event.id;
    this.selectedId = row.event.id;
    this.emit('alv-row-select', { id: row.event.id, event: row.event });
  }

  private onRowKeydown(e: KeyboardEvent, index: number): void {
    const target = rovingIndex(e.key, index, this.timeline.rows.length, 'vertical');
    if (target === undefined) return;
    e.preventDefault();
    const row = this.timeline.rows[target];
    if (!row) return;
    this.focusedId = row.event.id;
    this.renderRoot.querySelectorAll<HTMLElement>('.row-button')[target]?.focus();
  }

  private startTime(): string {
    return dateFormat(START_TIME, this.timeZone).format(this.timeline.start);
  }

  private renderRow(row: TraceRow, index: number): TemplateResult {
    const { event, attempt } = row;
    const http = event.http;
    const code = http?.statusCode;
    const cls = statusClass(code) ?? (row.failed ? 'error' : 'ok');
    const request = http ? `${http.method} ${http.path ?? http.url ?? ''}`.trim() : '';
    const title = event.action || request || event.id;
    const span = this.timeline.span;
    const left = (row.offset / span) * 100;
    const width = ((row.duration ?? 0) / span) * 100;
    const retry = attempt > 1;
    const selected = event.id === this.selectedId;
    return html`<li
      class=${classMap({
        row: true,
        selected,
        retry,
        failed: row.failed,
        'link-start': row.retriedBy !== undefined,
        'link-end': row.retryOf !== undefined,
        'link-through': row.linkThrough,
      })}
    >
      <button
        type="button"
        part="row"
        class="row-button"
        data-id=${event.id}
        tabindex=${event.id === this.focusedId ? 0 : -1}
        aria-current=${selected ? 'true' : nothing}
        @click=${() => this.select(row)}
        @keydown=${(e: KeyboardEvent) => this.onRowKeydown(e, index)}
        @focus=${() => (this.focusedId = event.id)}
      >
        <span class="gutter" aria-hidden="true"></span>
        <span class="label">
          <span class="title-line">
            <span class="action">${title}</span>
            ${retry ? html`<span class="retry-badge">retry ${attempt}</span>` : nothing}
            <span class=${`status status-${cls}`}>${code ?? event.status}</span>
          </span>
          ${event.action && request ? html`<span class="request">${request}</span>` : nothing}
          ${
            row.retriedBy !== undefined
              ? html`<span class="visually-hidden">, failed and retried</span>`
              : nothing
          }
        </span>
        <span class="track">
          <span
            part="bar"
            class=${`bar bar-${cls}`}
            style=${styleMap({ left: `${left}%`, width: `${width}%` })}
          ></span>
        </span>
        <span class="timing">
          <span class="visually-hidden">starts at +${formatDuration(row.offset)}, takes</span>
          ${row.duration === undefined ? '—' : formatDuration(row.duration)}
        </span>
      </button>
    </li>`;
  }

  /** The header line: what is known, and that it may be incomplete. */
  private summary(): string {
    const t = this.timeline;
    if (this.loading && !t.rows.length) return 'Loading…';
    const incomplete = this.hasMore || this.searching;
    if (!incomplete) return traceSummary(t);
    const found = plural(t.rows.length, 'call', 'calls');
    const so = `${found} so far`;
    return t.rows.length ? `${so} · ${formatDuration(t.span)}` : so;
  }

  /** While the search has not reached every record: how far it got, and a way to go on. */
  private renderMore(): TemplateResult | typeof nothing {
    if (!this.hasMore && !this.searching) return nothing;
    const records = `${this.scanned.toLocaleString()} ${this.scanned === 1 ? 'record' : 'records'}`;
    const n = this.timeline.rows.length;
    const message = this.searching
      ? `Searching… ${plural(n, 'call', 'calls')} so far${this.scanned ? ` in ${records}` : ''}.`
      : n
        ? `Showing the calls found${this.scanned ? ` in the first ${records}` : ''}; older records may hold more.`
        : `No calls found${this.scanned ? ` in the first ${records}` : ' yet'}.`;
    return html`<div part="more" class="more">
      <span role="status">${message}</span>
      ${
        this.searching
          ? nothing
          : html`<button type="button" class="keep" @click=${() => this.emit('alv-load-more', {})}>
              Keep searching
            </button>`
      }
    </div>`;
  }

  override render(): TemplateResult {
    const t = this.timeline;
    const empty = t.rows.length === 0;
    const incomplete = this.hasMore || this.searching;
    return html`<section part="base" class="base" aria-label=${this.label}>
      <div part="header" class="header">
        <div class="heading">
          <h2 class="title">
            Trace ${this.traceId ? html`<code class="trace-id">${this.traceId}</code>` : nothing}
          </h2>
          <p class="meta">
            <span part="summary" class="summary">${this.summary()}</span>
            ${empty ? nothing : html`<span class="started">· started ${this.startTime()}</span>`}
          </p>
        </div>
        <button
          type="button"
          part="close-button"
          class="close"
          aria-label="Close trace"
          @click=${() => this.emit('alv-close', {})}
        >
          <span aria-hidden="true">×</span>
        </button>
      </div>
      ${this.renderMore()}
      ${
        empty
          ? incomplete
            ? nothing
            : html`<p class="empty" role="status">
                ${this.loading ? 'Loading trace…' : 'No calls in this trace.'}
              </p>`
          : html`<div part="axis" class="axis" aria-hidden="true">
                <span class="gutter"></span>
                <span class="label"></span>
                <span class="track">
                  ${axisTicks(t.span).map(
                    (ms) =>
                      html`<span class="tick" style=${styleMap({ left: `${(ms / t.span) * 100}%` })}
                        >${formatDuration(ms)}</span
                      >`,
                  )}
                  <span class="tick end">${formatDuration(t.span)}</span>
                </span>
                <span class="timing"></span>
              </div>
              <ol
                part="list"
                class="rows"
                aria-label="Calls in start order"
                aria-busy=${this.loading ? 'true' : 'false'}
              >
                ${t.rows.map((row, i) => this.renderRow(row, i))}
              </ol>`
      }
    </section>`;
  }
}
