import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { AuditEvent, SortOrder } from '../../core/model.js';
import { ALL_COLUMNS, COLUMN_LABELS, isColumnId, type ColumnId } from '../../core/view-state.js';
import type { AlvEventMap } from '../events.js';
import { AlvElement } from '../internal/alv-element.js';
import { quietButtons } from '../styles/buttons.js';
import { tokens } from '../styles/tokens.js';
import { CellRenderer, type CellOptions } from './cells.js';
import { browserTimeZone } from './format.js';
import { logTableStyles } from './log-table.styles.js';
import {
  maxVirtualTop,
  NO_WINDOW,
  rowWindow,
  sameWindow,
  scrollTopFor,
  virtualTopFor,
  type Geometry,
  type RowWindow,
} from './row-window.js';

/**
 * The Columns menu loads beside the first rows, not before them (a button drawn over the
 * header's end: nothing moves when it comes). A failed load is tried again with the next rows
 * (the network is back) or the next connect.
 */
let columnsMenu: Promise<unknown> | undefined;
const loadColumnsMenu = () =>
  (columnsMenu ??= import('../columns-menu/columns-menu.js').catch(() => {
    columnsMenu = undefined;
  }));

/** `alv-load-more` fires once the last rendered row is this close to the end. */
const LOAD_MORE_WITHIN = 20;
/** How often relative times are refreshed. */
const RELATIVE_TICK_MS = 15_000;

/** `"time, actor,status"` -> `['time', 'actor', 'status']`; unknown and repeated names dropped. */
const columnsConverter = {
  fromAttribute(value: string | null): ColumnId[] {
    if (value === null) return [...ALL_COLUMNS];
    return [...new Set(value.split(',').map((s) => s.trim()))].filter(isColumnId);
  },
  toAttribute(value: ColumnId[]): string {
    return value.join(',');
  },
};

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/**
 * A windowed ARIA grid of audit events (only the rows in view are in the DOM), like a browser's network panel: sticky header,
 * one tab stop, arrow-key navigation, columns the user can hide and reorder.
 *
 * Click or Enter opens a row (`aria-current`). Rows are picked, for "Copy for ticket", with
 * Ctrl/Cmd-click (toggle), Shift-click (the range from the last row clicked or toggled), Space
 * (toggle; Shift+Space the range) and Shift+Arrow (extend); Escape unpicks them all. Picked rows
 * are `aria-selected`; the picks are ids, so they outlive scrolling and new pages.
 *
 * @tag alv-log-table
 * @summary Virtualized, keyboard-navigable table of audit events.
 *
 * @fires alv-row-select - A row was opened (click or Enter): `{ id, event }`.
 * @fires alv-trace-select - A trace ID button was clicked: `{ traceId }`; the row is not opened.
 * @fires alv-load-more - The user neared the end while `has-more` and not `loading`; once per length of `events`.
 * @fires alv-sort-change - The time header was clicked on a `sortable` table: `{ sort }`.
 * @fires alv-columns-change - Columns were shown, hidden or moved from the Columns menu: `{ columns }`.
 * @fires alv-selection-change - Rows were picked or unpicked (Ctrl/Cmd-click, Shift-click, Space,
 *   Shift+Arrow, Escape), or picked rows left the list: `{ ids }`, in list order.
 * @fires alv-close - Escape was pressed in the grid with no rows picked.
 *
 * @csspart base - The wrapper around the grid and the Columns menu.
 * @csspart header - The sticky header row group.
 * @csspart row - Each event's row.
 * @csspart cell - Each event's cell.
 * @csspart status - The status badge (code or outcome, with its class in text).
 * @csspart columns-button - The button that opens the Columns menu.
 * @csspart columns-menu - The Columns menu.
 *
 * @cssprop --alv-row-height - Row height in comfortable density (default 32px).
 * @cssprop --alv-row-height-compact - Row height in compact density (default 24px).
 * @cssprop --alv-log-table-time-width - Width of the time column (default 11.5em).
 * @cssprop --alv-color-bg - Table background.
 * @cssprop --alv-color-surface - Header and hovered-row background.
 * @cssprop --alv-color-fg - Text colour.
 * @cssprop --alv-color-muted - Secondary text: hosts, skills, dates, headers.
 * @cssprop --alv-color-border - Header and row separators.
 * @cssprop --alv-color-accent - Trace ID buttons and pressed toggles.
 * @cssprop --alv-color-focus - Focus ring.
 * @cssprop --alv-color-selected - Background of the open row.
 * @cssprop --alv-color-picked - Background of picked rows (they also get an accent bar).
 * @cssprop --alv-color-success - Status 2xx and `success`.
 * @cssprop --alv-color-redirect - Status 3xx.
 * @cssprop --alv-color-warning - Status 4xx.
 * @cssprop --alv-color-danger - Status 5xx and `error`.
 * @cssprop --alv-font-family - UI font.
 * @cssprop --alv-font-mono - Font of methods and trace IDs.
 * @cssprop --alv-font-size - Base font size.
 * @cssprop --alv-radius - Corner radius of buttons and the menu.
 */
