/** The demo page preloads what its first row needs, so the browser fetches it all at once. */
import { describe, expect, it } from 'vitest';
import { buildDemo, withPreloads } from '../../../server/demo.js';

describe('the demo page', () => {
  it('preloads the initial chunks and the generic adapter, each one a script it serves', async () => {
    const assets = await buildDemo();
    const preloads = [...assets.html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map(
      (m) => m[1]!,
    );
    expect(preloads.length).toBeGreaterThan(1);
    for (const href of preloads) expect(assets.scripts.has(href), href).toBe(true);
    // The adapter the demo starts with, which the viewer imports only on first use.
    const adapter = preloads.find((h) => /\/generic-[\w-]+\.js$/.test(h));
    expect(adapter).toBeDefined();
    // Not the other adapters, nor the entry itself (its script tag loads it).
    expect(preloads.some((h) => /\/(nected|kore|org-audit|mapped)-/.test(h))).toBe(false);
    expect(preloads).not.toContain('/demo.js');
    // Every chunk demo.js imports statically is among them.
    const entry = assets.scripts.get('/demo.js')!;
    for (const [, path] of entry.matchAll(/from\s*"\.\/(chunks\/[\w-]+\.js)"/g))
      expect(preloads).toContain(`/${path}`);
    // The links come before the module script.
    expect(assets.html.indexOf('modulepreload')).toBeLessThan(
      assets.html.indexOf('<script type="module"'),
    );
  }, 60_000);

  it('leaves a page without scripts to preload as it is', () => {
    const page = '<head><script type="module" src="/x.js"></script></head>';
    expect(withPreloads(page, [])).toBe(page);
    expect(withPreloads(page, ['/a.js'])).toBe(
      '<head><link rel="modulepreload" href="/a.js" />\n    <script type="module" src="/x.js"></script></head>',
    );
  });
});
