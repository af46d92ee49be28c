import { provide } from '@lit/context';
import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { CredentialsProvider } from '../../core/client.js';
import { SourceError } from '../../core/errors.js';
import {
  defaultViewState,
  type AuditEvent,
  type FilterKey,
  type Filters,
  type ViewState,
} from '../../core/model.js';
import { createSource } from '../../core/sources/index.js';
import type { FacetField, FacetValue, SearchResult, Source } from '../../core/sources/types.js';
import { sourceContext } from '../context.js';
import { ALL_COLUMNS, type AlvEventMap, type ColumnId } from '../events.js';
import { AlvElement } from '../internal/alv-element.js';
import type { AlvLogTable } from '../log-table/log-table.component.js';
import '../filter-bar/filter-bar.js';
import '../log-table/log-table.js';
import { styles } from './audit-log-viewer.styles.js';

const FILTER_LABELS: Record<FilterKey, string> = {
  q: 'text',
  actor: 'actor',
  plugin: 'plugin',
  skill: 'skill',
  kind: 'kind',
  method: 'method',
  status: 'status',
  traceId: 'trace',
  time: 'time range',
  action: 'action',
  environment: 'environment',
  entityId: 'entity ID',
  userId: 'user ID',
  workspace: 'workspace',
  authType: 'auth type',
};

const columnsConverter = {
  fromAttribute: (value: string | null): ColumnId[] | undefined =>
    value
      ?.split(',')
      .map((s) => s.trim())
      .filter((s): s is ColumnId => (ALL_COLUMNS as readonly string[]).includes(s)),
  toAttribute: (value: ColumnId[] | undefined) => value?.join(','),
};

