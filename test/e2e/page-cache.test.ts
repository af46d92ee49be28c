/**
 * The page cache end to end, in the demo against the real service: the service is stopped,
 * the viewer keeps reading cached events (with a new filter applied over them), and recovers
 * by itself when the service comes back.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_END_USER } from '../../server/seed/generate.js';
import { SHOTS, bodyRows, deepText, startDemo, statusLine, type DemoRig } from './support/demo.js';

let rig: DemoRig;
beforeAll(async () => {
  rig = await startDemo(['--events', '4000', '--seed', '2']);
});
afterAll(() => rig?.close());

/** Page records in the viewer's IndexedDB database. */
const cachedPages = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('audit-log-viewer-cache');
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('pages')) return resolve(0);
          const count = db.transaction('pages').objectStore('pages').count();
          count.onsuccess = () => {
            resolve(count.result);
            db.close();
          };
        };
        open.onerror = () => resolve(0);
      }),
  );

describe('page cache', () => {
  it('reads cached events while the service is down, filters them, and recovers by itself', async () => {
    const context = await rig.browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await page.goto(`${rig.service.url}/?as=pii-viewer`);
    await bodyRows(page).first().waitFor({ timeout: 15_000 });
    await expect.poll(() => cachedPages(page), { timeout: 10_000 }).toBeGreaterThan(0);

    await rig.stopService();
    const query = page.getByLabel('Query', { exact: true });
    await query.fill(`user:${DEMO_END_USER.email}`);
    await query.press('Enter');
    await expect
      .poll(() => deepText(page), { timeout: 30_000 })
      .toContain('The audit service could not be reached');
    const text = await deepText(page);
    expect(text).toContain('Filtered in the viewer: actor');
    expect(text).toContain('trying again by itself');
    const rows = await bodyRows(page).allInnerTexts();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toContain(DEMO_END_USER.email.slice(0, 8));
    await page.screenshot({ path: `${SHOTS}/cache-offline.png` });

    await rig.restartService();
    await expect
      .poll(() => deepText(page), { timeout: 40_000 })
      .not.toContain('could not be reached');
    await expect.poll(() => statusLine(page).textContent()).toMatch(/\d+\+?\s+events/);
    expect(await deepText(page)).not.toContain('Filtered in the viewer');
    await context.close();
  });

  it('reopens on the cached view before the network answers', async () => {
    const context = await rig.browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await page.goto(`${rig.service.url}/?as=pii-viewer`);
    await bodyRows(page).first().waitFor({ timeout: 15_000 });
    await expect.poll(() => cachedPages(page), { timeout: 10_000 }).toBeGreaterThan(0);
    // What each cell holds (its text, spaces collapsed), shown or not: a column the width has
    // no room for (Trace, beside the facets) may come and go as the panes settle.
    const cells = async () =>
      (await bodyRows(page).first().locator('[role="gridcell"]').allTextContents()).map((t) =>
        t.replace(/\s+/g, ' ').trim(),
      );
    const first = await cells();
    // Hold every API answer back: only the cache can paint.
    const held: (() => Promise<void>)[] = [];
    let holding = true;
    await page.route('**/api/v1/audit/**', (route) =>
      holding ? void held.push(() => route.continue()) : route.continue(),
    );
    await page.reload();
    await bodyRows(page).first().waitFor({ timeout: 15_000 });
    // The same event, cell by cell; a URL is cached without its query string (nothing
    // sensitive at rest), so that cell matches up to the '?'.
    const cached = await cells();
    expect(cached).toHaveLength(first.length);
    first.forEach((fresh, i) => {
      const cut = fresh.indexOf('?');
      if (cut < 0) return expect(cached[i]).toBe(fresh);
      expect(cached[i]).not.toContain('?');
      expect(cached[i]!.startsWith(fresh.slice(0, cut))).toBe(true);
    });
    expect(await deepText(page)).toMatch(/cached (just now|\d+ s ago)/);
    expect(held.length).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/cache-reopen.png` });
    holding = false;
    await Promise.all(held.splice(0).map((go) => go()));
    await expect.poll(() => deepText(page), { timeout: 15_000 }).not.toMatch(/cached (just|\d)/);
    await context.close();
  });
});
