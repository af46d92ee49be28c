/**
 * Export in real Chromium against the reference service, through the viewer's Export dialog
 * (the download path: the File System Access picker cannot be answered headless): a 20,000-row
 * export with progress, a cancelled one that leaves complete rows, one as `demo-restricted`
 * after a PII viewer's in the same browser (nothing withheld comes back, e.g. from the page
 * cache), one in safe-to-share mode without an email, and one under 5xx/429 faults that still
 * holds every matching event exactly once.
 */
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportView } from '../../core/export.js';
import { REDACTION_MARKER, type AuditEvent } from '../../core/model.js';
import { createGenericSource } from '../../core/sources/generic.js';
import { SHOTS, bodyRows, startDemo, type DemoRig } from './support/demo.js';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

/** A browser context whose pages have no save-file picker: exports become downloads. */
async function contextFor(rig: DemoRig): Promise<BrowserContext> {
  const context = await rig.browser.newContext({
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  await context.addInitScript(() => {
    delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
  return context;
}

async function openDemo(context: BrowserContext, rig: DemoRig, as: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${rig.service.url}/?as=${as}`);
  await expect.poll(() => bodyRows(page).count(), { timeout: 30_000 }).toBeGreaterThan(3);
  return page;
}

interface Run {
  text: string;
  /** The downloaded file's name. */
  name: string;
  outcome: string;
  /** Every distinct progress line the dialog showed. */
  progress: string[];
}

/**
 * Opens Export…, picks the format, all fields and the cap, starts, and returns the downloaded
 * file with the dialog's outcome. `cancelAfterPages` presses Cancel once that many pages are in.
 */
async function runExport(
  page: Page,
  format: 'CSV' | 'NDJSON',
  opts: { cap?: number; cancelAfterPages?: number; onCancelled?: () => void; shot?: string } = {},
): Promise<Run> {
  await page.locator('audit-log-viewer').getByRole('button', { name: 'Export…' }).click();
  const dialog = page.locator('alv-export-dialog dialog');
  await dialog.waitFor();
  await dialog.getByLabel(format, { exact: true }).check();
  await dialog.getByLabel('All fields').check();
  if (opts.cap) await dialog.getByRole('spinbutton').fill(String(opts.cap));
  await dialog.getByRole('spinbutton').dispatchEvent('change');
  await page.evaluate(() => {
    const w = window as unknown as { __progress: string[] };
    w.__progress = [];
    const root = document
      .querySelector('audit-log-viewer')!
      .shadowRoot!.querySelector('alv-export-dialog')!.shadowRoot!;
    new MutationObserver(() => {
      const text = root.querySelector('p.status[role="status"]')?.textContent;
      const line = text?.replace(/\s+/g, ' ').trim();
      if (line && !w.__progress.includes(line)) w.__progress.push(line);
    }).observe(root, { subtree: true, childList: true, characterData: true });
  });
  const download = page.waitForEvent('download', { timeout: 120_000 });
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  if (opts.cancelAfterPages) {
    const pages = opts.cancelAfterPages;
    await expect
      .poll(
        async () =>
          (await dialog.locator('p.status[role="status"]').textContent())?.replace(/\s+/g, ' '),
        {
          timeout: 60_000,
        },
      )
      .toMatch(new RegExp(`\\b${pages} pages`));
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    opts.onCancelled?.();
  }
  const file = await (await download).path();
  const outcome = dialog.locator('p.status[role="alert"]');
  await outcome.waitFor({ timeout: 60_000 });
  if (opts.shot) await page.screenshot({ path: `${SHOTS}/${opts.shot}.png` });
  const result: Run = {
    text: readFileSync(file, 'utf8'),
    name: (await download).suggestedFilename(),
    outcome: ((await outcome.textContent()) ?? '').trim(),
    progress: await page.evaluate(() => (window as unknown as { __progress: string[] }).__progress),
  };
  await dialog.getByRole('button', { name: 'Close' }).click();
  return result;
}

const ndjson = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as AuditEvent);

describe('export in Chromium', () => {
  let rig: DemoRig;
  let context: BrowserContext;
  beforeAll(async () => {
    rig = await startDemo(['--events', '24500', '--seed', '11']);
    context = await contextFor(rig);
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    await rig?.close();
  });

  it('20,000+ rows: every event once, with progress per page', async () => {
    const page = await openDemo(context, rig, 'pii-viewer');
    const run = await runExport(page, 'NDJSON', { cap: 100_000, shot: 'export-done' });
    const events = ndjson(run.text);
    expect(events.length).toBeGreaterThanOrEqual(20_000);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(run.outcome).toBe(`Exported ${events.length.toLocaleString('en-US')} rows.`);
    // The dialog counted up page by page.
    expect(run.progress.length).toBeGreaterThan(10);
    expect(run.progress.at(-1)).toMatch(
      new RegExp(`^${events.length.toLocaleString('en-US')} rows, \\d+ pages`),
    );
    await page.close();
  });

  it('a cancelled export leaves complete rows only', async () => {
    const page = await openDemo(context, rig, 'pii-viewer');
    // The export's 4th page waits until Cancel is pressed: the cancel lands mid-export.
    let requests = 0;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/api\/v1\/audit\/events\?.*limit=500/, async (route) => {
      if (++requests === 4) await held;
      await route.continue();
    });
    const run = await runExport(page, 'CSV', {
      cap: 100_000,
      cancelAfterPages: 3,
      onCancelled: release,
    });
    const written = Number(
      /Cancelled: ([\d,]+) complete rows written\./.exec(run.outcome)?.[1]?.replace(/,/g, ''),
    );
    expect(written).toBeGreaterThanOrEqual(1000);
    expect(written).toBeLessThan(20_000);
    const lines = run.text.split('\r\n');
    expect(lines.pop()).toBe(''); // ends with a complete row
    expect(lines[0]).toMatch(/^id,time \(/);
    await page.close();
  });

  it('as demo-restricted, after a PII viewer in the same browser: no withheld body', async () => {
    // The PII viewer's pages are in this browser's cache now (the tests above).
    const page = await openDemo(context, rig, 'restricted');
    const run = await runExport(page, 'NDJSON', { cap: 3000 });
    const events = ndjson(run.text);
    expect(events).toHaveLength(3000);
    const withBody = events.filter(
      (e) => e.request?.body !== undefined || e.response?.body !== undefined,
    );
    expect(withBody.length).toBeGreaterThan(100);
    for (const e of withBody) {
      for (const body of [e.request?.body, e.response?.body])
        if (body !== undefined) expect(body, e.id).toBe(REDACTION_MARKER);
    }
    await page.close();
  });

  it('in safe-to-share mode, no email address', async () => {
    const page = await openDemo(context, rig, 'pii-viewer');
    await page
      .locator('audit-log-viewer')
      .getByRole('button', { name: 'Safe to share' })
      .first()
      .click();
    const run = await runExport(page, 'CSV', { cap: 2000 });
    expect(run.text.split('\r\n').length).toBeGreaterThan(1000);
    expect(run.text).not.toMatch(EMAIL);
    await page.close();
  });
});

describe('export in Chromium under faults', () => {
  let rig: DemoRig;
  beforeAll(async () => {
    // Fault mode on, no random faults: each test says which requests fail (`x-audit-fault`).
    rig = await startDemo(['--events', '3000', '--seed', '12'], { AUDIT_FAULTS: 'on' });
  }, 120_000);
  afterAll(() => rig?.close());

  /**
   * Every page of the export (told apart by its cursor) is answered `times` times with a
   * fault (page 1: 500, page 2: 503, page 3: 429 with Retry-After: 0, …) before the service
   * answers it; `only` limits that to one page (1-based).
   */
  async function faultPages(page: Page, tag: string, times: number, only?: number) {
    const kinds = ['500', '503', '429=0'];
    const cursors: string[] = [];
    await page.route(/\/api\/v1\/audit\/events\?.*limit=500/, (route) => {
      const cursor = new URL(route.request().url()).searchParams.get('cursor') ?? '';
      if (!cursors.includes(cursor)) cursors.push(cursor);
      const i = cursors.indexOf(cursor);
      if (only !== undefined && i + 1 !== only) return route.continue();
      const fault = `${kinds[i % kinds.length]};times=${times};key=${tag}-${i}`;
      return route.continue({ headers: { ...route.request().headers(), 'x-audit-fault': fault } });
    });
  }

  /** The view exported in Node with no faults: the reference. */
  async function truth(): Promise<string[]> {
    const ids: string[] = [];
    await exportView(
      createGenericSource({ endpoint: rig.service.url, credentials: () => 'demo-pii-viewer' }),
      { v: 1, filters: {}, sort: 'desc' },
      {
        format: 'ndjson',
        columns: 'all',
        cap: 100_000,
        write: (chunk) =>
          void ids.push(
            ...chunk
              .trim()
              .split('\n')
              .filter(Boolean)
              .map((l) => (JSON.parse(l) as AuditEvent).id),
          ),
      },
    );
    return ids;
  }

  it('5xx and 429 are retried: every event exactly once', async () => {
    const context = await contextFor(rig);
    const page = await openDemo(context, rig, 'pii-viewer');
    // Three failures per page: the fourth and last attempt of the viewer's client succeeds.
    await faultPages(page, 'retried', 3);
    const run = await runExport(page, 'NDJSON', { cap: 100_000 });
    const ids = ndjson(run.text).map((e) => e.id);
    expect(run.outcome).toBe(`Exported ${ids.length.toLocaleString('en-US')} rows.`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(await truth()));
    await context.close();
  });

  it('a page that fails every attempt stops the export and says so', async () => {
    const context = await contextFor(rig);
    const page = await openDemo(context, rig, 'pii-viewer');
    await faultPages(page, 'exhausted', 4, 3);
    const run = await runExport(page, 'NDJSON', { cap: 100_000 });
    expect(run.outcome).toMatch(
      /^The export stopped after 1,000 rows: .*rate limited.*\. The file holds those 1,000 complete rows\.$/,
    );
    expect(ndjson(run.text)).toHaveLength(1000);
    expect(run.name).toMatch(/^audit-log-.+-partial\.ndjson$/);
    await context.close();
  });
});
