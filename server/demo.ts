/**
 * The demo host page at `/`: demo/index.html, its CSS, and demo/main.ts bundled with
 * esbuild in memory at start-up (about a second; no build step for `npm start`).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Metafile } from 'esbuild';
import type { Hono } from 'hono';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface DemoAssets {
  html: string;
  css: string;
  /** The bundle's files by URL path: `/demo.js` and its lazily loaded chunks. */
  scripts: Map<string, string>;
  /** Minified bytes of the entry script alone, and of every script. */
  bytes: number;
  totalBytes: number;
}

export async function buildDemo(): Promise<DemoAssets> {
  const { build } = await import('esbuild');
  const outdir = `${root}.demo-build`;
  const result = await build({
    entryPoints: { demo: `${root}demo/main.ts` },
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    write: false,
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    tsconfig: `${root}tsconfig.json`,
    legalComments: 'none',
    logLevel: 'silent',
    metafile: true,
  });
  const scripts = new Map<string, string>();
  for (const file of result.outputFiles)
    scripts.set(file.path.slice(outdir.length).replaceAll('\\', '/'), file.text);
  const [page, css] = await Promise.all([
    readFile(`${root}demo/index.html`, 'utf8'),
    readFile(`${root}demo/demo.css`, 'utf8'),
  ]);
  const html = withPreloads(page, firstRowScripts(result.metafile, outdir));
  const size = (s: string) => Buffer.byteLength(s);
  return {
    html,
    css,
    scripts,
    bytes: size(scripts.get('/demo.js') ?? ''),
    totalBytes: [...scripts.values()].reduce((n, s) => n + size(s), 0),
  };
}

/**
 * The scripts the first row needs besides `/demo.js`: its static imports and the generic
 * adapter (the demo's default source), which the viewer imports on first use, with theirs.
 * Without preloads the browser finds each level only after the one before has loaded and run.
 */
export function firstRowScripts(meta: Metafile, outdir: string): string[] {
  // Output paths are relative to the working directory: keep what follows the build folder.
  const folder = outdir.slice(outdir.lastIndexOf('/') + 1);
  const url = (path: string) => path.slice(path.indexOf(folder) + folder.length);
  const outputs = meta.outputs;
  const byPath = new Map(Object.keys(outputs).map((p) => [p, outputs[p]!]));
  const entry = [...byPath].find(([, o]) => o.entryPoint?.endsWith('demo/main.ts'))?.[0];
  const adapter = [...byPath].find(([, o]) =>
    o.entryPoint?.endsWith('core/sources/generic.ts'),
  )?.[0];
  const seen = new Set<string>();
  const visit = (path: string | undefined) => {
    if (!path || seen.has(path)) return;
    seen.add(path);
    for (const i of byPath.get(path)?.imports ?? [])
      if (i.kind === 'import-statement') visit(i.path);
  };
  visit(entry);
  visit(adapter);
  if (entry) seen.delete(entry);
  return [...seen].map(url).sort();
}

/** `html` with a `<link rel="modulepreload">` per script, before its first module script. */
export function withPreloads(html: string, scripts: readonly string[]): string {
  const links = scripts.map((s) => `<link rel="modulepreload" href="${s}" />`).join('\n    ');
  return links
    ? html.replace('<script type="module"', `${links}\n    <script type="module"`)
    : html;
}

/** A strict policy: the page runs only its own script and talks only to its own origin. */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function mountDemo(app: Hono, assets: DemoAssets): void {
  const send = (body: string, type: string) => () =>
    new Response(body, {
      headers: {
        'content-type': `${type}; charset=utf-8`,
        'content-security-policy': CSP,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-cache',
      },
    });
  app.get('/', send(assets.html, 'text/html'));
  app.get('/index.html', send(assets.html, 'text/html'));
  app.get('/demo.css', send(assets.css, 'text/css'));
  for (const [path, js] of assets.scripts) app.get(path, send(js, 'text/javascript'));
  app.get('/favicon.ico', () => new Response(null, { status: 204 }));
}
