/**
 * `npx tsx scripts/size-report.ts [dist]`: what each module costs in the package's size budget.
 *
 * Bundles `<dist>/components/index.js` exactly as `test/node/package.test.ts` does (esbuild,
 * code splitting, minified, Lit's production build), then prints per chunk its min+gzip KB and
 * whether it loads before the first row (the entry's static closure plus the generic adapter's
 * chunk), and per input module (grouped by package for node_modules) its minified bytes in the
 * output and an estimate of its gzip share (its minified bytes × its chunk's gzip ratio).
 * Run `npm run build` (or set `ALV_DIST`) first.
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const dist = resolve(process.argv[2] ?? process.env.ALV_DIST ?? 'dist');
const gz = (data: Uint8Array | string) => gzipSync(data, { level: 9 }).length / 1000;

const result = await build({
  entryPoints: [join(dist, 'components/index.js')],
  bundle: true,
  splitting: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  conditions: ['browser', 'module', 'production'],
  outdir: join(dist, 'app'),
  write: false,
  metafile: true,
  logLevel: 'silent',
});
const cwd = process.cwd();
const files = new Map(result.outputFiles.map((f) => [relative(cwd, f.path), f.contents]));
const outputs = result.metafile.outputs;
const closure = (start: string, into: Set<string>) => {
  if (into.has(start) || !outputs[start]) return;
  into.add(start);
  for (const i of outputs[start].imports) if (i.kind === 'import-statement') closure(i.path, into);
};
const entryPoint = relative(cwd, join(dist, 'components/index.js'));
const entry = Object.keys(outputs).find((p) => outputs[p]!.entryPoint === entryPoint)!;
const generic = Object.keys(outputs).find((p) =>
  Object.keys(outputs[p]!.inputs).some((i) => i.endsWith('core/sources/generic.js')),
)!;
const initial = new Set<string>();
closure(entry, initial);
const firstRow = new Set(initial);
closure(generic, firstRow);

const group = (input: string) => {
  const nm = input.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = input.slice(nm + 'node_modules/'.length).split('/');
    return `npm:${rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  return relative(dist, resolve(cwd, input));
};

const RANK: Record<string, number> = { initial: 0, firstRow: 1, lazy: 2 };
interface Row {
  min: number;
  gzip: number;
  where: string;
}
const modules = new Map<string, Row>();
const chunks: { name: string; min: number; gzip: number; where: string; top: string }[] = [];
for (const [path, contents] of files) {
  if (!path.endsWith('.js')) continue;
  const out = outputs[path]!;
  const chunkGzip = gz(contents);
  const ratio = chunkGzip / (contents.length / 1000 || 1);
  const where = initial.has(path) ? 'initial' : firstRow.has(path) ? 'firstRow' : 'lazy';
  const inputs = Object.entries(out.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput);
  chunks.push({
    name: relative(join(dist, 'app'), resolve(cwd, path)),
    min: contents.length / 1000,
    gzip: chunkGzip,
    where,
    top: inputs
      .slice(0, 3)
      .map(([i]) => group(i))
      .join(', '),
  });
  for (const [input, { bytesInOutput }] of inputs) {
    const key = group(input);
    const row = modules.get(key) ?? { min: 0, gzip: 0, where };
    // A module split over several chunks counts where it loads first.
    if (RANK[where]! < RANK[row.where]!) row.where = where;
    row.min += bytesInOutput / 1000;
    row.gzip += (bytesInOutput / 1000) * ratio;
    modules.set(key, row);
  }
}
const f1 = (n: number) => n.toFixed(1).padStart(6);
const sum = (where: string[]) =>
  chunks.filter((c) => where.includes(c.where)).reduce((n, c) => n + c.gzip, 0);
console.log(
  `initial ${sum(['initial']).toFixed(1)}  firstRow ${sum(['initial', 'firstRow']).toFixed(1)}  total ${sum(['initial', 'firstRow', 'lazy']).toFixed(1)}  standalone ${gz(readFileSync(join(dist, 'audit-log-viewer.standalone.js'))).toFixed(1)}  (KB min+gzip)\n`,
);
console.log('chunks   (min KB, gzip KB, loads, largest inputs)');
for (const c of chunks.sort((a, b) => b.gzip - a.gzip))
  console.log(`${f1(c.min)} ${f1(c.gzip)}  ${c.where.padEnd(8)} ${c.name}  [${c.top}]`);
console.log('\nmodules  (min KB in output, ~gzip KB share, loads)');
for (const [k, r] of [...modules].sort((a, b) => b[1].min - a[1].min))
  console.log(`${f1(r.min)} ${f1(r.gzip)}  ${r.where.padEnd(8)} ${k}`);
