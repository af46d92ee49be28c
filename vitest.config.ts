import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumLaunchOptions } from './test/setup/chromium.js';
import { LIT_DEDUPE, openWcTesting } from './test/setup/open-wc.js';

export default defineConfig({
  test: {
    // `test/e2e/` may be empty; a project with no files is not an error.
    passWithNoTests: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/node/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        plugins: [openWcTesting()],
        resolve: { dedupe: LIT_DEDUPE },
        // Pre-bundled up front: discovering them mid-run makes Vite reload a test.
        optimizeDeps: {
          include: [
            'lit',
            'lit/decorators.js',
            'lit/directives/class-map.js',
            'lit/directives/live.js',
            'lit/directives/style-map.js',
            'lit/directives/guard.js',
            'lit/directives/repeat.js',
          ],
        },
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          // The real reference service, for tests that talk to it (`inject('serviceUrl')`).
          globalSetup: ['test/setup/service.ts'],
          setupFiles: ['test/setup/browser.ts'],
          testTimeout: 30_000,
          browser: {
            enabled: true,
            headless: true,
            // System Chromium (CHROMIUM_PATH overrides /usr/bin/chromium), never a download.
            provider: playwright({ launchOptions: chromiumLaunchOptions() }),
            instances: [{ browser: 'chromium' }],
            // A desktop-sized page; tests of narrow layouts size their own fixtures.
            viewport: { width: 1280, height: 900 },
            screenshotFailures: false,
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file drives its own Chromium and server: one file at a time, after the rest.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
