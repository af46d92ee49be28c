/**
 * The npm package as `npm run build` writes it (built here into a temporary folder): its
 * exports resolve to real files, only the define modules have side effects, `core` runs
 * without a DOM, and the bundle stays within its size ceilings.
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minifyHtmlTemplates } from '../../scripts/build.js';

interface PackageJson {
  exports: Record<string, string | Record<string, string>>;
  sideEffects: string[];
  files: string[];
  customElements: string;
  dependencies: Record<string, string>;
}
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as PackageJson;

/**
 * Size ceilings in KB (1,000 bytes) of min+gzip, measured as an app's bundler would load the
 * package. The issue's targets, 35 before the first row and 70 for everything, are not met yet
 * (README, "Package size"); these ceilings are today's measurements (63.7, 128.0, 113.6) with
 * about 2 KB of room, so the bundle cannot grow unnoticed, and come down as the targets are
 * approached. `npx tsx scripts/size-report.ts <dist>` says which chunk and module costs what.
 * Raised on 2026-12-01 by 2–3 KB for the keyboard, small-height and never-matching work
 * (measured 67.9, 133.3, 118.1; README, "Package size"), and again by 2–3 KB for session 9's
 * walkthrough fixes, spread over a dozen modules, none more than 0.4 KB (zoom out, outcome
 * chips, the suggestions popover, export progress, saved-view confirmations, entry links'
 * tab; measured 69.8, 136.7, 121.4). Raised on 2026-12-01 (session 11) by 1 KB, 2 KB and 1 KB
 * for session 10's dark theme and for filtering a host's own `Source` by what it leaves out
 * (`core/sources/host.ts`; its paging loads only when needed) and the histogram's narrow summary
 * (measured 71.3, 139.3, 123.5); the total and the standalone file by 1 KB more for the rest of
 * session 11's fixes (masking the people an entry names, a trace's way back, whole-minute
 * zooms; measured 71.7, 140.2, 124.4). Lowered on 2026-12-01 (session 12) before the first row
 * to 57: the filter bar, the histogram and the facets with their controllers load beside the
 * first page (`deferred-parts.ts`), the Columns menu beside the first rows, the live tail's
 * reader when a tail starts (measured 55.1, 139.5, 124.8); the standalone file raised by 1 KB
 * that day for the place-keepers of the parts loaded later, "/" to the search box and masking
 * people by their keys in bodies (measured 55.5, 140.4, 125.6), and the total and the
 * standalone file by 1 KB more for that session's later fixes (an object holding an email is a
 * person's, "/" from checkboxes and entry sheets, notices' room; measured 55.8, 140.7, 126.0):
 * the earlier ceilings left no room at all. Lowered on 2026-12-01 (session 13) in all to 133
 * and for the standalone file to 117: the Kore, Nected, org-audit and mapped adapters check
 * with the guard instead of zod (measured 56.1, 131.5, 115.5). Raised the same day by 1 KB each
 * for that session's walkthrough fixes, spread over the session, the root and the table
 * (a failed entry and next page tried again by themselves with a countdown, the people the list
 * names masked, the focus kept on its row; measured 56.9, 133.1, 117.0): the earlier ceilings
 * left 0.1 KB. Lowered on 2026-12-01 (session 14) before the first row to 54: the query parser
 * loads only for a link to read or a query to type (`core/view-link.ts`); the total and the
 * standalone file raised by 1 KB for it (two more chunks, the link read before the first
 * search; measured 52.5, 133.9, 118.0), and by 1 KB more that day for a walkthrough's and two
 * reviews' fixes (a host's own `Source` checked as the adapters check theirs, in a chunk of its
 * own; the link read in order; measured 53.2, 135.2, 119.1). All three raised by 1 KB for the
 * last review's fixes (configuration errors said once, a thrown object's words, host events
 * checked once; measured 53.5, 135.6, 119.4, and up to 0.3 KB more in a fresh clone): the
 * earlier ceilings left 0.2–0.5 KB.
 */
const CEILING_KB = { firstRow: 55, total: 137, standalone: 121 };

