/**
 * The context menu: "Search audit logs for '…'" on a selection, and "Audit logs for this
 * ticket" on an ITSM page. The handler opens the side panel synchronously, inside the user's
 * gesture (Chrome refuses `sidePanel.open()` after an await), then hands over the search.
 */
import { recognisePage, type ItsmRecord } from './itsm.js';
import { MENU_TITLE, searchForSelection } from './selection.js';
import type { PendingSearch } from './store.js';

export const MENU_SELECTION = 'alv-search-selection';
export const MENU_PAGE = 'alv-search-page';
export const PAGE_MENU_TITLE = 'Audit logs for this ticket';

export interface MenuClick {
  menuItemId: string | number;
  selectionText?: string;
}

export interface MenuDeps {
  /** Opens the side panel for the window: must be called before anything is awaited. */
  openPanel: () => void;
  setPending: (search: PendingSearch) => Promise<void>;
  /** Reads the tab's URL and HTML (the menu gesture grants activeTab). */
  readPage?: () => Promise<{ url: string; html: string } | undefined>;
  setPageRecord?: (record: ItsmRecord) => Promise<void>;
  now?: () => number;
}

/** The filters for an ITSM record: its requester, else its ticket number as text. */
export function filtersForRecord(record: ItsmRecord): PendingSearch['filters'] {
  if (record.email) return { actor: record.email };
  if (record.ticket) return { q: record.ticket };
  return {};
}

export async function onMenuClick(info: MenuClick, deps: MenuDeps): Promise<void> {
  if (info.menuItemId !== MENU_SELECTION && info.menuItemId !== MENU_PAGE) return;
  deps.openPanel();
  const now = deps.now ?? Date.now;
  if (info.menuItemId === MENU_SELECTION) {
    const search = searchForSelection(info.selectionText ?? '');
    if (search)
      await deps.setPending({
        filters: search.filters,
        label: `the ${search.kind} “${(info.selectionText ?? '').replace(/\s+/g, ' ').trim().slice(0, 60)}”`,
        at: now(),
      });
    return;
  }
  const page = await deps.readPage?.();
  const record = page && recognisePage(page.url, page.html);
  if (!record) return;
  await deps.setPageRecord?.(record);
  await deps.setPending({
    filters: filtersForRecord(record),
    label: `${record.ticket ?? 'this ticket'}${record.email ? ` (${record.email})` : ''}`,
    at: now(),
  });
}

export { MENU_TITLE };
