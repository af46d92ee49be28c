/**
 * Audit the auditors: opening an entry is recorded as an event of the service's own,
 * which PII viewers see and restricted principals never do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../core/model.js';
import { KEYS, NOW, startHarness, type Harness } from './harness.js';

describe('who opened which entry', () => {
  let h: Harness;
  const accessLog = (key: string = KEYS.pii) =>
    h.json<{ data: AuditEvent[] }>('/api/v1/audit/events?plugin=audit-log&limit=500', key);
  beforeAll(async () => {
    h = await startHarness({ events: 300, env: { AUDIT_RECORD_ACCESS: '1' } });
  });
  afterAll(() => h?.service.close());

  it('records each detail fetch: who, which entry, when, through which API', async () => {
    const entry = h.truth.find((e) => e.kind === 'api-call')!;
    const nected = h.records.find(
      (r) => r.origin === 'nected' && h.truth.some((e) => e.id === r.event.id),
    )!;
    const org = h.records.find(
      (r) => r.origin === 'org-audit' && h.truth.some((e) => e.id === r.event.id),
    )!;
    expect((await accessLog()).data).toEqual([]);

    await h.json(`/api/v1/audit/events/${entry.id}`, KEYS.restricted);
    await h.json(`/api/v1/audit/events/${entry.id}`, KEYS.pii);
    const n = await h.get(`/dev/audit/audit/${nected.event.id}`, { 'nected-api-key': KEYS.pii });
    expect(n.status).toBe(200);
    const o = await h.get(`/api/v1/org/audit-logs/${org.event.id}`, {
      authorization: `Bearer ${KEYS.restricted}`,
    });
    expect(o.status).toBe(200);
    // Unknown ids and lists are not recorded.
    await h.get('/api/v1/audit/events/no-such-entry', { authorization: `Bearer ${KEYS.pii}` });
    await h.json('/api/v1/audit/events?limit=5');

    const log = (await accessLog()).data;
    const seen = log
      .map((e) => ({
        actor: e.actor,
        target: e.target,
        message: e.message,
        path: e.http?.path,
        timestamp: e.timestamp,
        kind: e.kind,
        action: e.action,
      }))
      .sort((a, b) => a.message!.localeCompare(b.message!));
    expect(seen).toEqual(
      [
        {
          actor: { type: 'api-key', id: 'usr_demo_pii', name: 'Dana (PII viewer)' },
          target: { type: 'audit-event', id: entry.id },
          message: `Dana (PII viewer) opened audit entry ${entry.id} through the generic API`,
          path: `/api/v1/audit/events/${entry.id}`,
        },
        {
          actor: { type: 'api-key', id: 'usr_demo_pii', name: 'Dana (PII viewer)' },
          target: { type: 'audit-event', id: nected.event.id },
          message: `Dana (PII viewer) opened audit entry ${nected.event.id} through the Nected API`,
          path: `/dev/audit/audit/${nected.event.id}`,
        },
        {
          actor: { type: 'api-key', id: 'usr_demo_restricted', name: 'Riley (restricted)' },
          target: { type: 'audit-event', id: entry.id },
          message: `Riley (restricted) opened audit entry ${entry.id} through the generic API (redacted)`,
          path: `/api/v1/audit/events/${entry.id}`,
        },
        {
          actor: { type: 'api-key', id: 'usr_demo_restricted', name: 'Riley (restricted)' },
          target: { type: 'audit-event', id: org.event.id },
          message: `Riley (restricted) opened audit entry ${org.event.id} through the org-audit API (redacted)`,
          path: `/api/v1/org/audit-logs/${org.event.id}`,
        },
      ]
        .map((x) => ({ ...x, timestamp: NOW, kind: 'request', action: 'view audit entry' }))
        .sort((a, b) => a.message.localeCompare(b.message)),
    );
  });

  it('restricted principals never see the access log, in lists, search, facets or by id', async () => {
    await h.json(`/api/v1/audit/events/${h.truth[0]!.id}`, KEYS.pii);
    const log = (await accessLog()).data;
    expect(log.length).toBeGreaterThan(0);
    expect((await accessLog(KEYS.restricted)).data).toEqual([]);
    const search = await h.json<{ data: AuditEvent[] }>(
      '/api/v1/audit/events?q=opened%20audit%20entry',
      KEYS.restricted,
    );
    expect(search.data).toEqual([]);
    const facets = await h.json<{ data: { value: string }[] }>(
      '/api/v1/audit/facets?field=plugin&limit=100',
      KEYS.restricted,
    );
    expect(facets.data.map((f) => f.value)).not.toContain('audit-log');
    const byId = await h.get(`/api/v1/audit/events/${log[0]!.id}`, {
      authorization: `Bearer ${KEYS.restricted}`,
    });
    expect(byId.status).toBe(404);
  });
});
