/**
 * `npm run bench`: measures (never asserts) the reference service, the adapters, the viewer in
 * headless Chromium and the bundle on this machine, all in-process or over loopback. Prints a
 * Markdown report and writes it to bench/results/latest.md; progress goes to stderr.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright';
import { buildDemo, mountDemo } from '../server/demo.js';
import { chromiumLaunchOptions } from '../test/setup/chromium.js';
import { describeMachine } from './lib/machine.js';
import { progress, Report } from './lib/report.js';
import { buildStressPage, mountStressPage } from './pages/serve.js';
import { benchAdapters } from './sections/adapters.js';
import { benchBrowser } from './sections/browser.js';
import { benchBundle } from './sections/bundle.js';
import { benchService, startBenchService } from './sections/service.js';
import { benchTable } from './sections/table.js';

/** `npm run bench -- table bundle`: only the parts named (service, adapters, browser, table, bundle). */
const only = new Set(process.argv.slice(2));

const RESULTS = fileURLToPath(
  new URL(only.size > 0 ? 'results/partial.md' : 'results/latest.md', import.meta.url),
);
const METRICS = fileURLToPath(new URL('results/latest.json', import.meta.url));

const report = new Report();

/** Runs one part; a failure is reported in its place and the rest still run. */
async function part(title: string, fn: () => Promise<void>, name?: string): Promise<void> {
  if (only.size > 0 && !(name && only.has(name))) return;
  try {
    await fn();
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    progress(`${title} failed: ${err.stack ?? err.message}`);
    report.section(`${title}: FAILED`).notes.push(`\`${err.message.split('\n')[0]}\``);
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const machine = describeMachine();
  let chromiumVersion = 'not launched';

  progress('building the demo and stress pages');
  const [demo, stress] = await Promise.all([buildDemo(), buildStressPage()]);
  progress('starting the service (seeding)');
  const svc = await startBenchService((app) => {
    mountDemo(app, demo);
    mountStressPage(app, stress);
  });
  let browser: Browser | undefined;
  try {
    await part('1. Reference audit service', () => benchService(report, svc), 'service');
    await part('2. Adapters', () => benchAdapters(report, svc.service.url), 'adapters');
    const launch = async () => {
      browser ??= await chromium.launch(chromiumLaunchOptions());
      chromiumVersion = browser.version();
      return browser;
    };
    await part(
      '3. Viewer in Chromium',
      async () => benchBrowser(report, await launch(), svc.service.url),
      'browser',
    );
    await part(
      '3b. Log table against AG Grid',
      async () => benchTable(report, await launch(), svc.service.url),
      'table',
    );
  } finally {
    await browser?.close();
    await svc.service.close();
  }
  await part('4. Bundle', () => benchBundle(report), 'bundle');

  const v = machine.versions;
  const markdown = report.toMarkdown('audit-log-viewer bench', [
    `${new Date().toISOString()} · total run ${(Math.round((performance.now() - started) / 100) / 10).toFixed(1)} s · medians, with p95 where there are enough samples; all times in ms.`,
    '',
    `- CPU: ${machine.cpu} — ${machine.cores} cores (${machine.parallelism} available to Node), ${machine.memory} RAM`,
    `- OS: ${machine.os}`,
    `- Node ${machine.node}, Chromium ${chromiumVersion} (system, headless), Playwright ${v.playwright}, esbuild ${v.esbuild}`,
    `- lit ${v.lit}, ag-grid-community ${v['ag-grid-community']}, PGlite ${v['@electric-sql/pglite']}, Hono ${v.hono}`,
    '- Service, client and browser share these cores: the figures are for this machine as a whole, not one component in isolation.',
  ]);
  await mkdir(fileURLToPath(new URL('results/', import.meta.url)), { recursive: true });
  await writeFile(RESULTS, markdown);
  // A partial run updates its own figures and keeps the others'.
  const kept =
    only.size > 0 ? (JSON.parse(await readFile(METRICS, 'utf8').catch(() => '{}')) as object) : {};
  await writeFile(METRICS, `${JSON.stringify({ ...kept, ...report.metrics }, null, 2)}\n`);
  process.stdout.write(markdown);
  progress(`wrote ${RESULTS} and ${METRICS}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
