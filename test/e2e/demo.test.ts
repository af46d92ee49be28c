/**
 * Seed 001's walkthrough in the demo page, in real Chromium against the real service:
 * filter by the end user's email and the "create ticket" plugin, narrow to 201, see
 * create ticket / add comment / add work note, open one and read its request payload —
 * as the PII viewer, and as a restricted principal who must get placeholders and no body
 * text anywhere in the page. Screenshots land in test-results/screenshots/.
 */
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../core/model.js';
import { DEMO_END_USER } from '../../server/seed/generate.js';
import type { Service } from '../../server/service.js';
import { SHOTS, bodyRows, deepText, startDemo, statusLine, type DemoRig } from './support/demo.js';

let rig: DemoRig;
let service: Service;
let browser: Browser;

beforeAll(async () => {
  rig = await startDemo();
  ({ service, browser } = rig);
});

afterAll(() => rig?.close());

async function api<T>(path: string): Promise<T> {
  const res = await fetch(service.url + path, {
    headers: { authorization: 'Bearer demo-pii-viewer' },
  });
  return (await res.json()) as T;
}

/** The walkthrough's 201 calls, as the PII viewer sees them through the API. */
async function expectedCalls(): Promise<AuditEvent[]> {
  const qs = new URLSearchParams({
    actor: DEMO_END_USER.email,
    plugin: 'create ticket',
    status: '201',
    limit: '500',
  });
  return (await api<{ data: AuditEvent[] }>(`/api/v1/audit/events?${qs.toString()}`)).data;
}

async function filterLikeTheAdmin(page: Page): Promise<void> {
  const query = page.getByLabel('Query', { exact: true });
  await query.fill(`user:${DEMO_END_USER.email} plugin:"create ticket"`);
  await query.press('End');
  const all = await api<{ data: AuditEvent[] }>(
    `/api/v1/audit/events?actor=${encodeURIComponent(DEMO_END_USER.email)}&plugin=create%20ticket&limit=500`,
  );
  await expect
    .poll(() => statusLine(page).textContent(), { timeout: 15_000 })
    .toMatch(new RegExp(`^\\s*${all.data.length}\\s+events`));
  await query.fill(`user:${DEMO_END_USER.email} plugin:"create ticket" status:201`);
  const want = await expectedCalls();
  await expect
    .poll(() => statusLine(page).textContent(), { timeout: 15_000 })
    .toMatch(new RegExp(`^\\s*${want.length}\\s+events`));
}

/**
 * A failed call of a trace with a response body: an "add comment" that got a 500 where the
 * seeded data (which depends on the day it is made) has one, else any such call.
 */
async function failedCall(): Promise<AuditEvent & { traceId: string }> {
  const { data } = await api<{ data: AuditEvent[] }>(
    '/api/v1/audit/events?plugin=create%20ticket&status=500&limit=500',
  );
  const candidates = data.filter((e) => e.traceId && e.response?.body);
  const failed = candidates.find((e) => e.action === 'add comment') ?? candidates[0];
  expect(failed, 'no failed create ticket call with a trace and a body').toBeDefined();
  return failed as AuditEvent & { traceId: string };
}

