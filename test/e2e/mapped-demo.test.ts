/**
 * The demo's fifth backend: the org-audit API read through the mapped adapter's mapping
 * file shows the same number of events as the org-audit adapter, in real Chromium.
 */
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../server/service.js';
import { startDemo, statusLine, type DemoRig } from './support/demo.js';

let rig: DemoRig;
let service: Service;
let browser: Browser;

beforeAll(async () => {
  rig = await startDemo();
  ({ service, browser } = rig);
});

afterAll(() => rig?.close());

describe('demo: the mapped backend', () => {
  it('lists the org-audit events through the mapping, as many as the org-audit adapter', async () => {
    const res = await fetch(`${service.url}/api/v1/org/audit-logs?limit=1`, {
      headers: { authorization: 'Bearer demo-pii-viewer' },
    });
    const { total } = (await res.json()) as { total: number };
    expect(total).toBeGreaterThan(0);
    const page = await browser.newPage();
    try {
      for (const source of ['org-audit', 'mapped']) {
        await page.goto(`${service.url}/?as=pii-viewer&source=${source}`);
        // Pages of 100 with more to come read "100+ events"; the count is the same for both.
        await expect
          .poll(() => statusLine(page).textContent(), { timeout: 20_000 })
          .toMatch(new RegExp(`^\\s*${Math.min(total, 100)}\\+?\\s+events`));
      }
      expect(await page.locator('#source').inputValue()).toBe('mapped');
    } finally {
      await page.close();
    }
  });
});
