/**
 * What the extension keeps: its sources (with their credentials) in extension local storage
 * only, never sync storage; the source in use; and, in session storage (memory, gone when the
 * browser quits), a search handed from the background (the context menu) to the side panel and
 * the side panel's view.
 */
import { storage } from 'wxt/utils/storage';
import type { Filters } from '../core/model.js';
import type { ItsmRecord } from './itsm.js';
import type { ExtensionSource } from './sources.js';

export const sourcesItem = storage.defineItem<ExtensionSource[]>('local:sources', {
  fallback: [],
  version: 1,
});

export const activeSourceItem = storage.defineItem<string | null>('local:activeSource', {
  fallback: null,
  version: 1,
});

export interface PendingSearch {
  filters: Filters;
  /** What it came from, for the side panel to say ("Searching for the selection …"). */
  label: string;
  at: number;
}

export const pendingSearchItem = storage.defineItem<PendingSearch | null>('session:pendingSearch', {
  fallback: null,
});

/** The ITSM record of the page the user asked about (read on their gesture). */
export const pageRecordItem = storage.defineItem<(ItsmRecord & { at: number }) | null>(
  'session:pageRecord',
  { fallback: null },
);

/** ITSM origins whose pages the side panel may read, asked for from the user's click. */
export const ITSM_ORIGINS = [
  'https://*.service-now.com/*',
  'https://*.atlassian.net/*',
  'https://*.zendesk.com/*',
];

/** The views a page last showed, per source id: each one's link fragment (time kept relative). */
export type RememberedViews = Record<string, string>;

/**
 * The side panel's view (filters, sort, columns, open entry) for each source: reopened, or
 * back on a source, the panel shows it again.
 */
export const panelViewsItem = storage.defineItem<RememberedViews>('session:panelViews', {
  fallback: {},
});
