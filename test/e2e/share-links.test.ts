/**
 * Share links end to end, in the demo page against the real service: a link copied in one
 * browser opens the same rows, selection and entry in a fresh browser context signed in as
 * another principal with the same role; back/forward walk through committed changes; a link
 * to an entry several pages deep opens it.
 */
import type { BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, ViewState } from '../../core/model.js';
import { DEMO_END_USER } from '../../server/seed/generate.js';
import { SHOTS, bodyRows, deepText, startDemo, statusLine, type DemoRig } from './support/demo.js';

const COLLEAGUE_KEY = 'colleague-key-0d1f';
let rig: DemoRig;

beforeAll(async () => {
  rig = await startDemo(['--events', '6000', '--seed', '1'], {
    AUDIT_API_KEYS: `${COLLEAGUE_KEY}=audit:read+pii-viewer`,
    AUDIT_DEMO_KEYS: '1',
  });
});
afterAll(() => rig?.close());

const viewOf = (page: Page) =>
  page.evaluate((): ViewState => document.querySelector('audit-log-viewer')!.view);
const openEntryId = (page: Page) =>
  page.evaluate(
    () =>
      (
        document
          .querySelector('audit-log-viewer')!
          .shadowRoot!.querySelector('alv-payload-viewer') as { event?: AuditEvent } | null
      )?.event?.id,
  );
/** The text of the first `n` rows, as a person reads them. */
const rowTexts = async (page: Page, n = 12) =>
  (await bodyRows(page).allInnerTexts()).slice(0, n).map((t) => t.replace(/\s+/g, ' ').trim());
/** Waits until the list has settled on a count ("N events", "N+ events", "N events (M loaded)"). */
const settled = (page: Page) =>
  expect
    .poll(() => statusLine(page).textContent(), { timeout: 15_000 })
    .toMatch(/^\s*[\d,]+\+?\s+events?\s*(\([\d,]+ loaded\))?\s*$/);

