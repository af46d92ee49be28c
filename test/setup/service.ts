/**
 * Browser-project global setup: the real reference service (in memory, seeded, fault
 * mode on so tests can force faults per request), for component tests that talk to it.
 */
import type { TestProject } from 'vitest/node';
import { readConfig } from '../../server/config.js';
import { startService, type Service } from '../../server/service.js';

let service: Service | undefined;

export async function setup(project: TestProject): Promise<void> {
  const config = readConfig(['--port', '0', '--events', '3000', '--seed', '3'], {
    AUDIT_DB: 'memory',
    AUDIT_LIVE_INTERVAL_MS: '0',
    AUDIT_LOG: '0',
    AUDIT_FAULTS: 'on',
  });
  service = await startService(config, { quiet: true });
  project.provide('serviceUrl', service.url);
}

export async function teardown(): Promise<void> {
  await service?.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    serviceUrl: string;
  }
}
