import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFaults } from '../../../server/faults.js';
import { DAY, KEYS, NOW, ids, pageAll, startHarness, type Harness } from './harness.js';

describe('retention', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ events: 500 });
  });
  afterAll(() => h?.service.close());

  it('never serves events past the window, and the purge deletes them', async () => {
    const recent = h.truth.filter((e) => e.kind === 'api-call').slice(0, 3);
    const stale = recent.map((e, i) => ({
      ...e,
      id: `stale-${i}`,
      timestamp: NOW - 7 * DAY - 1000 * (i + 1),
    }));
    const staleNected = h.records.find((r) => r.origin === 'nected')!;
    await h.service.store.ingest([
      ...stale.map((event) => ({ origin: 'api-logs' as const, event })),
      {
        origin: 'nected',
        event: { ...staleNected.event, id: 'stale-nected', timestamp: NOW - 8 * DAY },
        native: { ...staleNected.native, logId: 'stale-nected' },
      },
    ]);
    // Stored but not served, by any API:
    expect(await h.service.store.count()).toBe(h.truth.length + 4);
    expect(ids(await pageAll(h, ''))).not.toContain('stale-0');
    expect(
      (await h.get('/api/v1/audit/events/stale-0', { authorization: `Bearer ${KEYS.pii}` })).status,
    ).toBe(404);
    expect(
      (await h.get('/dev/audit/audit/stale-nected', { 'nected-api-key': KEYS.pii })).status,
    ).toBe(404);
    // The scheduled purge removes exactly those.
    expect(await h.service.store.purge(NOW)).toBe(4);
    expect(await h.service.store.count()).toBe(h.truth.length);
  });
});

describe('fault mode', () => {
  it('reads the AUDIT_FAULTS syntax and refuses what it cannot read', () => {
    expect(parseFaults(undefined)).toBeUndefined();
    expect(parseFaults('on')).toEqual([]);
    expect(parseFaults('latency=300@0.5,429=2@0.1,malformed')).toEqual([
      { kind: 'latency', arg: 300, p: 0.5 },
      { kind: '429', arg: 2, p: 0.1 },
      { kind: 'malformed', arg: undefined, p: 1 },
    ]);
    expect(() => parseFaults('explode@0.1')).toThrow(/explode/);
    expect(() => parseFaults('500@2')).toThrow(/500@2/);
  });

  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ events: 300, env: { AUDIT_FAULTS: 'on' } });
  });
  afterAll(() => h?.service.close());
  const get = (fault: string) =>
    h.get('/api/v1/audit/events?limit=3', {
      authorization: `Bearer ${KEYS.pii}`,
      'x-audit-fault': fault,
    });

  it('injects 500, 503 and 429 with Retry-After', async () => {
    expect((await get('500')).status).toBe(500);
    expect((await get('503')).status).toBe(503);
    const limited = await get('429=3');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
  });

  it('injects latency', async () => {
    const t0 = performance.now();
    expect((await get('latency=300')).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
  });

  it('breaks bodies: malformed JSON, truncated, and a schema violation', async () => {
    const ok = await (await get('')).text();
    await expect((await get('malformed')).json()).rejects.toThrow();
    const truncated = await (await get('truncated')).text();
    expect(ok.startsWith(truncated)).toBe(true);
    expect(truncated.length).toBeLessThan(ok.length);
    const broken = (await (await get('schema')).json()) as { data: { id: unknown }[] };
    expect(broken.data[0]!.id).toBeNull();
  });

  it('limits a forced fault to the first N requests of a key', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get('503;times=2;key=abc')).status);
    expect(statuses).toEqual([503, 503, 200, 200]);
  });

  it('random faults follow their probability', async () => {
    const f = await startHarness({ events: 50, env: { AUDIT_FAULTS: '503@0.5' } });
    try {
      const statuses = await Promise.all(
        Array.from({ length: 60 }, () =>
          f
            .get('/api/v1/audit/events?limit=1', { authorization: `Bearer ${KEYS.pii}` })
            .then((r) => r.status),
        ),
      );
      const failures = statuses.filter((s) => s === 503).length;
      expect(failures).toBeGreaterThan(10);
      expect(failures).toBeLessThan(50);
    } finally {
      await f.service.close();
    }
  });
});