describe('demo walkthrough (seed 001)', () => {
  it('as the PII viewer: finds the create ticket calls and reads the request payload', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${service.url}/?as=pii-viewer`);
    await bodyRows(page).first().waitFor({ timeout: 15_000 });
    await filterLikeTheAdmin(page);

    const want = await expectedCalls();
    const actions = new Set(want.map((e) => e.action));
    for (const action of ['create ticket', 'add comment', 'add work note'])
      expect(actions).toContain(action);
    const text = await deepText(page);
    for (const action of ['create ticket', 'add comment', 'add work note'])
      expect(text).toContain(action);

    // Open the newest "add work note" and read what was sent.
    const note = want.find((e) => e.action === 'add work note')!;
    await bodyRows(page).filter({ hasText: 'add work note' }).first().click();
    await page.getByRole('tab', { name: /Request/ }).click();
    const body = JSON.stringify(note.request?.body);
    const sample = /"([^"]{16,})"/.exec(body.replace(/\\"/g, ''))?.[1];
    expect(sample).toBeDefined();
    await expect.poll(() => deepText(page), { timeout: 10_000 }).toContain(sample!.slice(0, 16));
    await page.screenshot({ path: `${SHOTS}/demo-full.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('as a restricted principal: the same steps show placeholders and no body text anywhere', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(`${service.url}/?as=restricted`);
    await bodyRows(page).first().waitFor({ timeout: 15_000 });
    await filterLikeTheAdmin(page);
    await bodyRows(page).filter({ hasText: 'create ticket' }).first().click();
    await page.getByRole('tab', { name: /Request/ }).click();
    await expect
      .poll(() => deepText(page), { timeout: 10_000 })
      .toContain('Redacted — requires the PII viewer role');

    // Nothing of any body, header value or query string of the listed calls is on the page.
    const text = await deepText(page);
    const html = await page.content();
    let checked = 0;
    for (const e of await expectedCalls()) {
      // What the restricted principal may see anyway (actor, message, URL path) is no secret.
      const { request, response, ...visible } = e;
      const publicText = JSON.stringify(visible);
      const secrets = [request?.body, response?.body, request?.headers, response?.headers]
        .flatMap((part) => JSON.stringify(part ?? '').match(/"[^"]{10,}"/g) ?? [])
        .map((s) => s.slice(1, -1))
        .filter((s) => !publicText.includes(s));
      for (const secret of secrets) {
        expect(text.includes(secret), `${e.id} shows ${secret}`).toBe(false);
        expect(html.includes(secret), `${e.id} has ${secret} in its HTML`).toBe(false);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
    await page.close();
  });

  it('reads a failed call of a pasted trace from the waterfall, at 1280×800 under notices', async () => {
    const failed = await failedCall();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // A link with parts the viewer ignores: its notices sit above the panes.
    await page.goto(`${service.url}/?as=pii-viewer#v1;q=;zz=1;yy=2;cols=bogus`);
    await bodyRows(page).first().waitFor({ timeout: 15_000 });
    const traceField = page.getByLabel('Trace ID', { exact: true });
    await traceField.fill(failed.traceId);
    await traceField.press('Enter');
    const row = page
      .locator('alv-trace-view button.row-button')
      .filter({ hasText: failed.action })
      .filter({ hasText: '500' })
      .first();
    await row.click({ timeout: 15_000 });
    const response = page.getByRole('tab', { name: /Response/ });
    await response.click();
    const body = JSON.stringify(failed.response!.body);
    const sample = /"([^"]{12,})"/.exec(body)?.[1] ?? /"([^"]+)"/.exec(body)![1]!;
    await expect.poll(() => deepText(page), { timeout: 10_000 }).toContain(sample.slice(0, 12));
    // The entry pane has room for its header, tabs and content, inside the window.
    const detail = (await page.locator('audit-log-viewer [part="detail"]').boundingBox())!;
    expect(detail.height).toBeGreaterThanOrEqual(240);
    const tab = (await response.boundingBox())!;
    expect(tab.y + tab.height).toBeLessThanOrEqual(Math.min(800, detail.y + detail.height));
    // The trace stays open beside it.
    expect(await page.locator('alv-trace-view').count()).toBe(1);
    await expect.poll(() => traceField.inputValue()).toBe(failed.traceId);
    await page.screenshot({ path: `${SHOTS}/trace-pasted-1280.png` });
    await page.close();
  });

  for (const [width, height] of [
    [1280, 800],
    [360, 780],
  ] as const)
    it(`screenshots at ${width} px: the list with the histogram, a trace with an entry, safe to share`, async () => {
      const page = await browser.newPage({ viewport: { width, height } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${service.url}/?as=pii-viewer`);
      await bodyRows(page).first().waitFor({ timeout: 15_000 });
      await page.locator('alv-histogram [part="bar"], alv-histogram .bar').first().waitFor({
        state: 'attached',
        timeout: 15_000,
      });
      // The facets: a column beside the list at 1280, folded to its rail at 360.
      await page
        .locator(
          width === 1280
            ? 'alv-facet-panel[status="ready"]'
            : 'alv-facet-panel [part="toggle"][aria-expanded="false"]',
        )
        .waitFor({ timeout: 15_000 });
      await page.screenshot({ path: `${SHOTS}/list-${width}.png` });

      const failed = await failedCall();
      await page.goto(`${service.url}/?as=pii-viewer#v1;q=trace:${failed.traceId}`);
      const failedStep = page
        .locator('alv-trace-view button.row-button')
        .filter({ hasText: '500' })
        .first();
      await failedStep.waitFor({ timeout: 15_000 });
      await page.screenshot({ path: `${SHOTS}/trace-${width}.png` });
      await failedStep.click();
      const response = page.getByRole('tab', { name: /Response/ });
      await response.click();
      await expect.poll(() => response.getAttribute('aria-selected')).toBe('true');
      await page.screenshot({ path: `${SHOTS}/trace-entry-${width}.png` });

      // Safe to share, with the entry still open: from the status line at full width, from
      // the entry's own switch where the entry is a sheet over the whole viewer.
      if (width >= 600) {
        const safe = page.locator('audit-log-viewer [part="status"] button', {
          hasText: 'Safe to share',
        });
        await safe.click();
        await expect.poll(() => safe.getAttribute('aria-pressed')).toBe('true');
      } else {
        const safe = page.locator('alv-payload-viewer').getByRole('switch', {
          name: 'Safe to share',
        });
        await safe.click();
        await expect.poll(() => safe.getAttribute('aria-checked')).toBe('true');
        // The whole viewer is masked, not only the entry.
        await expect
          .poll(() =>
            page
              .locator('audit-log-viewer [part="status"] button', { hasText: 'Safe to share' })
              .getAttribute('aria-pressed'),
          )
          .toBe('true');
      }
      await page.screenshot({ path: `${SHOTS}/safe-to-share-${width}.png` });
      expect(errors).toEqual([]);
      await page.close();
    });

  it.each([1280, 700, 360])(
    "shows its first rows before the filter bar has loaded, and keeps the bar's place (%i px)",
    async (width) => {
      const page = await browser.newPage({ viewport: { width, height: 860 } });
      // The filter bar's chunk is held until the first rows are on screen.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let asked = false;
      await page.route(/\/chunks\/deferred-parts-[^/]*\.js$/, async (route) => {
        asked = true;
        await held;
        await route.continue();
      });
      await page.goto(`${service.url}/?as=pii-viewer`);
      await bodyRows(page).first().waitFor({ timeout: 15_000 });
      expect(asked, 'the filter bar was never asked for').toBe(true);
      expect(await page.evaluate(() => !!customElements.get('alv-filter-bar'))).toBe(false);
      const barHeight = () =>
        page
          .locator('audit-log-viewer')
          .evaluate(
            (el) => el.shadowRoot!.querySelector('alv-filter-bar')!.getBoundingClientRect().height,
          );
      // The list's corner: the chart's and the facets' places are kept too.
      const listAt = () =>
        page.locator('audit-log-viewer').evaluate((el) => {
          const r = el.shadowRoot!.querySelector('alv-log-table')!.getBoundingClientRect();
          return { x: r.left, y: r.top };
        });
      const kept = await barHeight();
      const before = await listAt();
      release();
      await page.getByLabel('Query', { exact: true }).waitFor({ timeout: 15_000 });
      await page
        .locator('audit-log-viewer')
        .evaluate((el) =>
          customElements
            .whenDefined('alv-facet-panel')
            .then(() => (el as unknown as { updateComplete: Promise<unknown> }).updateComplete),
        );
      // Its place was kept at about its height: the list moves by a few pixels at most.
      const shown = await barHeight();
      expect(Math.abs(shown - kept), `kept ${kept}px, the bar is ${shown}px`).toBeLessThan(12);
      const after = await listAt();
      expect(
        Math.abs(after.y - before.y),
        `the list moved down from ${before.y} to ${after.y}`,
      ).toBeLessThan(12);
      expect(
        Math.abs(after.x - before.x),
        `the list moved right from ${before.x} to ${after.x}`,
      ).toBeLessThan(4);
      await page.close();
    },
  );

  it('in a 360 px side panel, and with the host page CSS kept out', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 780 } });
    await page.goto(`${service.url}/?as=pii-viewer`);
    await bodyRows(page).first().waitFor({ timeout: 15_000 });
    // The host's loud button style stays the host's; the viewer's buttons don't get it.
    const hostTransform = await page
      .locator('#refresh')
      .evaluate((b) => getComputedStyle(b).textTransform);
    expect(hostTransform).toBe('uppercase');
    const inner = await page.evaluate(() => {
      const viewer = document.querySelector('audit-log-viewer')!;
      const button = viewer.shadowRoot!.querySelector('button')!;
      return getComputedStyle(button).textTransform;
    });
    expect(inner).toBe('none');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
    await page.screenshot({ path: `${SHOTS}/demo-360.png`, fullPage: true });
    await bodyRows(page).first().click();
    await page.screenshot({ path: `${SHOTS}/demo-360-entry.png`, fullPage: true });
    // The page's event log (an event's JSON, no spaces) does not widen the page either.
    const query = page.getByLabel('Query', { exact: true });
    await query.fill('user:someone.with.a.long.name@acmecorporation.example');
    await query.press('Enter');
    await expect
      .poll(() => page.locator('#events-log').textContent())
      .toBe('alv-view-change: {"actor":"someone.with.a.long.name@acmecorporation.example"}');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );
    await page.close();
  });
});
