/**
 * `npm run build`: the npm package.
 *
 * - `dist/core/**` and `dist/components/**`: one ES module per source module (esbuild, not
 *   bundled, so apps' bundlers share `lit` and split by entry point), with the `.d.ts` of
 *   `tsc -p tsconfig.lib.json` beside each.
 * - `dist/audit-log-viewer.standalone.js`: everything in one minified file (lit and the lazy
 *   parts inside) for a plain `<script type="module">`.
 * - `dist/custom-elements.json`: the manifest, from the components' JSDoc (package.json's
 *   `customElements` names it).
 *
 * The CSS inside `css\`…\`` templates is minified on the way (comments and layout whitespace),
 * and so is the layout whitespace of `html\`…\`` templates (each run of whitespace that holds a
 * line break becomes one space, as HTML renders it), which no app bundler does for tagged
 * templates. `ALV_DIST` writes somewhere else than `dist/`
 * (the package tests build into a temporary folder beside a copy of package.json, whose
 * `sideEffects` names the define modules as `./dist/components/<name>/<name>.js` and, for the
 * demo and extension builds that bundle the sources, `./components/<name>/<name>.ts`).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(root, process.env.ALV_DIST ?? 'dist');
const TARGET = 'es2022';
const TSCONFIG_RAW = {
  compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false },
} as const;

/**
 * Minifies the static parts of every `css\`…\`` template: comments go, runs of whitespace become
 * one space, and spaces next to `{ } ; ,` and at the ends go. Interpolations (`${…}`) are kept.
 */
export function minifyCssTemplates(source: string): string {
  return source.replace(/\bcss`((?:[^`\\]|\\.)*)`/g, (_m, body: string) => {
    const parts = body.split(/(\$\{[^}]*\})/);
    const min = parts.map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(/\/\*[\s\S]*?\*\//g, '')
            .replace(/\s+/g, ' ')
            .replace(/\s*([{};,])\s*/g, '$1')
            .replace(/;}/g, '}'),
    );
    return `css\`${min.join('').trim()}\``;
  });
}

/**
 * In every `html\`…\`` and `svg\`…\`` template, each run of whitespace holding a line break
 * becomes one space: the same rendering (no template puts such a run inside a `<pre>`, a
 * `<textarea>` or a `white-space: pre` element), ~15 KB less code before compression.
 */
export function minifyHtmlTemplates(source: string, file = 'module.ts'): string {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const spans: [number, number][] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isTaggedTemplateExpression(node) &&
      ts.isIdentifier(node.tag) &&
      (node.tag.text === 'html' || node.tag.text === 'svg')
    ) {
      const t = node.template;
      const parts = ts.isNoSubstitutionTemplateLiteral(t)
        ? [t]
        : [t.head, ...t.templateSpans.map((s) => s.literal)];
      // Each part's text lies between its opening `\`` or `}` and its closing `\`` or `${`.
      for (const part of parts)
        spans.push([
          part.getStart(sf) + 1,
          part.end - (ts.isTemplateTail(part) || part === t ? 1 : 2),
        ]);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  let out = '';
  let at = 0;
  for (const [start, end] of spans.sort((a, b) => a[0] - b[0])) {
    out += source.slice(at, start) + source.slice(start, end).replace(/\s*\n\s*/g, ' ');
    at = end;
  }
  return out + source.slice(at);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith('.ts') && !d.name.endsWith('.d.ts'))
    .map((d) => relative(root, join(d.parentPath, d.name)));
}

async function modules(): Promise<number> {
  const files = [...sourceFiles('core'), ...sourceFiles('components')];
  await Promise.all(
    files.map(async (file) => {
      const code = minifyHtmlTemplates(
        minifyCssTemplates(readFileSync(join(root, file), 'utf8')),
        file,
      );
      const result = await transform(code, {
        loader: 'ts',
        format: 'esm',
        target: TARGET,
        sourcefile: file,
        tsconfigRaw: TSCONFIG_RAW,
        legalComments: 'none',
      });
      const target = join(out, file.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, result.code);
    }),
  );
  return files.length;
}

async function standalone(): Promise<void> {
  await build({
    absWorkingDir: root,
    // From the modules just built (CSS already minified), so package.json's `sideEffects`
    // applies to them as it will in an app.
    entryPoints: [join(out, 'components/index.js')],
    outfile: join(out, 'audit-log-viewer.standalone.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    target: TARGET,
    // Lit's production build (no dev-mode warnings).
    conditions: ['browser', 'module', 'production'],
    legalComments: 'none',
    logLevel: 'warning',
  });
  // Its types: what the entry exports (the bundle re-exports it all).
  writeFileSync(
    join(out, 'audit-log-viewer.standalone.d.ts'),
    "export * from './components/index.js';\n",
  );
}

async function main(): Promise<void> {
  const t0 = performance.now();
  rmSync(out, { recursive: true, force: true });
  const count = await modules();
  await standalone();
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.lib.json', '--outDir', out],
    { cwd: root, stdio: 'inherit' },
  );
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/@custom-elements-manifest/analyzer/cem.js'),
      'analyze',
      '--outdir',
      relative(root, out),
    ],
    { cwd: root, stdio: 'pipe' },
  );
  const ms = Math.round(performance.now() - t0);
  console.log(
    `built ${count} modules, their types and the standalone file into ${relative(root, out) || '.'} in ${ms} ms`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
