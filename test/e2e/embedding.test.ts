/**
 * The package as a host app gets it: `npm pack`'s tarball installed into an empty folder
 * (with React 19 and Vue 3 beside it), the embedding examples of `demo/embed/` built there
 * against the installed package, and each page driven in Chromium against the reference
 * service: rows appear (properties and attributes reached the element), theming through
 * `--alv-*` and `::part()` applies, and a typed event reaches the host.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleExamples } from '../../scripts/examples.js';
import { SHOTS, bodyRows, startDemo, type DemoRig } from './support/demo.js';

const repo = process.cwd();
const versionOf = (name: string) =>
  (
    JSON.parse(readFileSync(join(repo, 'node_modules', name, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.css': 'text/css',
};

/** Serves `dir` as static files (the host app's own server). */
function serveStatic(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = resolve(dir, `.${path}`);
    try {
      if (!file.startsWith(dir)) throw new Error('outside');
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

let rig: DemoRig;
let app: string;
let pack: string;
let server: Server;
let origin: string;

beforeAll(async () => {
  rig = await startDemo();
  pack = mkdtempSync(join(tmpdir(), 'alv-pack-'));
  app = mkdtempSync(join(tmpdir(), 'alv-app-'));
  // `npm pack` runs `prepack` (the build) and writes the tarball a registry would serve.
  execFileSync('npm', ['pack', '--pack-destination', pack, '--silent'], {
    cwd: repo,
    stdio: 'pipe',
  });
  const tarball = join(
    pack,
    readdirSync(pack).find((f) => f.endsWith('.tgz'))!,
  );
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'host-app', private: true, type: 'module' }),
  );
  execFileSync(
    'npm',
    [
      'install',
      tarball,
      `react@${versionOf('react')}`,
      `react-dom@${versionOf('react-dom')}`,
      `vue@${versionOf('vue')}`,
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--loglevel=error',
    ],
    { cwd: app, stdio: 'pipe' },
  );
  await bundleExamples(app);
  server = await serveStatic(app);
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 300_000);

afterAll(async () => {
  server?.close();
  await rig?.close();
  for (const dir of [app, pack]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Opens an example page pointed at the reference service and waits for its first rows. */
async function open(path: string): Promise<Page> {
  const page = await rig.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${origin}/${path}?endpoint=${encodeURIComponent(rig.service.url)}`);
  await expect
    .poll(async () => (errors.length ? `page error: ${errors[0]}` : bodyRows(page).count()), {
      timeout: 30_000,
    })
    .toBeGreaterThan(3);
  return page;
}

async function checkEmbedding(page: Page, shot: string, accent: string): Promise<void> {
  const viewer = page.locator('audit-log-viewer');
  // An attribute and a property reached the element.
  await expect.poll(() => viewer.getAttribute('density')).toBe('compact');
  expect(
    await viewer.evaluate((el) => getComputedStyle(el).getPropertyValue('--alv-color-accent')),
  ).toBe(accent);
  // --alv-height sizes it; ::part(status) from the host page styles the status line.
  expect((await viewer.boundingBox())?.height).toBe(480);
  expect(
    await viewer.evaluate((el) => {
      const status = el.shadowRoot?.querySelector('[part~="status"]');
      return status ? getComputedStyle(status).fontStyle : 'no status part';
    }),
  ).toBe('italic');
  // The columns asked for, in order.
  const headers = await page
    .locator('alv-log-table [role="columnheader"]')
    .evaluateAll((els) => els.map((e) => e.textContent?.trim().toLowerCase() ?? ''));
  expect(headers.slice(0, 3).map((h) => /^[a-z]+/.exec(h)?.[0])).toEqual([
    'time',
    'actor',
    'action',
  ]);
  // A typed event reaches the host: clicking a row selects it.
  await bodyRows(page).first().click();
  await expect.poll(() => page.locator('#selected').textContent()).toMatch(/^Selected \S+/);
  await page.screenshot({ path: `${SHOTS}/${shot}.png` });
}

describe('the packed package in a host app', () => {
  it('installs with its dependencies, and `core` resolves by its export in Node', () => {
    const installed = JSON.parse(
      readFileSync(join(app, 'node_modules/audit-log-viewer/package.json'), 'utf8'),
    ) as { version: string };
    const ours = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(installed.version).toBe(ours.version);
    // lit is a dependency, installed once for the app, not a copy inside the package.
    expect(readdirSync(join(app, 'node_modules'))).toContain('lit');
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const c = await import('audit-log-viewer/core'); const s = await c.loadSource('nected', { endpoint: 'http://127.0.0.1:9' }); console.log(s.name, c.viewToFragment(c.defaultViewState()));",
      ],
      { cwd: app, encoding: 'utf8' },
    );
    expect(out.trim()).toBe('nected #v1');
  });

  it('plain HTML with the standalone file', async () => {
    const page = await open('plain.html');
    await checkEmbedding(page, 'embed-plain', '#7b2cbf');
    await page.close();
  });

  it('React 19', async () => {
    const page = await open('react/index.html');
    await checkEmbedding(page, 'embed-react', '#0a7d5a');
    await page.close();
  });

  it('Vue 3', async () => {
    const page = await open('vue/index.html');
    await checkEmbedding(page, 'embed-vue', '#b5179e');
    await page.close();
  });
});
