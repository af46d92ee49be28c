/** What the stress page exposes to the bench (as `window.alvBench`), and the input marks. */

/** `performance.now()` of the first input of each kind since the marks were last reset. */
export interface InputMarks {
  keydown?: number;
  input?: number;
  click?: number;
  /** `alv-filter-change` from the filter bar (after its debounce). */
  filterChange?: number;
}

export interface TableRender {
  events: number;
  generateMs: number;
  /** From setting `events` on a mounted, empty table to its rows painted. */
  renderMs: number;
  /** Row elements in the table body afterwards. */
  domRows: number;
}

export interface JsonRender {
  items: number;
  /** `JSON.stringify(value).length`. */
  bytes: number;
  generateMs: number;
  /** From setting `value` on a mounted, empty tree to it painted. */
  renderMs: number;
  /** The longest main-thread task meanwhile (a `longtask` entry; 0 when none passed 50 ms). */
  longestTaskMs: number;
  treeItems: number;
}

export interface CacheWrite {
  events: number;
  pages: number;
  /** From the first page record's write to the last one committed. */
  totalMs: number;
  /** The longest main-thread task meanwhile (a \`longtask\` entry; 0 when none passed 50 ms). */
  longestTaskMs: number;
}

/**
 * The table measurements that `<alv-log-table>` (stress page) and AG Grid Community (its own
 * page) both answer to, as `window.alvTable`: same events, columns, row height and viewport.
 */
export interface TableBench {
  /** Generates `count` events (timed apart) and shows them: set → first rows painted. */
  mount(count: number): Promise<{ generateMs: number; renderMs: number }>;
  /** Elements inside the table: its shadow root, or the grid's root element. */
  domNodes(): number;
  /** Frame lengths of a scroll from top to bottom in `steps` jumps, one a frame. */
  scroll(steps: number): Promise<number[]>;
  /** Filters to about 1% (two users of 200): from the call to the filtered rows painted. */
  filter(): Promise<{ ms: number; rows: number }>;
}

export interface StressApi {
  /** Writes \`count\` events as page records of \`perPage\` into a fresh IndexedDB store. */
  cacheWrite(count: number, perPage: number): Promise<CacheWrite>;
  /** Reads one page record of the last \`cacheWrite\` \`times\` times: each read's ms. */
  cacheRead(times: number): Promise<number[]>;
  /**
   * Mounts \`<audit-log-viewer>\` over a source whose network never answers, with its first page
   * cached by an earlier mount: ms from connecting the element to its first row painted.
   */
  cachedFirstRows(): Promise<number>;
  mountTable(count: number): Promise<TableRender>;
  /** Gives row 0 the table's focus (the tab stop). */
  focusFirstRow(): Promise<void>;
  /** `performance.now()` once row `index` holds the focus, else 0. */
  rowFocusedAt(index: number): number;
  domRows(): number;
  mountJson(items: number): Promise<JsonRender>;
  /** `performance.now()` once the tree renders a node with this key, else 0. */
  renderedAt(key: string): number;
  treeItems(): number;
}

declare global {
  interface Window {
    alvBench?: StressApi;
    alvTable?: TableBench;
    alvMarks?: InputMarks;
  }
}
