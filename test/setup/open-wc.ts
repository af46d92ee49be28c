import type { Plugin } from 'vitest/config';

/**
 * `@open-wc/testing` registers `@open-wc/semantic-dom-diff`, which imports
 * `@web/test-runner-commands`; that module does
 * `await import('/__web-dev-server__web-socket.js')`, a file only Web Test Runner serves.
 * Under Vitest's browser mode we resolve it to a stub, so `fixture`, `oneEvent` and
 * `expect(el).to.be.accessible()` work. Only Web Test Runner server commands
 * (e.g. `equalSnapshot`) stay unavailable, and say so if called.
 */
const WEB_SOCKET_FILE = '__web-dev-server__web-socket.js';
const STUB_ID = '\0open-wc-web-socket-stub';

export function openWcTesting(): Plugin {
  return {
    name: 'open-wc-testing-under-vitest',
    enforce: 'pre',
    resolveId(id) {
      // Vite's dependency optimizer rewrites the absolute path relative to its bundle
      // (`../../../__web-dev-server__web-socket.js`), so match on the file name.
      return id.split('?')[0]!.endsWith(`/${WEB_SOCKET_FILE}`) ? STUB_ID : null;
    },
    load(id) {
      if (id !== STUB_ID) return null;
      return [
        'const unsupported = () => {',
        "  throw new Error('Web Test Runner server commands are not available under Vitest');",
        '};',
        'export const sendMessage = unsupported;',
        'export const sendMessageWaitForResponse = unsupported;',
        'export const webSocket = undefined;',
        'export const webSocketOpened = Promise.resolve();',
        '',
      ].join('\n');
    },
  };
}

/** Lit must be a single copy, or elements from two copies do not see each other's updates. */
export const LIT_DEDUPE = ['lit', 'lit-html', 'lit-element', '@lit/reactive-element'];
