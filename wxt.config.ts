import { defineConfig } from 'wxt';

// https://wxt.dev/api/config.html
export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  manifest: {
    name: 'Audit Log Viewer',
    description: 'Find, read and share audit-log entries next to the tab you are working in.',
    permissions: ['sidePanel', 'storage'],
    // Host access is requested at runtime, per configured endpoint.
    optional_host_permissions: ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'],
  },
});
