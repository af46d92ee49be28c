/**
 * 3. The viewer in headless Chromium: the demo page against the service, and a synthetic
 * stress page for the log table and the JSON tree.
 */
import type { Browser, BrowserContext, Page } from 'playwright';
import { DEMO_END_USER } from '../../server/seed/generate.js';
import { STRESS_PATH } from '../pages/serve.js';
import { progress, type Report } from '../lib/report.js';
import { bytes, int, ms, summarize } from '../lib/stats.js';
import '../pages/protocol.js';

const PAGES = 5;
const VIEWPORT = { width: 1280, height: 860 };
const TIMEOUT = 60_000;

/** Runs in the page before its scripts: timestamps of the first input of each kind. */
function installMarks(): void {
  window.alvMarks = {};
  const mark = (kind: 'keydown' | 'input' | 'click' | 'filterChange') => () => {
    const marks = (window.alvMarks ??= {});
    marks[kind] ??= performance.now();
  };
  window.addEventListener('keydown', mark('keydown'), true);
  window.addEventListener('input', mark('input'), true);
  window.addEventListener('click', mark('click'), true);
  window.addEventListener('alv-filter-change', mark('filterChange'), true);
}

export async function freshPage(
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  // tsx compiles this file with esbuild's keepNames, which wraps named functions in calls to
  // a `__name` helper; functions serialized into the page need it there too.
  await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  await context.addInitScript(installMarks);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('close', () => {
    if (errors.length) progress(`page errors: ${errors.join('; ')}`);
  });
  return { context, page };
}

const resetMarks = (page: Page) => page.evaluate(() => void (window.alvMarks = {}));
const readMarks = (page: Page) => page.evaluate(() => window.alvMarks ?? {});

/** Polls in the page every animation frame until `fn` returns a truthy number; returns it. */
async function pollNumber<A extends string | number | undefined>(
  page: Page,
  fn: (arg: A) => number,
  arg: A,
): Promise<number> {
  // A primitive argument reaches the page as itself.
  const probe = fn as (arg: unknown) => number;
  const handle = await page.waitForFunction(probe, arg, { polling: 'raf', timeout: TIMEOUT });
  return handle.jsonValue();
}

export interface HeapMetrics {
  used: number;
  total: number;
  nodes: number;
}

/** JS heap after a full GC, and DOM nodes, via CDP (`Performance.getMetrics`). */
export async function heap(page: Page): Promise<HeapMetrics> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
    return { used: get('JSHeapUsedSize'), total: get('JSHeapTotalSize'), nodes: get('Nodes') };
  } finally {
    await cdp.detach();
  }
}

// --- In-page probes (serialized into the page: self-contained) ----------------------------------

/** `performance.now()` once the demo viewer's table shows a body row (ms since navigation). */
const firstRowAt = (): number => {
  const table = document
    .querySelector('audit-log-viewer')
    ?.shadowRoot?.querySelector('alv-log-table');
  const row = table?.shadowRoot?.querySelector(
    '[role="row"][aria-rowindex]:not([aria-rowindex="1"])',
  );
  return row ? performance.now() : 0;
};

/** `performance.now()` once every rendered row is by `email` and the list is not stale. */
const filteredAt = (email: string): number => {
  const table = document
    .querySelector('audit-log-viewer')
    ?.shadowRoot?.querySelector('alv-log-table');
  if (!table || table.classList.contains('stale')) return 0;
  const rows = [
    ...(table.shadowRoot?.querySelectorAll(
      '[role="row"][aria-rowindex]:not([aria-rowindex="1"])',
    ) ?? []),
  ];
  if (rows.length === 0) return 0;
  const ok = rows.every((r) => r.querySelector('.c-actor')?.getAttribute('title') === email);
  return ok ? performance.now() : 0;
};

/** Body rows of the demo viewer's table, its status line and the filter bar's debounce. */
const demoState = () => {
  const viewer = document.querySelector('audit-log-viewer');
  const table = viewer?.shadowRoot?.querySelector('alv-log-table');
  const bar = viewer?.shadowRoot?.querySelector('alv-filter-bar') as
    (Element & { debounce?: number }) | null | undefined;
  return {
    rows:
      table?.shadowRoot?.querySelectorAll('[role="row"][aria-rowindex]:not([aria-rowindex="1"])')
        .length ?? 0,
    status: viewer?.shadowRoot?.querySelector('[part="status"] .count')?.textContent?.trim() ?? '',
    debounce: bar?.debounce ?? NaN,
  };
};

