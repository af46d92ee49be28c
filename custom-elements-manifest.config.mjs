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
  ],
};