async function newContext(): Promise<BrowserContext> {
  return rig.browser.newContext({
    viewport: { width: 1280, height: 860 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
}

async function copyLink(page: Page, action: string): Promise<string> {
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await page.getByRole('button', { name: action }).click();
  await expect.poll(() => deepText(page)).toMatch(/(View|Entry) link copied/);
  return page.evaluate(() => navigator.clipboard.readText());
}

describe('share links', () => {
  it('a copied link shows a colleague the same rows, selection and open entry', async () => {
    const a = await newContext();
    const page = await a.newPage();
    await page.goto(`${rig.service.url}/?as=pii-viewer`);
    await bodyRows(page).first().waitFor({ timeout: 15_000 });
    const query = page.getByLabel('Query', { exact: true });
    await query.fill(`user:${DEMO_END_USER.email} plugin:"create ticket" status:201`);
    await query.press('Enter');
    await settled(page);
    await bodyRows(page).nth(2).click();
    await expect.poll(() => openEntryId(page), { timeout: 10_000 }).toBeTruthy();
    const selected = (await viewOf(page)).selected!;
    expect(await openEntryId(page)).toBe(selected);
    const rows = await rowTexts(page);
    expect(rows.length).toBeGreaterThan(2);

    const link = await copyLink(page, 'Copy link to this view');
    expect(link).toContain('#v1;q=user:');
    expect(link).toContain(`sel=${selected}`);
    // The link carries no credential, nor who made it: its reader sees it as themselves.
    expect(link).not.toMatch(/demo-pii-viewer|colleague-key|Bearer/i);
    expect(new URL(link).searchParams.has('as')).toBe(false);
    expect(new URL(link).searchParams.get('source')).toBe('generic');
    await page.screenshot({ path: `${SHOTS}/share-sender.png` });

    // A fresh browser (empty storage), signed in with another key of the same role.
    const b = await newContext();
    await b.addInitScript((key) => {
      const fetch = window.fetch.bind(window);
      window.fetch = (input, init) => {
        const headers = new Headers(init?.headers);
        if (headers.has('authorization')) headers.set('authorization', `Bearer ${key}`);
        return fetch(input, { ...init, headers });
      };
    }, COLLEAGUE_KEY);
    const other = await b.newPage();
    const keys = new Set<string>();
    other.on('request', (r) => {
      const auth = r.headers().authorization;
      if (auth) keys.add(auth);
    });
    await other.goto(link);
    await bodyRows(other).first().waitFor({ timeout: 15_000 });
    await settled(other);
    await expect.poll(() => openEntryId(other), { timeout: 10_000 }).toBe(selected);
    expect(await rowTexts(other)).toEqual(rows);
    expect((await viewOf(other)).selected).toBe(selected);
    const selectedRow = other.locator('alv-log-table [role="row"][aria-current="true"]');
    await expect.poll(() => selectedRow.count()).toBe(1);
    expect([...keys]).toEqual([`Bearer ${COLLEAGUE_KEY}`]);
    await other.screenshot({ path: `${SHOTS}/share-colleague.png` });
    await a.close();
    await b.close();
  });

  it('back and forward restore each of three committed changes', async () => {
    const ctx = await newContext();
    const page = await ctx.newPage();
    await page.goto(`${rig.service.url}/?as=pii-viewer`);
    await bodyRows(page).first().waitFor({ timeout: 15_000 });
    await settled(page);
    const initial = await viewOf(page);

    // 1: a filter applied.
    await page.getByRole('button', { name: '5xx', exact: true }).click();
    await expect.poll(async () => (await viewOf(page)).filters.status).toBe('5xx');
    await settled(page);
    const afterFilter = await viewOf(page);
    // 2: an entry opened.
    await bodyRows(page).first().click();
    await expect.poll(async () => (await viewOf(page)).selected).toBeTruthy();
    const afterOpen = await viewOf(page);
    // 3: the order reversed.
    await page.locator('alv-log-table').getByRole('button', { name: /^Time/ }).click();
    await expect.poll(async () => (await viewOf(page)).sort).toBe('asc');
    const afterSort = await viewOf(page);
    expect(page.url()).toContain('sort=asc');

    for (const want of [afterOpen, afterFilter, initial]) {
      await page.goBack();
      await expect.poll(() => viewOf(page)).toEqual(want);
    }
    await settled(page);
    expect(await openEntryId(page)).toBeUndefined();
    for (const want of [afterFilter, afterOpen, afterSort]) {
      await page.goForward();
      await expect.poll(() => viewOf(page)).toEqual(want);
    }
    await expect.poll(() => openEntryId(page), { timeout: 10_000 }).toBe(afterOpen.selected);
    // And a reload keeps the view.
    await page.reload();
    await bodyRows(page).first().waitFor({ timeout: 15_000 });
    await expect.poll(() => viewOf(page)).toEqual(afterSort);
    await ctx.close();
  });

  it('a link to an entry several pages deep opens it', async () => {
    // The 450th newest event: five pages of 100 deep.
    let cursor: string | null = null;
    let target: AuditEvent | undefined;
    for (let i = 0; i < 5; i++) {
      const url = new URL('/api/v1/audit/events', rig.service.url);
      url.searchParams.set('limit', '100');
      if (cursor) url.searchParams.set('cursor', cursor);
      const body = (await (
        await fetch(url, { headers: { authorization: 'Bearer demo-pii-viewer' } })
      ).json()) as { data: AuditEvent[]; nextCursor: string | null };
      target = body.data[49];
      cursor = body.nextCursor;
    }
    const ctx = await newContext();
    const page = await ctx.newPage();
    await page.goto(`${rig.service.url}/?as=pii-viewer#v1;sel=${target!.id}`);
    await expect.poll(() => openEntryId(page), { timeout: 20_000 }).toBe(target!.id);
    const selectedRow = page.locator('alv-log-table [role="row"][aria-current="true"]');
    await expect.poll(() => selectedRow.count(), { timeout: 20_000 }).toBe(1);
    await expect(selectedRow.isVisible()).resolves.toBe(true);
    await page.screenshot({ path: `${SHOTS}/share-deep-link.png` });
    await ctx.close();
  });
});
