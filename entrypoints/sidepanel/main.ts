/** The side panel: the viewer at full height next to the tab the admin works in. */
import { browser } from 'wxt/browser';
import type { AuditLogViewer } from '../../components/audit-log-viewer/audit-log-viewer.component.js';
import { viewToFragment } from '../../core/view-state.js';
import { recognisePage } from '../../extension/itsm.js';
import { filtersForRecord } from '../../extension/menu.js';
import { setUpViewerPage } from '../../extension/page.js';
import '../../extension/panel.css';
import { ITSM_ORIGINS, pageRecordItem, panelViewsItem } from '../../extension/store.js';

const viewer = document.querySelector<AuditLogViewer>('#viewer')!;
const message = document.querySelector<HTMLElement>('#message')!;
const chips = document.querySelector<HTMLElement>('#chips')!;
/** The full-tab viewer's address (WXT types `getURL` from generated files this build does not type-check). */
const viewerPage = (browser.runtime as unknown as { getURL(path: string): string }).getURL(
  '/viewer.html',
);

const page = await setUpViewerPage(viewer, document.querySelector('#source')!, message, {
  remember: panelViewsItem,
  shareBase: viewerPage,
});

document.querySelector('#open-tab')!.addEventListener('click', () => {
  // On this panel's source (the link names it).
  const base = viewer.shareBase ?? viewerPage;
  const url = base + viewToFragment(viewer.view, { keepRelative: true });
  void browser.tabs.create({ url });
});
document.querySelector('#options')!.addEventListener('click', () => {
  void browser.runtime.openOptionsPage();
});

/** One-click filters from an ITSM record: its ticket number and its requester. */
function offer(record: { ticket?: string; email?: string }): void {
  const buttons: HTMLButtonElement[] = [];
  const add = (label: string, apply: () => void) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', apply);
    buttons.push(b);
  };
  if (record.ticket) add(`Ticket ${record.ticket}`, () => page.search({ q: record.ticket }));
  if (record.email) add(`Requester ${record.email}`, () => page.search({ actor: record.email }));
  chips.replaceChildren(...buttons);
  if (!buttons.length)
    page.say('This page is a ticket, but its number and requester could not be read.');
}

pageRecordItem.watch((record) => record && offer(record));
const known = await pageRecordItem.getValue();
if (known) offer(known);

/**
 * Reads the ticket in the active tab. Clicks in the side panel grant no activeTab, so host
 * access to the ITSM sites is asked for here, from the click, before the page is read.
 */
document.querySelector('#from-page')!.addEventListener('click', () => {
  // Ask first, synchronously in the gesture.
  const granted = browser.permissions.request({ origins: ITSM_ORIGINS });
  void (async () => {
    const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
    const allowed = await granted.catch(() => false);
    if (!tab?.id || !tab.url) {
      page.say(
        allowed
          ? 'The active tab is not a ServiceNow, Jira or Zendesk page.'
          : 'Reading the page needs access to the ITSM site: it was not granted.',
      );
      return;
    }
    try {
      const [result] = await browser.scripting.executeScript({
        target: { tabId: tab.id },
        func: () => ({
          url: location.href,
          html: document.documentElement.outerHTML.slice(0, 500_000),
        }),
      });
      const read = result?.result;
      const record = read && recognisePage(read.url, read.html);
      if (!record) {
        page.say('The active tab is not a ServiceNow, Jira or Zendesk ticket.');
        return;
      }
      offer(record);
      page.search(
        filtersForRecord(record),
        `Filtered by ${record.ticket ?? 'the ticket'} from this page.`,
      );
    } catch {
      page.say('This page could not be read (no access to it).');
    }
  })();
});
