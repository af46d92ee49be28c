import { defineConfig } from 'wxt';

/** ITSM sites the side panel may read a ticket from, asked for at runtime from a click. */
const ITSM_ORIGINS = [
  'https://*.service-now.com/*',
  'https://*.atlassian.net/*',
  'https://*.zendesk.com/*',
];

// https://wxt.dev/api/config.html
export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  // The icons (icon/16…128.png, made from extension/icon.svg) are found here and listed in
  // the manifest by WXT.
  publicDir: 'extension/public',
  // Tests build into their own folder (ALV_EXTENSION_OUT), never over a developer's .output/.
  outDir: process.env.ALV_EXTENSION_OUT ?? '.output',
  // Explicit imports only: every module says where `browser` and `storage` come from.
  imports: false,
  // Lit's production build, not its dev build with warnings (the "development" condition).
  vite: (env) => ({
    resolve: {
      conditions: env.mode === 'production' ? ['browser', 'module', 'production'] : undefined,
    },
  }),
  manifest: ({ browser, manifestVersion }) => {
    // Host access is never granted at install: each source's origin, the ITSM sites and the
    // loopback service are asked for at runtime, from the user's click, one origin at a time.
    const optional = [...ITSM_ORIGINS, 'https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'];
    const csp = "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    // A share link made in the extension (`chrome-extension://…/viewer.html#v1;…`) opens from
    // an https web page (a ticket, a wiki): only that page, and never in a frame
    // (frame-ancestors). Chrome's MV3 only: Firefox's MV2 grant would be to every page.
    const shareable = ['viewer.html'];
    const linkedFrom = ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'];
    return {
      name: 'Audit Log Viewer',
      description: 'Find, read and share audit-log entries next to the tab you are working in.',
      permissions: [
        ...(browser === 'firefox' ? [] : ['sidePanel']),
        'storage',
        'contextMenus',
        'activeTab',
        'scripting',
      ],
      ...(manifestVersion === 3
        ? {
            optional_host_permissions: optional,
            content_security_policy: { extension_pages: csp },
            web_accessible_resources: [{ resources: shareable, matches: linkedFrom }],
          }
        : // Firefox (MV2) could only open it to every page (http and file too): not granted.
          { optional_permissions: optional, content_security_policy: csp }),
      action: { default_title: 'Audit logs' },
    };
  },
});
