/**
 * What the e2e tests share: the reference service serving the demo page, the system
 * Chromium, and ways to read what a person sees through shadow roots.
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright';
import { readConfig } from '../../../server/config.js';
import { buildDemo, mountDemo } from '../../../server/demo.js';
import { startService, type Service } from '../../../server/service.js';
import { chromiumLaunchOptions } from '../../setup/chromium.js';

export const SHOTS = 'test-results/screenshots';

export interface DemoRig {
  service: Service;
  browser: Browser;
  /** Stops the service (the browser stays): the backend is unreachable. */
  stopService(): Promise<void>;
  /** Starts it again on the same port, with the same seeded data. */
  restartService(): Promise<void>;
  close(): Promise<void>;
}

/** The service (in memory, seeded, no live traffic) with the demo page, and a browser. */
export async function startDemo(
  args: string[] = ['--events', '6000', '--seed', '1'],
  env: Record<string, string> = {},
): Promise<DemoRig> {
  mkdirSync(SHOTS, { recursive: true });
  const demo = await buildDemo();
  const start = (port: string) =>
    startService(
      readConfig(['--port', port, ...args], {
        AUDIT_DB: 'memory',
        AUDIT_LIVE_INTERVAL_MS: '0',
        AUDIT_LOG: '0',
        ...env,
      }),
      { quiet: true, mountStatic: (app) => mountDemo(app, demo) },
    );
  let running: Service | undefined = await start('0');
  const service = running;
  const browser = await chromium.launch(chromiumLaunchOptions());
  return {
    service,
    browser,
    async stopService() {
      await running?.close();
      running = undefined;
    },
    async restartService() {
      running ??= await start(new URL(service.url).port);
    },
    async close() {
      await browser.close();
      await running?.close();
    },
  };
}

/** Text a person could read, through every open shadow root. */
export const deepText = (page: Page) =>
  page.evaluate(() => {
    const walk = (root: Node): string => {
      let text = '';
      for (const node of root.childNodes) {
        if (node.nodeType === Node.TEXT_NODE) text += node.textContent ?? '';
        else if (node instanceof Element) {
          if (node.shadowRoot) text += walk(node.shadowRoot);
          text += walk(node);
        }
      }
      return text;
    };
    return walk(document.body);
  });

/** The table's body rows (the header row is row 1). */
export const bodyRows = (page: Page) =>
  page.locator('alv-log-table [role="row"][aria-rowindex]:not([aria-rowindex="1"])');

/** The viewer's status line with the event count. */
export const statusLine = (page: Page) => page.locator('audit-log-viewer [part="status"] .count');
