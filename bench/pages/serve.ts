/** Builds the stress page with esbuild (in memory, like server/demo.ts) and serves it. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

export interface StressAssets {
  html: string;
  js: string;
  /** The AG Grid Community page the log table is compared with. */
  gridHtml: string;
  gridJs: string;
}

export const STRESS_PATH = '/bench/stress.html';
export const AGGRID_PATH = '/bench/aggrid.html';

export async function buildStressPage(): Promise<StressAssets> {
  const [js, gridJs, html, gridHtml] = await Promise.all([
    bundle('stress.ts'),
    bundle('aggrid.ts'),
    readFile(`${here}stress.html`, 'utf8'),
    readFile(`${here}aggrid.html`, 'utf8'),
  ]);
  return { html, js, gridHtml, gridJs };
}

async function bundle(entry: string): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [`${here}${entry}`],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    write: false,
    tsconfig: `${root}tsconfig.json`,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

export function mountStressPage(app: Hono, assets: StressAssets): void {
  const send = (body: string, type: string) => () =>
    new Response(body, {
      headers: { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-cache' },
    });
  app.get(STRESS_PATH, send(assets.html, 'text/html'));
  app.get('/bench/stress.js', send(assets.js, 'text/javascript'));
  app.get(AGGRID_PATH, send(assets.gridHtml, 'text/html'));
  app.get('/bench/aggrid.js', send(assets.gridJs, 'text/javascript'));
}
