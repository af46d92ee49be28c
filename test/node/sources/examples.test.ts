/**
 * The filter bar's examples (`capabilities.examples`) are values of each backend's own
 * records: the plugin a placeholder suggests finds events in that backend's seeded data, as
 * the adapter maps them, and the reference service's default finds events in its own.
 */
import { describe, expect, it } from 'vitest';
import { matchesFilters } from '../../../core/filter.js';
import type { AuditEvent } from '../../../core/model.js';
import { koreCapabilities, KoreLog, mapKoreLog } from '../../../core/sources/kore.js';
import { mapNectedRecord, nectedCapabilities, NectedRecord } from '../../../core/sources/nected.js';
import {
  mapOrgAuditItem,
  orgAuditCapabilities,
  OrgAuditItem,
} from '../../../core/sources/org-audit.js';
import { generateSeed, type Origin } from '../../../server/seed/generate.js';
import { parse } from './parse.js';

const NOW = Date.UTC(2026, 10, 1);
const SEED = generateSeed({ seed: 3, events: 4000, now: NOW, days: 7 });
/** The backend's records as its adapter maps them (the service's events for the generic API). */
const MAPPED: Record<Origin, (native: unknown) => AuditEvent> = {
  kore: (n) => mapKoreLog(parse(KoreLog, n)),
  nected: (n) => mapNectedRecord(parse(NectedRecord, n)),
  'org-audit': (n) => mapOrgAuditItem(parse(OrgAuditItem, n)),
  'api-logs': () => {
    throw new Error('no native record');
  },
};
const of = (origin: Origin) =>
  SEED.filter((r) => r.origin === origin).map((r) =>
    origin === 'api-logs' ? r.event : MAPPED[origin](JSON.parse(JSON.stringify(r.native))),
  );

describe('the filter bar’s examples', () => {
  it.each([
    ['kore', koreCapabilities.examples?.plugin],
    ['nected', nectedCapabilities.examples?.plugin],
    ['org-audit', orgAuditCapabilities.examples?.plugin],
    ['api-logs', 'create ticket'],
  ] as const)('%s: plugin:%s finds some of its events, not all', (origin, plugin) => {
    expect(plugin).toBeTypeOf('string');
    const events = of(origin);
    const found = events.filter((e) => matchesFilters(e, { plugin }, NOW));
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThan(events.length);
  });
});
