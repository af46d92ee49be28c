/**
 * Which rows of a fixed-row-height list are in the DOM, and where, for a scroll position.
 * Pure arithmetic, no DOM.
 *
 * Browsers cap an element's height (Chromium near 33.5 million px: about a million 32 px
 * rows), so past `MAX_SCROLL_HEIGHT` the scrollbar covers the list at a scale: one scroll
 * pixel stands for `ratio` list pixels, and the rows in view are placed relative to the
 * scroll position rather than at `index * rowHeight`.
 */

/** Tallest scroll height used; well under Chromium's cap, and exact in floating point. */
export const MAX_SCROLL_HEIGHT = 15_000_000;
/** Rows rendered beyond each edge of the view. */
export const OVERSCAN = 3;

export interface Geometry {
  count: number;
  /** One row's height, px (0: not measured yet). */
  rowHeight: number;
  /** The scroller's inner height, px (0: not laid out). */
  viewport: number;
}

export interface RowWindow {
  /** First and last rendered row (inclusive); `last < first` when none. */
  first: number;
  last: number;
  /** First row at least partly in view. */
  firstVisible: number;
  /** Offset of row `first` from the top of the scroll space, px (may be negative). */
  pad: number;
  /** Scroll height of the list, px. */
  height: number;
  /** Row elements at most: a window never holds more, so `index % slots` keys are unique. */
  slots: number;
}

export const NO_WINDOW: RowWindow = {
  first: 0,
  last: -1,
  firstVisible: -1,
  pad: 0,
  height: 0,
  slots: 1,
};

export function scrollHeightOf(g: Geometry): number {
  return Math.min(g.count * g.rowHeight, MAX_SCROLL_HEIGHT);
}

/** List pixels per scroll pixel: 1 unless the list is taller than `MAX_SCROLL_HEIGHT`. */
export function ratioOf(g: Geometry): number {
  const total = g.count * g.rowHeight;
  const height = scrollHeightOf(g);
  if (total <= height || height <= g.viewport) return 1;
  return (total - g.viewport) / (height - g.viewport);
}

/** The largest `virtualTop`: the last row's bottom at the view's bottom. */
export function maxVirtualTop(g: Geometry): number {
  return Math.max(0, g.count * g.rowHeight - g.viewport);
}

export function virtualTopFor(scrollTop: number, g: Geometry): number {
  return Math.min(maxVirtualTop(g), Math.max(0, scrollTop * ratioOf(g)));
}

export function scrollTopFor(virtualTop: number, g: Geometry): number {
  return virtualTop / ratioOf(g);
}

/**
 * The rows to render when the view's top is at `virtualTop` in the list (`index * rowHeight`
 * units) and at `scrollTop` in the scroller.
 */
export function rowWindow(virtualTop: number, scrollTop: number, g: Geometry): RowWindow {
  const height = scrollHeightOf(g);
  if (g.count === 0 || g.rowHeight <= 0) return { ...NO_WINDOW, height };
  const { count, rowHeight, viewport } = g;
  const slots = Math.ceil(viewport / rowHeight) + 1 + 2 * OVERSCAN;
  const firstVisible = Math.max(0, Math.min(count - 1, Math.floor(virtualTop / rowHeight)));
  const first = Math.max(0, firstVisible - OVERSCAN);
  const pad = scrollTop - virtualTop + first * rowHeight;
  // Rows never reach past the scroll height (that would lengthen it), give or take the pixel
  // a browser rounds scroll positions to.
  const fit = Math.floor((height + 1 - pad) / rowHeight + 1e-3);
  const last = Math.min(count - 1, first + slots - 1, first + fit - 1);
  return { first, last, firstVisible, pad, height, slots };
}

export function sameWindow(a: RowWindow, b: RowWindow): boolean {
  return (
    a.first === b.first &&
    a.last === b.last &&
    a.firstVisible === b.firstVisible &&
    a.pad === b.pad &&
    a.height === b.height &&
    a.slots === b.slots
  );
}
