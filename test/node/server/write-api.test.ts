/**
 * `POST /api/v1/audit/events` (the `audit:write` role) and which keys are active.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../core/model.js';
import { readConfig } from '../../../server/config.js';
import { Principals } from '../../../server/principals.js';
import { KEYS, NOW, startHarness, type Harness } from './harness.js';

let n = 0;
const event = (over: Record<string, unknown> = {}): AuditEvent => ({
  id: `posted-${++n}`,
  timestamp: NOW - 30_000,
  kind: 'api-call',
  actor: { type: 'api-key', id: 'ci-bot' },
  action: 'create incident',
  status: 'success',
  http: { method: 'POST', url: 'https://itsm.example/api/now/table/incident', statusCode: 201 },
  ...over,
});

interface PostAnswer {
  stored: number;
  duplicates: number;
  refused: number;
  results: { index: number; id?: string; status: string; reason?: string }[];
}

describe('POST /api/v1/audit/events', () => {
  let h: Harness;
  const post = (body: unknown, key: string = KEYS.writer, type = 'application/json') =>
    fetch(`${h.url}/api/v1/audit/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': type },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  beforeAll(async () => {
    h = await startHarness({ events: 300 });
  });
  afterAll(() => h?.service.close());

  it('stores one event (201) that readers then find', async () => {
    const e = event();
    const res = await post(e);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({
      stored: 1,
      duplicates: 0,
      refused: 0,
      results: [{ index: 0, id: e.id, status: 'stored' }],
    });
    const got = await h.json<{ data: AuditEvent }>(`/api/v1/audit/events/${e.id}`);
    expect(got.data).toEqual(e);
  });

  it('[good, bad, auth call, good, duplicate]: a result per record, the good ones stored', async () => {
    const good1 = event();
    const bad = event({ message: 'a\u0000b' });
    const login = event({ http: { method: 'POST', path: '/api/v1/auth/login' } });
    const good2 = event({ request: { body: { password: 'hunter2', note: 'ok' } } });
    const res = await post([good1, bad, login, good2, good1]);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({
      stored: 2,
      duplicates: 1,
      refused: 2,
      results: [
        { index: 0, id: good1.id, status: 'stored' },
        {
          index: 1,
          id: bad.id,
          status: 'refused',
          reason: 'message: contains a NUL character',
        },
        {
          index: 2,
          id: login.id,
          status: 'refused',
          reason: 'an authentication call: never stored (it carries credentials)',
        },
        { index: 3, id: good2.id, status: 'stored' },
        { index: 4, id: good1.id, status: 'duplicate' },
      ],
    } satisfies PostAnswer);
    const stored = await h.json<{ data: AuditEvent }>(`/api/v1/audit/events/${good2.id}`);
    expect(stored.data.request?.body).toEqual({
      password: '[secret removed at ingest]',
      note: 'ok',
    });
  });

  it('refuses a body nested 10,000 deep as one record, and keeps serving', async () => {
    // Written by hand: JSON.stringify itself overflows on 10,000 levels.
    const deep = `${'['.repeat(10_000)}"leaf"${']'.repeat(10_000)}`;
    const withBody = JSON.stringify(event({ request: { body: 'DEEP' } })).replace('"DEEP"', deep);
    const res = await post(`[${withBody},${JSON.stringify(event())}]`);
    expect(res.status).toBe(201);
    const answer = (await res.json()) as PostAnswer;
    expect(answer.results.map((r) => r.status)).toEqual(['refused', 'stored']);
    expect(answer.results[0]!.reason).toMatch(/^request\.body(\[0\])+: nested deeper than 100/);
  });

  it('answers 200 when nothing was stored', async () => {
    const res = await post([event({ id: '' })]);
    expect(res.status).toBe(200);
    expect(((await res.json()) as PostAnswer).results[0]).toMatchObject({
      status: 'refused',
      reason: expect.stringMatching(/^id: /) as unknown,
    });
  });

  it('refuses bodies that are not JSON events', async () => {
    for (const [body, type] of [
      ['{not json', 'application/json'],
      [JSON.stringify(event()), 'text/plain'],
      ['[]', 'application/json'],
      [JSON.stringify(Array.from({ length: 1001 }, () => event())), 'application/json'],
    ] as const) {
      const res = await post(body, KEYS.writer, type);
      expect(res.status, body.slice(0, 20)).toBe(400);
      const err = ((await res.json()) as { error: { code: string; param: string } }).error;
      expect(err).toMatchObject({ code: 'bad_request', param: 'body' });
    }
  });

  it('needs audit:write; a writer cannot read', async () => {
    expect((await post(event(), KEYS.pii)).status).toBe(403);
    expect((await post(event(), KEYS.restricted)).status).toBe(403);
    expect((await post(event(), 'no-such-key')).status).toBe(401);
    const read = await h.get('/api/v1/audit/events', { authorization: `Bearer ${KEYS.writer}` });
    expect(read.status).toBe(403);
  });
});

describe('which keys are active', () => {
  const config = (env: Record<string, string>) => readConfig([], env).demoKeys;

  it('demo keys: on for the embedded and in-memory store, off on PostgreSQL, unless asked', () => {
    expect(config({})).toBe(true);
    expect(config({ AUDIT_DB: 'memory' })).toBe(true);
    expect(config({ DATABASE_URL: 'postgres://x' })).toBe(false);
    expect(config({ DATABASE_URL: 'postgres://x', AUDIT_DEMO_KEYS: '1' })).toBe(true);
    expect(config({ AUDIT_API_KEYS: 'k=audit:read' })).toBe(false);
    expect(config({ AUDIT_API_KEYS: 'k=audit:read', AUDIT_DEMO_KEYS: '1' })).toBe(true);
    expect(config({ AUDIT_DB: 'memory', AUDIT_DEMO_KEYS: '0' })).toBe(false);
    expect(() => config({ AUDIT_DEMO_KEYS: 'maybe' })).toThrow(/AUDIT_DEMO_KEYS/);
  });

  it('AUDIT_API_KEYS without demo keys: only the configured keys, with their roles', () => {
    const p = Principals.fromEnv('reader=audit:read+pii-viewer,writer=audit:write+bogus', {
      demoKeys: false,
    });
    expect(p.lookup('demo-pii-viewer')).toBeUndefined();
    expect(p.lookup('demo-writer')).toBeUndefined();
    expect(p.lookup('reader')?.roles).toEqual(['audit:read', 'pii-viewer']);
    expect(p.lookup('writer')?.roles).toEqual(['audit:write']);
  });

  it('a service started with AUDIT_API_KEYS and AUDIT_DEMO_KEYS=0 refuses the demo keys', async () => {
    const h = await startHarness({
      events: 50,
      env: { AUDIT_API_KEYS: 'ops-key-1=audit:read', AUDIT_DEMO_KEYS: '0' },
    });
    try {
      const demo = await h.get('/api/v1/audit/events', { authorization: `Bearer ${KEYS.pii}` });
      expect(demo.status).toBe(401);
      const ops = await h.get('/api/v1/audit/events', { authorization: 'Bearer ops-key-1' });
      expect(ops.status).toBe(200);
    } finally {
      await h.service.close();
    }
  });
});
