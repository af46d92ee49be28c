/**
 * Every event the viewer's elements emit, declared once. All bubble and are composed; the root
 * handles its parts' events and lets only its own (view, row and trace select, error, copy,
 * safe to share) reach the host.
 */
import type { LoadError } from '../core/errors.js';
import type { AuditEvent, Filters, SortOrder, ViewState } from '../core/model.js';
import type { ColumnId, EntryTab } from '../core/view-state.js';

export interface AlvEventMap {
  /** The root's view (filters, sort, columns, selection) changed. */
  'alv-view-change': CustomEvent<{ view: ViewState }>;
  /** The filter bar's filters changed; `typing` when applied by the typing debounce, not committed. */
  'alv-filter-change': CustomEvent<{ filters: Filters; typing?: boolean }>;
  /** A row became the selected one (click, or Enter). */
  'alv-row-select': CustomEvent<{ id: string; event: AuditEvent }>;
  /** Rows were picked for "Copy for ticket" (the table's multi-select): their ids, in list order. */
  'alv-selection-change': CustomEvent<{ ids: string[] }>;
  /** A trace id was chosen (clicked in the table or the payload viewer). */
  'alv-trace-select': CustomEvent<{ traceId: string }>;
  /** The table wants the next page (the user neared the end). */
  'alv-load-more': CustomEvent<Record<string, never>>;
  'alv-sort-change': CustomEvent<{ sort: SortOrder }>;
  'alv-columns-change': CustomEvent<{ columns: ColumnId[] }>;
  /** The user chose another section (tab) of the open entry. */
  'alv-tab-change': CustomEvent<{ tab: EntryTab }>;
  /** The payload viewer (or trace view) asked to close (Escape, or its close button). */
  'alv-close': CustomEvent<Record<string, never>>;
  /** Text left the viewer (always masked by the sharing rules). */
  'alv-copy': CustomEvent<{
    what: 'value' | 'path' | 'curl' | 'json' | 'link' | 'ticket';
    text: string;
  }>;
  /** A saved view was chosen (the saved-views menu): show it. */
  'alv-view-select': CustomEvent<{ view: ViewState }>;
  /** "Safe to share" (masking for screen sharing) was switched on or off. */
  'alv-safe-to-share': CustomEvent<{ on: boolean }>;
  /** A time range was chosen on the histogram (a bar, or a brushed run of bars); epoch ms, inclusive. */
  'alv-time-select': CustomEvent<{ from: number; to: number }>;
  /** The histogram's "Zoom out" was chosen: back to the time range before the last zoom. */
  'alv-zoom-out': CustomEvent<Record<string, never>>;
  /** The histogram was shown or hidden by the user. */
  'alv-histogram-toggle': CustomEvent<{ open: boolean }>;
  /** The histogram failed to load and the user asked to try again. */
  'alv-histogram-retry': CustomEvent<Record<string, never>>;
  /** The facet panel was shown or hidden by the user. */
  'alv-facets-toggle': CustomEvent<{ open: boolean }>;
  /** The facet counts failed to load and the user asked to try again. */
  'alv-facets-retry': CustomEvent<Record<string, never>>;
  /** The facet panel's values came on screen or left it (a fold, or a narrow width); does not bubble. */
  'alv-facets-shown': CustomEvent<{ shown: boolean }>;
  /** "Skip to the events" was chosen in the filter bar: focus moves to the list. */
  'alv-skip-to-list': CustomEvent<Record<string, never>>;
  /**
   * Loading failed; `error.kind` says what (core/errors.ts), undefined for an error a host's
   * own `Source` threw.
   */
  'alv-error': CustomEvent<{ error: LoadError; retryable: boolean }>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends AlvEventMap {}
}
