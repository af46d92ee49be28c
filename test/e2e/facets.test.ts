/**
 * The facet panel in the demo page, in real Chromium against the real service: its counts are
 * the service's, one click on a value filters the list, "Errors only" keeps 4xx and 5xx, and
 * typing in the user field does not send a facet request per keystroke.
 */
import type { Browser, Page, Request } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_END_USER } from '../../server/seed/generate.js';
import type { Service } from '../../server/service.js';
import { SHOTS, bodyRows, startDemo, type DemoRig } from './support/demo.js';

let rig: DemoRig;
let service: Service;
let browser: Browser;

beforeAll(async () => {
  rig = await startDemo();
  ({ service, browser } = rig);
});

afterAll(() => rig?.close());

const isFacets = (r: Request) => new URL(r.url()).pathname.endsWith('/facets');
const fieldOf = (r: Request) => new URL(r.url()).searchParams.get('field');

/** The text of every cell of one column of the loaded rows. */
const columnTexts = (page: Page, column: string) =>
  page
    .locator(`alv-log-table [role="row"][aria-rowindex]:not([aria-rowindex="1"]) .cell.c-${column}`)
    .allTextContents();

describe('facets (demo page, real service)', () => {
  it("shows the service's counts; one click filters the list; Errors only keeps 4xx and 5xx", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const plugins = page.waitForResponse(
      (r) => isFacets(r.request()) && fieldOf(r.request()) === 'plugin',
    );
    await page.goto(`${service.url}/?as=pii-viewer`);
    await bodyRows(page).first().waitFor({ timeout: 15_000 });
    const answer = (await (await plugins).json()) as { data: { value: string; count: number }[] };
    const createTicket = answer.data.find((d) => d.value === 'create ticket');
    expect(createTicket).toBeDefined();

    const only = page.getByRole('checkbox', { name: 'Only plugin create ticket', exact: true });
    await only.waitFor({ timeout: 15_000 });
    const row = page.locator('alv-facet-panel [part="value"]', { has: only });
    await expect
      .poll(() => row.locator('[part="count"]').textContent())
      .toBe(createTicket!.count.toLocaleString('en-US'));
    expect(await only.isChecked()).toBe(false);

    await only.click();
    const query = page.getByLabel('Query', { exact: true });
    await expect.poll(() => query.inputValue(), { timeout: 15_000 }).toBe('plugin:"create ticket"');
    await expect.poll(() => only.isChecked()).toBe(true);
    // Every row now is a create ticket call, asked of the service (not filtered in the page).
    await expect
      .poll(async () => {
        const rows = await bodyRows(page).allTextContents();
        return rows.length > 0 && rows.every((r) => r.includes('create ticket'));
      })
      .toBe(true);

    const errorsOnly = page.getByRole('switch', { name: /Errors only/ });
    await errorsOnly.click();
    await expect
      .poll(() => query.inputValue(), { timeout: 15_000 })
      .toBe('plugin:"create ticket" status:4xx,5xx');
    await expect.poll(() => errorsOnly.isChecked()).toBe(true);
    await expect
      .poll(
        async () => {
          const codes = (await columnTexts(page, 'status')).map((t) =>
            Number(/\d{3}/.exec(t)?.[0]),
          );
          return codes.length > 0 && codes.every((c) => c >= 400);
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    // The status facet says which values are in: 4xx and 5xx both checked, 2xx not.
    for (const [cls, checked] of [
      ['4xx', true],
      ['5xx', true],
      ['2xx', false],
    ] as const)
      await expect
        .poll(() =>
          page.getByRole('checkbox', { name: `Include status ${cls}`, exact: true }).isChecked(),
        )
        .toBe(checked);
    await page.locator('alv-facet-panel[status="ready"]').waitFor({ timeout: 15_000 });
    // With the facets open beside it, the table still shows plugins and actions of everyday
    // length whole, such as "create ticket" and "add work note" (the trace column, also in the
    // entry, gives way first). Longer ones may end in an ellipsis.
    const cut = (column: string) =>
      page
        .locator(`alv-log-table [role="row"][aria-rowindex]:not([aria-rowindex="1"]) ${column}`)
        .evaluateAll((cells) =>
          cells
            .filter((c) => (c.textContent ?? '').trim().length <= 13)
            .filter((c) => c.scrollWidth > c.clientWidth + 1)
            .map((c) => c.textContent),
        );
    expect(await cut('.c-plugin .primary')).toEqual([]);
    expect(await cut('.cell.c-action')).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/facets-errors-only-1280.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('one click excludes a plugin: the service applies it, and the list, count and facets are exact', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${service.url}/?as=pii-viewer`);
    await bodyRows(page).first().waitFor({ timeout: 15_000 });
    const exclude = page.getByRole('button', { name: 'Exclude plugin create ticket', exact: true });
    await exclude.waitFor({ timeout: 15_000 });
    expect(await exclude.getAttribute('aria-pressed')).toBe('false');
    await exclude.click();
    const query = page.getByLabel('Query', { exact: true });
    await expect
      .poll(() => query.inputValue(), { timeout: 15_000 })
      .toBe('-plugin:"create ticket"');
    await expect.poll(() => exclude.getAttribute('aria-pressed')).toBe('true');
    // The Plugin field shows the plugin itself, its "≠" pressed (not "!create ticket").
    expect(await page.getByLabel('Plugin / module', { exact: true }).inputValue()).toBe(
      'create ticket',
    );
    expect(
      await page
        .getByRole('button', { name: 'Exclude this plugin', exact: true })
        .getAttribute('aria-pressed'),
    ).toBe('true');
    await expect
      .poll(
        async () => {
          const plugins = await columnTexts(page, 'plugin');
          return plugins.length > 0 && plugins.every((p) => !p.includes('create ticket'));
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    // The service takes the exclusion: nothing is filtered in the viewer, the count is the
    // backend's ("N events (100 loaded)", not "100+"), and the facet counts leave nothing out.
    await expect
      .poll(() => page.locator('audit-log-viewer div.status > span.count').textContent(), {
        timeout: 15_000,
      })
      .toMatch(/[\d,]+ events\s*\(100 loaded\)/);
    expect(await page.locator('audit-log-viewer .client-note').count()).toBe(0);
    await page.locator('alv-facet-panel[status="ready"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('alv-facet-panel').textContent()).not.toMatch(/leave out/);
    await page.screenshot({ path: `${SHOTS}/facets-exclude-1280.png` });
    await exclude.click();
    await expect.poll(() => query.inputValue(), { timeout: 15_000 }).toBe('');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('at 360 px the facets open from their rail as a sheet over the list, and still filter', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 780 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${service.url}/?as=pii-viewer`);
    await bodyRows(page).first().waitFor({ timeout: 15_000 });
    const toggle = page.getByRole('button', { name: 'Facets', exact: true });
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
    // Folded, the facets are a strip above the list: the cards keep the viewer's whole width.
    const box = async (selector: string) => (await page.locator(selector).first().boundingBox())!;
    const [panel, list, viewer] = [
      await box('alv-facet-panel'),
      await box('audit-log-viewer [part="list"]'),
      await box('audit-log-viewer'),
    ];
    expect(panel.y + panel.height).toBeLessThanOrEqual(list.y + 1);
    expect(list.width).toBeGreaterThan(viewer.width - 4);
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
    const only = page.getByRole('checkbox', { name: 'Only plugin create ticket', exact: true });
    await only.waitFor({ timeout: 15_000 });
    await page.locator('alv-facet-panel[status="ready"]').waitFor({ timeout: 15_000 });
    // The sheet covers the list's width and stays inside the page.
    const sheet = (await page.locator('alv-facet-panel').boundingBox())!;
    expect(sheet.width).toBeGreaterThan(300);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );
    // Nothing of the table shows through the sheet: what is on top where the Columns button
    // sits is the facet panel.
    const onTop = await page
      .locator('alv-log-table alv-columns-menu')
      .evaluate((menu: Element): string[] => {
        const r = menu.getBoundingClientRect();
        const [x, y] = [r.x + r.width / 2, r.y + r.height / 2];
        let root: Document | ShadowRoot = document;
        let hit = root.elementFromPoint(x, y);
        while (hit?.shadowRoot && hit.shadowRoot !== root) {
          root = hit.shadowRoot;
          hit = root.elementFromPoint(x, y) ?? hit;
          if (hit === root.host) break;
        }
        const hosts: string[] = [];
        for (let n: Node | null = hit; n; n = n.parentNode ?? (n as ShadowRoot).host ?? null)
          if (n instanceof Element) hosts.push(n.localName);
        return hosts;
      });
    expect(onTop).toContain('alv-facet-panel');
    expect(onTop).not.toContain('alv-columns-menu');
    await page.screenshot({ path: `${SHOTS}/facets-360.png` });
    await only.click();
    await expect
      .poll(
        () =>
          page
            .locator('audit-log-viewer')
            .evaluate((v) => (v as unknown as { view: { filters: object } }).view.filters),
        {
          timeout: 15_000,
        },
      )
      .toEqual({ plugin: 'create ticket' });
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
    await expect
      .poll(async () => {
        const rows = await bodyRows(page).allTextContents();
        return rows.length > 0 && rows.every((r) => r.includes('create ticket'));
      })
      .toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('typing an address in the user field asks the service for facets once per settled view, not per keystroke', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${service.url}/?as=pii-viewer`);
    await bodyRows(page).first().waitFor({ timeout: 15_000 });
    await page
      .getByRole('checkbox', { name: /^Only plugin / })
      .first()
      .waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('alv-facet-panel').getAttribute('status')).toBe('ready');

    const asked: Request[] = [];
    page.on('request', (r) => {
      if (isFacets(r)) asked.push(r);
    });
    const user = page.locator('alv-filter-bar #actor');
    await user.click();
    await user.pressSequentially(DEMO_END_USER.email);
    const keystrokes = DEMO_END_USER.email.length;
    await user.press('Enter');
    await expect
      .poll(() => page.getByLabel('Query', { exact: true }).inputValue(), { timeout: 15_000 })
      .toBe(`user:${DEMO_END_USER.email}`);
    await expect
      .poll(() => page.locator('alv-facet-panel').getAttribute('status'), { timeout: 15_000 })
      .toBe('ready');
    await expect
      .poll(() =>
        page.getByRole('checkbox', { name: `Only user ${DEMO_END_USER.email}` }).isChecked(),
      )
      .toBe(true);
    // User suggestions came from the cache (the user facet ignores the user filter) ...
    expect(asked.filter((r) => fieldOf(r) === 'actor')).toEqual([]);
    // ... and the other fields were asked once each for the view with the address.
    const fields = asked.map(fieldOf);
    expect(fields.length).toBeLessThan(keystrokes);
    expect(new Set(fields)).toEqual(
      new Set(['plugin', 'status', 'method', 'skill', 'environment']),
    );
    await page.close();
  });
});