mkdirSync('test-results', { recursive: true });
// A package folder inside the repository (so the built modules resolve lit, idb and zod from its
// node_modules), with a copy of package.json: its `sideEffects` apply to the build as in an app.
const pkgDir = resolve(mkdtempSync('test-results/package-'));
const out = join(pkgDir, 'dist');
const dist = (p: string) => join(pkgDir, p);

beforeAll(() => {
  copyFileSync('package.json', join(pkgDir, 'package.json'));
  execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/build.ts'], {
    env: { ...process.env, ALV_DIST: out },
    stdio: 'pipe',
  });
}, 120_000);
afterAll(() => rmSync(pkgDir, { recursive: true, force: true }));

const gz = (data: Uint8Array) => gzipSync(data, { level: 9 }).length / 1000;

describe('the build', () => {
  it('collapses the layout whitespace of html templates, nested ones included, and nothing else', () => {
    const source = [
      'const a = html`<div>',
      '    <span>${x ? html`<b>',
      '      bold</b>` : nothing}</span>',
      '  </div>`;',
      "const b = 'keep\\n  this';",
      'const c = css`a {',
      '  b: c; }`;',
      'const d = html`<p>one line</p>`;',
    ].join('\n');
    expect(minifyHtmlTemplates(source).split('\n')).toEqual([
      'const a = html`<div> <span>${x ? html`<b> bold</b>` : nothing}</span> </div>`;',
      "const b = 'keep\\n  this';",
      'const c = css`a {',
      '  b: c; }`;',
      'const d = html`<p>one line</p>`;',
    ]);
  });
});