export class AlvLogTable extends AlvElement {
  static override styles = [tokens, quietButtons, logTableStyles];

  /** The events to show, already in display order. */
  @property({ attribute: false }) events: AuditEvent[] = [];

  /** Visible columns, in order. As an attribute: `columns="time,actor,status"`. */
  @property({ converter: columnsConverter }) columns: ColumnId[] = [...ALL_COLUMNS];

  /** The order `events` are in; the time header shows it and, when `sortable`, toggles it. */
  @property({ reflect: true }) sort: SortOrder = 'desc';

  /** Whether the time header offers ascending order (the backend can sort both ways). */
  @property({ type: Boolean, reflect: true }) sortable = false;

  @property({ attribute: 'time-format', reflect: true }) timeFormat: 'relative' | 'absolute' =
    'absolute';

  /** IANA time zone for absolute times; defaults to the browser's. */
  @property({ attribute: 'time-zone' }) timeZone = browserTimeZone();

  @property({ reflect: true }) density: 'comfortable' | 'compact' = 'comfortable';

  /** Id of the open row. */
  @property({ attribute: 'selected-id', reflect: true }) selectedId?: string;

  /** Ids of the picked rows (multi-select, for "Copy for ticket"); ids not in `events` are dropped. */
  @property({ attribute: false }) selection: readonly string[] = [];

  /** Shows a loading row after the last event. */
  @property({ type: Boolean, reflect: true }) loading = false;

  /** More events exist after the last one: nearing the end fires `alv-load-more`. */
  @property({ type: Boolean, attribute: 'has-more', reflect: true }) hasMore = false;

  /** Accessible name of the grid. */
  @property() label = 'Audit log';

  /** Index of the row holding the tab stop. */
  @state() private activeIndex = 0;
  /** Column (index into the visible columns) holding the tab stop; -1: the row itself. */
  @state() private activeCol = -1;
  /** The focus was in a row when this update began. */
  private focusInBody = false;
  /** The row (`data-index`) that had the focus when this update began. */
  private focusedIndex?: string;
  @state() private now = Date.now();

  /** The rows in the DOM, and where they sit in the body's scroll space. */
  @state() private win: RowWindow = NO_WINDOW;

  /** The rows' scroller. */
  @query('.body') private body!: HTMLElement;
  /** An empty, hidden row: the height every row has (density, or two-line cards when narrow). */
  @query('.probe') private probe?: HTMLElement;

  private activeId?: string;
  /** `selection` as a set, for rendering rows. */
  private picked = new Set<string>();
  /** Where a Shift-click or Shift+Space range starts: the row last clicked, opened or toggled. */
  private anchorId?: string;
  /** Picked rows left the list: `alv-selection-change` is due after the update. */
  private pickedDropped = false;
  /** Index of each event id, built on first use after `events` changes (O(n) for millions). */
  private ids?: Map<string, number>;
  /** Row height and the body's height in px, measured (0 until the body is laid out). */
  private rowHeight = 0;
  private viewport = 0;
  /** Offset of the view's top in the unscaled list (`index * rowHeight`), in px. */
  private virtualTop = 0;
  /** The scrollTop this element last set itself: its scroll event keeps `virtualTop` exact. */
  private ownScrollTop = -1;
  private resizeObserver?: ResizeObserver;
  /** Cell content, with its costly text worked out once per event. */
  private cells = new CellRenderer(this.timeZone);
  private cellOptions: CellOptions = {
    timeFormat: 'absolute',
    now: 0,
    onTraceClick: (ev) => this.onTraceClick(ev),
  };
  /** Set while `moveTo` brings a row in, so the tab stop does not follow the viewport. */
  private moving = false;
  /** `events.length` when `alv-load-more` last fired; -1 after a new list. */
  private loadMoreAt = -1;
  private clock?: ReturnType<typeof setInterval>;