/** What to tell a person about a failure, by kind. */
export function describeError(error: unknown): {
  title: string;
  detail: string;
  retryable: boolean;
} {
  if (error instanceof SourceError) {
    const titles: Record<SourceError['kind'], string> = {
      unauthorized: 'Not signed in, or the key was refused',
      forbidden: 'You do not have permission to read these audit logs',
      'not-found': 'Not found',
      'bad-request': 'The audit service refused this query',
      'rate-limited': 'The audit service is rate limiting requests',
      server: 'The audit service failed',
      network: 'The audit service could not be reached',
      timeout: 'The audit service took too long to answer',
      schema: 'The audit service sent a response the viewer does not understand',
    };
    return { title: titles[error.kind], detail: error.message, retryable: error.retryable };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { title: 'Something went wrong', detail: message, retryable: true };
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/*
 * The parts most sessions reach only after a click load on first use: they (and the
 * masking and JSON-tree code they bring) are over half of the viewer's code.
 */
let payloadViewer: Promise<unknown> | undefined;
let traceView: Promise<unknown> | undefined;
let redaction: Promise<typeof import('../../core/redaction.js')> | undefined;
const loadPayloadViewer = () => (payloadViewer ??= import('../payload-viewer/payload-viewer.js'));
const loadTraceView = () => (traceView ??= import('../trace-view/trace-view.js'));
const loadRedaction = () => (redaction ??= import('../../core/redaction.js'));

/**
 * Search, read and share audit-log entries from a backend.
 *
 * @tag audit-log-viewer
 * @summary The audit-log viewer: filter bar, virtualized log table, payload viewer and trace view.
 *
 * @fires alv-view-change - The view (filters, sort, columns, selection) changed. `detail.view`.
 * @fires alv-row-select - An entry was opened (bubbles up from the table). `detail.id`, `detail.event`.
 * @fires alv-error - Loading (or the live tail) failed.
 * @fires alv-copy - Text left the viewer from the entry pane (always masked). `detail.what`, `detail.text`.
 * @fires alv-safe-to-share - The "Safe to share" switch in the entry pane was flipped. `detail.on`. `detail.error` (a SourceError with `kind`), `detail.retryable`.
 *
 * @csspart base - The layout wrapper.
 * @csspart status - The status line (counts, client-side filtering notice, errors).
 * @csspart list - The region holding the table and its states.
 * @csspart detail - The side panel holding the payload viewer.
 *
 * @cssprop --alv-color-bg - Background.
 * @cssprop --alv-color-surface - Raised surfaces (header, panels).
 * @cssprop --alv-color-fg - Text.
 * @cssprop --alv-color-muted - Secondary text.
 * @cssprop --alv-color-border - Borders.
 * @cssprop --alv-color-accent - Accent (links, focus, selection).
 * @cssprop --alv-color-success - 2xx and success.
 * @cssprop --alv-color-warning - 4xx.
 * @cssprop --alv-color-danger - 5xx and errors.
 * @cssprop --alv-font-family - UI font.
 * @cssprop --alv-font-mono - Monospace font (URLs, ids, payloads).
 * @cssprop --alv-font-size - Base font size.
 * @cssprop --alv-height - Height of the viewer (default 600px).
 */
export class AuditLogViewer extends AlvElement {
  static override styles = styles;

  /** Adapter name: `generic`, `nected`, `kore` or `org-audit`. */
  @property({ reflect: true }) source = 'generic';
  /** Base URL of the audit backend. */
  @property({ reflect: true }) endpoint = '';
  /** Supplies the key or token for each request (may be async, may refresh). */
  @property({ attribute: false }) credentials?: CredentialsProvider;
  /** A ready-made Source (a host's own adapter); overrides `source`/`endpoint`. */
  @property({ attribute: false }) dataSource?: Source;
  /** Everything that defines what is on screen. */
  @property({ attribute: false }) view: ViewState = defaultViewState();
  /** Events per page. */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 100;
  /** Visible columns, in order (`time,actor,plugin,method,url,status,duration,trace`). */
  @property({ converter: columnsConverter }) columns?: ColumnId[];
  /** IANA time zone for timestamps; defaults to the browser's. */
  @property({ attribute: 'time-zone', reflect: true }) timeZone?: string;
  @property({ reflect: true }) density: 'comfortable' | 'compact' = 'comfortable';
  /** Accessible name of the viewer region. */
  @property() label = 'Audit log';

  @provide({ context: sourceContext })
  @state()
  private activeSource?: Source;
  @state() private configError?: string;
  @state() private list?: SearchResult;
  @state() private loadingMore = false;
  @state() private moreError?: unknown;
  @state() private safeToShare = false;
  /** Live tail: new matching events are added at the top as they are recorded. */
  @state() private live = false;
  /** The tail is connected (false while connecting or reconnecting). */
  @state() private liveOpen = false;
  /** Filters in place before "show this trace", to go back to. */
  @state() private beforeTrace?: Filters;

  @query('alv-log-table') private table?: AlvLogTable;

  private moreAbort?: AbortController;
  private tail?: { key: string; abort: AbortController };
  private masked?: { from: AuditEvent[]; to: AuditEvent[] };
  @state() private maskEvent?: (e: AuditEvent) => AuditEvent;

  /** The list as displayed: masked in safe-to-share mode (computed once per list). */
  private displayed(events: AuditEvent[]): AuditEvent[] {
    if (!this.safeToShare) return events;
    // Until the masking code has loaded, show nothing rather than something unmasked.
    if (!this.maskEvent) return [];
    if (this.masked?.from !== events)
      this.masked = { from: events, to: events.map(this.maskEvent) };
    return this.masked.to;
  }

  private readonly searchTask = new Task(this, {
    task: async ([source, filters, sort, pageSize], { signal }) => {
      if (!source) return undefined;
      this.moreAbort?.abort();
      const view: ViewState = { ...this.view, filters, sort };
      return source.search(view, null, signal, { pageSize });
    },
    args: () =>
      [this.activeSource, this.view.filters, this.view.sort, this.pageSize] as [
        Source | undefined,
        Filters,
        ViewState['sort'],
        number,
      ],
    argsEqual: (a, b) => a[0] === b[0] && sameJson(a.slice(1), b.slice(1)),
    onComplete: (result) => {
      this.list = result;
      this.moreError = undefined;
    },
    onError: (error) => {
      this.list = undefined;
      this.emitError(error);
    },
  });

  private readonly detailTask = new Task(this, {
    task: async ([source, id], { signal }) => {
      if (!source || !id) return undefined;
      const listed = this.list?.events.find((e) => e.id === id);
      if (listed && !source.capabilities.detail) return listed;
      return source.get(id, signal);
    },
    args: () => [this.activeSource, this.view.selected] as [Source | undefined, string | undefined],
  });

  /** Loads the first page again (and the open entry). */
  refresh(): void {
    void this.searchTask.run();
    if (this.view.selected) void this.detailTask.run();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.view.selected) void loadPayloadViewer();
    if (this.view.filters.traceId) void loadTraceView();
    if (this.safeToShare && !this.maskEvent)
      void loadRedaction().then((m) => (this.maskEvent = m.maskEvent));
    if (
      changed.has('dataSource') ||
      changed.has('source') ||
      changed.has('endpoint') ||
      changed.has('credentials')
    ) {
      this.configError = undefined;
      if (this.dataSource) this.activeSource = this.dataSource;
      else if (!this.endpoint) this.activeSource = undefined;
      else
        try {
          this.activeSource = createSource(this.source, {
            endpoint: this.endpoint,
            credentials: this.credentials,
          });
        } catch (e) {
          this.activeSource = undefined;
          this.configError = e instanceof Error ? e.message : String(e);
        }
      this.list = undefined;
    }
  }

  protected override updated(): void {
    this.syncTail();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopTail();
  }

  /** Whether a live tail makes sense here: the backend streams and the list is newest first. */
  private get canTail(): boolean {
    return !!this.activeSource?.stream && this.view.sort === 'desc';
  }

  /** (Re)connects the tail when it is on and the query changed; disconnects it when off. */
  private syncTail(): void {
    const source = this.activeSource;
    if (!this.live || !this.canTail || !source?.stream || !this.list) return this.stopTail();
    const key = JSON.stringify(this.view.filters);
    if (this.tail?.key === key) return;
    this.stopTail();
    const abort = new AbortController();
    this.tail = { key, abort };
    const view = this.view;
    source
      .stream(view, (event) => this.addLiveEvent(event), abort.signal, {
        onOpen: () => (this.liveOpen = true),
      })
      .catch((e: unknown) => {
        if (abort.signal.aborted) return;
        this.live = false;
        this.emitError(e);
      })
      .finally(() => {
        if (this.tail?.abort === abort) {
          this.tail = undefined;
          this.liveOpen = false;
        }
      });
  }

  private stopTail(): void {
    this.tail?.abort.abort();
    this.tail = undefined;
    this.liveOpen = false;
  }

  private addLiveEvent(event: AuditEvent): void {
    const list = this.list;
    if (!list || list.events.some((e) => e.id === event.id)) return;
    this.list = { ...list, events: [event, ...list.events] };
  }

  private setView(next: ViewState): void {
    if (sameJson(next, this.view)) return;
    this.view = next;
    this.emit('alv-view-change', { view: next });
  }

  private emitError(error: unknown): void {
    const err = error instanceof Error ? error : new Error(String(error));
    if (err.name === 'AbortError') return;
    this.emit('alv-error', { error: err, retryable: describeError(err).retryable });
  }

  private onFilterChange(e: AlvEventMap['alv-filter-change']): void {
    e.stopPropagation();
    if (!e.detail.filters.traceId) this.beforeTrace = undefined;
    this.setView({ ...this.view, filters: e.detail.filters, selected: undefined });
  }

  private onRowSelect(e: AlvEventMap['alv-row-select']): void {
    // Let it bubble to the host: it is part of the public API.
    this.setView({ ...this.view, selected: e.detail.id });
  }

  private onTraceSelect(e: AlvEventMap['alv-trace-select']): void {
    e.stopPropagation();
    const traceId = e.detail.traceId;
    if (this.view.filters.traceId === traceId) return;
    this.beforeTrace = this.view.filters;
    this.setView({ ...this.view, filters: { traceId } });
  }

  private leaveTrace(): void {
    const filters = this.beforeTrace ?? {};
    this.beforeTrace = undefined;
    this.setView({ ...this.view, filters });
  }

  /** Closes the entry and puts focus back on its row, where a keyboard user left off. */
  private closeDetail(): void {
    const id = this.view.selected;
    this.setView({ ...this.view, selected: undefined });
    const index = this.list?.events.findIndex((e) => e.id === id) ?? -1;
    if (index >= 0) void this.updateComplete.then(() => this.table?.focusRow(index));
  }

  private async loadMore(): Promise<void> {
    const source = this.activeSource;
    const list = this.list;
    if (!source || !list?.nextCursor || this.loadingMore) return;
    this.moreAbort = new AbortController();
    const { signal } = this.moreAbort;
    this.loadingMore = true;
    this.moreError = undefined;
    try {
      const page = await source.search(this.view, list.nextCursor, signal, {
        pageSize: this.pageSize,
      });
      if (signal.aborted || this.list !== list) return;
      const seen = new Set(list.events.map((e) => e.id));
      this.list = {
        ...page,
        events: [...list.events, ...page.events.filter((e) => !seen.has(e.id))],
        scanned: list.scanned + page.scanned,
        requests: list.requests + page.requests,
      };
    } catch (e) {
      if (!signal.aborted) {
        this.moreError = e;
        this.emitError(e);
      }
    } finally {
      if (this.moreAbort?.signal === signal) this.loadingMore = false;
    }
  }

  private readonly suggest = async (
    field: FacetField,
    prefix: string,
    signal: AbortSignal,
  ): Promise<FacetValue[]> => {
    const source = this.activeSource;
    if (!source?.facets) return [];
    const filters = { ...this.view.filters };
    delete filters[field as FilterKey];
    const values = await source.facets(field, { ...this.view, filters }, signal);
    const p = prefix.toLowerCase();
    return values.filter((v) => String(v.value).toLowerCase().includes(p)).slice(0, 20);
  };

  override render() {
    return html`<section part="base" class="base" aria-label=${this.label}>
      <alv-filter-bar
        .filters=${this.view.filters}
        .capabilities=${this.activeSource?.capabilities}
        .suggest=${this.activeSource?.facets ? this.suggest : undefined}
        @alv-filter-change=${this.onFilterChange}
      ></alv-filter-bar>
      ${this.renderStatus()} ${this.renderTrace()}
      <div class="main ${this.view.selected ? 'has-detail' : ''}">
        <div part="list" class="list">${this.renderList()}</div>
        ${this.view.selected ? this.renderDetail() : nothing}
      </div>
    </section>`;
  }

  private renderStatus() {
    const list = this.list;
    const pending = this.searchTask.status === TaskStatus.PENDING;
    const client = list?.clientFiltered ?? [];
    return html`<div part="status" class="status" role="status">
      <span class="count">
        ${
          pending
            ? html`<span class="spinner" aria-hidden="true"></span> Loading events…`
            : list
              ? html`${list.events.length.toLocaleString()}${list.nextCursor ? '+' : ''}
                ${list.events.length === 1 ? 'event' : 'events'}`
              : nothing
        }
      </span>
      ${
        client.length && !pending
          ? html`<span class="client-note">
              Filtered in the viewer: ${client.map((k) => FILTER_LABELS[k]).join(', ')}
              <span class="muted">
                (this backend cannot; scanned ${list?.scanned.toLocaleString()} records)</span
              >
            </span>`
          : nothing
      }
      <span class="spacer"></span>
      ${
        this.canTail
          ? html`<button
              class="link live ${this.liveOpen ? 'open' : ''}"
              type="button"
              aria-pressed=${this.live ? 'true' : 'false'}
              title="Add new matching events at the top as they are recorded"
              @click=${() => (this.live = !this.live)}
            >
              <span class="dot" aria-hidden="true"></span>${
                this.live && !this.liveOpen ? 'Connecting…' : 'Live'
              }
            </button>`
          : nothing
      }
      <button
        class="link"
        type="button"
        @click=${() => (this.safeToShare = !this.safeToShare)}
        aria-pressed=${this.safeToShare ? 'true' : 'false'}
        title="Mask emails, phone numbers, card numbers and tokens everywhere, for screen sharing"
      >
        Safe to share
      </button>
      <button class="link" type="button" @click=${() => this.refresh()}>Refresh</button>
    </div>`;
  }

  private renderTrace() {
    const traceId = this.view.filters.traceId;
    if (!traceId) return nothing;
    return html`<div class="trace">
      <alv-trace-view
        trace-id=${traceId}
        .events=${this.displayed(this.list?.events ?? [])}
        ?loading=${this.searchTask.status === TaskStatus.PENDING}
        time-zone=${this.timeZone ?? nothing}
        selected-id=${this.view.selected ?? nothing}
        @alv-row-select=${this.onRowSelect}
        @alv-close=${(e: Event) => (e.stopPropagation(), this.leaveTrace())}
      ></alv-trace-view>
    </div>`;
  }

  private renderList() {
    if (this.configError)
      return html`<div class="state error" role="alert">
        <strong>The viewer is not configured correctly</strong>
        <p>${this.configError}</p>
      </div>`;
    if (!this.activeSource)
      return html`<div class="state">
        <strong>No audit source</strong>
        <p>Set the <code>endpoint</code> (and <code>source</code>) of this viewer.</p>
      </div>`;
    return this.searchTask.render({
      initial: () => this.renderSkeleton(),
      pending: () => (this.list ? this.renderTable(this.list, true) : this.renderSkeleton()),
      error: (error) => this.renderError(error, () => this.refresh()),
      complete: (result) => (result ? this.renderTable(result, false) : nothing),
    });
  }

  private renderSkeleton() {
    return html`<div class="state loading" aria-busy="true">
      <div class="bar"></div>
      <p>Loading events…</p>
    </div>`;
  }

  private renderError(error: unknown, retry: () => void) {
    const d = describeError(error);
    return html`<div class="state error" role="alert">
      <strong>${d.title}</strong>
      <p class="detail">${d.detail}</p>
      ${d.retryable ? html`<button type="button" @click=${retry}>Try again</button>` : nothing}
    </div>`;
  }

  private renderTable(result: SearchResult, stale: boolean) {
    const list = this.list ?? result;
    if (!list.events.length && !stale) {
      const hasFilters = Object.values(this.view.filters).some((v) => v !== undefined && v !== '');
      return html`<div class="state empty">
        <strong>No events match${hasFilters ? ' these filters' : ''}</strong>
        ${
          list.nextCursor
            ? html`<p>Scanned ${list.scanned.toLocaleString()} records without a match.</p>
                <button type="button" @click=${() => void this.loadMore()}>Keep searching</button>`
            : hasFilters
              ? html`<p>Try a longer time range, or remove a filter.</p>
                  <button
                    type="button"
                    @click=${() => this.setView({ ...this.view, filters: {}, selected: undefined })}
                  >
                    Clear all filters
                  </button>`
              : html`<p>Nothing has been recorded in the retention window.</p>`
        }
      </div>`;
    }
    return html`<alv-log-table
        class=${stale ? 'stale' : ''}
        .events=${this.displayed(list.events)}
        .columns=${this.columns ?? this.view.columns ?? [...ALL_COLUMNS]}
        sort=${this.view.sort}
        ?sortable=${this.activeSource?.capabilities.sortOrders.includes('asc') ?? false}
        time-zone=${this.timeZone ?? nothing}
        density=${this.density}
        selected-id=${this.view.selected ?? nothing}
        ?loading=${this.loadingMore}
        ?has-more=${!!list.nextCursor && !this.moreError}
        @alv-row-select=${this.onRowSelect}
        @alv-trace-select=${this.onTraceSelect}
        @alv-load-more=${() => void this.loadMore()}
        @alv-sort-change=${(e: AlvEventMap['alv-sort-change']) =>
          this.setView({ ...this.view, sort: e.detail.sort })}
        @alv-columns-change=${(e: AlvEventMap['alv-columns-change']) => {
          this.columns = undefined;
          this.setView({ ...this.view, columns: e.detail.columns });
        }}
        @alv-close=${(e: Event) => (e.stopPropagation(), this.closeDetail())}
      ></alv-log-table>
      ${
        this.moreError
          ? html`<div class="more-error" role="alert">
              ${describeError(this.moreError).title}.
              <button
                type="button"
                @click=${() => ((this.moreError = undefined), void this.loadMore())}
              >
                Try again
              </button>
            </div>`
          : nothing
      }`;
  }

  private renderDetail() {
    const id = this.view.selected;
    const listed: AuditEvent | undefined = this.list?.events.find((e) => e.id === id);
    const status = this.detailTask.status;
    const event = status === TaskStatus.COMPLETE ? (this.detailTask.value ?? listed) : listed;
    return html`<aside part="detail" class="detail" aria-label="Entry details">
      <alv-payload-viewer
        .event=${event}
        ?loading=${status === TaskStatus.PENDING && !event}
        .error=${status === TaskStatus.ERROR && !event ? this.detailTask.error : undefined}
        ?safe-to-share=${this.safeToShare}
        time-zone=${this.timeZone ?? nothing}
        @alv-close=${(e: Event) => (e.stopPropagation(), this.closeDetail())}
        @alv-trace-select=${this.onTraceSelect}
        @alv-safe-to-share=${(e: AlvEventMap['alv-safe-to-share']) =>
          (this.safeToShare = e.detail.on)}
      ></alv-payload-viewer>
    </aside>`;
  }
}