describe('the package', () => {
  it('resolves every export to a built file, with types beside the entry points', () => {
    for (const [key, target] of Object.entries(pkg.exports)) {
      const targets = typeof target === 'string' ? [target] : Object.values(target);
      for (const t of targets) {
        if (t === './package.json') continue;
        const file = t.includes('*')
          ? dist(t.replace('*', key.startsWith('./core') ? 'index.js' : 'log-table/log-table.js'))
          : dist(t);
        expect(existsSync(file), `${key} → ${t}`).toBe(true);
      }
    }
    expect(readFileSync(dist('./dist/components/index.d.ts'), 'utf8')).toContain('AuditLogViewer');
    expect(readFileSync(dist('./dist/core/index.d.ts'), 'utf8')).toContain('Session');
    // The standalone file's types: what the entry exports, as TypeScript reads them.
    const standalone = dist((pkg.exports['./standalone'] as Record<string, string>).types!);
    const program = ts.createProgram([standalone], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      noEmit: true,
    });
    const checker = program.getTypeChecker();
    const exported = checker
      .getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(standalone)!)!)
      .map((s) => s.name);
    expect(exported).toEqual(expect.arrayContaining(['AuditLogViewer', 'loadSource']));
    expect(existsSync(dist(pkg.customElements))).toBe(true);
  });

  it('custom-elements.json names the built modules, as published, not the sources', () => {
    const manifest = readFileSync(dist(pkg.customElements), 'utf8');
    const named = [...manifest.matchAll(/"(?:path|module)": "([^"]+)"/g)].map((m) => m[1]!);
    // Every module named, the superclasses' included (AlvElement, imported by each element).
    expect(named.length).toBeGreaterThan(20);
    expect(named.filter((p) => p.endsWith('alv-element.js'))).not.toEqual([]);
    for (const p of named) {
      expect(p, p).toMatch(/^dist\/.*\.js$/);
      expect(existsSync(dist(p)), p).toBe(true);
    }
  });

  it('declares side effects for exactly the define modules, the entry and the standalone file', () => {
    const folders = readdirSync('components', { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join('components', d.name, `${d.name}.ts`)))
      .map((d) => d.name);
    expect([...pkg.sideEffects].sort()).toEqual(
      [
        // The package entry registers every element: `import 'audit-log-viewer'` must keep it.
        './dist/components/index.js',
        ...folders.map((f) => `./dist/components/${f}/${f}.js`),
        './dist/audit-log-viewer.standalone.js',
        './components/index.ts',
        // The sources, for the demo and the extension, which bundle them; and their style sheets.
        ...folders.map((f) => `./components/${f}/${f}.ts`),
        '*.css',
      ].sort(),
    );
    for (const file of pkg.sideEffects.filter((f) => f.startsWith('./dist/')))
      expect(existsSync(dist(file)), file).toBe(true);
    // A define module only defines, through the guarded helper (a second copy cannot throw).
    const define = readFileSync(dist('./dist/components/log-table/log-table.js'), 'utf8');
    expect(define).toContain('define("alv-log-table", AlvLogTable)');
    expect(readFileSync(dist('./dist/components/internal/alv-element.js'), 'utf8')).toContain(
      'if (!customElements.get(tag)) customElements.define(tag, ctor)',
    );
  });

  it('ships lit and the other runtime libraries as dependencies, not inside the modules', () => {
    expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(['lit', 'idb', 'zod']));
    const root = readFileSync(
      dist('./dist/components/audit-log-viewer/audit-log-viewer.component.js'),
      'utf8',
    );
    expect(root).toMatch(/from "lit"/);
    expect(root).not.toContain('class ReactiveElement');
  });

  it('core runs in Node without a DOM', async () => {
    expect(typeof document).toBe('undefined');
    const core = (await import(
      dist('./dist/core/index.js')
    )) as typeof import('../../core/index.js');
    const view = {
      ...core.defaultViewState(),
      filters: { status: '5xx', plugin: 'create ticket' },
    };
    expect(core.viewToFragment(view)).toBe('#v1;q=plugin:%22create%20ticket%22%20status:5xx');
    expect(core.parseQuery('user:ana@acme.example status:error deploy').filters).toEqual({
      actor: 'ana@acme.example',
      status: 'error',
      q: 'deploy',
    });
    const source = await core.loadSource('kore', { endpoint: 'http://127.0.0.1:9' });
    expect(source.name).toBe('kore');
  });

  it('stays within its size ceilings (min+gzip, as an app bundles it)', async () => {
    const result = await build({
      entryPoints: [dist('./dist/components/index.js')],
      bundle: true,
      splitting: true,
      minify: true,
      format: 'esm',
      target: 'es2022',
      conditions: ['browser', 'module', 'production'],
      outdir: join(out, 'app'),
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const files = new Map(result.outputFiles.map((f) => [relative(process.cwd(), f.path), f]));
    const outputs = result.metafile.outputs;
    const closure = (start: string, into: Set<string>) => {
      if (into.has(start) || !outputs[start]) return;
      into.add(start);
      for (const i of outputs[start].imports)
        if (i.kind === 'import-statement') closure(i.path, into);
    };
    const entryPoint = relative(process.cwd(), dist('./dist/components/index.js'));
    const entry = Object.keys(outputs).find((p) => outputs[p]!.entryPoint === entryPoint);
    const generic = Object.keys(outputs).find((p) =>
      Object.keys(outputs[p]!.inputs).some((i) => i.endsWith('core/sources/generic.js')),
    );
    expect(entry && generic).toBeTruthy();
    // Before the first row: the entry, what it imports, and the generic adapter it loads.
    const firstRow = new Set<string>();
    closure(entry!, firstRow);
    const initialOnly = new Set(firstRow);
    closure(generic!, firstRow);
    const sum = (paths: Iterable<string>) =>
      [...paths].reduce((n, p) => n + gz(files.get(p)?.contents ?? new Uint8Array()), 0);
    const all = [...files.keys()].filter((p) => p.endsWith('.js'));
    const sizes = {
      initial: sum(initialOnly),
      firstRow: sum(firstRow),
      total: sum(all),
      standalone: gz(readFileSync(dist('./dist/audit-log-viewer.standalone.js'))),
    };
    console.log(
      `package size, KB min+gzip: ${JSON.stringify(sizes, (_k, v: number) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v))}`,
    );
    // The adapters the page does not use stay out of what loads first.
    for (const p of initialOnly)
      for (const input of Object.keys(outputs[p]!.inputs))
        expect(input).not.toMatch(/core\/sources\/(nected|kore|org-audit|mapped|generic)\.js$|zod/);
    expect(sizes.firstRow).toBeLessThanOrEqual(CEILING_KB.firstRow);
    expect(sizes.total).toBeLessThanOrEqual(CEILING_KB.total);
    expect(sizes.standalone).toBeLessThanOrEqual(CEILING_KB.standalone);
  });
});
