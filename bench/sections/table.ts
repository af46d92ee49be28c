/**
 * 3b. The log table at volume against AG Grid Community: the same events, columns, row height
 * and viewport, in fresh pages alternating ours / theirs (A B A B), so that the machine's
 * load weighs on both alike.
 */
import type { Browser, Page } from 'playwright';
import { AGGRID_PATH, STRESS_PATH } from '../pages/serve.js';
import { progress, type Metric, type Report } from '../lib/report.js';
import { int, ms } from '../lib/stats.js';
import { freshPage, heap, settle } from './browser.js';
import '../pages/protocol.js';

/** Page pairs (ours + theirs) at 100,000 events, and at 1,000,000 (filter only). */
const PAIRS_100K = 3;
const PAIRS_1M = 2;
const SCROLL_STEPS = 200;
const LONG_FRAME_MS = 50;

type Peer = 'ours' | 'aggrid';
const PATHS: Record<Peer, string> = { ours: STRESS_PATH, aggrid: AGGRID_PATH };

interface Sample {
  renderMs: number;
  domNodes: number;
  heapMb: number;
  frames: number[];
  filterMs: number;
  filterRows: number;
}

async function open(browser: Browser, baseUrl: string, peer: Peer) {
  const fresh = await freshPage(browser);
  await fresh.page.goto(baseUrl + PATHS[peer]);
  await fresh.page.waitForFunction(() => window.alvTable !== undefined);
  return fresh;
}

const mount = (page: Page, count: number) => page.evaluate((n) => window.alvTable!.mount(n), count);

async function sample(browser: Browser, baseUrl: string, peer: Peer): Promise<Sample> {
  const count = 100_000;
  const { context, page } = await open(browser, baseUrl, peer);
  try {
    const before = await heap(page);
    const r = await mount(page, count);
    await settle(page);
    const after = await heap(page);
    const domNodes = await page.evaluate(() => window.alvTable!.domNodes());
    const frames = await page.evaluate((n) => window.alvTable!.scroll(n), SCROLL_STEPS);
    const f = await page.evaluate(() => window.alvTable!.filter());
    return {
      renderMs: r.renderMs,
      domNodes,
      heapMb: (after.used - before.used) / (count / 100_000) / 2 ** 20,
      frames,
      filterMs: f.ms,
      filterRows: f.rows,
    };
  } finally {
    await context.close();
  }
}

async function filterMillion(browser: Browser, baseUrl: string, peer: Peer): Promise<number> {
  const { context, page } = await open(browser, baseUrl, peer);
  try {
    await mount(page, 1_000_000);
    await settle(page);
    return (await page.evaluate(() => window.alvTable!.filter())).ms;
  } finally {
    await context.close();
  }
}

export async function benchTable(report: Report, browser: Browser, baseUrl: string): Promise<void> {
  const s = report.section('3b. The log table against AG Grid Community', [
    `\`<alv-log-table>\` and AG Grid Community (client-side row model, default row buffer) on the same generated events, with the same 9 columns and cell text, 32 px rows, in a 1280×640 px box; each sample a fresh page, ${PAIRS_100K} pairs at 100,000 events and ${PAIRS_1M} at 1,000,000, alternating ours / theirs. Scroll: ${SCROLL_STEPS} equal jumps from top to bottom, one per animation frame; a frame is the time from one animation frame to the next (script, style, layout and paint of that jump); p95 over all frames of all samples. Filter: to two users of 200 (about 1%), from the call to the filtered rows painted. Heap: JS heap used after GC, mounted minus empty page (events included).`,
  ]);
  const runs: Record<Peer, Sample[]> = { ours: [], aggrid: [] };
  for (let i = 0; i < PAIRS_100K; i++) {
    for (const peer of ['ours', 'aggrid'] as const) {
      progress(`table: ${peer}, 100,000 events (pair ${i + 1}/${PAIRS_100K})`);
      runs[peer].push(await sample(browser, baseUrl, peer));
    }
  }
  const million: Record<Peer, number[]> = { ours: [], aggrid: [] };
  for (let i = 0; i < PAIRS_1M; i++) {
    for (const peer of ['ours', 'aggrid'] as const) {
      progress(`table: ${peer}, filter 1,000,000 events (pair ${i + 1}/${PAIRS_1M})`);
      million[peer].push(await filterMillion(browser, baseUrl, peer));
    }
  }

  const figures = (peer: Peer) => {
    const prefix = peer === 'ours' ? '' : 'aggrid_';
    const r = runs[peer];
    const m = (name: string, xs: number[], unit: string) => report.metric(prefix + name, xs, unit);
    return {
      firstPaint: m(
        'first_paint_100k_ms',
        r.map((x) => x.renderMs),
        'ms',
      ),
      filter: m(
        'filter_100k_ms',
        r.map((x) => x.filterMs),
        'ms',
      ),
      filter1m: m('filter_1m_ms', million[peer], 'ms'),
      frame: m(
        'scroll_frame_ms',
        r.flatMap((x) => x.frames),
        'ms',
      ),
      longFrames: m(
        'scroll_long_frames',
        r.map((x) => x.frames.filter((f) => f > LONG_FRAME_MS).length),
        'frames',
      ),
      dom: m(
        'dom_nodes',
        r.map((x) => x.domNodes),
        'elements',
      ),
      heap: m(
        'heap_per_100k_mb',
        r.map((x) => x.heapMb),
        'MiB',
      ),
    };
  };
  const ours = figures('ours');
  const theirs = figures('aggrid');
  const ratio = (a: Metric, b: Metric, key: 'median' | 'p95') =>
    b[key] > 0 ? `${(a[key] / b[key]).toFixed(2)}×` : '—';
  const row = (label: string, a: Metric, b: Metric, key: 'median' | 'p95', fmt = ms) => [
    label,
    fmt(a[key]),
    fmt(b[key]),
    ratio(a, b, key),
  ];
  s.tables.push({
    headers: [
      '100,000 events (1,000,000 where said)',
      '<alv-log-table>',
      'AG Grid',
      'ours / theirs',
    ],
    rows: [
      row(
        'set events → first rows painted, median ms',
        ours.firstPaint,
        theirs.firstPaint,
        'median',
      ),
      row('filter to ~1%, median ms', ours.filter, theirs.filter, 'median'),
      row('filter to ~1% of 1,000,000, median ms', ours.filter1m, theirs.filter1m, 'median'),
      row('scroll: frame, median ms', ours.frame, theirs.frame, 'median'),
      row('scroll: frame, p95 ms', ours.frame, theirs.frame, 'p95'),
      row(
        `scroll: frames over ${LONG_FRAME_MS} ms per ${SCROLL_STEPS}-step scroll, median`,
        ours.longFrames,
        theirs.longFrames,
        'median',
        int,
      ),
      row('elements inside the table at rest, median', ours.dom, theirs.dom, 'median', int),
      row('JS heap per 100,000 events, MiB, median', ours.heap, theirs.heap, 'median', (x) =>
        x.toFixed(1),
      ),
    ],
  });
  s.notes.push(
    `Filtered rows: ${int(runs.ours[0]?.filterRows ?? NaN)} here, ${int(runs.aggrid[0]?.filterRows ?? NaN)} in AG Grid. Figures are in \`bench/results/latest.json\` as \`scroll_frame_ms\`, \`aggrid_scroll_frame_ms\`, etc.`,
  );
}
