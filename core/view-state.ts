/**
 * The canonical `ViewState`: one canonical form, one equality, and the share-link format.
 *
 * A link is a URL fragment that reads like the query box:
 *
 *     #v1;q=user:a@b.com%20status:201;sort=asc;cols=time,actor,status;sel=evt_123;src=generic
 *
 * Parts are `;`-separated `key=value` pairs after a version tag; values are percent-encoded
 * except for characters that are safe and readable in a fragment. The filters travel as the
 * query language's own text (`formatQuery`), so a link says what it shows. A link carries only
 * what defines the view (filters the user typed, sort, columns, the selected entry's id, the
 * adapter's name) and never a credential or any value of an event's payload. Reading a link
 * (`viewFromFragment`) is in `view-link.ts`, with the query parser it needs.
 */
import {
  FILTER_KEYS,
  RELATIVE_RANGE_MS,
  VIEW_STATE_VERSION,
  type AuditEvent,
  type FilterKey,
  type Filters,
  type ViewState,
} from './model.js';
import { formatQuery } from './query-format.js';
import type { Capabilities, RecordField } from './sources/types.js';

export type ColumnId =
  'time' | 'actor' | 'plugin' | 'action' | 'method' | 'url' | 'status' | 'duration' | 'trace';
export const ALL_COLUMNS: readonly ColumnId[] = [
  'time',
  'actor',
  'plugin',
  'action',
  'method',
  'url',
  'status',
  'duration',
  'trace',
];
/** The columns' names, as headers and in the Columns menu. */
export const COLUMN_LABELS: Readonly<Record<ColumnId, string>> = {
  time: 'Time',
  actor: 'Actor',
  plugin: 'Plugin',
  action: 'Action',
  method: 'Method',
  url: 'URL',
  status: 'Status',
  duration: 'Duration',
  trace: 'Trace',
};
export const isColumnId = (s: string): s is ColumnId =>
  (ALL_COLUMNS as readonly string[]).includes(s);

/** Columns whose field some backends' records never carry, by the filter of that field. */
const COLUMN_FILTER: Partial<Record<ColumnId, FilterKey>> = { method: 'method', trace: 'traceId' };
/** Columns that show only a field some backends' records never carry. */
const COLUMN_FIELD: Partial<Record<ColumnId, RecordField>> = { duration: 'duration' };

/**
 * The columns shown until the user picks some: all of them, less those a backend's records
 * never fill: `filters` leaves out their field (no method in Kore's or Nected's, no trace ID
 * in Kore's or org-audit's) or `absentFields` names it (no duration but the reference
 * service's). Without capabilities, all of them.
 */
