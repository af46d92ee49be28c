/**
 * Browser-project setup. `@open-wc/testing` removes its fixtures in mocha's `afterEach`,
 * which Vitest doesn't have; without this, fixtures pile up below the viewport and
 * virtualized lists (correctly) render nothing there. The choices the viewer keeps in
 * `localStorage` (Safe to share) are forgotten between tests too.
 */
import { fixtureCleanup } from '@open-wc/testing';
import { afterEach } from 'vitest';

afterEach(() => {
  fixtureCleanup();
  localStorage.removeItem('alv-safe-to-share');
});