  /** Moves the tab stop to row `index` (clamped), scrolling it into view, and focuses it. */
  async focusRow(index: number): Promise<void> {
    if (this.events.length === 0) return;
    await this.moveTo(this.clampRow(index), -1, true);
  }

  /** Focuses the row holding the tab stop (where the keyboard left off, or the first in view). */
  async focusActiveRow(): Promise<void> {
    await this.focusRow(this.activeIndex);
  }

  /** Scrolls the event with this id into view and gives it the tab stop; false if absent. */
  async scrollToId(id: string): Promise<boolean> {
    const index = this.indexOf(id);
    if (index === undefined) return false;
    // The active row keeps its active cell (the entry opened from it by Enter on a cell).
    await this.moveTo(index, index === this.activeIndex ? this.activeCol : -1, false);
    return true;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void loadColumnsMenu();
    this.syncClock();
    if (this.body) this.resizeObserver?.observe(this.body);
    if (this.probe) this.resizeObserver?.observe(this.probe);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.syncClock();
    this.resizeObserver?.disconnect();
  }

  protected override firstUpdated(): void {
    // The body's size decides how many rows are in the DOM; a row's height is the density's.
    // The probe is an empty row: its height is the density's, or a card's below 600px.
    this.renderRoot.addEventListener('focusout', this.onFocusOut as EventListener);
    this.resizeObserver = new ResizeObserver(() => {
      this.measure();
      // An open Columns menu says again which columns have room at the new width.
      if (customElements.get('alv-columns-menu'))
        this.renderRoot.querySelector('alv-columns-menu')?.requestUpdate();
    });
    this.resizeObserver.observe(this.body);
    if (this.probe) this.resizeObserver.observe(this.probe);
    this.measure();
  }

