/**
 * `npm run bench`: measures (never asserts) the reference service, the adapters, the viewer in
 * headless Chromium and the bundle on this machine, all in-process or over loopback. Prints a
 * Markdown report and writes it to bench/results/latest.md; progress goes to stderr.
 */
import { mkdir, writeFile } from 'node:fs/promises';
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

const RESULTS = fileURLToPath(new URL('results/latest.md', import.meta.url));
const METRICS = fileURLToPath(new URL('results/latest.json', import.meta.url));

const report = new Report();

/** Runs one part; a failure is reported in its place and the rest still run. */
async function part(title: string, fn: () => Promise<void>): Promise<void> {
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
    await part('1. Reference audit service', () => benchService(report, svc));
    await part('2. Adapters', () => benchAdapters(report, svc.service.url));
    await part('3. Viewer in Chromium', async () => {
      browser = await chromium.launch(chromiumLaunchOptions());
      chromiumVersion = browser.version();
      await benchBrowser(report, browser, svc.service.url);
    });
  } finally {
    await browser?.close();
    await svc.service.close();
  }
  await part('4. Bundle', () => benchBundle(report));

  const v = machine.versions;
  const markdown = report.toMarkdown('audit-log-viewer bench', [
    `${new Date().toISOString()} · total run ${(Math.round((performance.now() - started) / 100) / 10).toFixed(1)} s · medians, with p95 where there are enough samples; all times in ms.`,
    '',
    `- CPU: ${machine.cpu} — ${machine.cores} cores (${machine.parallelism} available to Node), ${machine.memory} RAM`,
    `- OS: ${machine.os}`,
    `- Node ${machine.node}, Chromium ${chromiumVersion} (system, headless), Playwright ${v.playwright}, esbuild ${v.esbuild}`,
    `- lit ${v.lit}, @lit-labs/virtualizer ${v['@lit-labs/virtualizer']}, PGlite ${v['@electric-sql/pglite']}, Hono ${v.hono}`,
    '- Service, client and browser share these cores: the figures are for this machine as a whole, not one component in isolation.',
  ]);
  await mkdir(fileURLToPath(new URL('results/', import.meta.url)), { recursive: true });
  await writeFile(RESULTS, markdown);
  await writeFile(METRICS, `${JSON.stringify(report.metrics, null, 2)}\n`);
  process.stdout.write(markdown);
  progress(`wrote ${RESULTS} and ${METRICS}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
