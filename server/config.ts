/** Service configuration from the environment and command-line flags (flags win). */
import { parseArgs } from 'node:util';
import type { DbConfig } from './db.js';
import { parseFaults, type Fault } from './faults.js';
import { DEFAULT_LIMITS, type LimitsConfig } from './limits.js';

export interface ServiceConfig {
  port: number;
  db: DbConfig;
  seed: number;
  events: number;
  /** Drop everything and seed again on start. */
  reset: boolean;
  retentionDays: number;
  purgeIntervalMs: number;
  liveIntervalMs: number;
  faults?: Fault[];
  apiKeys?: string;
  /** Whether the demo keys (`demo-pii-viewer`...) work. */
  demoKeys: boolean;
  limits: LimitsConfig;
  /** Record each opened entry as an event of the service's own (`AUDIT_RECORD_ACCESS`). */
  recordAccess: boolean;
  log: boolean;
}

function flag(name: string, raw: string | undefined): boolean | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (/^(?:1|true|on|yes)$/i.test(raw)) return true;
  if (/^(?:0|false|off|no)$/i.test(raw)) return false;
  throw new Error(`${name} must be 1 or 0, got "${raw}"`);
}

/**
 * Demo keys only when asked for: `AUDIT_DEMO_KEYS=1|0` decides; without it they are on
 * for a throw-away in-memory store, and for the embedded store unless `AUDIT_API_KEYS`
 * names the real keys; never by default on PostgreSQL (`DATABASE_URL`).
 */
function demoKeysFor(db: DbConfig, env: NodeJS.ProcessEnv): boolean {
  const explicit = flag('AUDIT_DEMO_KEYS', env.AUDIT_DEMO_KEYS);
  if (explicit !== undefined) return explicit;
  if (db.kind === 'memory') return true;
  if (db.kind === 'pglite') return !env.AUDIT_API_KEYS;
  return false;
}

function num(name: string, raw: string | undefined, fallback: number, min = 0): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min)
    throw new Error(`${name} must be a number >= ${min}, got "${raw}"`);
  return n;
}

export function readConfig(argv: string[], env: NodeJS.ProcessEnv): ServiceConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      seed: { type: 'string' },
      events: { type: 'string' },
      port: { type: 'string' },
      reset: { type: 'boolean' },
      memory: { type: 'boolean' },
    },
    strict: true,
  });
  const dataDir = env.AUDIT_DATA_DIR || '.data/pglite';
  const db: DbConfig = env.DATABASE_URL
    ? { kind: 'postgres', url: env.DATABASE_URL }
    : values.memory || env.AUDIT_DB === 'memory'
      ? { kind: 'memory' }
      : { kind: 'pglite', dataDir };
  return {
    port: num('PORT', values.port ?? env.PORT, 8787),
    db,
    seed: num('--seed', values.seed ?? env.AUDIT_SEED, 1),
    events: num('--events', values.events ?? env.AUDIT_EVENTS, 20_000),
    reset: values.reset ?? false,
    retentionDays: num('AUDIT_RETENTION_DAYS', env.AUDIT_RETENTION_DAYS, 7, 0.0001),
    purgeIntervalMs: num('AUDIT_PURGE_INTERVAL_MS', env.AUDIT_PURGE_INTERVAL_MS, 10 * 60_000, 1000),
    liveIntervalMs: num('AUDIT_LIVE_INTERVAL_MS', env.AUDIT_LIVE_INTERVAL_MS, 5000),
    faults: parseFaults(env.AUDIT_FAULTS),
    apiKeys: env.AUDIT_API_KEYS,
    demoKeys: demoKeysFor(db, env),
    recordAccess: flag('AUDIT_RECORD_ACCESS', env.AUDIT_RECORD_ACCESS) ?? true,
    limits: {
      ratePerSecond: num('AUDIT_RATE_LIMIT', env.AUDIT_RATE_LIMIT, DEFAULT_LIMITS.ratePerSecond),
      burst: num('AUDIT_RATE_BURST', env.AUDIT_RATE_BURST, DEFAULT_LIMITS.burst, 1),
      streamsPerKey: num(
        'AUDIT_STREAMS_PER_KEY',
        env.AUDIT_STREAMS_PER_KEY,
        DEFAULT_LIMITS.streamsPerKey,
        1,
      ),
      replayMax: num('AUDIT_STREAM_REPLAY', env.AUDIT_STREAM_REPLAY, DEFAULT_LIMITS.replayMax),
      unauthenticatedPerSecond: num(
        'AUDIT_UNAUTH_RATE_LIMIT',
        env.AUDIT_UNAUTH_RATE_LIMIT,
        DEFAULT_LIMITS.unauthenticatedPerSecond,
      ),
      unauthenticatedBurst: num(
        'AUDIT_UNAUTH_RATE_BURST',
        env.AUDIT_UNAUTH_RATE_BURST,
        DEFAULT_LIMITS.unauthenticatedBurst,
        1,
      ),
    },
    log: env.AUDIT_LOG !== '0',
  };
}
