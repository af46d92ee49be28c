/**
 * Deterministic, realistic seed data for the reference audit service.
 *
 * `generateSeed({ seed, events, now, days })` returns exactly `events` records, sorted by
 * timestamp, all within [now - days, now]: outbound API calls of the assistant's built-in skills
 * (`api-logs`, ~75%), Nected audit records (~8%), Kore audit logs (~7%) and organisation audit-log
 * requests (~10%). Records of the native backends carry the backend's own record in `native`.
 * Same options => deep-equal output: everything draws from a seeded PRNG.
 */
import type { AuditEvent } from '../../core/model.js';
import { generateApiLogs } from './api-logs.js';
import { IdRegistry } from './ids.js';
import { generateKore } from './kore.js';
import { generateNected } from './nected.js';
import { generateOrgAudit } from './org-audit.js';
import { Rng } from './random.js';
import { makeWindow } from './time.js';

export { DEMO_END_USER } from './people.js';
export { SKILLS } from './api-logs.js';
export { AUTH_URL_PATTERNS } from './connectors.js';

export type Origin = 'api-logs' | 'nected' | 'kore' | 'org-audit';

export interface SeedRecord {
  origin: Origin;
  /** Normalized and unredacted; no `raw`, no `redacted`. */
  event: AuditEvent;
  /** The backend-native record (nected / kore / org-audit); undefined for api-logs. */
  native?: Record<string, unknown>;
}

export interface SeedOptions {
  seed: number;
  /** Exact number of records. */
  events: number;
  /** End of the window, epoch ms. */
  now: number;
  /** Length of the window in days (default 7). */
  days?: number;
}

/** Share of each origin, by count. */
export const ORIGIN_SHARES: Readonly<Record<Origin, number>> = {
  'api-logs': 0.75,
  nected: 0.08,
  kore: 0.07,
  'org-audit': 0.1,
};

export function generateSeed(opts: SeedOptions): SeedRecord[] {
  const total = Math.max(0, Math.floor(opts.events));
  const window = makeWindow(opts.now, opts.days ?? 7);
  const root = new Rng(opts.seed);
  const ids = new IdRegistry(root.fork('ids'));

  const nectedCount = Math.round(total * ORIGIN_SHARES.nected);
  const koreCount = Math.round(total * ORIGIN_SHARES.kore);
  const orgCount = Math.round(total * ORIGIN_SHARES['org-audit']);
  const apiCount = total - nectedCount - koreCount - orgCount;

  const records: SeedRecord[] = [];
  // Each origin draws from its own stream, so changing one generator does not reshuffle the others.
  const apiRng = root.fork('api-logs');
  for (const event of generateApiLogs(apiRng, ids.withRng(apiRng.fork('ids')), window, apiCount)) {
    records.push({ origin: 'api-logs', event });
  }
  const nectedRng = root.fork('nected');
  for (const { native, event } of generateNected(
    nectedRng,
    ids.withRng(nectedRng.fork('ids')),
    window,
    nectedCount,
  )) {
    records.push({ origin: 'nected', event, native: { ...native } });
  }
  const koreRng = root.fork('kore');
  for (const { native, event } of generateKore(
    koreRng,
    ids.withRng(koreRng.fork('ids')),
    window,
    koreCount,
  )) {
    records.push({ origin: 'kore', event, native: { ...native } });
  }
  const orgRng = root.fork('org-audit');
  for (const { native, event } of generateOrgAudit(
    orgRng,
    ids.withRng(orgRng.fork('ids')),
    window,
    orgCount,
  )) {
    records.push({ origin: 'org-audit', event, native: { ...native } });
  }

  // Stable sort: ties keep generation order (which is deterministic).
  records.sort((a, b) => a.event.timestamp - b.event.timestamp);
  return records;
}
