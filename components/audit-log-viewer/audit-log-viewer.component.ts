import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { CredentialsProvider } from '../../core/client.js';
import { cachedSource } from '../../core/cache/cached-source.js';
import { openingStore } from '../../core/cache/store.js';
import type { AuditEvent, FilterKey, Filters, ViewState } from '../../core/model.js';
import { filtersNeverMatching } from '../../core/left-out.js';
import { derivePartition } from '../../core/partition.js';
import { viewerFiltered } from '../../core/sources/host.js';
import { loadSource } from '../../core/sources/load.js';
import { isSourceName, unknownSourceMessage } from '../../core/sources/names.js';
import type { FacetField, FacetValue, Source } from '../../core/sources/types.js';
import {
  ALL_COLUMNS,
  defaultColumns,
  isColumnId,
  safeView,
  type ColumnId,
  type EntryTab,
} from '../../core/view-state.js';
import type { ParsedLink } from '../../core/view-link.js';
import type { ExportOptions } from '../../core/export.js';
import type { AlvEventMap } from '../events.js';
import type { AlvExportDialog } from '../export-dialog/export-dialog.component.js';
import type { FacetController } from '../facet-panel/facet-controller.js';
import type { HistogramController } from '../histogram/histogram-controller.js';
import { AlvElement } from '../internal/alv-element.js';
import { CountdownController } from '../internal/countdown.js';
import { warmIntl } from '../internal/dates.js';
import { FACETS_HIDDEN, HISTOGRAM_HIDDEN, keepFlag, readFlag } from '../internal/kept-flag.js';
import { LazyPart, whyFailed } from '../internal/lazy-part.js';
import { openPageStore, type CacheMode } from '../internal/page-cache.js';
import { SessionController } from '../internal/session-controller.js';
import { formatRelative } from '../log-table/format.js';
import type { AlvFilterBar } from '../filter-bar/filter-bar.component.js';
import type { AlvLogTable } from '../log-table/log-table.component.js';
import type { AlvTraceView } from '../trace-view/trace-view.component.js';
import '../log-table/log-table.js';
import { styles } from './audit-log-viewer.styles.js';
import { describeError } from './describe-error.js';
import { renderEmptyList } from './empty-list.js';
import { HostHeightController } from './host-height.js';
import { LiveTailController } from './live-tail.js';
import { NoticesController } from './notices.js';
import { PaneSplitController } from './pane-split.js';
import { PickedRowsController } from './picked-rows.js';
import { UrlSyncController, type HistoryMode } from './url-sync.js';

const FILTER_LABELS: Partial<Record<FilterKey, string>> = {
  q: 'text',
  actor: 'actor',
  plugin: 'plugin',
  skill: 'skill',
  kind: 'kind',
  method: 'method',
  status: 'status',
  traceId: 'trace',
  time: 'time range',
};

const columnsConverter = {
  fromAttribute: (value: string | null): ColumnId[] | undefined =>
    value
      ?.split(',')
      .map((s) => s.trim())
      .filter((s): s is ColumnId => (ALL_COLUMNS as readonly string[]).includes(s)),
  toAttribute: (value: ColumnId[] | undefined) => value?.join(','),
};

/** Events of the inner parts that the root handles itself: they never reach the host as such. */
const INNER_EVENTS = [
  'alv-filter-change',
  'alv-load-more',
  'alv-sort-change',
  'alv-columns-change',
  'alv-close',
  'alv-tab-change',
  'alv-row-select',
  'alv-trace-select',
  'alv-copy',
  'alv-safe-to-share',
  'alv-view-select',
  'alv-time-select',
  'alv-zoom-out',
  'alv-histogram-toggle',
  'alv-histogram-retry',
  'alv-facets-toggle',
  'alv-facets-retry',
  'alv-skip-to-list',
  'alv-selection-change',
] as const satisfies readonly (keyof AlvEventMap)[];

/*
 * The parts most sessions reach only after a click load on first use: they (and the
 * masking and JSON-tree code they bring) are over half of the viewer's code.
 */
let redaction: Promise<typeof import('../../core/redaction.js')> | undefined;
const loadPayloadViewer = () => import('../payload-viewer/payload-viewer.js');
/**
 * The filter bar, the histogram, the facet counts and the status line's menus load beside the
 * first page, not before it: the first rows never wait for them (one chunk, `deferred-parts.ts`).
 * The filter bar's place is kept (`alv-filter-bar:not(:defined)` in the styles), and what is set
 * on it before it is defined is applied when it is (Lit keeps a not-yet-upgraded element's
 * properties).
 */
let deferredParts: typeof import('../internal/deferred-parts.js') | undefined;
const loadDeferredParts = () =>
  import('../internal/deferred-parts.js').then((parts) => (deferredParts = parts));
const loadTraceView = () => import('../trace-view/trace-view.js');
const loadExportDialog = () => import('../export-dialog/export-dialog.js');
const loadSavedViews = loadDeferredParts;
const loadShareMenu = loadDeferredParts;
/**
 * Resolves in a new task: after what is queued, unlike a microtask, and unlike `setTimeout`
 * neither clamped nor throttled to a second in a background tab.
 */
const nextTask = () =>
  new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });

/** Remembers, per browser, that the user switched Safe to share on. */
const SAFE_TO_SHARE_KEY = 'alv-safe-to-share';

/** No list yet: one array, so the people of none are the same from one update to the next. */
const NO_EVENTS: AuditEvent[] = [];

// A failed load is not kept: Safe to share asks for it again.
const loadRedaction = () =>
  (redaction ??= import('../../core/redaction.js').catch((e: unknown) => {
    redaction = undefined;
    throw e;
  }));

/** Below this width (the element's own) the layout is narrow: cards, chips, sheets. */
const NARROW_PX = 600;

/** Inputs nothing is typed into: "/" there goes to the search box. */
const NOT_TEXT_INPUTS = new Set([
  'checkbox',
  'radio',
  'button',
  'submit',
  'reset',
  'range',
  'color',
  'file',
]);