export function defaultColumns(
  capabilities?: Pick<Capabilities, 'filters' | 'absentFields'>,
): ColumnId[] {
  const { filters, absentFields = [] } = capabilities ?? {};
  return ALL_COLUMNS.filter((c) => {
    const filter = COLUMN_FILTER[c];
    const field = COLUMN_FIELD[c];
    return (
      (filter === undefined || !filters || filters.includes(filter)) &&
      (field === undefined || !absentFields.includes(field))
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Canonical form and equality

const trimmed = (v: unknown): string | undefined =>
  typeof v === 'string' ? v.trim() || undefined : undefined;

/**
 * The filters in one canonical shape: strings trimmed, no empty values, `method` in capitals,
 * free text as words joined by single spaces, an absolute time range only with a finite bound,
 * keys in `FILTER_KEYS` order. Equivalent filters have equal canonical forms.
 */
export function canonicalFilters(f: Filters): Filters {
  const out: Record<string, unknown> = {};
  const src = f as Record<string, unknown>;
  for (const key of FILTER_KEYS) {
    const value = src[key];
    if (key === 'time') {
      const t = f.time;
      if (t?.type === 'relative') out.time = { type: 'relative', last: t.last };
      else if (t?.type === 'absolute') {
        const from = Number.isFinite(t.from) ? t.from : undefined;
        const to = Number.isFinite(t.to) ? t.to : undefined;
        if (from !== undefined || to !== undefined) {
          const time: { type: 'absolute'; from?: number; to?: number } = { type: 'absolute' };
          if (from !== undefined) time.from = from;
          if (to !== undefined) time.to = to;
          out.time = time;
        }
      }
    } else if (key === 'q') {
      const q = typeof value === 'string' ? value.split(/\s+/).filter(Boolean).join(' ') : '';
      if (q) out.q = q;
    } else {
      const s = trimmed(value);
      if (s !== undefined) out[key] = key === 'method' ? s.toUpperCase() : s;
    }
  }
  return out;
}

/** The view in its canonical shape (see `canonicalFilters`); empty parts left out. */
export function canonicalView(view: ViewState): ViewState {
  const out: ViewState = {
    v: VIEW_STATE_VERSION,
    filters: canonicalFilters(view.filters ?? {}),
    sort: view.sort === 'asc' ? 'asc' : 'desc',
  };
  const source = trimmed(view.source);
  if (source) out.source = source;
  const columns = view.columns?.filter((c, i, all) => all.indexOf(c) === i);
  if (columns?.length) out.columns = columns;
  const selected = trimmed(view.selected);
  if (selected) out.selected = selected;
  return out;
}

/** JSON with object keys sorted, so key order never matters. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** A string equal for equivalent filters and different otherwise (a cache or map key). */
export const filtersKey = (f: Filters): string => stableJson(canonicalFilters(f));
export const sameFilters = (a: Filters, b: Filters): boolean => filtersKey(a) === filtersKey(b);

/** A string equal for equivalent views and different otherwise. */
export const viewKey = (v: ViewState): string => stableJson(canonicalView(v));
export const sameView = (a: ViewState, b: ViewState): boolean => viewKey(a) === viewKey(b);

/** Whether any filter is set. */
export const hasFilters = (f: Filters): boolean => Object.keys(canonicalFilters(f)).length > 0;

/** The filters with a relative time range replaced by the absolute range it means at `now`. */
export function pinTime(filters: Filters, now: number): Filters {
  const t = filters.time;
  if (t?.type !== 'relative') return filters;
  return { ...filters, time: { type: 'absolute', from: now - RELATIVE_RANGE_MS[t.last], to: now } };
}

// ---------------------------------------------------------------------------------------------
// Share links

export const LINK_VERSION = `v${VIEW_STATE_VERSION}`;

/** Whether `fragment` (with or without its `#`) is a view link at all, of any version. */
export const isLinkFragment = (fragment: string): boolean => /^#?v\d+(;|$)/.test(fragment);

/** Characters left readable in a link part (all legal in a fragment, none is `;` `=` `%`). */
const READABLE = /%(3A|40|2C|2F|21|24|27|28|29|2A|2B|5B|5D|7E)/gi;
const encodePart = (s: string): string =>
  encodeURIComponent(s).replace(READABLE, (m) => decodeURIComponent(m));

export interface LinkOptions {
  /** Keep a relative time range relative (the rows then change with the day it is opened). */
  keepRelative?: boolean;
  /**
   * The filters Safe to share left out of the link (`safeView`'s `dropped`): the link says so
   * (`;out=actor`), and whoever opens it is told the view may hold more than its sender saw.
   */
  leftOut?: readonly FilterKey[];
  /** The clock that pins a relative range (default `Date.now`). */
  now?: number;
}

/**
 * The fragment (with its `#`) that reproduces `view`. A relative time range is pinned to the
 * absolute times it means now, unless `keepRelative`.
 */
export function viewToFragment(view: ViewState, options: LinkOptions = {}): string {
  const v = canonicalView(view);
  const filters = options.keepRelative ? v.filters : pinTime(v.filters, options.now ?? Date.now());
  const parts = [LINK_VERSION];
  const q = formatQuery(filters);
  if (q) parts.push(`q=${encodePart(q)}`);
  if (v.sort !== 'desc') parts.push(`sort=${v.sort}`);
  if (v.columns) parts.push(`cols=${v.columns.map(encodePart).join(',')}`);
  if (v.selected) parts.push(`sel=${encodePart(v.selected)}`);
  if (v.source) parts.push(`src=${encodePart(v.source)}`);
  if (options.leftOut?.length) parts.push(`out=${options.leftOut.map(encodePart).join(',')}`);
  return `#${parts.join(';')}`;
}

/** How a filter left out of a link is named where that is said (the share menu, the link). */
export const LEFT_OUT_NAMES: Partial<Record<FilterKey, string>> = {
  actor: 'the user',
  userId: 'the user ID',
  q: 'the free text',
  entityId: 'the entity ID',
};

/** Filters whose value names or identifies a person: never in a link made to be shared masked. */
const PERSONAL_FILTERS: readonly FilterKey[] = ['actor', 'userId'];

/**
 * `view` as a link made while "Safe to share" is on (or for a ticket) may carry it: without the
 * filters that name a person (user, user ID) and without any filter whose text `mask` would
 * change (an email or a token typed as free text, say). `dropped` says which were left out.
 */
export function safeView(
  view: ViewState,
  mask: (text: string) => string,
): { view: ViewState; dropped: FilterKey[] } {
  const filters: Record<string, unknown> = {};
  const dropped: FilterKey[] = [];
  for (const [key, value] of Object.entries(canonicalFilters(view.filters))) {
    const personal = (PERSONAL_FILTERS as readonly string[]).includes(key);
    if (personal || (typeof value === 'string' && mask(value) !== value))
      dropped.push(key as FilterKey);
    else filters[key] = value;
  }
  return { view: { ...view, filters: filters }, dropped };
}

/** Half the width of the time window an entry link shows around its entry. */
export const ENTRY_WINDOW_MS = 15 * 60_000;

/** The sections of an open entry; a link to an entry may name the one to open on. */
export const ENTRY_TABS = ['overview', 'request', 'response', 'changes', 'raw'] as const;
export type EntryTab = (typeof ENTRY_TABS)[number];
export const isEntryTab = (s: string): s is EntryTab =>
  (ENTRY_TABS as readonly string[]).includes(s);

/**
 * The fragment of a link to one entry: the view's filters with the time range narrowed to a
 * window around the entry, and the entry selected. Only the entry's id and time are used.
 * `tab`, other than the overview, is the section the link opens on (`;tab=response`).
 */
export function entryFragment(
  view: ViewState,
  entry: Pick<AuditEvent, 'id' | 'timestamp'>,
  tab?: EntryTab,
  leftOut?: readonly FilterKey[],
): string {
  const filters: Filters = {
    ...view.filters,
    time: {
      type: 'absolute',
      from: Math.max(0, entry.timestamp - ENTRY_WINDOW_MS),
      to: entry.timestamp + ENTRY_WINDOW_MS,
    },
  };
  const fragment = viewToFragment(
    { ...view, filters, selected: entry.id },
    { keepRelative: true, leftOut },
  );
  return tab && tab !== 'overview' ? `${fragment};tab=${tab}` : fragment;
}
