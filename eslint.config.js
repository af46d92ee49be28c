// @ts-check
// Flat config. Formatting is prettier's job (`prettier --check .` in `npm run lint`):
// none of the configs below enable stylistic rules, so eslint-config-prettier is not needed.
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import wc from 'eslint-plugin-wc';

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '.output/',
    '.wxt/',
    'dist/',
    'coverage/',
    '.data/',
    'test-results/',
    '.vitest-attachments/',
    '.examples/',
    '.demo-build/',
  ]),
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  // TypeScript, type-aware.
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Lit event handlers and fire-and-forget promises in listeners are routine.
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false, arguments: false } },
      ],
    },
  },

  // Plain JS (this file, scripts): no type information.
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },

  // Lit templates, wherever they are (components, entrypoints, demo, tests).
  {
    files: ['**/*.ts'],
    extends: [lit.configs['flat/recommended'], litA11y.configs.recommended],
  },

  // Lit binds template event listeners (`@click=${this.onClick}`) to the host element,
  // so passing a method unbound there is correct.
  {
    files: ['components/**/*.ts', 'entrypoints/**/*.ts', 'demo/**/*.ts', 'test/browser/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
    },
  },

  // Custom elements.
  {
    files: ['components/**/*.ts'],
    extends: [wc.configs['flat/recommended']],
  },

  // Layers (ARCHITECTURE.md): core/ is plain TypeScript that renders nothing and knows no UI,
  // service or extension; components reach adapters only through the lazy registry.
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/components/**',
                '**/server/**',
                '**/entrypoints/**',
                '**/extension/**',
                'lit',
                'lit/*',
                '@lit/*',
              ],
              message:
                'core/ is DOM-free and imports nothing from the UI, the service or the extension.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['components/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/core/sources/*',
                '!**/core/sources/host.js',
                '!**/core/sources/load.js',
                '!**/core/sources/names.js',
                '!**/core/sources/types.js',
              ],
              message:
                'Components reach adapters only through the lazy registry, core/sources/load.ts (index.ts loads every adapter at once).',
            },
            {
              group: ['**/server/**', '**/entrypoints/**'],
              message: 'Components never import the service or the extension entrypoints.',
            },
          ],
        },
      ],
    },
  },

  // Tests: chai-style assertions (`expect(x).to.be.true`) are expressions.
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
);