export const settle = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50))),
      ),
  );

// --- The demo page ------------------------------------------------------------------------------

interface DemoRun {
  firstRow: number;
  rows: number;
  status: string;
  debounce: number;
  filter?: { fromInput: number; fromFilterChange: number; rows: number };
}

async function demoRun(
  browser: Browser,
  baseUrl: string,
  source: string,
  withFilter: boolean,
): Promise<DemoRun> {
  const { context, page } = await freshPage(browser);
  try {
    await page.goto(`${baseUrl}/?as=pii-viewer&source=${source}`, { waitUntil: 'commit' });
    const firstRow = await pollNumber(page, firstRowAt, undefined);
    await page.waitForFunction(() => {
      const s = document.querySelector('audit-log-viewer')?.shadowRoot;
      return /\d\+?\s+events?/.test(s?.querySelector('[part="status"] .count')?.textContent ?? '');
    });
    await settle(page);
    const state = await page.evaluate(demoState);
    const run: DemoRun = { firstRow, ...state };
    if (withFilter) {
      await resetMarks(page);
      const before = await page.evaluate(() => performance.now());
      await page.getByLabel('Query', { exact: true }).fill(`user:${DEMO_END_USER.email}`);
      const done = await pollNumber(page, filteredAt, DEMO_END_USER.email);
      const marks = await readMarks(page);
      await settle(page);
      run.filter = {
        fromInput: done - (marks.input ?? before),
        fromFilterChange: done - (marks.filterChange ?? NaN),
        rows: (await page.evaluate(demoState)).rows,
      };
    }
    return run;
  } finally {
    await context.close();
  }
}

// --- The stress page ----------------------------------------------------------------------------

interface TableRun {
  generateMs: number;
  renderMs: number;
  endMs: number;
  rowsAfterRender: number;
  rowsAfterEnd: number;
  heapBefore: HeapMetrics;
  heapAfter: HeapMetrics;
}

async function openStress(browser: Browser, baseUrl: string) {
  const fresh = await freshPage(browser);
  await fresh.page.goto(baseUrl + STRESS_PATH);
  await fresh.page.waitForFunction(() => window.alvBench !== undefined);
  return fresh;
}

async function tableRun(browser: Browser, baseUrl: string, count: number): Promise<TableRun> {
  const { context, page } = await openStress(browser, baseUrl);
  try {
    const heapBefore = await heap(page);
    const r = await page.evaluate((n) => window.alvBench!.mountTable(n), count);
    await page.evaluate(() => window.alvBench!.focusFirstRow());
    await settle(page);
    await resetMarks(page);
    await page.keyboard.press('End');
    const done = await pollNumber(page, (i) => window.alvBench!.rowFocusedAt(i), count - 1);
    const marks = await readMarks(page);
    await settle(page);
    const rowsAfterEnd = await page.evaluate(() => window.alvBench!.domRows());
    const heapAfter = await heap(page);
    return {
      generateMs: r.generateMs,
      renderMs: r.renderMs,
      endMs: done - (marks.keydown ?? NaN),
      rowsAfterRender: r.domRows,
      rowsAfterEnd,
      heapBefore,
      heapAfter,
    };
  } finally {
    await context.close();
  }
}

interface JsonRun {
  bytes: number;
  generateMs: number;
  renderMs: number;
  longestTaskMs: number;
  expandMs: number;
  itemsBefore: number;
  itemsAfter: number;
  heapAfter: HeapMetrics;
}

const JSON_ITEMS = 50_000;

async function jsonRun(browser: Browser, baseUrl: string): Promise<JsonRun> {
  const { context, page } = await openStress(browser, baseUrl);
  try {
    const r = await page.evaluate((n) => window.alvBench!.mountJson(n), JSON_ITEMS);
    await settle(page);
    await resetMarks(page);
    await page.locator('alv-json-tree [data-key="$.items"] > .row > .key').click();
    const done = await pollNumber(page, (k) => window.alvBench!.renderedAt(k), '$.items[99]');
    const marks = await readMarks(page);
    await settle(page);
    return {
      bytes: r.bytes,
      generateMs: r.generateMs,
      renderMs: r.renderMs,
      longestTaskMs: r.longestTaskMs,
      expandMs: done - (marks.click ?? NaN),
      itemsBefore: r.treeItems,
      itemsAfter: await page.evaluate(() => window.alvBench!.treeItems()),
      heapAfter: await heap(page),
    };
  } finally {
    await context.close();
  }
}

