/** Wiring only: the toolbar button opens the side panel; the context menu searches. */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import {
  MENU_PAGE,
  MENU_SELECTION,
  MENU_TITLE,
  PAGE_MENU_TITLE,
  onMenuClick,
  type MenuClick,
  type MenuDeps,
} from '../extension/menu.js';
import { pageRecordItem, pendingSearchItem } from '../extension/store.js';

const firefoxSidebar = () =>
  (browser as unknown as { sidebarAction?: { open(): Promise<void> } }).sidebarAction;

export default defineBackground(() => {
  void browser.sidePanel?.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => undefined);

  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create({ id: MENU_SELECTION, title: MENU_TITLE, contexts: ['selection'] });
    browser.contextMenus.create({
      id: MENU_PAGE,
      title: PAGE_MENU_TITLE,
      contexts: ['page'],
      documentUrlPatterns: [
        'https://*.service-now.com/*',
        'https://*.atlassian.net/*',
        'https://*.zendesk.com/*',
      ],
    });
  });

  const handle = (
    info: MenuClick,
    tab?: { id?: number; windowId?: number },
    overrides: Partial<MenuDeps> = {},
  ) =>
    onMenuClick(info, {
      // Synchronously, inside the gesture: no await before this.
      openPanel: () => {
        if (browser.sidePanel && tab?.windowId !== undefined)
          void browser.sidePanel.open({ windowId: tab.windowId }).catch(() => undefined);
        // Firefox: the sidebar.
        else
          void firefoxSidebar()
            ?.open()
            .catch(() => undefined);
      },
      setPending: (search) => pendingSearchItem.setValue(search),
      setPageRecord: (record) => pageRecordItem.setValue({ ...record, at: Date.now() }),
      readPage: async () => {
        if (tab?.id === undefined) return undefined;
        const [result] = await browser.scripting.executeScript({
          target: { tabId: tab.id },
          func: () => ({
            url: location.href,
            html: document.documentElement.outerHTML.slice(0, 500_000),
          }),
        });
        return result?.result;
      },
      ...overrides,
    });

  browser.contextMenus.onClicked.addListener((info, tab) => void handle(info, tab));
  // The e2e tests drive the handler as a click would (menus cannot be clicked headless, and
  // headless Chromium cannot grant the page access that reading a tab needs).
  (globalThis as { alvMenuClick?: typeof handle }).alvMenuClick = handle;
});