/**
 * Search, read and share audit-log entries from a backend.
 *
 * The element is a thin renderer over a `Session` (core/session.ts), which owns the source,
 * the pages of the current query, paging, the live tail and the open entry.
 *
 * @tag audit-log-viewer
 * @summary The audit-log viewer: filter bar, virtualized log table, payload viewer and trace view.
 *
 * @fires alv-view-change - The view (filters, sort, columns, selection) changed. `detail.view`.
 * @fires alv-row-select - An entry is about to open: `detail.id`, `detail.event`. Cancelable: `preventDefault()` keeps it closed.
 * @fires alv-trace-select - A trace was chosen (from a row or the entry): `detail.traceId`. Cancelable.
 * @fires alv-error - Loading (or the live tail) failed: `detail.error` (a `LoadError`: the adapters' `SourceError` with its `kind`, or what a host's own Source threw, `kind` undefined), `detail.retryable`.
 * @fires alv-copy - Text left the viewer (always masked; links hold no payload): `detail.what`, `detail.text`.
 * @fires alv-safe-to-share - The "Safe to share" switch was flipped. `detail.on`.
 *
 * @csspart base - The layout wrapper.
 * @csspart status - The status line (counts, client-side filtering notice, errors).
 * @csspart notice - A notice above the list (parts of a link that were ignored, a linked entry that is gone).
 * @csspart list - The region holding the table and its states.
 * @csspart detail - The side panel holding the payload viewer (on narrow widths, a sheet over the list).
 * @csspart separator - The handle between the list and the open entry (drag, or arrow keys).
 * @csspart filter-bar - The filter bar element (its own parts are forwarded as `query`, `query-error`, `controls`).
 * @csspart table - The log table element (its own parts are forwarded as `header`, `row`, `cell`).
 * @csspart share - The share menu (its own parts are forwarded as `share-trigger`, `share-panel`, `share-confirm`).
 * @csspart histogram - Events over time by status class, above the list (`<alv-histogram>`).
 * @csspart facets - Counts per plugin, user, status, method, skill, environment with include/exclude (`<alv-facet-panel>`).
 * @csspart views - The saved-views menu (its own parts are forwarded as `views-trigger`, `views-panel`).
 * @csspart query - The filter bar's query box (forwarded).
 * @csspart query-error - What is wrong with the query typed (forwarded from the filter bar).
 * @csspart controls - The filter bar's fields (forwarded).
 * @csspart header - The table's header row (forwarded).
 * @csspart row - A row of the table (forwarded).
 * @csspart cell - A cell of the table (forwarded).
 * @csspart share-trigger - The Share button (forwarded).
 * @csspart share-panel - The Share menu's panel (forwarded).
 * @csspart share-confirm - "View link copied" beside Share (forwarded).
 * @csspart views-trigger - The Views button (forwarded).
 * @csspart views-panel - The saved-views panel (forwarded).
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
 * @cssprop --alv-color-focus - Focus rings.
 * @cssprop --alv-color-selected - The open entry's row.
 * @cssprop --alv-radius - Corner radius of controls and panels.
 * @cssprop --alv-row-height - Row height of the table, `density="comfortable"` (default 32px).
 * @cssprop --alv-row-height-compact - Row height with `density="compact"` (default 24px).
 *
 * The inner elements' own properties (`--alv-facets-width`, `--alv-histogram-height`, the JSON
 * colours `--alv-json-*`, …) are set here as well; each element's JSDoc lists its own.
 * @cssprop --alv-height - Height of the viewer. By default it fills the height its host gives it
 *   (a sized parent, a flex or grid cell), or 600px where the host gives none. Below 560px the
 *   filters fold behind a "Filters" button, and scroll within what the list leaves them when
 *   opened (at least two rows of it stay on screen).
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
  /** Events per page. */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 100;
  /** Visible columns, in order (`time,actor,plugin,action,method,url,status,duration,trace`). */
  @property({ converter: columnsConverter }) columns?: ColumnId[];
  /** IANA time zone for timestamps; defaults to the browser's. */
  @property({ attribute: 'time-zone', reflect: true }) timeZone?: string;
  @property({ reflect: true }) density: 'comfortable' | 'compact' = 'comfortable';
  /** Accessible name of the viewer region. */
  @property() label = 'Audit log';
  /**
   * Mirror the view into the page's URL fragment (the share-link format) and follow
   * back/forward: a reload keeps the view. The page's own fragment is then the viewer's.
   */
  @property({ type: Boolean, attribute: 'sync-url', reflect: true }) syncUrl = false;

  /**
   * Colours: `light` (the default), `dark`, or `auto` (the system's, as it changes). The
   * `--alv-color-*` properties a host sets win over either.
   */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'light';
  /** The page shared links open (default: this page's address without its fragment). */
  @property({ attribute: 'share-base' }) shareBase?: string;
  /**
   * Where fetched pages are kept, for an instant reopen and for reading while the backend is
   * unreachable: `indexeddb` (default), `memory` (this page only) or `none`. Only what a
   * restricted principal would see in a list is ever written.
   */
  @property({ reflect: true }) cache: CacheMode = 'indexeddb';
  /** The most the cache keeps, in megabytes; least recently used pages go first. */
  @property({ type: Number, attribute: 'cache-max-mb' }) cacheMaxMb = 50;
  /**
   * Names the source and principal of a host's own `dataSource`, so its pages can be cached
   * apart from everyone else's. Without it, a `dataSource` is not cached.
   */
  @property({ attribute: 'cache-partition' }) cachePartition?: string;

  /**
   * Safe-to-share mode: emails, phone numbers, card numbers and tokens are masked everywhere
   * (list, entry, filters, copies, links), for screen sharing. The status line's switch flips
   * it, and the choice is kept in this browser (`localStorage`), so a reload in the middle of
   * a screen share stays masked. Setting it from the host does not touch the kept choice.
   */
  @property({ type: Boolean, attribute: 'safe-to-share', reflect: true })
  safeToShare = readFlag(SAFE_TO_SHARE_KEY);

  @state() private configError?: string;
  /** Filters in place before "show this trace", to go back to. */
  @state() private beforeTrace?: Filters;
  /** Safe to share's masking, once its code is there (`core/redaction.ts`). */
  @state() private masking?: Pick<
    typeof import('../../core/redaction.js'),
    'maskListEvent' | 'peopleOf' | 'maskText'
  >;
  @state() private maskText?: (text: string) => string;
  /** The source is being wrapped in the cache (its partition is being derived). */
  @state() private connecting = false;
  /** Whose data this is (source and principal): saved views are kept apart by it. */
  @state() private partitionKey?: string;

  /** The open entry's section on screen (a link's, or the one last chosen). */
  @state() private entryTab?: EntryTab;
  /** Rows picked in the table for "Copy for ticket". */
  /** After "Copy for ticket": what was copied, or the text to copy by hand. */

  @query('alv-log-table') private table?: AlvLogTable;
  @query('.main') private main?: HTMLElement;

  private readonly sessionController = new SessionController(this, {
    onError: (error) => this.emitError(error),
  });
  private readonly urlSync = new UrlSyncController(this);
  private readonly retryCountdown = new CountdownController(this, () => this.session.retryAt);
  private readonly moreCountdown = new CountdownController(this, () =>
    this.session.moreError ? this.session.moreRetryAt : undefined,
  );
  /** Events over time and the facet counts: made when their code is there (`chromePart`). */
  private histogram?: HistogramController;
  private facets?: FacetController;
  private readonly split = new PaneSplitController(this, () => this.main);
  private readonly hostHeight = new HostHeightController(this);
  private readonly picked = new PickedRowsController(this, {
    listEvents: () => this.session.list?.events ?? [],
    view: () => this.view,
    shareBase: () => this.shareBase,
    timeZone: () => this.timeZone,
    focusList: () => void this.table?.focusActiveRow(),
    copied: (text) => this.emit('alv-copy', { what: 'ticket', text }),
  });
  /** The filter bar with the histogram's and the facets' controllers (`loadDeferredParts`). */
  private readonly chromePart = new LazyPart(
    this,
    'the search, filters, chart and menus',
    loadDeferredParts,
    () => deferredParts !== undefined,
  );
  private readonly payloadPart = new LazyPart(
    this,
    'the entry viewer',
    loadPayloadViewer,
    'alv-payload-viewer',
  );
  private readonly tracePart = new LazyPart(
    this,
    'the trace view',
    loadTraceView,
    'alv-trace-view',
  );
  private readonly exportPart = new LazyPart(
    this,
    'the export dialog',
    loadExportDialog,
    'alv-export-dialog',
  );
  /** The menus load with the first render, beside the adapter: the first rows never wait. */
  private readonly viewsPart = new LazyPart(
    this,
    'the saved views',
    loadSavedViews,
    'alv-saved-views',
  );
  private readonly sharePart = new LazyPart(
    this,
    'the Share menu',
    loadShareMenu,
    'alv-share-menu',
  );
  /** Until the masking code is there, Safe to share shows no rows: this says why. */
  @state() private maskingFailed?: unknown;
  private readonly liveTail = new LiveTailController(
    this,
    () => this.session,
    () => this.table ?? undefined,
  );
  /** The notices above the list (offline, a link's ignored parts, rejected records). */
  private readonly notices = new NoticesController(
    this,
    () => this.session,
    () => this.refresh(),
  );
  /** The linked entry that was already scrolled to (once per link). */
  private revealed?: string;
  /** The list as masked. */
  private masked?: { from: AuditEvent[]; to: AuditEvent[] };
  /** The people a list names (`peopleOf`), and those the texts' mask was made with. */
  private listPeople?: { from: AuditEvent[]; people: readonly string[] };
  /** Rows masked for `people`, kept from list to list while the list names the same people. */
  private maskedRows?: { people: readonly string[]; rows: WeakMap<AuditEvent, AuditEvent> };
  private maskTextPeople?: readonly string[];
  /** Counts source set-ups, so a slower older one never wins. */
  private sourceGeneration = 0;
  private static fallbackSaid = false;

  constructor() {
    super();
    // Inner parts' events are handled in the shadow tree; only the root's own leave it.
    for (const name of INNER_EVENTS)
      this.addEventListener(name, (e) => {
        if (e.composedPath()[0] !== this) e.stopImmediatePropagation();
      });
  }

  private get session() {
    return this.sessionController.session;
  }

  /** Everything that defines what is on screen. Set it to restore a view. */
  get view(): ViewState {
    return this.session.view;
  }
  set view(view: ViewState) {
    // The host's view wins over a link still being read.
    this.urlSync.supersede();
    const old = this.session.view;
    if (this.session.setView(view)) this.requestUpdate('view', old);
  }

  /**
   * Puts the focus in the search box, once the filter bar is there. "/" does it from anywhere
   * in the viewer but a text field; a host page can call this for its own shortcut.
   */
  focusSearch(): void {
    // Below 600 px an open entry is a sheet over the search box: it makes way.
    if (this.view.selected && this.getBoundingClientRect().width < NARROW_PX)
      this.setView({ ...this.view, selected: undefined });
    void Promise.all([this.updateComplete, customElements.whenDefined('alv-filter-bar')]).then(() =>
      this.renderRoot.querySelector<AlvFilterBar>('alv-filter-bar')?.focusQuery(),
    );
  }

  private readonly onSlash = (e: KeyboardEvent): void => {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    // Typed where text goes ("/" in a query, a URL); from a checkbox or a select it jumps.
    const target = e.composedPath()[0];
    if (
      target instanceof HTMLElement &&
      (target.isContentEditable ||
        target instanceof HTMLTextAreaElement ||
        (target instanceof HTMLInputElement && !NOT_TEXT_INPUTS.has(target.type)))
    )
      return;
    e.preventDefault();
    this.focusSearch();
  };

  /** Loads the first page again (and the open entry). */
  refresh(): void {
    this.session.refresh();
    this.histogram?.refresh();
    this.facets?.refresh();
  }

  /**
   * Deletes every page this page's viewers cached (IndexedDB and memory): call it when the
   * user signs out. What is on screen stays until the next load.
   */
  async clearCache(): Promise<void> {
    const stores = await Promise.all(
      (['memory', 'indexeddb'] as const).map((mode) =>
        openPageStore(mode, this.cacheMaxMb * 1024 * 1024),
      ),
    );
    await Promise.all(stores.map((o) => o.store.clear()));
  }

  /**
   * The list as displayed: masked in safe-to-share mode (computed once per list; a row's
   * payloads are left out, the entry masks its own copy).
   */
  private displayed(events: AuditEvent[]): AuditEvent[] {
    if (!this.safeToShare) return events;
    // Until the masking code has loaded, show nothing rather than something unmasked.
    if (!this.masking) return [];
    if (this.masked?.from !== events) {
      const people = this.peopleOf(events);
      const { maskListEvent } = this.masking;
      // Another page (or a live event) masks only the new rows, unless it names someone new:
      // an earlier row may mention them.
      if (this.maskedRows?.people !== people) this.maskedRows = { people, rows: new WeakMap() };
      const rows = this.maskedRows.rows;
      const mask = (e: AuditEvent) => {
        let masked = rows.get(e);
        if (!masked) rows.set(e, (masked = maskListEvent(e, people)));
        return masked;
      };
      this.masked = { from: events, to: events.map(mask) };
    }
    return this.masked.to;
  }

  /** The people `events` name (`peopleOf`), once per list, to mask in every text. */
  private peopleOf(events: AuditEvent[]): readonly string[] {
    if (!this.masking) return [];
    if (this.listPeople?.from !== events) {
      const people = this.masking.peopleOf(events);
      const before = this.listPeople?.people;
      // The same people as before (a page more of them): the same array, so nothing that
      // depends on it (the rows' masks, the texts' mask, the address bar) is made again.
      const had = new Set(before);
      const same = before?.length === people.length && people.every((p) => had.has(p));
      this.listPeople = { from: events, people: same ? before : people };
    }
    return this.listPeople.people;
  }

  /**
   * The texts' mask (the query box, its fields, the facets), made again when the list names
   * other people, so that what shows them renders again; and the address bar with it.
   */
  private syncTextMask(): void {
    const m = this.masking;
    if (!m) return;
    const people = this.peopleOf(this.session.list?.events ?? NO_EVENTS);
    if (this.maskText && people === this.maskTextPeople) return;
    this.maskTextPeople = people;
    // A trace ID is an identifier the list and the trace view show too: the query box and the
    // Trace ID field keep it rather than hide it as a possible key.
    this.maskText = (text: string) => {
      const trace = this.view.filters.traceId;
      return m.maskText(text, { ...(trace && { keep: new Set([trace]) }), people });
    };
    if (this.safeToShare) this.writeUrl('replace');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Once their code is there (loaded by this viewer or another), the controllers are made
    // here, so they take part in this update.
    if (this.chromePart.ensure() && deferredParts && !this.histogram) {
      this.histogram = new deferredParts.HistogramController(this, () => this.session);
      this.facets = new deferredParts.FacetController(
        this,
        () => this.session,
        () => this.partitionKey,
      );
    }
    if (this.view.selected) this.payloadPart.ensure();
    if (this.view.filters.traceId) this.tracePart.ensure();
    if (this.safeToShare && !this.masking && !this.maskingFailed)
      void loadRedaction().then(
        (m) => {
          this.masking = m;
          // The URL was written with everything hidden; now only what the mask hides is.
          this.syncTextMask();
        },
        (e: unknown) => (this.maskingFailed = e),
      );
    // Another list may name other people: the texts' mask (and the address bar) follow.
    this.syncTextMask();
    // On or off (the switch, the host, or the kept choice at start): the address bar follows.
    if (changed.has('safeToShare') && (this.hasUpdated || this.safeToShare))
      this.writeUrl('replace');
    if (changed.has('pageSize')) this.session.setPageSize(this.pageSize);
    // Another backend: the open entry's id is the old one's (asking the new one for it gave
    // "Could not load this entry"). Not when the first backend arrives (a link's entry waits
    // for it), nor for other credentials to the same one.
    const hadBackend =
      (changed.has('dataSource') ? changed.get('dataSource') : this.dataSource) !== undefined ||
      !!(changed.has('endpoint') ? changed.get('endpoint') : this.endpoint);
    if (
      this.view.selected &&
      hadBackend &&
      (['dataSource', 'source', 'endpoint'] as const).some((k) => changed.has(k))
    )
      this.setView({ ...this.view, selected: undefined }, 'replace');
    // (Another credentials function is another principal: make it once, not on every render.)
    const backend = (
      ['dataSource', 'source', 'endpoint', 'credentials', 'cache', 'cachePartition'] as const
    ).some((k) => changed.has(k));
    if (backend) this.setUpSource();
    // After the first request is on its way: the locale data loads while it is out.
    warmIntl();
  }

  /**
   * Loads the adapter (or takes the host's) and, unless `cache="none"`, wraps it in the cache.
   * Only the adapter named by `source` is downloaded, on first use.
   */
  private setUpSource(): void {
    this.configError = undefined;
    const generation = ++this.sourceGeneration;
    const current = () => generation === this.sourceGeneration;
    let source: Source | Promise<Source> | undefined;
    let partition: Promise<string> | undefined;
    if (this.dataSource) {
      // The filters it leaves to the viewer are applied over what it returns.
      source = viewerFiltered(this.dataSource);
      if (this.cachePartition) partition = Promise.resolve(`host:${this.cachePartition}`);
    } else if (this.endpoint) {
      if (!isSourceName(this.source)) this.sayConfigError(unknownSourceMessage(this.source));
      else {
        source = loadSource(this.source, {
          endpoint: this.endpoint,
          credentials: this.credentials,
        });
        partition = derivePartition(this.source, this.endpoint, this.credentials);
      }
    }
    // No mistake in this configuration: the next one is said again, even the same.
    if (!this.configError) this.configErrorSaid = undefined;
    this.partitionKey = undefined;
    void partition?.then(
      (key) => current() && (this.partitionKey = key),
      () => undefined,
    );
    if (source && this.urlSync.reading) {
      const given = source;
      source = this.urlSync.idle().then(() => given);
    }
    const mode = this.cache === 'indexeddb' || this.cache === 'memory' ? this.cache : undefined;
    const caching = mode && partition;
    if (!source || (!caching && !(source instanceof Promise))) {
      this.connecting = false;
      this.session.setSource(source);
      return;
    }
    this.connecting = true;
    this.session.setSource(undefined);
    const name = this.source;
    Promise.resolve(source)
      .then(async (raw) => {
        if (!caching) return raw;
        try {
          // The first request goes out while the store opens: only the cache waits for it.
          const opening = openPageStore(mode, this.cacheMaxMb * 1024 * 1024);
          void opening.then((opened) => {
            if (opened.fallback && !AuditLogViewer.fallbackSaid && current()) {
              AuditLogViewer.fallbackSaid = true;
              this.notices.setCacheNotice(
                `The offline cache is not available in this browser (${opened.fallback}); cached pages last until this page is closed.`,
              );
            }
          });
          const key = await caching;
          return cachedSource(
            raw,
            openingStore(
              opening.then((o) => o.store),
              mode,
            ),
            key,
          );
        } catch {
          // No partition (the credentials provider failed): no cache; the source will say why.
          return raw;
        }
      })
      .then(
        (ready) => current() && this.session.setSource(ready),
        (e: unknown) => {
          if (!current()) return;
          const why = e instanceof Error ? e.message : String(e);
          this.sayConfigError(
            why.startsWith('Unknown audit source')
              ? why
              : `The ${name} adapter could not be loaded: ${why}`,
          );
        },
      )
      .finally(() => {
        if (current()) this.connecting = false;
      });
  }

  protected override updated(): void {
    this.revealLinkedEntry();
  }

  /**
   * The first render waits for a task of its own: a page that loads the viewer's modules and
   * puts the element in its HTML would otherwise evaluate every module and render the whole
   * viewer in one long task (~250 ms on a 2-core machine), during which nothing responds.
   */
  protected override async scheduleUpdate(): Promise<void> {
    if (!this.firstUpdateScheduled) {
      this.firstUpdateScheduled = true;
      await nextTask();
    }
    await super.scheduleUpdate();
  }
  private firstUpdateScheduled = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('keydown', this.onSlash);
    // The first search waits for the link (its parser loads first): never the wrong view.
    this.urlSync.readAddress();
  }

  /**
   * Also waits for the link in the page's URL to be shown (`sync-url`; its parser loads
   * first), so that a host reading `view` after `updateComplete` reads the link's.
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    while (this.urlSync.reading) {
      await this.urlSync.idle();
      done = await super.getUpdateComplete();
    }
    return done;
  }

  /** Scrolls a linked entry into view once it is found in the list. */
  private revealLinkedEntry(): void {
    const locate = this.session.locate;
    const table = this.table;
    if (locate?.status !== 'found' || this.revealed === locate.id || !table) return;
    this.revealed = locate.id;
    // The table takes the new rows in its own update, after this one.
    void table.updateComplete
      .then(() => table.scrollToId(locate.id))
      .then((shown) => {
        if (!shown && this.revealed === locate.id) this.revealed = undefined;
      });
  }

  /** Shows the view of a link (or of a history entry) and says what of it was ignored. */
  applyLink(link: ParsedLink): void {
    this.notices.setLinkNotices(link.notices);
    // The address bar names the section (or, naming none, the overview).
    this.entryTab = link.tab;
    this.beforeTrace = undefined;
    this.revealed = undefined;
    this.setView(link.view, false);
    // The address bar as this mode shows it: an entry written while safe to share was off (or
    // on) may hold more (or less) than it should now.
    this.writeUrl('replace');
    if (link.view.selected) this.focusSheet(false);
  }

  /** Says why the link in the page's URL could not be read; the view stays as it is. */
  linkUnread(why: string): void {
    this.notices.setLinkNotices([why]);
  }

  /** Shows `next`; tells the host and (with `sync-url`) the page's history. */
  private setView(next: ViewState, history: HistoryMode | false = 'push'): void {
    // The user's change wins over a link still being read.
    if (history) this.urlSync.supersede();
    const old = this.session.view;
    if (!this.session.setView(next)) return;
    this.requestUpdate('view', old);
    if (history) this.writeUrl(history);
    this.emit('alv-view-change', { view: this.view });
  }

  /** Shows why the viewer cannot load anything as configured, and tells the host (`alv-error`). */
  private sayConfigError(message: string): void {
    this.configError = message;
    // Once per mistake (a host re-rendering sets the same wrong value again), and after this
    // update: what the host sets in answer is then taken by the next one.
    if (message === this.configErrorSaid) return;
    this.configErrorSaid = message;
    const error = new Error(message);
    error.name = 'ConfigurationError';
    void this.updateComplete.then(() => {
      // Not once the host has mended it meanwhile.
      if (this.configError === message) this.emit('alv-error', { error, retryable: false });
    });
  }
  private configErrorSaid?: string;

  private emitError(error: Error): void {
    if (error.name === 'AbortError') return;
    this.emit('alv-error', { error, retryable: describeError(error).retryable });
  }

  private onFilterChange(e: AlvEventMap['alv-filter-change']): void {
    if (!e.detail.filters.traceId) this.beforeTrace = undefined;
    this.setView(
      { ...this.view, filters: e.detail.filters, selected: undefined },
      e.detail.typing ? 'typing' : 'push',
    );
  }

  private onRowSelect(e: AlvEventMap['alv-row-select']): void {
    const { id, event } = e.detail;
    if (id === this.view.selected) return;
    if (!this.emit('alv-row-select', { id, event }, { cancelable: true })) return;
    this.setView({ ...this.view, selected: id });
    this.focusSheet(true);
  }

  /**
   * Below 600px the entry is a sheet over the list: the focus goes into it (to its way back,
   * shown only then), not left on a row no one can see. For an entry a link (or Back) opened,
   * only where the focus is on nothing else in the page (as after loading it).
   */
  private focusSheet(fromList: boolean): void {
    void this.updateComplete.then(() => {
      const back = this.renderRoot.querySelector<HTMLElement>('#alv-entry .sheet-back');
      const active = document.activeElement;
      const free = fromList || !active || active === document.body || active === this;
      if (free && back?.checkVisibility()) back.focus();
    });
  }

  private onTraceSelect(e: AlvEventMap['alv-trace-select']): void {
    const traceId = e.detail.traceId;
    if (this.view.filters.traceId === traceId) return;
    if (!this.emit('alv-trace-select', { traceId }, { cancelable: true })) return;
    this.beforeTrace = this.view.filters;
    // Below 600px the entry is a sheet over everything: it makes way for the trace (which
    // opens it again from its waterfall); wider, the entry stays beside the trace.
    const narrow = this.getBoundingClientRect().width < NARROW_PX;
    this.setView({
      ...this.view,
      filters: { traceId },
      selected: narrow ? undefined : this.view.selected,
    });
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
    const index = this.session.list?.events.findIndex((e) => e.id === id) ?? -1;
    void this.updateComplete.then(() => {
      // Below 600 px an open trace stands in for the list: its row for the entry.
      const table = this.table;
      if (table?.checkVisibility()) {
        if (index >= 0) void table.focusRow(index);
      } else void this.renderRoot.querySelector<AlvTraceView>('alv-trace-view')?.focusRow();
    });
  }

  /** Focus to the list: the open trace's rows, else the table's selected (or first) row. */
  private readonly skipToList = (): void => {
    const trace = this.renderRoot.querySelector<AlvTraceView>('alv-trace-view');
    if (trace) {
      void trace.focusRow();
      return;
    }
    const events = this.session.list?.events ?? [];
    const index = Math.max(
      0,
      events.findIndex((e) => e.id === this.view.selected),
    );
    void this.table?.focusRow(index);
  };

  /** The current source's plan for a set of filters: the filter bar's hints use it. */
  private readonly planFilters = (filters: Filters) =>
    this.session.source!.planFilters({ ...this.view, filters });

  private readonly suggest = async (
    field: FacetField,
    prefix: string,
    signal: AbortSignal,
  ): Promise<FacetValue[]> => {
    // Cached per view and field: each keystroke need not ask again.
    const values = (await this.facets?.values(field, this.view.filters, signal)) ?? [];
    const p = prefix.toLowerCase();
    return values.filter((v) => String(v.value).toLowerCase().includes(p)).slice(0, 20);
  };

  override render() {
    const source = this.session.source;
    // Refused outright (401/403): only the message and Refresh remain; nothing else can work.
    const denied = this.session.status === 'error' && !!describeError(this.session.error).hint;
    const selected = !!this.view.selected;
    return html`<section
      part="base"
      class="base ${denied ? 'denied' : ''} ${this.hostHeight.short ? 'short' : ''}"
      aria-label=${this.label}
    >
      <alv-filter-bar
        part="filter-bar"
        exportparts="query, query-error, controls"
        .filters=${this.view.filters}
        .capabilities=${source?.capabilities}
        .planFilters=${source ? this.planFilters : undefined}
        .mask=${this.safeToShare ? (this.maskText ?? (() => '•••')) : undefined}
        .suggest=${source?.facets ? this.suggest : undefined}
        ?folded=${this.hostHeight.short}
        @alv-filter-change=${this.onFilterChange}
        @alv-skip-to-list=${this.skipToList}
        @alv-safe-to-share=${(e: AlvEventMap['alv-safe-to-share']) =>
          this.setSafeToShare(e.detail.on)}
      >
        ${
          // In the bar's place: its note while it loads, or why it could not be loaded.
          this.chromePart.status === 'error'
            ? this.chromePart.renderState()
            : this.loadingNote('the search and filters')
        }
      </alv-filter-bar>
      ${this.renderStatus()} ${this.notices.render()} ${this.renderHistogram()}
      <div
        class="main ${selected ? 'has-detail' : ''}"
        style=${selected ? `--_list-share: ${this.split.listShare}%` : nothing}
      >
        ${this.renderFacets()}
        <div class="list-pane">
          ${this.renderTrace()}
          <div part="list" class="list">${this.renderList()}</div>
        </div>
        ${selected ? this.split.render('Resize the entry pane', 'alv-entry') : nothing}
        ${selected ? this.renderDetail() : nothing}
      </div>
    </section>`;
  }

  /**
   * A note inside a part's element while its code loads: light DOM, shown until the element is
   * defined and then left out (the parts have no slot).
   */
  private loadingNote(what: string) {
    return this.chromePart.status === 'loading'
      ? html`<div class="lazy-part muted">
          <span class="spinner" aria-hidden="true"></span> Loading ${what}…
        </div>`
      : nothing;
  }

  private renderStatus() {
    const s = this.session;
    const list = s.list;
    const pending = s.status === 'loading';
    const never = this.neverMatching();
    const client = (list?.clientFiltered ?? []).filter((k) => !never.some((n) => n.key === k));
    const locating = s.locate?.status === 'searching' ? s.locate : undefined;
    return html`<div part="status" class="status" role="status">
      <span class="count">
        ${
          pending
            ? html`<span class="spinner" aria-hidden="true"></span> Loading events…`
            : list
              ? this.renderCount(list)
              : nothing
        }
      </span>
      ${this.renderCacheAge()} ${this.picked.render()}
      ${
        locating && !pending
          ? html`<span class="locating">
              <span class="spinner" aria-hidden="true"></span>
              Finding the linked entry… page ${locating.pages + 1}
              (${locating.scanned.toLocaleString()} scanned)
            </span>`
          : nothing
      }
      ${
        never.length && !pending
          ? html`<span class="client-note never-note">
              No event from this backend can match
              ${never.map((n, i) => html`${i ? ', ' : ''}<code>${n.text}</code>`)}
            </span>`
          : nothing
      }
      ${
        client.length && !pending
          ? html`<span class="client-note">
              Filtered in the viewer: ${client.map((k) => FILTER_LABELS[k] ?? k).join(', ')}
              <span class="muted">
                (${list?.offline ? 'over the cached events;' : 'this backend cannot;'} scanned
                ${list?.scanned.toLocaleString()} records)</span
              >
            </span>`
          : nothing
      }
      <span class="spacer"></span>
      ${s.canTail ? this.liveTail.renderSwitch() : nothing}
      <button
        class="link"
        type="button"
        @click=${() => this.setSafeToShare(!this.safeToShare)}
        aria-pressed=${this.safeToShare ? 'true' : 'false'}
        title="Mask emails, phone numbers, card numbers and tokens everywhere, for screen sharing"
      >
        Safe to share
      </button>
      <alv-saved-views
        part="views"
        exportparts="trigger: views-trigger, panel: views-panel"
        .view=${this.view}
        partition=${this.partitionKey ?? nothing}
        base=${this.shareBase ?? nothing}
        @alv-view-select=${(e: AlvEventMap['alv-view-select']) =>
          this.setView({ ...e.detail.view, selected: undefined })}
        @alv-copy=${this.forwardCopy}
        >${this.menuPlaceholder(this.viewsPart, 'alv-saved-views', 'Views')}</alv-saved-views
      >
      ${this.renderShareMenu()}
      ${
        // The menus come in the filter bar's chunk: its failure, said in its place, is theirs.
        this.chromePart.status === 'error'
          ? nothing
          : html`${this.viewsPart.status === 'error' ? this.viewsPart.renderState() : nothing}
            ${this.sharePart.status === 'error' ? this.sharePart.renderState() : nothing}`
      }
      <!-- Export and Refresh wrap together: Refresh (an icon when narrow) is never alone. -->
      <span class="tail">
        <button class="link" type="button" @click=${() => void this.openExport()}>Export…</button>
        ${this.exportPart.renderState()}
        <button class="link refresh" type="button" title="Refresh" @click=${() => this.refresh()}>
          <span class="refresh-icon" aria-hidden="true">↻</span
          ><span class="refresh-text">Refresh</span>
        </button>
      </span>
      <alv-export-dialog
        .run=${this.runExport}
        .total=${this.session.isCurrent ? this.matchingTotal(this.session.list) : undefined}
        .columns=${this.shownColumns()}
        ?safe-to-share=${this.safeToShare}
        .among=${this.session.list?.events}
        time-zone=${this.timeZone ?? nothing}
      ></alv-export-dialog>
    </div>`;
  }

  /**
   * The Share menu: in the status line, and below 600 px also beside the entry sheet's way
   * back (the sheet covers the status line, and sharing the open entry is the point there).
   */
  private renderShareMenu() {
    const s = this.session;
    return html`<alv-share-menu
      part="share"
      exportparts="trigger: share-trigger, panel: share-panel, confirm: share-confirm"
      .view=${this.view}
      .entry=${s.detail?.event ?? s.list?.events.find((e) => e.id === this.view.selected)}
      .entryTab=${this.entryTab}
      .picked=${this.picked.events()}
      .among=${s.list?.events}
      .mask=${this.safeMask}
      base=${this.shareBase ?? nothing}
      time-zone=${this.timeZone ?? nothing}
      @alv-copy=${this.forwardCopy}
      >${this.menuPlaceholder(this.sharePart, 'alv-share-menu', 'Share')}</alv-share-menu
    >`;
  }

  /**
   * Until a menu's element is defined, its trigger stands in (the element's own shadow tree
   * replaces it; it goes once loaded): a click on it opens the menu once it is there.
   */
  private menuPlaceholder(
    part: LazyPart,
    tag: 'alv-saved-views' | 'alv-share-menu',
    label: string,
  ) {
    if (part.ensure()) return nothing;
    return html`<button
      class="link"
      type="button"
      aria-busy="true"
      title="Loading…"
      @click=${(e: Event) => void this.openWhenLoaded(tag, e.currentTarget as Element)}
    >
      ${label}
    </button>`;
  }

  /** Opens the menu whose stand-in trigger was pressed (Share is in two places) once defined. */
  private async openWhenLoaded(
    tag: 'alv-saved-views' | 'alv-share-menu',
    standIn: Element,
  ): Promise<void> {
    const menu = standIn.closest(tag);
    await customElements.whenDefined(tag);
    await menu?.updateComplete;
    const trigger = menu?.shadowRoot?.querySelector<HTMLButtonElement>('[part="trigger"]');
    trigger?.focus();
    trigger?.click();
  }

  /** Exports the current view from the current source (the export module loads on first use). */
  private readonly runExport = async (options: ExportOptions) => {
    const source = this.session.source;
    if (!source) throw new Error('There is no audit source to export from.');
    const { exportView } = await import('../../core/export.js');
    return exportView(source, this.view, options);
  };

  private async openExport(): Promise<void> {
    // The status line says it is loading, or why it could not be loaded (Try again).
    if (this.exportPart.status === 'error') this.exportPart.retry();
    else this.exportPart.ensure();
    try {
      await loadExportDialog();
    } catch {
      return;
    }
    await this.renderRoot.querySelector<AlvExportDialog>('alv-export-dialog')?.show();
  }

  /**
   * How many events the view holds: all of them when loaded; else the backend's count when it
   * has one for these very filters (the chart's, applied wholly by the backend, plus what
   * arrived after the chart's end), with how many are loaded; else "N+".
   */
  private renderCount(list: {
    events: readonly AuditEvent[];
    nextCursor?: string | null;
    clientFiltered?: readonly string[];
  }) {
    const loaded = list.events.length;
    const noun = (n: number) => (n === 1 ? 'event' : 'events');
    if (!list.nextCursor) return html`${loaded.toLocaleString()} ${noun(loaded)}`;
    // Filtered in the viewer, none found in what was scanned so far: not "0+ events".
    if (loaded === 0) return html`No matches yet`;
    const total = this.matchingTotal(list);
    if (total !== undefined)
      return html`${total.toLocaleString()} ${noun(total)}
        <span class="muted">(${loaded.toLocaleString()} loaded)</span>`;
    return html`${loaded.toLocaleString()}+ ${noun(loaded)}`;
  }

  /**
   * How many events the view holds, where known: all of them when loaded; else the backend's
   * count for these very filters (the chart's, applied wholly by the backend, plus what arrived
   * after the chart's end).
   */
  private matchingTotal(
    list:
      | {
          events: readonly AuditEvent[];
          nextCursor?: string | null;
          clientFiltered?: readonly string[];
        }
      | undefined,
  ): number | undefined {
    if (!list) return undefined;
    const loaded = list.events.length;
    if (!list.nextCursor) return loaded;
    const counted = list.clientFiltered?.length ? undefined : this.histogram?.matching;
    if (counted === undefined) return undefined;
    // Live events (and any dated after the chart was counted) are not in its buckets.
    const total = counted.total + list.events.filter((e) => e.timestamp > counted.to).length;
    return total >= loaded ? total : undefined;
  }

  private readonly forwardCopy = (e: AlvEventMap['alv-copy']): void => {
    this.emit('alv-copy', e.detail);
  };

  private setSafeToShare(on: boolean): void {
    this.safeToShare = on;
    keepFlag(SAFE_TO_SHARE_KEY, on);
    this.emit('alv-safe-to-share', { on });
  }

  /** The mask of safe-to-share mode (all text hidden until the masking code has loaded). */
  private get safeMask(): ((text: string) => string) | undefined {
    return this.safeToShare ? (this.maskText ?? (() => '•••')) : undefined;
  }

  /**
   * The view into the page's URL (`sync-url`): in safe-to-share mode without the filters that
   * name someone (the address bar is on screen too, and gets copied), saying it left them out.
   */
  private writeUrl(mode: HistoryMode): void {
    const mask = this.safeMask;
    const safe = mask ? safeView(this.view, mask) : undefined;
    this.urlSync.write(safe?.view ?? this.view, mode, this.view, safe?.dropped, this.entryTab);
  }

  /** "cached 2 min ago" while a cached page is on screen; "Refreshing…" while it reloads. */
  private renderCacheAge() {
    const s = this.session;
    const list = s.list;
    if (s.status === 'loading') return nothing;
    if (list?.cachedAt !== undefined)
      return html`<span class="cached" title=${new Date(list.cachedAt).toLocaleString()}>
        cached ${formatRelative(list.cachedAt, Date.now())}${s.revalidating ? ' · refreshing…' : ''}
      </span>`;
    if (s.revalidating)
      return html`<span class="cached"
        ><span class="spinner" aria-hidden="true"></span> Refreshing…</span
      >`;
    return nothing;
  }

  /** Events over time, above the list; not while a trace, an error or no source fills the view. */
  private renderHistogram() {
    const s = this.session;
    if (!s.source || s.status === 'error' || this.view.filters.traceId) return nothing;
    // Its code comes with the filter bar's (whose failure says so, with Try again); until then
    // its place is kept (`alv-histogram:not(:defined)`), folded if the user folded it.
    if (!this.histogram)
      return this.chromePart.status === 'error'
        ? nothing
        : html`<alv-histogram part="histogram" ?data-folded=${readFlag(HISTOGRAM_HIDDEN)}
            >${this.loadingNote('the chart of events over time')}</alv-histogram
          >`;
    return this.histogram.render({
      timeZone: this.timeZone,
      time: this.view.filters.time,
      onTimeSelect: (time) =>
        this.setView({
          ...this.view,
          filters: { ...this.view.filters, time },
          selected: undefined,
        }),
    });
  }

  /**
   * Facet counts, a column beside the list, under the same conditions as the histogram; an
   * open entry takes their room.
   */
  private renderFacets() {
    const s = this.session;
    const v = this.view;
    if (!s.source || s.status === 'error' || v.filters.traceId || v.selected) return nothing;
    if (!this.facets)
      return this.chromePart.status === 'error'
        ? nothing
        : html`<alv-facet-panel part="facets" ?data-folded=${readFlag(FACETS_HIDDEN)}
            >${readFlag(FACETS_HIDDEN) ? nothing : this.loadingNote('the facets')}</alv-facet-panel
          >`;
    return this.facets.render({
      filters: this.view.filters,
      mask: this.safeToShare ? (this.maskText ?? (() => '•••')) : undefined,
      onFilterChange: (e) => this.onFilterChange(e),
    });
  }

  private renderTrace() {
    const traceId = this.view.filters.traceId;
    if (!traceId) return nothing;
    const list = this.session.list;
    return html`<div class="trace">
      <button
        class="sheet-back ${Object.keys(this.beforeTrace ?? {}).length ? 'from-search' : ''}"
        type="button"
        @click=${() => this.leaveTrace()}
      >
        <span aria-hidden="true">←</span> Back to the list
      </button>
      ${this.tracePart.renderState()}
      <alv-trace-view
        trace-id=${traceId}
        .events=${this.displayed(list?.events ?? [])}
        ?loading=${this.session.status === 'loading'}
        ?has-more=${!!list?.nextCursor && !this.session.moreError}
        ?searching=${this.session.loadingMore}
        .scanned=${list?.scanned ?? 0}
        time-zone=${this.timeZone ?? nothing}
        selected-id=${this.view.selected ?? nothing}
        @alv-load-more=${() => void this.session.loadMore()}
        @alv-row-select=${this.onRowSelect}
        @alv-close=${() => this.leaveTrace()}
      ></alv-trace-view>
    </div>`;
  }

  private renderList() {
    if (this.configError)
      return html`<div class="state error" role="alert">
        <strong>The viewer is not configured correctly</strong>
        <p>${this.configError}</p>
      </div>`;
    const s = this.session;
    if (this.connecting) return this.renderSkeleton();
    if (!s.source)
      return html`<div class="state">
        <strong>No audit source</strong>
        <p>Set the <code>endpoint</code> (and <code>source</code>) of this viewer.</p>
      </div>`;
    if (s.status === 'error') return this.renderError(s.error, () => this.refresh());
    if (!s.list) return this.renderSkeleton();
    return this.renderTable(s.status === 'loading');
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
      ${d.hint ? html`<p>${d.hint}</p>` : html`<p class="detail">${d.detail}</p>`}
      ${
        this.retryCountdown.seconds !== undefined
          ? html`<p class="retrying">
              <span aria-hidden="true">Retrying in ${this.retryCountdown.seconds} s…</span>
              <span class="visually-hidden">Retrying by itself shortly.</span>
              <button type="button" @click=${retry}>Retry now</button>
            </p>`
          : d.retryable
            ? html`<button type="button" @click=${retry}>Try again</button>`
            : nothing
      }
    </div>`;
  }

  /** The table's columns: the host's, else the view's, else this backend's defaults. */
  private shownColumns(): ColumnId[] {
    return (
      this.columns ??
      this.view.columns?.filter(isColumnId) ??
      defaultColumns(this.session.source?.capabilities)
    );
  }

  /**
   * The view's filters no record of this backend can pass (a filter kept from another backend,
   * or a value these records never have), as the query box writes them.
   */
  private neverMatching(): { key: FilterKey; text: string }[] {
    const source = this.session.source;
    return source ? filtersNeverMatching(source, this.view) : [];
  }

  /** The empty list when a filter cannot match this backend: which one, and a way out. */
  private filterAgain(filters: Filters): void {
    this.setView({ ...this.view, filters, selected: undefined });
    this.focusSearch();
  }

  private renderTable(stale: boolean) {
    const s = this.session;
    const list = s.list!;
    if (!list.events.length && !stale)
      return renderEmptyList({
        filters: this.view.filters,
        scanned: list.scanned,
        more: !!list.nextCursor,
        suggests: !!s.source?.facets,
        never: this.neverMatching(),
        filterAgain: (filters) => this.filterAgain(filters),
        keepSearching: () => void s.loadMore(),
      });
    return html`${this.renderMasking()}${this.liveTail.renderNewEvents()}
      <alv-log-table
        part="table"
        exportparts="header, row, cell"
        class=${stale ? 'stale' : ''}
        .events=${this.displayed(list.events)}
        .columns=${this.shownColumns()}
        sort=${this.view.sort}
        ?sortable=${s.source?.capabilities.sortOrders.includes('asc') ?? false}
        time-zone=${this.timeZone ?? nothing}
        density=${this.density}
        selected-id=${this.view.selected ?? nothing}
        ?loading=${s.loadingMore}
        ?has-more=${!!list.nextCursor && !s.moreError}
        @alv-row-select=${this.onRowSelect}
        @alv-trace-select=${this.onTraceSelect}
        @alv-load-more=${() => void s.loadMore()}
        @alv-sort-change=${(e: AlvEventMap['alv-sort-change']) =>
          this.setView({ ...this.view, sort: e.detail.sort })}
        @alv-columns-change=${(e: AlvEventMap['alv-columns-change']) => {
          this.columns = undefined;
          this.setView({ ...this.view, columns: e.detail.columns });
        }}
        @alv-close=${() => this.closeDetail()}
        .selection=${this.picked.ids}
        @alv-selection-change=${(e: AlvEventMap['alv-selection-change']) =>
          this.picked.set(e.detail.ids)}
      ></alv-log-table>
      ${
        s.moreError
          ? html`<div class="more-error" role="alert">
              ${describeError(s.moreError).title}.
              ${
                this.moreCountdown.seconds !== undefined
                  ? html`<span aria-hidden="true"
                        >Trying again in ${this.moreCountdown.seconds} s…</span
                      ><span class="visually-hidden">Trying again by itself shortly.</span>`
                  : nothing
              }
              <button type="button" @click=${() => void s.retryMore()}>
                ${this.moreCountdown.seconds !== undefined ? 'Try now' : 'Try again'}
              </button>
            </div>`
          : nothing
      }`;
  }

  /** Safe to share hides the rows until its masking code is there: say so, or why not. */
  private renderMasking() {
    if (!this.safeToShare || this.masking) return nothing;
    if (this.maskingFailed === undefined)
      return html`<div class="lazy-part muted" role="status">
        <span class="spinner" aria-hidden="true"></span> Loading the masking for Safe to share…
      </div>`;
    const why = whyFailed(this.maskingFailed);
    return html`<div class="notice lazy-part" role="alert">
      <p>
        <strong>The masking for Safe to share could not be loaded</strong> (${why}): the rows stay
        hidden.
      </p>
      <button class="link" type="button" @click=${() => (this.maskingFailed = undefined)}>
        Try again
      </button>
    </div>`;
  }

  private renderDetail() {
    const detail = this.session.detail;
    const event = detail?.event;
    return html`<aside part="detail" id="alv-entry" class="detail" aria-label="Entry details">
      <div class="sheet-bar">
        <button
          class="sheet-back"
          type="button"
          @click=${() => this.closeDetail()}
          @keydown=${(e: KeyboardEvent) => {
            if (e.key === 'Escape') this.closeDetail();
          }}
        >
          <span aria-hidden="true">←</span> Back to the list
        </button>
        ${this.renderShareMenu()}
      </div>
      ${this.payloadPart.renderState()}
      <alv-payload-viewer
        .event=${event}
        ?loading=${detail?.status === 'loading' && !event}
        .error=${detail?.status === 'error' && !event ? detail.error : undefined}
        .partial=${
          detail?.status === 'error' && event
            ? describeError(detail.error).title.toLowerCase()
            : undefined
        }
        ?safe-to-share=${this.safeToShare}
        .among=${this.session.list?.events}
        time-zone=${this.timeZone ?? nothing}
        .tab=${this.entryTab ?? 'overview'}
        @alv-tab-change=${(e: AlvEventMap['alv-tab-change']) => {
          this.entryTab = e.detail.tab;
          this.writeUrl('replace');
        }}
        @alv-close=${() => this.closeDetail()}
        @alv-trace-select=${this.onTraceSelect}
        @alv-copy=${this.forwardCopy}
        @alv-safe-to-share=${(e: AlvEventMap['alv-safe-to-share']) =>
          this.setSafeToShare(e.detail.on)}
      ></alv-payload-viewer>
    </aside>`;
  }
}