// --- The section --------------------------------------------------------------------------------

const med = (xs: number[]) => summarize(xs).median;

export async function benchBrowser(
  report: Report,
  browser: Browser,
  baseUrl: string,
): Promise<void> {
  const s = report.section('3. The viewer in headless Chromium', [
    `Each sample is a fresh browser context and page (${VIEWPORT.width}×${VIEWPORT.height}), ${PAGES} per row (so a p95 here is close to the worst of them); times are \`performance.now()\` in the page, completion detected by a \`waitForFunction\` polling every animation frame (so they carry up to one frame, ~16 ms, of detection granularity). Interaction times start at the page's first \`input\` / \`keydown\` / \`click\` event (a capturing listener installed before the page's scripts).`,
  ]);

  // Demo page, per source.
  const demoRows: (string | number)[][] = [];
  let filterRuns: NonNullable<DemoRun['filter']>[] = [];
  let debounce = NaN;
  for (const source of ['generic', 'nected', 'kore', 'org-audit']) {
    progress(`browser: demo page, source ${source}`);
    const runs: DemoRun[] = [];
    for (let i = 0; i < PAGES; i++)
      runs.push(await demoRun(browser, baseUrl, source, source === 'generic'));
    const first = summarize(runs.map((r) => r.firstRow));
    demoRows.push([
      source,
      ms(first.median),
      ms(first.p95),
      ms(first.min),
      runs[0]!.status.replace(/\s+/g, ' '),
      int(med(runs.map((r) => r.rows))),
    ]);
    if (source === 'generic') {
      report.metric(
        'first_rows_network_ms',
        runs.map((r) => r.firstRow),
        'ms',
      );
      filterRuns = runs.flatMap((r) => (r.filter ? [r.filter] : []));
      debounce = runs[0]!.debounce;
    }
  }
  s.tables.push({
    headers: [
      'demo page (?as=pii-viewer)',
      'navigation → first row, median ms',
      'p95 ms',
      'min ms',
      'status line',
      'DOM rows rendered',
    ],
    rows: demoRows,
    numeric: [1, 2, 3, 5],
  });

  const fromInput = summarize(filterRuns.map((f) => f.fromInput));
  const fromChange = summarize(filterRuns.map((f) => f.fromFilterChange));
  s.tables.push({
    headers: [
      `query box: fill "user:${DEMO_END_USER.email}" (generic)`,
      'median ms',
      'p95 ms',
      'min ms',
    ],
    rows: [
      [
        `input event → every shown row is that user's (includes the ${debounce} ms debounce)`,
        ms(fromInput.median),
        ms(fromInput.p95),
        ms(fromInput.min),
      ],
      [
        'alv-filter-change (after the debounce) → filtered rows',
        ms(fromChange.median),
        ms(fromChange.p95),
        ms(fromChange.min),
      ],
    ],
  });
  s.notes.push(
    `The filtered list rendered ${int(med(filterRuns.map((f) => f.rows)))} DOM rows (median). "DOM rows rendered" counts \`[role=row][aria-rowindex]\` body rows in the log table's shadow root once the first page (100 events) is in: the table's window for this viewport.`,
  );

  // The page cache.
  progress('browser: IndexedDB page cache');
  const writes: { totalMs: number; longestTaskMs: number }[] = [];
  const reads: number[] = [];
  const cachedFirst: number[] = [];
  for (let i = 0; i < PAGES; i++) {
    const { context, page } = await openStress(browser, baseUrl);
    try {
      writes.push(await page.evaluate(() => window.alvBench!.cacheWrite(100_000, 1000)));
      reads.push(...(await page.evaluate(() => window.alvBench!.cacheRead(20))));
      cachedFirst.push(await page.evaluate(() => window.alvBench!.cachedFirstRows()));
    } finally {
      await context.close();
    }
  }
  const w = report.metric(
    'cache_write_100k_ms',
    writes.map((x) => x.totalMs),
    'ms',
  );
  const longest = report.metric(
    'cache_write_100k_longest_task_ms',
    writes.map((x) => x.longestTaskMs),
    'ms',
  );
  const r = report.metric('cache_read_page_ms', reads, 'ms');
  const f = report.metric('first_rows_cached_ms', cachedFirst, 'ms');
  const net = report.metrics.first_rows_network_ms;
  s.tables.push({
    headers: ['IndexedDB page cache', 'median ms', 'p95 ms', 'target'],
    rows: [
      ['write 100,000 events as 100 page records of 1,000', ms(w.median), ms(w.p95), '< 500'],
      [
        '  longest main-thread task meanwhile (0: none over 50)',
        ms(longest.median),
        ms(longest.p95),
        '< 50',
      ],
      ['read one page record (1,000 events)', ms(r.median), ms(r.p95), '< 10'],
      [
        'element connected → first cached rows painted (network silent)',
        ms(f.median),
        ms(f.p95),
        '< 100',
      ],
      [
        'demo: navigation → first row from the network (empty cache)',
        net ? ms(net.median) : '—',
        net ? ms(net.p95) : '—',
        '',
      ],
    ],
  });

  // Stress: log table.
  const tableRows: (string | number)[][] = [];
  const heapRows: (string | number)[][] = [];
  for (const count of [10_000, 100_000]) {
    progress(`browser: stress table, ${int(count)} events`);
    const runs: TableRun[] = [];
    for (let i = 0; i < PAGES; i++) runs.push(await tableRun(browser, baseUrl, count));
    const render = summarize(runs.map((r) => r.renderMs));
    const end = summarize(runs.map((r) => r.endMs));
    tableRows.push([
      int(count),
      ms(med(runs.map((r) => r.generateMs))),
      ms(render.median),
      ms(render.p95),
      ms(end.median),
      ms(end.p95),
      `${int(med(runs.map((r) => r.rowsAfterRender)))} / ${int(med(runs.map((r) => r.rowsAfterEnd)))}`,
    ]);
    const before = med(runs.map((r) => r.heapBefore.used));
    const after = med(runs.map((r) => r.heapAfter.used));
    heapRows.push([
      `${int(count)}-row table, after End`,
      bytes(before),
      bytes(after),
      bytes(after - before),
      bytes(med(runs.map((r) => r.heapAfter.total))),
      int(med(runs.map((r) => r.heapAfter.nodes))),
    ]);
  }
  s.tables.push({
    headers: [
      '<alv-log-table> events',
      'generate ms',
      'set events → rows painted, median ms',
      'p95 ms',
      'End key → last row focused, median ms',
      'p95 ms',
      'DOM rows (after render / after End)',
    ],
    rows: tableRows,
  });

  // Stress: JSON tree.
  progress(`browser: stress JSON tree, ${int(JSON_ITEMS)} items`);
  const jruns: JsonRun[] = [];
  for (let i = 0; i < PAGES; i++) jruns.push(await jsonRun(browser, baseUrl));
  const jr = report.metric(
    'json_5mb_first_lines_ms',
    jruns.map((r) => r.renderMs),
    'ms',
  );
  const jl = report.metric(
    'json_5mb_longest_task_ms',
    jruns.map((r) => r.longestTaskMs),
    'ms',
  );
  const jmin = summarize(jruns.map((r) => r.renderMs)).min;
  const je = summarize(jruns.map((r) => r.expandMs));
  s.tables.push({
    headers: ['<alv-json-tree>', 'median ms', 'p95 ms', 'min ms', 'tree items after'],
    rows: [
      [
        `set a ${bytes(jruns[0]!.bytes)} value (generated in ${ms(med(jruns.map((r) => r.generateMs)))} ms) → painted`,
        ms(jr.median),
        ms(jr.p95),
        ms(jmin),
        int(med(jruns.map((r) => r.itemsBefore))),
      ],
      ['  longest main-thread task meanwhile (0: none over 50)', ms(jl.median), ms(jl.p95), '', ''],
      [
        `click the ${int(JSON_ITEMS)}-item array → its first chunk rendered`,
        ms(je.median),
        ms(je.p95),
        ms(je.min),
        int(med(jruns.map((r) => r.itemsAfter))),
      ],
    ],
  });
  heapRows.push([
    `JSON tree with the ${bytes(jruns[0]!.bytes)} value, expanded`,
    '—',
    bytes(med(jruns.map((r) => r.heapAfter.used))),
    '—',
    bytes(med(jruns.map((r) => r.heapAfter.total))),
    int(med(jruns.map((r) => r.heapAfter.nodes))),
  ]);
  s.tables.push({
    headers: [
      'stress page JS heap (CDP, after GC)',
      'used before',
      'used after',
      'delta (data + UI)',
      'heap total',
      'DOM nodes',
    ],
    rows: heapRows,
  });
  s.notes.push(
    'Stress events are generated in the page (not timed in the render figure) and include the events array itself in the heap delta. The End key goes through Playwright’s keyboard to the focused first row.',
  );
}