  protected override willUpdate(changed: PropertyValues): void {
    const focused = this.shadowRoot!.activeElement;
    this.focusInBody = this.body?.contains(focused) ?? false;
    this.focusedIndex = focused?.closest<HTMLElement>('[data-index]')?.dataset.index;
    if (changed.has('selection')) this.picked = new Set(this.selection);
    if (changed.has('events')) {
      // New rows came over the network: if the Columns menu could not be loaded, try again.
      if (!customElements.get('alv-columns-menu')) void loadColumnsMenu();
      const previous = changed.get('events') as AuditEvent[] | undefined;
      this.ids = undefined;
      const kept = this.activeId === undefined ? undefined : this.indexOf(this.activeId);
      this.activeIndex = kept ?? this.clampRow(this.activeIndex);
      this.activeId = this.events[this.activeIndex]?.id;
      // A different list (new query), not the same one grown: it may ask for more again.
      if (this.events.length < this.loadMoreAt || previous?.[0]?.id !== this.events[0]?.id) {
        this.loadMoreAt = -1;
      }
      // A new query keeps only the picks still in the list.
      if (this.picked.size > 0) {
        const kept = this.ordered(this.picked);
        if (kept.length !== this.picked.size) {
          this.picked = new Set(kept);
          this.selection = kept;
          this.pickedDropped = true;
        }
      }
      if (this.anchorId !== undefined && this.indexOf(this.anchorId) === undefined) {
        this.anchorId = undefined;
      }
    }
    if (changed.has('selectedId') && this.selectedId !== undefined) {
      const index = this.indexOf(this.selectedId);
      if (index !== undefined) {
        this.activeIndex = index;
        this.activeId = this.selectedId;
      }
    }
    if (changed.has('timeFormat') && this.timeFormat === 'relative') this.now = Date.now();
    if (changed.has('timeZone')) this.cells.timeZone = this.timeZone;
    this.cellOptions = { ...this.cellOptions, timeFormat: this.timeFormat, now: this.now };
    if (changed.has('columns') && this.activeCol >= this.visibleColumns.length) {
      this.activeCol = this.visibleColumns.length - 1;
    }
    if (changed.has('events')) {
      // Keep the rows in view: same list offset, clamped to the new length.
      const g = this.geometry();
      this.virtualTop = Math.min(this.virtualTop, maxVirtualTop(g));
      this.setWindow(rowWindow(this.virtualTop, scrollTopFor(this.virtualTop, g), g), false);
    }
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('density')) this.measure();
    if (changed.has('events')) this.keepFocus();
    else if (this.focusInBody) {
      // The focused row's element was re-rendered for another row (the window moved when the
      // entry opened beside the list, or grew when an entry sheet closed): it lost its tab stop,
      // or now shows another row. The focus goes to the active one (where the keyboard was).
      const focused = this.shadowRoot!.activeElement;
      const now = focused?.closest<HTMLElement>('[data-index]')?.dataset.index;
      const row = this.rowAt(this.activeIndex);
      if (row && (!focused || !this.body?.contains(focused) || now !== this.focusedIndex))
        this.focusTargetIn(row).focus({ preventScroll: true });
    }
    if (this.pickedDropped) {
      this.pickedDropped = false;
      this.emit('alv-selection-change', { ids: [...this.selection] });
    }
    if (changed.has('timeFormat')) this.syncClock();
    if (changed.has('events') || changed.has('hasMore') || changed.has('loading')) {
      this.maybeLoadMore();
    }
  }

  override render(): TemplateResult {
    const cols = this.visibleColumns;
    const count = this.events.length;
    // While more pages exist the total is unknown (ARIA: -1), not the count so far.
    const rowCount = this.hasMore ? -1 : count + 1 + (this.loading ? 1 : 0);
    const { first, last, pad, height } = this.win;
    const indices: number[] = [];
    for (let i = Math.max(0, first); i <= Math.min(last, count - 1); i++) indices.push(i);
    const slots = Math.max(1, this.win.slots);
    return html`
      <div part="base" class="base">
        <div class="row probe" aria-hidden="true"></div>
        <div
          class="grid"
          role="grid"
          aria-label=${this.label}
          aria-multiselectable="true"
          aria-rowcount=${rowCount}
          aria-colcount=${cols.length}
          @keydown=${this.onKeydown}
          @click=${this.onClick}
          @mousedown=${this.onMouseDown}
        >
          <div role="rowgroup" part="header" class="head">
            <div role="row" class="row" aria-rowindex="1">
              ${cols.map((c, i) => this.renderHeaderCell(c, i))}
            </div>
          </div>
          <div role="rowgroup" class="body" @scroll=${this.onScroll}>
            <div class="sizer" aria-hidden="true" style="height: ${height}px"></div>
            <div class="pad" aria-hidden="true" style="margin-block-start: ${pad}px"></div>
            ${repeat(
              indices,
              // A row element is reused, not rebuilt, for the row that takes its place: a
              // scroll updates text in a fixed set of elements and leaves no DOM garbage.
              (i) => i % slots,
              (i) => this.renderRow(this.events[i]!, i, cols),
            )}
          </div>
          ${
            this.loading
              ? html`<div role="rowgroup">
                  <div role="row" class="row loading" aria-rowindex=${count + 2}>
                    <div role="gridcell" class="cell" aria-colspan=${cols.length}>Loading…</div>
                  </div>
                </div>`
              : nothing
          }
        </div>
        <!-- Drawn over the header's end, and after the grid in Tab order: the Time header's
             buttons and the rows come first, as they read. -->
        <alv-columns-menu
          exportparts="button: columns-button, menu: columns-menu"
          density=${this.density}
          .columns=${cols}
          .noRoom=${this.columnsWithoutRoom}
          @alv-columns-change=${this.onColumnsChange}
        ></alv-columns-menu>
      </div>
    `;
  }

  /** The visible columns whose cells the table's width leaves out (its container queries). */
  private readonly columnsWithoutRoom = (): ColumnId[] => {
    const row = this.body?.querySelector(':scope > .row[data-index]');
    if (!row) return [];
    const shown = (c: ColumnId) => row.querySelector(`:scope > .c-${c}`)?.checkVisibility();
    // A card (below 600px) shows the action as the plugin cell's step.
    const card = getComputedStyle(row).flexWrap === 'wrap';
    return this.visibleColumns.filter(
      (c) => shown(c) === false && !(c === 'action' && card && shown('plugin')),
    );
  };

  private renderHeaderCell(col: ColumnId, i: number): TemplateResult {
    if (col !== 'time') {
      return html`<div role="columnheader" class="cell c-${col}" aria-colindex=${i + 1}>
        <span>${COLUMN_LABELS[col]}</span>
      </div>`;
    }
    const relative = this.timeFormat === 'relative';
    return html`<div
      role="columnheader"
      class="cell c-time"
      aria-colindex=${i + 1}
      aria-sort=${this.sort === 'asc' ? 'ascending' : 'descending'}
    >
      ${
        this.sortable
          ? html`<button type="button" class="sort" @click=${this.toggleSort}>
              Time<span class="arrow" aria-hidden="true">${this.sort === 'asc' ? '↑' : '↓'}</span>
            </button>`
          : html`<span>Time</span>`
      }
      <button
        type="button"
        class="fmt"
        aria-pressed=${relative ? 'true' : 'false'}
        title=${relative ? 'Show absolute times' : 'Show relative times'}
        @click=${this.toggleTimeFormat}
      >
        <span aria-hidden="true">⇄</span><span class="visually-hidden">Relative times</span>
      </button>
    </div>`;
  }

  private renderRow(event: AuditEvent, index: number, cols: ColumnId[]): TemplateResult {
    const active = index === this.activeIndex;
    return html`<div
      role="row"
      part="row"
      class="row"
      aria-rowindex=${index + 2}
      aria-selected=${this.picked.has(event.id) ? 'true' : 'false'}
      aria-current=${event.id === this.selectedId ? 'true' : nothing}
      tabindex=${active && this.activeCol < 0 ? '0' : '-1'}
      data-index=${index}
    >
      ${cols.map((c, ci) => this.renderCell(event, c, ci, active && this.activeCol === ci))}
    </div>`;
  }

  private renderCell(event: AuditEvent, col: ColumnId, ci: number, focused: boolean) {
    // A cell holding a button passes the tab stop to the button.
    const ownsTabStop = focused && !(col === 'trace' && event.traceId);
    // Few elements per cell: text sits in the cell itself unless it needs its own style.
    return html`<div
      role="gridcell"
      part="cell"
      class="cell c-${col}"
      aria-colindex=${ci + 1}
      tabindex=${ownsTabStop ? '0' : nothing}
      title=${this.cells.title(event, col) ?? nothing}
    >
      ${this.cells.content(event, col, focused, this.cellOptions)}
    </div>`;
  }

  private get visibleColumns(): ColumnId[] {
    const cols = this.columns.filter(isColumnId);
    return cols.length > 0 ? cols : [...ALL_COLUMNS];
  }

  private clampRow(index: number): number {
    return Math.max(0, Math.min(this.events.length - 1, Math.trunc(index) || 0));
  }

  /** Index of the event with this id; the row holding the tab stop is tried first. */
  private indexOf(id: string): number | undefined {
    if (this.events[this.activeIndex]?.id === id) return this.activeIndex;
    this.ids ??= new Map(this.events.map((e, i) => [e.id, i]));
    return this.ids.get(id);
  }

  private rowAt(index: number): HTMLElement | null {
    return this.body?.querySelector<HTMLElement>(`:scope > [data-index="${index}"]`) ?? null;
  }

  /**
   * A focused cell whose column went (the table narrowed: beside an entry it drops trace,
   * duration, method) took the focus with it, to the page: it goes to the cell's row.
   */
  private readonly onFocusOut = (e: FocusEvent): void => {
    const cell = e.target;
    if (e.relatedTarget !== null || !(cell instanceof HTMLElement)) return;
    if (cell.getAttribute('role') !== 'gridcell' && !cell.closest('[role=gridcell]')) return;
    requestAnimationFrame(() => {
      const lost = !document.activeElement || document.activeElement === document.body;
      if (lost && cell.isConnected && !cell.checkVisibility()) void this.focusActiveRow();
    });
  };

  /** The element holding the tab stop inside a rendered row (the row, where its cell is hidden). */
  private focusTargetIn(row: HTMLElement): HTMLElement {
    if (this.activeCol < 0) return row;
    const cell = row.querySelector<HTMLElement>('[tabindex="0"]');
    return cell?.checkVisibility() ? cell : row;
  }

  private geometry(): Geometry {
    return { count: this.events.length, rowHeight: this.rowHeight, viewport: this.viewport };
  }

  /** Reads the row height (the density's) and the body's height; re-places the rows. */
  private measure(): void {
    if (!this.body) return;
    const rowHeight = this.probe?.getBoundingClientRect().height || this.rowHeight || 32;
    const viewport = this.body.clientHeight;
    if (rowHeight === this.rowHeight && viewport === this.viewport) return;
    // The row holding the tab stop stays in view if it was (the user was reading it); else
    // the row at the top stays at the top (density, cards below 600px).
    const at = this.activeIndex;
    const wasInView =
      this.rowHeight > 0 &&
      at * this.rowHeight >= this.virtualTop - 1 &&
      (at + 1) * this.rowHeight <= this.virtualTop + this.viewport + 1;
    if (this.rowHeight > 0) this.virtualTop *= rowHeight / this.rowHeight;
    this.rowHeight = rowHeight;
    this.viewport = viewport;
    if (wasInView) {
      const lowest = (at + 1) * rowHeight - viewport;
      this.virtualTop = Math.max(lowest, Math.min(this.virtualTop, at * rowHeight));
    }
    const g = this.geometry();
    this.virtualTop = Math.max(0, Math.min(this.virtualTop, maxVirtualTop(g)));
    this.scrollBodyTo(this.virtualTop);
  }

  /** Scrolls the body so that the view's top is at `virtualTop` in the list. */
  private scrollBodyTo(virtualTop: number): void {
    const g = this.geometry();
    this.virtualTop = virtualTop;
    const target = scrollTopFor(virtualTop, g);
    // The sizer must be as tall as the list before the scroll position can reach into it.
    const sizer = this.body.querySelector<HTMLElement>(':scope > .sizer');
    if (sizer) sizer.style.height = `${rowWindow(virtualTop, target, g).height}px`;
    if (Math.abs(this.body.scrollTop - target) >= 1) {
      this.body.scrollTop = target;
      this.ownScrollTop = this.body.scrollTop;
    }
    this.setWindow(rowWindow(virtualTop, this.body.scrollTop, g));
  }

  private onScroll(): void {
    const scrollTop = this.body.scrollTop;
    const g = this.geometry();
    // A scroll this element made keeps its exact list offset (scroll positions are rounded).
    if (Math.abs(scrollTop - this.ownScrollTop) >= 1) this.virtualTop = virtualTopFor(scrollTop, g);
    this.ownScrollTop = -1;
    this.setWindow(rowWindow(this.virtualTop, scrollTop, g));
  }

  /** Renders `win`; `follow`: the tab stop follows the view (after a scroll). */
  private setWindow(win: RowWindow, follow = true): void {
    if (!sameWindow(win, this.win)) this.win = win;
    if (!follow) return;
    // The tab stop must stay in the DOM: when the active row leaves it, the tab stop moves
    // to the first row in view (and the focus with it, if the focus was in a row).
    const away = this.activeIndex < win.first || this.activeIndex > win.last;
    if (away && win.last >= win.first && !this.moving) {
      const focusInside = this.body?.contains(this.shadowRoot!.activeElement) ?? false;
      this.activeIndex = win.firstVisible;
      this.activeCol = -1;
      this.activeId = this.events[this.activeIndex]?.id;
      if (focusInside) {
        const index = this.activeIndex;
        void this.updateComplete.then(() => {
          if (index === this.activeIndex) this.rowAt(index)?.focus({ preventScroll: true });
        });
      }
    }
    this.maybeLoadMore();
  }

  /** Scrolls the least that shows row `index` whole. */
  private reveal(index: number): void {
    const { rowHeight, viewport } = this;
    if (!this.body || rowHeight <= 0 || viewport <= 0) return;
    const top = index * rowHeight;
    let virtualTop = this.virtualTop;
    if (top < virtualTop) virtualTop = top;
    else if (top + rowHeight > virtualTop + viewport) virtualTop = top + rowHeight - viewport;
    this.scrollBodyTo(virtualTop);
  }

  /** After new events: the scroll position matches the rows placed, and the focus its row. */
  private keepFocus(): void {
    if (!this.body) return;
    const target = scrollTopFor(this.virtualTop, this.geometry());
    if (Math.abs(this.body.scrollTop - target) >= 1) {
      this.body.scrollTop = target;
      this.ownScrollTop = this.body.scrollTop;
    }
    const focused = this.shadowRoot!.activeElement;
    if (!focused || !this.body.contains(focused)) return;
    const row = this.rowAt(this.activeIndex);
    if (row && !row.contains(focused)) this.focusTargetIn(row).focus({ preventScroll: true });
  }

  private async moveTo(index: number, col: number, focus: boolean): Promise<void> {
    this.activeIndex = index;
    this.activeCol = col;
    this.activeId = this.events[index]?.id;
    this.moving = true;
    try {
      this.reveal(index);
      await this.updateComplete;
      let row = this.rowAt(index);
      // Not laid out yet (just connected): wait for the first measurement.
      for (let frame = 0; !row && frame < 60; frame++) {
        await nextFrame();
        if (index !== this.activeIndex) return;
        this.reveal(index);
        await this.updateComplete;
        row = this.rowAt(index);
      }
      // A later key press won the race.
      if (!row || index !== this.activeIndex) return;
      if (focus) {
        this.focusTargetIn(row).focus({ preventScroll: true });
        // The row is in the table's view; the table itself may reach past the window's (a
        // tall viewer in a short window): the page scrolls the least that shows the row.
        const box = row.getBoundingClientRect();
        if (box.top < 0 || box.bottom > innerHeight) row.scrollIntoView({ block: 'nearest' });
      }
    } finally {
      if (index === this.activeIndex) this.moving = false;
    }
  }

  private open(index: number): void {
    const event = this.events[index];
    if (!event) return;
    this.selectedId = event.id;
    this.anchorId = event.id;
    this.emit('alv-row-select', { id: event.id, event });
  }

  /** `ids` that are in the list, in list order. */
  private ordered(ids: Iterable<string>): string[] {
    const at: [string, number][] = [];
    for (const id of ids) {
      const index = this.indexOf(id);
      if (index !== undefined) at.push([id, index]);
    }
    return at.sort((a, b) => a[1] - b[1]).map(([id]) => id);
  }

  private setPicked(next: Set<string>): void {
    const ids = this.ordered(next);
    if (ids.length === this.picked.size && ids.every((id) => this.picked.has(id))) return;
    this.picked = new Set(ids);
    this.selection = ids;
    this.emit('alv-selection-change', { ids: [...ids] });
  }

  /** Picks or unpicks row `index`; it becomes the anchor of the next range. */
  private togglePick(index: number): void {
    const id = this.events[index]?.id;
    if (id === undefined) return;
    const next = new Set(this.picked);
    if (!next.delete(id)) next.add(id);
    this.anchorId = id;
    this.setPicked(next);
  }

  /** Picks the rows from the anchor (or `from`) to row `index`, keeping the other picks. */
  private pickRange(index: number, from = index): void {
    if (this.anchorId === undefined || this.indexOf(this.anchorId) === undefined) {
      this.anchorId = this.events[from]?.id;
    }
    const anchor = this.indexOf(this.anchorId!) ?? index;
    const next = new Set(this.picked);
    const [lo, hi] = anchor <= index ? [anchor, index] : [index, anchor];
    for (let i = lo; i <= hi; i++) next.add(this.events[i]!.id);
    this.setPicked(next);
  }

  /** Visible-column indices not hidden by the container width. */
  /**
   * The visible columns' indices in reading order: a rendered row's shown cells by line, then
   * by inline position (two-line cards below 600px show their cells in another order).
   */
  private shownColumns(): number[] {
    const row = this.rowAt(this.activeIndex) ?? this.body?.querySelector(':scope > [data-index]');
    const cells = row
      ? [...row.querySelectorAll<HTMLElement>(':scope > [role="gridcell"]')]
      : [...this.renderRoot.querySelectorAll<HTMLElement>('.head [role="columnheader"]')];
    const rtl = getComputedStyle(this).direction === 'rtl';
    return cells
      .map((cell, i) => ({ i, box: cell.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0)
      .sort(
        (a, b) =>
          Math.round(a.box.top - b.box.top) ||
          (rtl ? b.box.right - a.box.right : a.box.left - b.box.left),
      )
      .map(({ i }) => i);
  }

  private pageSize(): number {
    return Math.max(1, Math.floor(this.viewport / (this.rowHeight || 32)));
  }

  private onKeydown(ev: KeyboardEvent): void {
    const target = ev.composedPath()[0];
    if (ev.key === 'Escape') {
      // The first Escape unpicks the rows; the next one closes the entry.
      if (this.picked.size > 0) this.setPicked(new Set());
      else this.emit('alv-close', {});
      return;
    }
    const count = this.events.length;
    if (count === 0 || !(target instanceof HTMLElement) || !this.body.contains(target)) return;
    // The trace button handles its own activation.
    if (target instanceof HTMLButtonElement && (ev.key === 'Enter' || ev.key === ' ')) return;
    const focusedRow = target.closest<HTMLElement>('[data-index]');
    if (focusedRow) this.activeIndex = Number(focusedRow.dataset.index);
    const shown = this.shownColumns();
    const at = shown.indexOf(this.activeCol);
    let row = this.activeIndex;
    let col = this.activeCol;
    switch (ev.key) {
      case 'ArrowDown':
        row += 1;
        break;
      case 'ArrowUp':
        row -= 1;
        break;
      case ' ':
        ev.preventDefault();
        if (ev.shiftKey) this.pickRange(this.activeIndex);
        else this.togglePick(this.activeIndex);
        return;
      case 'PageDown':
        row += this.pageSize();
        break;
      case 'PageUp':
        row -= this.pageSize();
        break;
      case 'Home':
        if (col < 0 || ev.ctrlKey) row = 0;
        else col = shown[0] ?? -1;
        break;
      case 'End':
        if (col < 0 || ev.ctrlKey) row = count - 1;
        else col = shown.at(-1) ?? -1;
        break;
      case 'ArrowRight':
        col = col < 0 ? (shown[0] ?? -1) : (shown[at + 1] ?? col);
        break;
      case 'ArrowLeft':
        col = at <= 0 ? -1 : shown[at - 1]!;
        break;
      case 'Enter':
        ev.preventDefault();
        this.open(this.activeIndex);
        return;
      default:
        return;
    }
    ev.preventDefault();
    const to = this.clampRow(row);
    if (
      ev.shiftKey &&
      (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') &&
      to !== this.activeIndex
    ) {
      this.pickRange(to, this.activeIndex);
    }
    void this.moveTo(to, col, true);
  }

  private onClick(ev: MouseEvent): void {
    const path = ev.composedPath();
    const rowIndex = path.findIndex((n) => n instanceof HTMLElement && n.dataset.index);
    if (rowIndex < 0) return;
    // Clicks on controls inside the row (the trace button) do not open it.
    if (path.slice(0, rowIndex).some((n) => n instanceof HTMLButtonElement)) return;
    const index = Number((path[rowIndex] as HTMLElement).dataset.index);
    this.activeIndex = index;
    this.activeCol = -1;
    this.activeId = this.events[index]?.id;
    if (ev.shiftKey) this.pickRange(index);
    else if (ev.ctrlKey || ev.metaKey) this.togglePick(index);
    else {
      this.open(index);
      return;
    }
    // The row keeps the focus (a Shift-press does not give it: it would select text).
    (path[rowIndex] as HTMLElement).focus({ preventScroll: true });
  }

  /** Shift-click would select the rows' text; it picks rows instead. */
  private onMouseDown(ev: MouseEvent): void {
    if (ev.shiftKey && ev.button === 0) ev.preventDefault();
  }

  private onTraceClick(ev: MouseEvent): void {
    const traceId = (ev.currentTarget as HTMLElement).dataset.trace;
    if (traceId) this.emit('alv-trace-select', { traceId });
  }

  private maybeLoadMore(): void {
    const count = this.events.length;
    if (!this.hasMore || this.loading || count === 0 || this.win.last < 0) return;
    if (this.win.last < count - 1 - LOAD_MORE_WITHIN || count <= this.loadMoreAt) return;
    this.loadMoreAt = count;
    this.emit('alv-load-more', {});
  }

  private toggleSort(): void {
    if (!this.sortable) return;
    this.sort = this.sort === 'desc' ? 'asc' : 'desc';
    this.emit('alv-sort-change', { sort: this.sort });
  }

  private toggleTimeFormat(): void {
    this.timeFormat = this.timeFormat === 'relative' ? 'absolute' : 'relative';
  }

  private syncClock(): void {
    const ticking = this.isConnected && this.timeFormat === 'relative';
    if (ticking && !this.clock) {
      this.clock = setInterval(() => (this.now = Date.now()), RELATIVE_TICK_MS);
    } else if (!ticking && this.clock) {
      clearInterval(this.clock);
      this.clock = undefined;
    }
  }

  /** The Columns menu changed them: the event goes on to the host as it is. */
  private onColumnsChange(ev: AlvEventMap['alv-columns-change']): void {
    this.columns = [...ev.detail.columns];
  }
}
