/**
 * `npm run examples`: the embedding examples of `demo/embed/` (plain HTML, React 19, Vue 3),
 * built against this checkout's package (`npm run build`), served by the reference service
 * (seeded, as `npm start`) under `/embed/`, so each talks to the service of its own origin.
 * Takes `npm start`'s options (`--port 8802`, `--memory`, ...); by default port 8788 and a store
 * of its own (`.data/pglite-examples`), so it runs beside `npm start`.
 *
 * `bundleExamples` is also what `test/e2e/embedding.test.ts` builds the examples with, there
 * against the package installed from `npm pack`'s tarball.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The example pages, as copied into a host app's folder. */
export const EXAMPLE_FILES = ['plain.html', 'app.html', 'react.jsx', 'vue.js'] as const;

/**
 * Copies the examples into `app` and bundles the React and Vue ones into `app/react/` and
 * `app/vue/` (each an `index.html` with its `app.js`), as a host app's bundler would. By
 * default the packages come from `app/node_modules`; `alias` maps a package elsewhere (this
 * checkout's `dist/`) and `nodePaths` adds folders to look for the others in.
 */
export async function bundleExamples(
  app: string,
  { alias = {}, nodePaths = [] }: { alias?: Record<string, string>; nodePaths?: string[] } = {},
): Promise<void> {
  for (const f of EXAMPLE_FILES) copyFileSync(join(repo, 'demo/embed', f), join(app, f));
  for (const [example, entry] of [
    ['react', 'react.jsx'],
    ['vue', 'vue.js'],
  ] as const) {
    await build({
      absWorkingDir: app,
      entryPoints: [entry],
      outfile: join(app, example, 'app.js'),
      bundle: true,
      minify: true,
      format: 'esm',
      jsx: 'automatic',
      alias,
      nodePaths,
      conditions: ['browser', 'module', 'production'],
      define: {
        'process.env.NODE_ENV': '"production"',
        __VUE_OPTIONS_API__: 'true',
        __VUE_PROD_DEVTOOLS__: 'false',
        __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
      },
      logLevel: 'silent',
    });
    copyFileSync(join(app, 'app.html'), join(app, example, 'index.html'));
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

async function main(): Promise<void> {
  const { readConfig } = await import('../server/config.js');
  const { startService } = await import('../server/service.js');
  // A store and a port of its own (one service per store): `npm start` may be running.
  const config = readConfig(process.argv.slice(2), {
    AUDIT_DATA_DIR: '.data/pglite-examples',
    PORT: '8788',
    ...process.env,
  });
  console.log('Building the package (npm run build)…');
  execFileSync('npx', ['tsx', 'scripts/build.ts'], { cwd: repo, stdio: 'inherit' });
  const app = join(repo, '.examples');
  rmSync(app, { recursive: true, force: true });
  mkdirSync(join(app, 'node_modules/audit-log-viewer'), { recursive: true });
  // plain.html loads ./node_modules/audit-log-viewer/dist/…: this checkout's build stands in.
  symlinkSync(join(repo, 'dist'), join(app, 'node_modules/audit-log-viewer/dist'), 'dir');
  await bundleExamples(app, {
    alias: { 'audit-log-viewer': join(repo, 'dist/components/index.js') },
    nodePaths: [join(repo, 'node_modules')],
  });
  const service = await startService(config, {
    mountStatic: (hono) =>
      hono
        .get('/favicon.ico', () => new Response(null, { status: 204 }))
        .get('/embed/*', (c) => {
          let path: string;
          try {
            path = decodeURIComponent(new URL(c.req.url).pathname).slice('/embed/'.length);
          } catch {
            return c.notFound();
          }
          // A folder without its slash (`/embed/react`): where its index.html's links work.
          if (path && !extname(path) && !path.endsWith('/')) return c.redirect(`/embed/${path}/`);
          const file = resolve(app, path.endsWith('/') || path === '' ? `${path}index.html` : path);
          // Only files of the examples' folder (and the package build it links to).
          const inside = relative(app, file);
          if (inside.startsWith('..') || isAbsolute(inside) || !TYPES[extname(file)])
            return c.notFound();
          try {
            return new Response(readFileSync(file), {
              headers: { 'content-type': TYPES[extname(file)]!, 'cache-control': 'no-cache' },
            });
          } catch {
            return c.notFound();
          }
        }),
  });
  console.log(`\nThe embedding examples, each talking to the service at ${service.url}:`);
  for (const page of ['plain.html', 'react/', 'vue/'])
    console.log(`  ${service.url}/embed/${page}`);
  console.log('\nCtrl+C stops the service.');
  const stop = () => void service.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
