/**
 * The custom-elements manifest (`npm run manifest`) documents every element: its tag, and
 * every event its code emits, each one declared in the typed event map.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

interface Declaration {
  kind: string;
  name: string;
  tagName?: string;
  events?: { name: string }[];
  cssParts?: unknown[];
}
interface Manifest {
  modules: { path: string; declarations?: Declaration[] }[];
}

describe('custom elements manifest', () => {
  // The analyzer resolves --outdir against the working directory, so stay inside the repo.
  mkdirSync('test-results', { recursive: true });
  const out = mkdtempSync('test-results/manifest-');
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  execFileSync('npx', ['custom-elements-manifest', 'analyze', '--outdir', out], { stdio: 'pipe' });
  const manifest = JSON.parse(readFileSync(join(out, 'custom-elements.json'), 'utf8')) as Manifest;
  const eventMap = readFileSync('components/events.ts', 'utf8');
  const declared = new Set(
    [...eventMap.matchAll(/^\s+'(alv-[a-z-]+)': CustomEvent/gm)].map((m) => m[1]),
  );

  const elements = manifest.modules.flatMap((m) =>
    (m.declarations ?? []).filter((d) => d.tagName).map((d) => ({ path: m.path, ...d })),
  );
  const folders = readdirSync('components', { withFileTypes: true })
    .filter((d) => d.isDirectory() && !['internal', 'styles'].includes(d.name))
    .map((d) => d.name);

  it('has one element per component folder, each with its tag', () => {
    expect(elements.map((e) => e.path.split('/')[2]).sort()).toEqual(folders.sort());
    for (const e of elements) expect(e.tagName).toMatch(/^(audit-log-viewer|alv-[a-z-]+)$/);
  });

  it('documents every event each element emits, and only events of the typed map', () => {
    for (const e of elements) {
      // The manifest names the built module (dist/….js); its source is the .ts beside it.
      const source = readFileSync(e.path.replace(/^dist\//, '').replace(/\.js$/, '.ts'), 'utf8');
      const emitted = new Set(
        [...source.matchAll(/this\.emit\('(alv-[a-z-]+)'/g)].map((m) => m[1]),
      );
      const documented = new Set((e.events ?? []).map((ev) => ev.name));
      for (const name of emitted) expect(documented, `${e.tagName} emits ${name}`).toContain(name);
      for (const name of documented)
        expect(declared, `${e.tagName} documents ${name}`).toContain(name);
      expect(e.cssParts?.length ?? 0, `${e.tagName} has parts`).toBeGreaterThan(0);
    }
  });
});
