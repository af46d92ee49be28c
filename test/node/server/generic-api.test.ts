import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareEvents, matchesFilters } from '../../../core/filter.js';
import type { Filters } from '../../../core/model.js';
import { AuditEvent } from '../../../core/schema.js';
import { statusClass } from '../../../core/status.js';
import { ENGINES, KEYS, NOW, ids, pageAll, startHarness, type Harness } from './harness.js';

const expected = (h: Harness, filters: Filters, order: 'asc' | 'desc' = 'desc') =>
  ids(
    h.truth
      .filter((e) => matchesFilters(e, filters, NOW))
      .sort((a, b) => compareEvents(a, b, order)),
  );

describe.each(ENGINES)('generic API on %s', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ engine });
  });
  afterAll(() => h?.service.close());

  it('returns the newest events first, each a valid AuditEvent', async () => {
    const page = await h.json<{ data: unknown[]; nextCursor: string | null }>(
      '/api/v1/audit/events?limit=5',
    );
    expect(page.data).toHaveLength(5);
    const events = page.data.map((e) => AuditEvent.parse(e));
    expect(ids(events)).toEqual(expected(h, {}).slice(0, 5));
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it('pages through everything in both orders with no duplicates and no gaps', async () => {
    for (const order of ['desc', 'asc'] as const) {
      const got = ids(await pageAll(h, `order=${order}`, KEYS.pii, 97));
      expect(new Set(got).size).toBe(got.length);
      expect(got).toEqual(expected(h, {}, order));
    }
  });

  it('keeps ties on the same millisecond across page boundaries', async () => {
    // Events sharing one timestamp, paged one at a time: the (ts, id) keyset must not skip any.
    const base = h.truth[100]!;
    const twins = Array.from({ length: 7 }, (_, i) => ({
      ...base,
      id: `zz-tie-${i}`,
      traceId: 'tie-trace',
    }));
    await h.service.store.ingest(twins.map((event) => ({ origin: 'api-logs' as const, event })));
    let got: string[];
    try {
      got = ids(await pageAll(h, 'traceId=tie-trace', KEYS.pii, 1));
    } finally {
      await h.service.store.db.query(`DELETE FROM audit_events WHERE trace_id = 'tie-trace'`);
    }
    expect(got).toEqual([
      'zz-tie-6',
      'zz-tie-5',
      'zz-tie-4',
      'zz-tie-3',
      'zz-tie-2',
      'zz-tie-1',
      'zz-tie-0',
    ]);
  });

  it('limit boundaries: 1 and 500 work, 0 and 501 are refused', async () => {
    expect((await h.json<{ data: unknown[] }>('/api/v1/audit/events?limit=1')).data).toHaveLength(
      1,
    );
    expect((await h.json<{ data: unknown[] }>('/api/v1/audit/events?limit=500')).data).toHaveLength(
      500,
    );
    for (const bad of ['0', '501', '-1', '1.5', 'ten']) {
      const res = await h.get(`/api/v1/audit/events?limit=${bad}`, {
        authorization: `Bearer ${KEYS.pii}`,
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { param: string; message: string } };
      expect(body.error.param).toBe('limit');
      expect(body.error.message).toContain('an integer from 1 to 500');
    }
  });

  const sample = () => {
    const call = h.truth.find(
      (e) => e.kind === 'api-call' && e.plugin === 'create ticket' && e.http?.statusCode === 201,
    )!;
    return call;
  };

  it.each([
    ['actor', () => ({ actor: sample().actor.email!.toUpperCase() })],
    ['plugin', () => ({ plugin: 'Create Ticket' })],
    ['skill', () => ({ skill: 'ticketing' })],
    ['kind', () => ({ kind: 'change' as const })],
    ['method', () => ({ method: 'post' })],
    ['status code', () => ({ status: '201' })],
    ['status class', () => ({ status: '5xx' })],
    ['status range', () => ({ status: '>=400' })],
    ['negated status', () => ({ status: '!2xx' })],
    ['outcome', () => ({ status: 'error' })],
    ['trace', () => ({ traceId: sample().traceId! })],
    ['free text', () => ({ q: 'incident' })],
    ['two terms', () => ({ q: 'SYS_JOURNAL_FIELD work_notes' })],
    [
      'time window',
      () => ({
        time: { type: 'absolute' as const, from: NOW - 3 * 86_400_000, to: NOW - 86_400_000 },
      }),
    ],
    ['combined', () => ({ actor: sample().actor.email!, plugin: 'create ticket', status: '201' })],
  ])('filters by %s exactly as the shared definition says', async (_name, make) => {
    const filters: Filters = make();
    const { time, ...rest } = filters;
    const qs = new URLSearchParams(rest);
    if (time?.type === 'absolute') {
      qs.set('from', String(time.from));
      qs.set('to', new Date(time.to!).toISOString());
    }
    const want = expected(h, filters);
    expect(want.length).toBeGreaterThan(0);
    expect(ids(await pageAll(h, qs.toString()))).toEqual(want);
  });

  it('refuses unknown, repeated and malformed parameters, naming them', async () => {
    const cases: [string, string][] = [
      ['?colour=red', 'colour'],
      ['?status=abc', 'status'],
      ['?status=201&status=500', 'status'],
      ['?kind=banana', 'kind'],
      ['?from=yesterday', 'from'],
      ['?cursor=not-a-cursor', 'cursor'],
      ['?method=P0ST', 'method'],
    ];
    for (const [qs, param] of cases) {
      const res = await h.get(`/api/v1/audit/events${qs}`, { authorization: `Bearer ${KEYS.pii}` });
      expect(res.status, qs).toBe(400);
      const body = (await res.json()) as {
        error: { code: string; param: string; message: string };
      };
      expect(body.error).toMatchObject({ code: 'bad_request', param });
      expect(body.error.message).toContain(param);
    }
  });

  it('refuses a cursor issued for the other order', async () => {
    const page = await h.json<{ nextCursor: string }>('/api/v1/audit/events?limit=2&order=asc');
    const res = await h.get(`/api/v1/audit/events?cursor=${page.nextCursor}`, {
      authorization: `Bearer ${KEYS.pii}`,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { param: string } }).error.param).toBe('cursor');
  });

  it('authenticates: 401 without or with a wrong key, 403 without the audit role', async () => {
    const none = await h.get('/api/v1/audit/events');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    const wrong = await h.get('/api/v1/audit/events', { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    const basic = await h.get('/api/v1/audit/events', { authorization: `Basic ${KEYS.pii}` });
    expect(basic.status).toBe(401);
    for (const path of [
      '/api/v1/audit/events',
      '/api/v1/audit/facets?field=plugin',
      '/api/v1/audit/histogram',
    ]) {
      const res = await h.get(path, { authorization: `Bearer ${KEYS.none}` });
      expect(res.status, path).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    }
  });

  it('gets one event by id, and 404s an unknown one', async () => {
    const e = sample();
    const got = await h.json<{ data: unknown }>(`/api/v1/audit/events/${e.id}`);
    expect(AuditEvent.parse(got.data)).toEqual(e);
    const res = await h.get('/api/v1/audit/events/evt_nope', {
      authorization: `Bearer ${KEYS.pii}`,
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('facets count distinct values under the other filters', async () => {
    const res = await h.json<{ field: string; data: { value: string; count: number }[] }>(
      '/api/v1/audit/facets?field=plugin&skill=Ticketing&plugin=create%20ticket&limit=100',
    );
    const counts = new Map<string, number>();
    for (const e of h.truth.filter((e) => matchesFilters(e, { skill: 'Ticketing' }, NOW))) {
      const v = e.plugin ?? e.target?.type;
      if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    expect(res.field).toBe('plugin');
    // The plugin filter itself is ignored, so every Ticketing plugin is offered.
    expect(new Map(res.data.map((d) => [d.value, d.count]))).toEqual(counts);
    expect(counts.size).toBeGreaterThan(1);
    const missing = await h.get('/api/v1/audit/facets', { authorization: `Bearer ${KEYS.pii}` });
    expect(missing.status).toBe(400);
    const traced = await h.get('/api/v1/audit/facets?field=traceId', {
      authorization: `Bearer ${KEYS.pii}`,
    });
    expect(traced.status).toBe(400);
  });

  it('histogram buckets add up to the filtered count, split by status class', async () => {
    const from = NOW - 2 * 86_400_000;
    const res = await h.json<{
      interval: number;
      data: { start: number; end: number; total: number; counts: Record<string, number> }[];
    }>(`/api/v1/audit/histogram?from=${from}&to=${NOW}&buckets=48&kind=api-call`);
    expect(res.data).toHaveLength(48);
    const want = h.truth.filter((e) =>
      matchesFilters(e, { kind: 'api-call', time: { type: 'absolute', from, to: NOW } }, NOW),
    );
    expect(res.data.reduce((n, b) => n + b.total, 0)).toBe(want.length);
    const fiveXX = want.filter((e) => statusClass(e.http?.statusCode) === '5xx').length;
    expect(res.data.reduce((n, b) => n + (b.counts['5xx'] ?? 0), 0)).toBe(fiveXX);
    for (const b of res.data) {
      const inBucket = want.filter((e) => e.timestamp >= b.start && e.timestamp <= b.end).length;
      expect(b.total).toBe(inBucket);
    }
  });
});
