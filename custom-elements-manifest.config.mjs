/**
 * `npm run manifest` (and `npm run build`) writes dist/custom-elements.json from the components' JSDoc
 * (`@tag`, `@fires`, `@csspart`, `@cssprop`) and their Lit properties.
 */
export default {
  globs: ['components/**/*.component.ts'],
  outdir: 'dist',
  litelement: true,
  // package.json's `customElements` names custom-elements.json once, by hand: the analyzer must
  // never rewrite package.json (the manifest test writes its output to a temporary folder).
  packagejson: false,
  plugins: [
    {
      name: 'alv-typed-emit',
      // AlvElement.emit(name, ...) dispatches `new CustomEvent(name)`: the analyzer reads that
      // as an event called "name". The real events are the documented `@fires`.
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules)
          for (const decl of mod.declarations ?? [])
            if (decl.events) decl.events = decl.events.filter((e) => e.name !== 'name');
      },
    },
    {
      name: 'alv-built-paths',
      // The analyzer reads the TypeScript sources; the package ships their build under dist/
      // (same layout, .js). Tools (IDEs, Storybook, linters) resolve `path` and `module` from the
      // package root, where the sources are not published.
      packageLinkPhase({ customElementsManifest }) {
        // Modules are named as `components/x/y.ts`; an imported superclass as the import
        // resolved from its file, `/components/internal/alv-element.js`.
        const built = (value) =>
          typeof value === 'string' && /^\/?(components|core)\/.*\.(ts|js)$/.test(value)
            ? `dist/${value.replace(/^\//, '').replace(/\.ts$/, '.js')}`
            : value;
        const walk = (node) => {
          if (Array.isArray(node)) node.forEach(walk);
          else if (node && typeof node === 'object')
            for (const [key, value] of Object.entries(node)) {
              if (key === 'path' || key === 'module') node[key] = built(value);
              else walk(value);
            }
        };
        walk(customElementsManifest);
      },
    },
  ],
};
