/** Builds the stress page with esbuild (in memory, like server/demo.ts) and serves it. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

export interface StressAssets {
  html: string;
  js: string;
}

export const STRESS_PATH = '/bench/stress.html';

export async function buildStressPage(): Promise<StressAssets> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [`${here}stress.ts`],
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
  const html = await readFile(`${here}stress.html`, 'utf8');
  return { html, js: result.outputFiles[0]?.text ?? '' };
}

export function mountStressPage(app: Hono, assets: StressAssets): void {
  const send = (body: string, type: string) => () =>
    new Response(body, {
      headers: { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-cache' },
    });
  app.get(STRESS_PATH, send(assets.html, 'text/html'));
  app.get('/bench/stress.js', send(assets.js, 'text/javascript'));
}
