/** 4. The package bundle: `components/index.ts` built with esbuild, whole and code-split. */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Metafile, OutputFile } from 'esbuild';
import { progress, type Report } from '../lib/report.js';
import { bytes, percent } from '../lib/stats.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = 'components/index.ts';

const gzip = (data: Uint8Array) => gzipSync(data, { level: 9 }).length;

interface Built {
  files: Map<string, OutputFile>;
  metafile: Metafile;
}

async function buildIndex(splitting: boolean): Promise<Built> {
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: root,
    entryPoints: [ENTRY],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    tsconfig: 'tsconfig.json',
    legalComments: 'none',
    logLevel: 'silent',
    metafile: true,
    write: false,
    splitting,
    // Never written (write: false): only names the outputs.
    outdir: 'bench/.out',
  });
  const files = new Map(result.outputFiles.map((f) => [relative(root, f.path), f]));
  return { files, metafile: result.metafile };
}

/** `node_modules/@lit/reactive-element/...` → `@lit/reactive-element`; own code by folder. */
function packageOf(input: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (m) return m[1]!;
  return `${input.split('/')[0]}/ (own code)`;
}

export async function benchBundle(report: Report): Promise<void> {
  progress('bundle: esbuild components/index.ts');
  const s = report.section('4. Bundle: components/index.ts', [
    'esbuild, `bundle`, `minify`, `format: esm`, `target: es2022`, `tsconfig.json`, no legal comments; gzip at level 9 (Node zlib).',
  ]);

  const t0 = performance.now();
  const whole = await buildIndex(false);
  const buildMs = performance.now() - t0;
  const wholeOut = [...whole.files.entries()].filter(([p]) => p.endsWith('.js'));
  const wholeMin = wholeOut.reduce((n, [, f]) => n + f.contents.length, 0);
  const wholeGz = wholeOut.reduce((n, [, f]) => n + gzip(f.contents), 0);

  const split = await buildIndex(true);
  const outputs = split.metafile.outputs;
  const entryOut = Object.keys(outputs).find((p) => outputs[p]!.entryPoint === ENTRY);
  // Initial: the entry and everything it imports statically; the rest loads on demand.
  const initial = new Set<string>();
  const visit = (p: string) => {
    if (initial.has(p) || !outputs[p]) return;
    initial.add(p);
    for (const imp of outputs[p].imports) if (imp.kind === 'import-statement') visit(imp.path);
  };
  if (entryOut) visit(entryOut);
  const chunks = Object.keys(outputs).filter((p) => p.endsWith('.js'));
  const sizeOf = (ps: string[]) => ({
    min: ps.reduce((n, p) => n + (split.files.get(p)?.contents.length ?? 0), 0),
    gz: ps.reduce((n, p) => n + gzip(split.files.get(p)?.contents ?? new Uint8Array()), 0),
  });
  const init = sizeOf(chunks.filter((p) => initial.has(p)));
  const lazy = sizeOf(chunks.filter((p) => !initial.has(p)));

  const rows: (string | number)[][] = [
    ['whole (one file, dynamic imports inlined)', 1, bytes(wholeMin), bytes(wholeGz)],
  ];
  if (chunks.length > 1) {
    rows.push(
      ['split: initial (entry + static imports)', initial.size, bytes(init.min), bytes(init.gz)],
      [
        'split: lazy (dynamic imports only)',
        chunks.length - initial.size,
        bytes(lazy.min),
        bytes(lazy.gz),
      ],
    );
  }
  s.tables.push({ headers: ['build', 'files', 'minified', 'gzip'], rows });
  if (chunks.length > 1) {
    s.tables.push({
      headers: ['split output', 'loaded', 'minified', 'gzip'],
      rows: chunks
        .map((p) => ({ p, f: split.files.get(p)?.contents ?? new Uint8Array() }))
        .sort((a, b) => b.f.length - a.f.length)
        .map(({ p, f }) => [
          p.replace('bench/.out/', ''),
          initial.has(p) ? 'initial' : 'lazy',
          bytes(f.length),
          bytes(gzip(f)),
        ]),
    });
  } else {
    s.notes.push('With `splitting: true` esbuild produced a single file: there are no lazy parts.');
  }

  // Top contributors (minified bytes in the whole build), and where they land when split.
  const landing = new Map<string, string>();
  for (const [p, out] of Object.entries(outputs))
    for (const input of Object.keys(out.inputs))
      landing.set(input, initial.has(p) ? 'initial' : 'lazy');
  const inputs = Object.values(whole.metafile.outputs).flatMap((o) => Object.entries(o.inputs));
  const byFile = inputs
    .map(([path, { bytesInOutput }]) => ({ path, bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  const total = byFile.reduce((n, f) => n + f.bytes, 0);
  s.tables.push({
    headers: ['top 10 inputs (minified bytes in output)', 'bytes', 'share', 'when split'],
    rows: byFile
      .slice(0, 10)
      .map((f) => [f.path, bytes(f.bytes), percent(f.bytes, total), landing.get(f.path) ?? '—']),
  });
  const byPackage = new Map<string, number>();
  for (const f of byFile)
    byPackage.set(packageOf(f.path), (byPackage.get(packageOf(f.path)) ?? 0) + f.bytes);
  s.tables.push({
    headers: ['by package / folder', 'bytes', 'share'],
    rows: [...byPackage]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([name, n]) => [name, bytes(n), percent(n, total)]),
  });
  s.notes.push(
    `${byFile.length} input files; minified bytes of inputs sum to ${bytes(total)} (the rest of the output is esbuild's module glue). Build time (whole) ${Math.round(buildMs)} ms.`,
  );
}
