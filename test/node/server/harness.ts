/** Starts the real service (in-memory PGlite or a real PostgreSQL) on a free port for contract tests. */
import { admit, type IngestRecord } from '../../../server/ingest.js';
import { readConfig, type ServiceConfig } from '../../../server/config.js';
import { generateSeed } from '../../../server/seed/generate.js';
import { startService, type Service } from '../../../server/service.js';
import type { AuditEvent } from '../../../core/model.js';

/** A fixed clock: every run sees the same data. */
export const NOW = Date.UTC(2026, 10, 20, 15, 30, 0);
export const DAY = 86_400_000;
export const KEYS = {
  pii: 'demo-pii-viewer',
  restricted: 'demo-restricted',
  none: 'demo-no-access',
  writer: 'demo-writer',
} as const;

export interface Harness {
  service: Service;
  url: string;
  /** What the store should hold: the seed as admitted, inside retention. */
  truth: AuditEvent[];
  records: IngestRecord[];
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  json<T = unknown>(path: string, key?: string): Promise<T>;
}

export type Engine = 'memory' | 'postgres';
export const ENGINES: Engine[] = process.env.DATABASE_URL_TEST
  ? ['memory', 'postgres']
  : ['memory'];

export async function startHarness(
  opts: { events?: number; seed?: number; engine?: Engine; env?: Record<string, string> } = {},
): Promise<Harness> {
  const events = opts.events ?? 3000;
  const seed = opts.seed ?? 7;
  const env: NodeJS.ProcessEnv = {
    AUDIT_DB: 'memory',
    AUDIT_LIVE_INTERVAL_MS: '0',
    AUDIT_LOG: '0',
    // Demo keys are off by default on PostgreSQL; these tests use them on both engines.
    AUDIT_DEMO_KEYS: '1',
    // Opening an entry records an event of the service's own, which `truth` cannot know of;
    // access-log.test.ts turns it on.
    AUDIT_RECORD_ACCESS: '0',
    ...opts.env,
  };
  if (opts.engine === 'postgres') env.DATABASE_URL = process.env.DATABASE_URL_TEST;
  const config: ServiceConfig = {
    ...readConfig(['--port', '0', '--seed', String(seed), '--events', String(events)], env),
    reset: opts.engine === 'postgres',
  };
  const service = await startService(config, { now: () => NOW, quiet: true });
  const records = generateSeed({ seed, events, now: NOW, days: config.retentionDays });
  const truth = records
    .map(admit)
    .filter(
      (r): r is IngestRecord =>
        r !== undefined && r.event.timestamp >= NOW - config.retentionDays * DAY,
    )
    .map((r) => r.event);
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(service.url + path, { headers });
  return {
    service,
    url: service.url,
    truth,
    records,
    get,
    async json<T>(path: string, key: string = KEYS.pii) {
      const res = await get(path, { authorization: `Bearer ${key}` });
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
  };
}

/** Every page of a generic-API query, following nextCursor. */
export async function pageAll(
  h: Harness,
  query: string,
  key: string = KEYS.pii,
  limit = 500,
): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 10_000; i++) {
    const sep = query ? '&' : '';
    const page: { data: AuditEvent[]; nextCursor: string | null } = await h.json(
      `/api/v1/audit/events?${query}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      key,
    );
    out.push(...page.data);
    cursor = page.nextCursor;
    if (!cursor) return out;
  }
  throw new Error('pagination did not end');
}

export const ids = (events: { id: string }[]): string[] => events.map((e) => e.id);
